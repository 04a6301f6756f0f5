"""The leaders' pages: cockpit (领导驾驶舱), big screen (大屏), drill-down, chain and park maps.

Thin views: parse the filter → :mod:`reports.selectors` (cached figures from the indicators) →
template or JSON.  Every figure links, through :func:`figure_rows`, to the list of the rows behind
it with the same filters; the rows are scoped to the user as everywhere else.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clusters.models import Chain, ChainNode, Cluster
from enterprises.filtersets import EnterpriseFilterSet
from enterprises.models import Enterprise, QualificationKind
from parks.models import Park
from portal.scoping import user_role
from projects.models import Project

from . import indicators as ind
from . import selectors
from .templatetags.dashboard import YI

PAGE_SIZE = 50


def _filter(request):
    meta = selectors.dashboard_meta()
    return selectors.parse_filter(request.GET, meta), meta


def _context(request, flt, meta, **extra):
    return {
        "flt": flt,
        "qs": flt.querystring,
        "districts": meta["districts"],
        "modes": [("month", _("Month")), ("ytd", _("Year to date")), ("year", _("Whole year"))],
        "period_value": f"{flt.year:04d}-{flt.month:02d}",
        "district_name": next((d["name"] for d in meta["districts"] if d["id"] == flt.district), ""),
        **extra,
    }


def _url(name, *args, params=None):
    """The URL of ``name`` with query parameters, or None while that page does not exist yet."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


# -- cockpit and big screen ---------------------------------------------------------------------


@login_required
@require_GET
def cockpit(request):
    flt, meta = _filter(request)
    data = selectors.cockpit(flt, allow_stale=True)
    role = user_role(request.user)
    return render(
        request,
        "reports/cockpit.html",
        _context(request, flt, meta, data=data, chart_data=_chart_data(data, flt), role=role),
    )


def money_axis(values):
    """(divisor, unit) of a chart's money axis: 亿元 once any value reaches 10,000 万元 (as the
    cards' ``money`` filter), else 万元 — so the axis reads 5,000 亿元, not 50,000,000."""
    present = [abs(Decimal(v)) for v in values if v is not None]
    if present and max(present) >= YI:
        return Decimal(YI), _("100M yuan")
    return Decimal(1), _("10k yuan")


def _scaled(value, divisor):
    return None if value is None else (Decimal(value) / divisor).quantize(Decimal("0.01"))


def _chart_data(data, flt):
    trend = data["trend"]
    trend_divisor, trend_unit = money_axis([*trend["this_year"], *trend["last_year"]])
    clusters_divisor, clusters_unit = money_axis([c["output"] for c in data["clusters"]])
    return {
        "trend": {
            **trend,
            "this_year": [_scaled(v, trend_divisor) for v in trend["this_year"]],
            "last_year": [_scaled(v, trend_divisor) for v in trend["last_year"]],
        },
        "clusters": [
            {
                "name": c["name"],
                "value": _scaled(c["output"], clusters_divisor),
                "url": reverse("reports:drill_cluster", args=[c["id"]]),
            }
            for c in data["clusters"]
        ],
        "chains": [
            {"name": c["name"], "value": c["completeness"], "url": reverse("reports:chain_map", args=[c["id"]])}
            for c in data["chains"]
        ],
        "ranking": [
            {"name": r["park"], "value": r["score"], "grade": r["grade"]}
            for r in (data["ranking"] or {}).get("rows", [])
        ],
        "labels": {
            "this_year": str(flt.year),
            "last_year": str(flt.year - 1),
            "month": _("Month"),
            "trend_unit": str(trend_unit),
            "clusters_unit": str(clusters_unit),
        },
    }


@login_required
@require_GET
def cockpit_data(request):
    """The cockpit's figures as JSON: the big screen fetches it every few minutes."""
    flt, _meta = _filter(request)
    data = selectors.cockpit(flt, allow_stale=True)
    payload = {
        **data,
        "charts": _chart_data(data, flt),
        "computed_at_label": date_format(localtime(data["computed_at"]), "Y-m-d H:i"),
    }
    return JsonResponse(payload, encoder=DjangoJSONEncoder)


@login_required
@require_GET
def bigscreen(request):
    flt, meta = _filter(request)
    data = selectors.cockpit(flt, allow_stale=True)
    return render(
        request,
        "reports/bigscreen.html",
        _context(request, flt, meta, data=data, chart_data=_chart_data(data, flt), refresh_seconds=180),
    )


# -- from a figure to its rows ------------------------------------------------------------------

STAT_CODES = {"output_value", "revenue", "tax", "profit", "rd_expense", "exports", "patents"}


