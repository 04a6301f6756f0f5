"""The project's URLs: each app's pages and API under its own prefix (included by name, so the
portal package imports no domain app)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("parks/", include("parks.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("clusters/", include("clusters.urls")),
    path("projects/", include("projects.urls")),
    path("policies/", include("policies.urls")),
    path("reports/", include("reports.urls")),
]
