from django.urls import include, path

from . import views, views_stats

app_name = "enterprises"

urlpatterns = [
    # Service requests (企业诉求) have their own module: enterprises/urls_requests.py.
    path("requests/", include("enterprises.urls_requests")),
    path("figures/", views_stats.stat_grid, name="stat_grid"),
    path("figures/save/", views_stats.stat_grid_save, name="stat_grid_save"),
    path("figures/submit/", views_stats.park_month_submit, name="park_month_submit"),
    path("figures/months/<int:pk>/review/", views_stats.park_month_review, name="park_month_review"),
    path("figures/board/", views_stats.stat_board, name="stat_board"),
    *views.qualification_crud.urls(),
    *views.visit_crud.urls(),
    *views.cooperation_crud.urls(),
    *views.enterprise_crud.urls(prefix=""),
]