@login_required
@require_GET
def figure_rows(request, code):
    """The list of the rows behind a figure, with the cockpit's filters."""
    if code not in ind.REGISTRY:
        raise Http404
    flt, _meta = _filter(request)
    span = flt.span
    district = flt.district
    candidates = []
    kind = ind.REGISTRY[code]
    if kind.source == "qualification":
        qk = QualificationKind.objects.filter(code=kind.field).values_list("pk", flat=True).first()
        params = {"qualification": qk, "region": district, "local": "" if district else "true"}
        candidates = [("enterprises:enterprise_list", params), ("reports:drill_enterprises", params)]
    elif code in ("above_size_count", "enterprise_count"):
        params = {
            "above_size": "true" if code == "above_size_count" else "",
            "region": district,
            "local": "" if district else "true",
        }
        candidates = [("enterprises:enterprise_list", params), ("reports:drill_enterprises", params)]
    elif code in STAT_CODES:
        params = {"year": span.year, "month_from": span.first_month, "month_to": span.last_month}
        candidates = [
            ("enterprises:stat_list", params),
            ("enterprises:stat_grid", params),
            ("reports:drill_enterprises", {"region": district}),
        ]
    elif code == "investment_completed":
        candidates = [
            ("projects:progress_list", {"year": span.year}),
            ("projects:project_list", {}),
        ]
    elif code == "platforms":
        candidates = [("parks:carrier_list", {}), ("parks:innovationcarrier_list", {}), ("parks:park_list", {})]
    elif code == "overdue_requests":
        candidates = [("enterprises:servicerequest_list", {"overdue": "true"})]
    elif code == "projects_lagging":
        candidates = [("projects:project_list", {"stage": "under_construction"})]
    candidates.append(("reports:drill_enterprises", {"region": district}))
    for name, params in candidates:
        url = _url(name, params=params)
        if url:
            return redirect(url)
    raise Http404  # pragma: no cover - the last candidate always exists


@login_required
@require_GET
def drill_enterprises(request):
    """The enterprises behind a figure, for as long as the enterprise list page is not there;
    scoped to the user like every list, filtered by the enterprise FilterSet."""
    flt, meta = _filter(request)
    base = Enterprise.objects.for_user(request.user, "view").filter(is_active=True).select_related("park", "region")
    filterset = EnterpriseFilterSet(request.GET, queryset=base)
    rows = filterset.qs.order_by("name") if filterset.is_valid() else base.none()
    total = rows.count()
    return render(
        request,
        "reports/drill_enterprises.html",
        _context(request, flt, meta, rows=rows[:PAGE_SIZE], total=total, filterset=filterset),
    )


# -- drill-down ---------------------------------------------------------------------------------


@login_required
@require_GET
def drill_cluster(request, pk):
    flt, meta = _filter(request)
    cluster = get_object_or_404(Cluster.objects.for_user(request.user, "view"), pk=pk)
    data = selectors.cluster_detail(cluster, flt)
    return render(request, "reports/drill_cluster.html", _context(request, flt, meta, cluster=cluster, data=data))


@login_required
@require_GET
def chain_map(request, pk):
    flt, meta = _filter(request)
    chain = get_object_or_404(Chain.objects.for_user(request.user, "view").select_related("cluster"), pk=pk)
    data = selectors.chain_map(chain)
    return render(request, "reports/chain_map.html", _context(request, flt, meta, chain=chain, data=data))


@login_required
@require_GET
def chain_map_data(request, pk):
    chain = get_object_or_404(Chain.objects.for_user(request.user, "view"), pk=pk)
    return JsonResponse(selectors.chain_map(chain), encoder=DjangoJSONEncoder)


@login_required
@require_GET
def drill_node(request, pk):
    flt, meta = _filter(request)
    node = get_object_or_404(
        ChainNode.objects.for_user(request.user, "view").select_related("chain__cluster", "parent"), pk=pk
    )
    rows = selectors.node_enterprises(node, flt, request.user)
    total = Enterprise.objects.for_user(request.user, "view").filter(chain_nodes=node, is_active=True).count()
    masters = set(node.chain.chain_masters.values_list("pk", flat=True))
    return render(
        request,
        "reports/drill_node.html",
        _context(request, flt, meta, node=node, rows=rows[:PAGE_SIZE], total=total, masters=masters),
    )


@login_required
@require_GET
def drill_enterprise(request, pk):
    flt, meta = _filter(request)
    enterprise = get_object_or_404(
        Enterprise.objects.for_user(request.user, "view").select_related("park", "region", "industry"), pk=pk
    )
    data = selectors.enterprise_profile(enterprise, flt)
    node = None
    node_id = request.GET.get("node", "")
    if node_id.isdigit():
        node = next((n for n in data["nodes"] if n.pk == int(node_id)), None)
    return render(
        request,
        "reports/drill_enterprise.html",
        _context(
            request,
            flt,
            meta,
            enterprise=enterprise,
            data=data,
            node=node,
            detail_url=_url("enterprises:enterprise_detail", enterprise.pk),
        ),
    )


@login_required
@require_GET
def drill_park(request, pk):
    flt, meta = _filter(request)
    park = get_object_or_404(Park.objects.for_user(request.user, "view").select_related("region"), pk=pk)
    data = selectors.park_drill(park, flt)
    enterprises = (
        Enterprise.objects.for_user(request.user, "view")
        .filter(park=park, is_active=True)
        .order_by("-above_size", "name")[:PAGE_SIZE]
    )
    projects = (
        Project.objects.for_user(request.user, "view")
        .filter(park=park, is_active=True)
        .order_by("-total_investment")[:PAGE_SIZE]
    )
    return render(
        request,
        "reports/drill_park.html",
        _context(
            request,
            flt,
            meta,
            park=park,
            data=data,
            enterprises=enterprises,
            projects=projects,
            enterprise_list_url=_url("enterprises:enterprise_list", params={"park": park.pk}),
            project_list_url=_url("projects:project_list", params={"park": park.pk}),
            park_detail_url=_url("parks:park_detail", park.pk),
        ),
    )


@login_required
@require_GET
def park_map(request):
    flt, meta = _filter(request)
    data = selectors.park_map(flt)
    map_data = {"parks": data["parks"], "labels": {"none": _("Not evaluated")}}
    return render(request, "reports/park_map.html", _context(request, flt, meta, data=data, map_data=map_data))
