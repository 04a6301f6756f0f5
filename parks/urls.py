from . import views

app_name = "parks"

urlpatterns = [
    *views.landparcel_crud.urls(),
    *views.standardfactory_crud.urls(),
    *views.innovationcarrier_crud.urls(),
    *views.park_crud.urls(prefix=""),
]
