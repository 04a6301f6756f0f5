"""Shared REST framework pieces: pagination, the scoped permission, the base serializer and
viewset every app's ``api/`` builds on, and the API's root, schema and documentation views.

The API answers like the browser because it runs the same code: rows come from
``Model.objects.for_user(user, "view")`` (another park's row is a 404), writes need
``for_user(user, "change")`` (a leader's write is a 403), and create / update / delete go through
``portal.services.object_save`` — version check, ``full_clean`` with the model's own messages,
who and when, change history.  This module imports no domain app (STYLE.md "Apps in layers").
"""

# Pagination first: settings name it as REST framework's default, and importing the rest of REST
# framework (generics) reads that setting, which would find this module half-loaded otherwise.
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=N&page_size=M``; the page size is bounded so no call can ask for everything."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


from django.core.exceptions import PermissionDenied as DjangoPermissionDenied  # noqa: E402
from django.core.exceptions import ValidationError as DjangoValidationError  # noqa: E402
from django.db import router, transaction  # noqa: E402
from django.db.models import Exists, OuterRef, ProtectedError, RestrictedError, Value  # noqa: E402
from django.db.models.deletion import Collector  # noqa: E402
from django.urls import URLResolver, get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402
from drf_spectacular.utils import OpenApiResponse, extend_schema  # noqa: E402
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView  # noqa: E402
from rest_framework import exceptions, permissions, serializers, status, viewsets  # noqa: E402
from rest_framework.authentication import SessionAuthentication, TokenAuthentication  # noqa: E402
from rest_framework.authtoken.views import ObtainAuthToken  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.reverse import reverse  # noqa: E402
from rest_framework.settings import api_settings  # noqa: E402
from rest_framework.validators import UniqueValidator  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from .middleware import CONTENT_SECURITY_POLICY  # noqa: E402
from .scoping import CHANGE, VIEW, can_change  # noqa: E402
from .services import ConcurrentEditError, object_save  # noqa: E402

# Token first: an anonymous call gets 401 with "WWW-Authenticate: Token", which scripts expect;
# the browser's session works as well (with its CSRF check on writes).
AUTHENTICATION_CLASSES = [TokenAuthentication, SessionAuthentication]


# -- scope -------------------------------------------------------------------------------------


def change_scope(model, user):
    return model._default_manager.for_user(user, CHANGE)


def may_change_any(model, user):
    """Whether the user's role may change any row of this model (no query is run)."""
    if not hasattr(model._default_manager, "for_user"):
        return False
    return not change_scope(model, user).query.is_empty()


def annotate_can_change(queryset, user):
    """Add ``api_can_change`` to every row in the same query (no query per row)."""
    model = queryset.model
    changeable = change_scope(model, user)
    if changeable.query.is_empty():
        return queryset.annotate(api_can_change=Value(False))
    if not changeable.query.where:
        return queryset.annotate(api_can_change=Value(True))
    return queryset.annotate(api_can_change=Exists(changeable.filter(pk=OuterRef("pk"))))


