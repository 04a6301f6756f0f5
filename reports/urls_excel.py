"""Excel exports, imports and the analysts' summary builder (included under "excel/")."""

from django.urls import path

from . import views_excel as views

urlpatterns = [
    path("export/", views.export, name="export"),
    path("jobs/<int:pk>/", views.job_detail, name="excel_job"),
    path("jobs/<int:pk>/status/", views.job_status, name="excel_job_status"),
    path("jobs/<int:pk>/resend/", views.job_resend, name="excel_job_resend"),
    path("jobs/<int:pk>/download/", views.job_download, name="excel_job_download"),
    path("imports/", views.import_index, name="excel_imports"),
    path("imports/<slug:name>/template/", views.import_template, name="excel_import_template"),
    path("imports/<slug:name>/upload/", views.import_upload, name="excel_import_upload"),
    path("imports/jobs/<int:pk>/", views.import_preview, name="excel_import_preview"),
    path("summary/", views.summary_builder, name="summary_builder"),
    path("summary/download/", views.summary_download, name="summary_download"),
    path("summary/save/", views.summary_save, name="summary_save"),
]
