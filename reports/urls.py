from django.urls import include, path

app_name = "reports"

urlpatterns = [
    # Leaders' dashboards: reports/urls_dashboard.py; generated reports and evaluation:
    # reports/urls_reports.py; Excel exports, imports and summaries: reports/urls_excel.py.
    path("", include("reports.urls_dashboard")),
    path("", include("reports.urls_reports")),
    path("excel/", include("reports.urls_excel")),
    path("search/", include("reports.urls_search")),
]