class ScopedPermission(permissions.BasePermission):
    """Signed in to read; a write needs a role that may change this model at all (else 403 before
    anything is looked at) and, on an existing row, that row in the user's change scope (403).
    Rows outside the view scope never reach this check: the queryset has no such row (404)."""

    message = gettext_lazy("You may look at this record but not change it.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) is None:
            return True  # a method the endpoint does not offer goes on to 405
        return may_change_any(view.get_model(), request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(obj, "api_can_change", None) is not None:
            return bool(obj.api_can_change)
        return can_change(request.user, obj)


# -- errors ------------------------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the record's current state.")
    default_code = "conflict"


def drf_error(exc):
    """A model's ValidationError as DRF's field errors: ``{"field": ["message"]}``, with errors of
    the whole record under ``non_field_errors``; the messages are the browser's."""
    if hasattr(exc, "error_dict"):
        detail = {}
        for field, errors in exc.error_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field
            detail[key] = [message for error in errors for message in error.messages]
        return serializers.ValidationError(detail)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


def deletion_blockers(obj):
    """What deleting ``obj`` would take with it or is refused by: [(model, count)].  The API deletes
    only rows that take no other business record with them, so nothing is lost silently."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:
        blocked = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        counts = {}
        for row in blocked:
            counts[type(row)] = counts.get(type(row), 0) + 1
        return list(counts.items())
    blockers = []
    for model, rows in collector.data.items():
        if model is not type(obj) and hasattr(model, "scope"):
            blockers.append((model, len(rows)))
    for queryset in collector.fast_deletes:
        if hasattr(queryset.model, "scope") and queryset.model is not type(obj):
            count = queryset.count()
            if count:
                blockers.append((queryset.model, count))
    return blockers


# -- serializers -------------------------------------------------------------------------------


class PortalModelSerializer(serializers.ModelSerializer):
    """A business model's serializer: who/when and ``version`` read-only (send ``version`` back on
    update to have a stale write refused), ``can_change`` tells whether this user may change the
    row, related rows are offered only from the user's view scope, and the model's uniqueness
    rules are checked by ``full_clean`` (the browser's messages), not by DRF's validators."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("The version you read; an update based on an older one is refused (409)."),
    )
    can_change = serializers.SerializerMethodField(help_text=gettext_lazy("Whether you may change this record."))

    SYSTEM_FIELDS = ("created_at", "updated_at", "created_by", "updated_by")

    class Meta:
        read_only_fields = ()

    def get_can_change(self, obj) -> bool:
        value = getattr(obj, "api_can_change", None)
        if value is None:
            request = self.context.get("request")
            return bool(request and obj.pk and can_change(request.user, obj))
        return bool(value)

    def get_validators(self):
        return []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in self.SYSTEM_FIELDS:
            if name in fields:
                fields[name].read_only = True
        for field in fields.values():
            # Uniqueness is the model's to check (full_clean), with the browser's message.
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user") and user is not None:
                related.queryset = queryset.for_user(user, VIEW)
        return fields


# -- viewsets ----------------------------------------------------------------------------------


class PortalReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of a scoped model; ``filterset_class`` is the model's FilterSet (its
    ``ordering`` filter does the sorting, ``q`` the search)."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [ScopedPermission]
    pagination_class = Pagination
    model = None
    select_related = ()
    prefetch_related = ()

    def get_model(self):
        return self.model

    def base_queryset(self):
        return self.get_model()._default_manager.all()

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        if hasattr(queryset, "for_user"):
            queryset = annotate_can_change(queryset.for_user(user, VIEW), user)
        elif not user.is_authenticated:
            queryset = queryset.none()
        # A stable order for paging when the FilterSet's ``ordering`` is not given.
        if not queryset.query.order_by and not queryset.model._meta.ordering:
            queryset = queryset.order_by("pk")
        return queryset


class PortalModelViewSet(PortalReadOnlyViewSet, viewsets.ModelViewSet):
    """Create, update and delete through ``object_save``: validation, version check and history
    are the browser's.  ``DELETE`` deactivates a deactivatable record (parks, enterprises,
    projects, policies, measures) and answers 200 with it; other records are deleted only when
    nothing else would go with them, else 409 with the reason."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def save(self, serializer, obj):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        user = self.request.user
        try:
            with transaction.atomic():
                saved = object_save(user=user, obj=obj, data=data, expected_version=expected)
                if not can_change(user, saved):
                    # The record would leave the user's change scope (another park, department …).
                    raise exceptions.PermissionDenied(
                        _("You may not save this record with these values: it would be outside what you may change.")
                    )
        except ConcurrentEditError as exc:
            raise Conflict({"version": exc.messages}) from exc
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        serializer.instance = saved
        return saved

    def perform_create(self, serializer):
        self.save(serializer, self.get_model()())

    def perform_update(self, serializer):
        self.save(serializer, serializer.instance)

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        if hasattr(obj, "is_active") and hasattr(obj, "deactivated_at"):
            if obj.is_active:
                try:
                    object_save(user=request.user, obj=obj, data={"is_active": False, "deactivated_at": timezone.now()})
                except DjangoValidationError as exc:
                    raise drf_error(exc) from exc
            obj = self.get_queryset().get(pk=obj.pk)
            return Response(self.get_serializer(obj).data, status=status.HTTP_200_OK)
        with transaction.atomic():
            blockers = deletion_blockers(obj)
            if blockers:
                listed = "、".join(f"{model._meta.verbose_name} × {count}" for model, count in blockers)
                raise Conflict(
                    _("This record cannot be deleted: these records depend on it: %(list)s.") % {"list": listed}
                )
            obj._history_user = request.user
            obj.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- workflow actions ----------------------------------------------------------------------------
#
# Statuses move only through the workflow services the browser uses (submit, approve, return …), as
# ``POST /api/<collection>/{id}/<action>/``.  The service decides who may act: its refusal
# (``code="not_allowed"`` or PermissionDenied) is a 403 with the service's message, a move the
# workflow does not allow (``invalid_transition``) is a 409, any other error a 400 naming the field.


class WorkflowPermission(permissions.BasePermission):
    """Signed in, and a role that may change this model at all (a leader's action is a 403 before
    anything is looked at); whether this user may act on this row is the service's to say."""

    message = ScopedPermission.message

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return may_change_any(view.get_model(), request.user)


