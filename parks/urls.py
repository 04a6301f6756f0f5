from django.urls import path

from . import views

app_name = "parks"

urlpatterns = [
    path("<int:pk>/figures/", views.park_figures, name="park_figures"),
    *views.landparcel_crud.urls(),
    *views.standardfactory_crud.urls(),
    *views.innovationcarrier_crud.urls(),
    *views.park_crud.urls(prefix=""),
]
