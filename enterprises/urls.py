from django.urls import include, path

app_name = "enterprises"

urlpatterns = [
    # Service requests (企业诉求) have their own module: enterprises/urls_requests.py.
    path("requests/", include("enterprises.urls_requests")),
]
