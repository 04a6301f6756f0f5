"""URLs of service requests (企业诉求); included by enterprises/urls.py under the app's namespace."""

from django.urls import path

from . import views_requests as views

urlpatterns = [
    path("", views.servicerequest_list, name="servicerequest_list"),
    path("overdue/", views.servicerequest_overdue, name="servicerequest_overdue"),
    path("rates/", views.servicerequest_rates, name="servicerequest_rates"),
    path("new/", views.servicerequest_create, name="servicerequest_create"),
    path("<int:pk>/", views.servicerequest_detail, name="servicerequest_detail"),
    path("<int:pk>/<slug:action>/", views.servicerequest_action, name="servicerequest_action"),
]
