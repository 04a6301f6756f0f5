from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_edit, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/plan/", views.project_plan, name="project_plan"),
    path("schedule/", views.progress_grid, name="progress_grid"),
    path("lagging/", views.lagging_list, name="lagging_list"),
]
