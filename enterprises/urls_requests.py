"""URLs of service requests (企业诉求); included by enterprises/urls.py under the app's namespace."""

urlpatterns = []
