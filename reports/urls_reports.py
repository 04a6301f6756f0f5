from django.urls import path

from . import views_reports as views

urlpatterns = [
    path("archive/", views.report_list, name="report_list"),
    path("archive/new/", views.report_create, name="report_create"),
    path("archive/latest/<slug:kind>/", views.report_latest, name="report_latest"),
    path("archive/<int:pk>/", views.report_detail, name="report_detail"),
    path("archive/<int:pk>/status/", views.report_status, name="report_status"),
    path("archive/<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("archive/<int:pk>/regenerate/", views.report_regenerate, name="report_regenerate"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_edit, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/run/", views.evaluation_run, name="evaluation_run"),
    path("evaluations/finalize/", views.evaluation_finalize, name="evaluation_finalize"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/objections/<int:pk>/handle/", views.objection_handle, name="objection_handle"),
    path("evaluations/schemes/new/", views.scheme_edit, name="scheme_create"),
    path("evaluations/schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read/", views.notification_read, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
