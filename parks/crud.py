"""List, detail, create, edit and delete pages of a model, from one description (:class:`Crud`).

Every page starts from ``Model.objects.for_user``: another park's row answers 404, a row the user
may see but not change answers 403 on its edit and delete pages. Writes go through the services
named in the description. Used by parks and enterprises (an app to the right may import it).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from portal.forms import run_service
from portal.paging import OneScanPaginator
from portal.roles import Role
from portal.scoping import CHANGE, can_change, get_for_user_or_404, user_role

PAGE_SIZE = 20


@dataclass
class Column:
    name: str  # attribute path ("park", "get_status_display"); its model field gives the label
    order: str = ""  # ordering key of the FilterSet, "" when not sortable
    label: str = ""  # overrides the field's verbose name


@dataclass
class Crud:
    model: type
    filterset: type
    form: type
    columns: list
    create: object  # service(*, user, data) -> obj
    update: object  # service(*, user, obj, data, expected_version) -> obj
    delete: object  # service(*, user, obj) -> None; raises ValidationError to refuse
    detail_fields: list = field(default_factory=list)
    select_related: tuple = ()
    create_roles: frozenset = frozenset({Role.PARK_STAFF, Role.OFFICER, Role.ADMIN})
    delete_roles: frozenset | None = None  # None: whoever may change the row may delete it
    detail_template: str = "parks/crud/detail.html"
    detail_context: object = None  # function(request, obj) -> dict of extra context
    delete_context: object = None  # function(obj) -> dict (what goes with it, why it is refused)
    prefill: tuple = ()  # GET parameters that prefill the create form (e.g. "enterprise")

    @property
    def name(self):
        return self.model._meta.model_name

    @property
    def app(self):
        return self.model._meta.app_label

    def url(self, action, *args):
        return reverse(f"{self.app}:{self.name}_{action}", args=args)

    def queryset(self, user, action="view"):
        return self.model.objects.for_user(user, action).select_related(*self.select_related)

    def can_create(self, user):
        return user_role(user) in self.create_roles

    # -- views ------------------------------------------------------------------------------------

    def list_view(self, request):
        filterset = self.filterset(request.GET or None, queryset=self.queryset(request.user), request=request)
        searching = filterset.is_bound and filterset.is_valid() and bool(filterset.form.cleaned_data.get("q"))
        page = self.paginate(filterset.qs, request.GET.get("page"), one_scan=searching)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "parks/crud/list.html",
            {
                "crud": self,
                "opts": self.model._meta,
                "filterset": filterset,
                "page": page,
                f"{self.name}s": page.object_list,
                "columns": self.column_specs(),
                "query": query.urlencode(),
                "current_order": request.GET.get("ordering", ""),
                "can_create": self.can_create(request.user),
                "create_url": self.url("create"),
            },
        )

    def detail_view(self, request, pk):
        obj = get_for_user_or_404(self.queryset(request.user), request.user, pk=pk)
        context = {
            "crud": self,
            "opts": self.model._meta,
            "object": obj,
            "fields": self.field_rows(obj),
            "can_change": can_change(request.user, obj),
            "history": obj.history.select_related("history_user")[:50],
            "list_url": self.url("list"),
            "edit_url": self.url("edit", obj.pk),
            "delete_url": self.url("delete", obj.pk),
        }
        if self.detail_context:
            context.update(self.detail_context(request, obj))
        return render(request, self.detail_template, context)

    def create_view(self, request):
        if not self.can_create(request.user):
            raise PermissionDenied
        initial = {name: request.GET[name] for name in self.prefill if request.GET.get(name)}
        form = self.form(request.POST or None, initial=initial, user=request.user)
        if request.method == "POST" and form.is_valid():
            obj = run_service(form, self.create, user=request.user, data=form.cleaned_data)
            if obj:
                messages.success(request, _("Saved."))
                return redirect(self.url("detail", obj.pk))
        return render(
            request,
            "parks/crud/form.html",
            {"crud": self, "opts": self.model._meta, "form": form, "object": None, "cancel_url": self.url("list")},
        )

    def edit_view(self, request, pk):
        obj = get_for_user_or_404(self.queryset(request.user), request.user, CHANGE, pk=pk)
        form = self.form(request.POST or None, instance=obj, user=request.user)
        if request.method == "POST" and form.is_valid():
            saved = run_service(
                form,
                self.update,
                user=request.user,
                obj=obj,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
            if saved:
                messages.success(request, _("Saved."))
                return redirect(self.url("detail", obj.pk))
        return render(
            request,
            "parks/crud/form.html",
            {"crud": self, "opts": self.model._meta, "form": form, "object": obj, "cancel_url": self.url("detail", pk)},
        )

    def delete_view(self, request, pk):
        obj = get_for_user_or_404(self.queryset(request.user), request.user, CHANGE, pk=pk)
        if self.delete_roles is not None and user_role(request.user) not in self.delete_roles:
            raise PermissionDenied
        refusal = None
        if request.method == "POST":
            try:
                self.delete(user=request.user, obj=obj)
            except ValidationError as exc:
                refusal = " ".join(exc.messages)
            else:
                messages.success(request, _("Deleted “%(name)s”.") % {"name": obj})
                return redirect(self.url("list"))
        context = {
            "crud": self,
            "opts": self.model._meta,
            "object": obj,
            "refusal": refusal,
            "cancel_url": self.url("detail", pk),
        }
        if self.delete_context:
            context.update(self.delete_context(obj))
        return render(request, "parks/crud/confirm_delete.html", context)

    def urls(self, prefix=None):
        name = self.name
        prefix = f"{name}s/" if prefix is None else prefix
        return [
            path(prefix, login_required(self.list_view), name=f"{name}_list"),
            path(f"{prefix}new/", login_required(self.create_view), name=f"{name}_create"),
            path(f"{prefix}<int:pk>/", login_required(self.detail_view), name=f"{name}_detail"),
            path(f"{prefix}<int:pk>/edit/", login_required(self.edit_view), name=f"{name}_edit"),
            path(f"{prefix}<int:pk>/delete/", login_required(self.delete_view), name=f"{name}_delete"),
        ]

    # -- helpers ----------------------------------------------------------------------------------

    def paginate(self, queryset, number, one_scan=False):
        """A page of rows in two steps: the page's ids first, ordered and sliced over the model's
        own table (no joins to sort through, an index walk for the default order), then those rows
        with their related objects. Ties are broken by pk so that pages never overlap.

        ``one_scan`` (a search, ``LIKE '%…%'``, which reads every row whatever the page): the ids
        and the count in one query (``OneScanPaginator``).  Without a search the count and an
        index walk stopped at the page are cheaper than a window over every row."""
        ordering = list(queryset.query.order_by or self.model._meta.ordering or [])
        if "pk" not in ordering and "-pk" not in ordering:
            ordering.append("pk")
        ids = queryset.select_related(None).order_by(*ordering)
        if one_scan:
            paginator = OneScanPaginator(ids, PAGE_SIZE)
        else:
            paginator = Paginator(ids.values_list("pk", flat=True), PAGE_SIZE)
        page = paginator.get_page(number)
        rows = queryset.model.objects.filter(pk__in=list(page.object_list)).select_related(*self.select_related)
        by_pk = {row.pk: row for row in rows}
        page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
        return page

    def label(self, name):
        try:
            return self.model._meta.get_field(name).verbose_name
        except Exception:
            return name

    def column_specs(self):
        return [{"name": c.name, "order": c.order, "label": c.label or self.label(c.name)} for c in self.columns]

    def field_rows(self, obj):
        return [(self.label(name), display(obj, name)) for name in self.detail_fields]


def display(obj, name):
    """What a cell shows: the choice label for a choice field, the object's str for a relation."""
    getter = getattr(obj, f"get_{name}_display", None)
    if getter:
        return getter()
    value = getattr(obj, name, None)
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value is None or value == "":
        return "—"
    return value