def _error_codes(exc):
    if hasattr(exc, "error_dict"):
        return {error.code for errors in exc.error_dict.values() for error in errors}
    return {error.code for error in exc.error_list}


def run_workflow(service, **kwargs):
    """Run a workflow service in one transaction, its refusals turned into the API's answers."""
    try:
        with transaction.atomic():
            return service(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        codes = _error_codes(exc)
        if "not_allowed" in codes:
            raise exceptions.PermissionDenied(" ".join(exc.messages)) from exc
        if "invalid_transition" in codes:
            raise Conflict({"status": exc.messages}) from exc
        raise drf_error(exc) from exc


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related row by id, looked up only among the rows the user may see: another park's row is
    "does not exist", as everywhere else."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is not None and hasattr(queryset, "for_user"):
            queryset = queryset.for_user(request.user, VIEW)
        return queryset


class NoInput(serializers.Serializer):
    """An action that needs nothing but the record."""


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        allow_blank=True,
        help_text=gettext_lazy("Why; shown to the other side and kept in the history."),
    )


def workflow_schema(input_serializer, output_serializer, description):
    """The schema of a workflow action: its input, the record as it is afterwards, and the answers."""
    return extend_schema(
        request=input_serializer,
        responses={
            200: output_serializer,
            400: OpenApiResponse(description="Invalid input, with a message per field"),
            403: OpenApiResponse(description="You may not take this action on this record"),
            404: OpenApiResponse(description="No such record in your scope"),
            409: OpenApiResponse(description="The record's status does not allow this action"),
        },
        description=description,
    )


class WorkflowActionsMixin:
    """For viewsets with workflow actions: parse the action's input, run the service, answer with
    the record as the user now sees it."""

    def get_permissions(self):
        if getattr(self, "action", None) in getattr(self, "workflow_actions", ()):
            return [WorkflowPermission()]
        return super().get_permissions()

    def action_input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def record_response(self, obj):
        fresh = self.get_queryset().filter(pk=obj.pk).first()
        if fresh is None:  # moved out of the user's view scope by the action itself
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(fresh).data)


def deactivating_destroy_schema(serializer_class):
    """The schema of ``DELETE`` on a deactivatable model: 200 with the deactivated record."""
    return extend_schema(
        responses={200: serializer_class, 409: OpenApiResponse(description="Cannot be deactivated")},
        description="Deactivates the record (is_active = false); it is never deleted.",
    )


# -- schema and documentation -------------------------------------------------------------------

# The documentation page runs Swagger UI from drf-spectacular-sidecar's vendored files, with its
# start-up script served as a file: the portal's own policy holds there too, stated explicitly.
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY


class SchemaView(SpectacularAPIView):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.AllowAny]


class DocsPolicyMixin:
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
        return response


class SwaggerView(DocsPolicyMixin, SpectacularSwaggerSplitView):
    """Swagger UI; its start-up script is served as a file (no inline script)."""


class APIRootView(APIView):
    """Every collection and aggregate of the API, with its address."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(exclude=True)
    def get(self, request):
        links = {}
        for name in sorted(api_route_names()):
            links[name.removesuffix("-list")] = reverse(name, request=request)
        return Response(links)


def is_collection(route, name):
    has_parameters = "<" in route or "(?P" in route
    return route.startswith("api/") and bool(name) and not has_parameters and name != "api-root"


def api_route_names(patterns=None, prefix=""):
    """URL names of the API's addresses without parameters (collections, aggregates, schema),
    found in the URLconf so that this module need not import the apps that register them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("api/") or "api/".startswith(route):
                names |= api_route_names(pattern.url_patterns, route)
        elif is_collection(route, pattern.name):
            names.add(pattern.name)
    return names


class ObtainTokenView(ObtainAuthToken):
    """POST a username and password, get the user's API token (``Authorization: Token …``)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # django-axes marks the request it was given (REST framework's, not Django's): a
            # locked-out user name or address gets the log-in page's 429 and message, not a 400.
            if getattr(request, "axes_locked_out", False):
                from .security import lockout_response

                return lockout_response(request._request)
            raise
