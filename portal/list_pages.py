"""List pages driven by a model's FilterSet: filters, search, sortable columns and pagination with
counts.  The same FilterSet drives the export and the API list."""

from django.core.paginator import Paginator

PER_PAGE = 50


def list_context(request, queryset, filterset_class, columns=(), per_page=PER_PAGE, prefix=""):
    """Filter ``queryset`` (already scoped with ``for_user``) by the request, paginate it and
    describe the sortable ``columns`` ([(ordering name or "", label)])."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if not rows.ordered:
        rows = rows.order_by(*(rows.model._meta.ordering or ["pk"]))
    paginator = Paginator(rows, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    current = request.GET.get("ordering", "")
    headers = []
    for name, label in columns:
        header = {"label": label, "url": "", "arrow": ""}
        if name:
            descending = current == name
            sort = params.copy()
            sort["ordering"] = f"-{name}" if descending else name
            header["url"] = "?" + sort.urlencode()
            header["arrow"] = "▲" if current == name else ("▼" if current == f"-{name}" else "")
        headers.append(header)
    return {
        "filter": filterset,
        "page_obj": page_obj,
        "paginator": paginator,
        "rows": page_obj.object_list,
        "headers": headers,
        "query": params.urlencode(),
    }
