"""The project's URLs: each app's pages and API under its own prefix (included by name, so the
portal package imports no domain app)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import api, views, views_audit

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("audit/", views_audit.audit_list, name="audit_list"),
    path("parks/", include("parks.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("clusters/", include("clusters.urls")),
    path("projects/", include("projects.urls")),
    path("policies/", include("policies.urls")),
    path("reports/", include("reports.urls")),
    # The REST API (docs/api.md): each app's router, the root, the token, the schema and its docs.
    path("api/", api.APIRootView.as_view(), name="api-root"),
    path("api/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("api/schema/", api.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", api.SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("parks.api.urls")),
    path("api/", include("enterprises.api.urls")),
    path("api/", include("clusters.api.urls")),
    path("api/", include("projects.api.urls")),
    path("api/", include("policies.api.urls")),
    path("api/", include("reports.api.urls")),
]
