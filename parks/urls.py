from django.urls import path

from . import views

app_name = "parks"

urlpatterns = [
    path("", views.park_list, name="park_list"),
    path("<int:pk>/", views.park_detail, name="park_detail"),
    path("<int:pk>/edit/", views.park_edit, name="park_edit"),
]
