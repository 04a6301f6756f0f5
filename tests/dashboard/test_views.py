"""The dashboard pages: who sees what, links behind figures, caching, query counts, page weight."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enterprise, EnterpriseStat
from reports.selectors import DashboardFilter, cockpit
from tests.dashboard.conftest import MONTH, YEAR, build_world

ROOT = Path(__file__).resolve().parents[2]
QS = f"?period={YEAR}-{MONTH:02d}&mode=ytd"


def pages(world):
    cluster, chain, node = world["clusters"][0], world["chains"][0], world["nodes"][0]
    enterprise, park = world["enterprises"][0], world["parks"][0]
    return [
        reverse("reports:cockpit"),
        reverse("reports:bigscreen"),
        reverse("reports:park_map"),
        reverse("reports:drill_cluster", args=[cluster.pk]),
        reverse("reports:chain_map", args=[chain.pk]),
        reverse("reports:drill_node", args=[node.pk]),
        reverse("reports:drill_enterprise", args=[enterprise.pk]),
        reverse("reports:drill_park", args=[park.pk]),
        reverse("reports:drill_enterprises"),
    ]


def test_leader_home_is_the_cockpit(client_for, leader):
    response = client_for(leader).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("reports:cockpit")


def test_officer_home_stays_the_portal_home(client_for, officer):
    assert client_for(officer).get(reverse("home")).status_code == 200


def test_leader_sees_every_dashboard_page_without_edit_buttons(world, client_for, leader):
    client = client_for(leader)
    for url in pages(world):
        response = client.get(url + QS)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "/edit/" not in html, url
        assert not re.search(r">\s*(Edit|编辑|Delete|删除)\s*<", html), url


def test_cockpit_shows_the_figures_and_keeps_the_filter_in_links(world, client_for, leader):
    html = client_for(leader).get(reverse("reports:cockpit") + QS).content.decode()
    data = cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))
    keep = f"?period={YEAR}-{MONTH:02d}&amp;mode=ytd"
    for card in data["headline"]:
        assert f'href="{reverse("reports:figure_rows", args=[card["code"]])}{keep}"' in html
    cluster = world["clusters"][0]
    assert f"{reverse('reports:drill_cluster', args=[cluster.pk])}?period={YEAR}-{MONTH:02d}&amp;mode=ytd" in html
    assert 'id="cockpit-data"' in html
    assert "echarts.custom.min.js" in html and "echarts.min.js" not in html


def test_cockpit_without_evaluation_says_so(db, client_for, leader, settings):
    client = client_for(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reports:cockpit"))
    assert response.context["data"]["ranking"] is None
    assert "No evaluation yet." in response.content.decode()


def test_invalid_filters_fall_back_to_defaults(world, client_for, leader):
    response = client_for(leader).get(reverse("reports:cockpit") + "?period=2025-13&mode=decade&district=abc")
    assert response.status_code == 200
    flt = response.context["flt"]
    assert (flt.year, flt.month, flt.mode, flt.district) == (YEAR, MONTH, "ytd", None)  # latest approved month


def test_a_qualification_figure_opens_its_enterprises(world, client_for, leader):
    client = client_for(leader)
    response = client.get(reverse("reports:figure_rows", args=["high_tech_count"]) + QS)
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 200
    data = cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))
    card = next(c for c in data["headline"] if c["code"] == "high_tech_count")
    # the list is of today's holders; in the seeded world they are the same enterprises
    assert response.context["page"].paginator.count == card["value"]


def test_unknown_figure_is_404(world, client_for, leader):
    assert client_for(leader).get(reverse("reports:figure_rows", args=["nonsense"])).status_code == 404


def test_park_staff_cannot_open_another_parks_enterprise(world, client_for, django_user_model):
    from portal.roles import Role
    from tests.personas import make_user

    park_a, park_b = world["parks"]
    staff = make_user(django_user_model, "staff_x", Role.PARK_STAFF)
    park_a.staff.add(staff)
    client = client_for(staff)
    other = next(e for e in world["enterprises"] if e.park_id == park_b.pk)
    own = next(e for e in world["enterprises"] if e.park_id == park_a.pk)
    assert client.get(reverse("reports:drill_enterprise", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:drill_enterprise", args=[own.pk])).status_code == 200
    # the node page lists only the enterprises the user may see
    node = world["nodes"][0]
    rows = client.get(reverse("reports:drill_node", args=[node.pk])).context["rows"]
    assert {e.park_id for e in rows} <= {park_a.pk}


def test_chain_map_data(world, client_for, leader):
    chain = world["chains"][0]
    payload = client_for(leader).get(reverse("reports:chain_map_data", args=[chain.pk])).json()
    nodes = {n["name"]: n for n in payload["nodes"]}
    assert [n["stage"] for n in payload["nodes"]] == ["upstream", "midstream", "downstream"]
    assert nodes["Modules"]["status"] == "missing" and nodes["Modules"]["enterprises"] == 0
    assert nodes["Wafers"]["master"] is True and nodes["Wafers"]["key"] is True
    expected = Enterprise.objects.filter(chain_nodes__name="Wafers", is_active=True).count()
    assert nodes["Wafers"]["enterprises"] == expected


def test_cockpit_data_json_for_the_big_screen(world, client_for, leader):
    payload = client_for(leader).get(reverse("reports:cockpit_data") + QS).json()
    assert {c["code"] for c in payload["headline"]} >= {"high_tech_count", "revenue", "platforms"}
    assert len(payload["charts"]["trend"]["last_year"]) == 12


def test_an_approved_change_reaches_the_cockpit(world, django_capture_on_commit_callbacks):
    flt = DashboardFilter(YEAR, MONTH, "ytd", None)
    before = next(c["value"] for c in cockpit(flt)["headline"] if c["code"] == "revenue")
    stat = EnterpriseStat.objects.get(enterprise=world["enterprises"][0], year=YEAR, month=MONTH)
    stat.revenue += 1000
    with django_capture_on_commit_callbacks(execute=True):
        stat.save()
    after = next(c["value"] for c in cockpit(flt)["headline"] if c["code"] == "revenue")
    assert after == before + 1000


def cockpit_queries(client, url):
    """SQL statements of one cockpit request. SAVEPOINT/RELEASE are left out: they exist only
    because the test runs inside a transaction (the session save is atomic)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len([q for q in ctx.captured_queries if not re.match(r"(RELEASE )?SAVEPOINT", q["sql"])])


@pytest.mark.parametrize("query", ["", QS, f"?period={YEAR}-{MONTH:02d}&mode=month", f"?period={YEAR}-12&mode=year"])
def test_cockpit_query_count_is_bounded_and_flat(db, region, department, client_for, leader, query):
    from portal.models import Department

    Department.objects.get_or_create(code="fgw", defaults={"name": "发改委"})
    client = client_for(leader)
    url = reverse("reports:cockpit") + query
    build_world(1)
    client.get(url)
    cache.clear()
    cold_n = cockpit_queries(client, url)
    warm_n = cockpit_queries(client, url)
    build_world(9, tag="b")  # ten times the rows
    cache.clear()
    cold_10n = cockpit_queries(client, url)
    warm_10n = cockpit_queries(client, url)
    assert cold_n == cold_10n
    assert warm_n == warm_10n
    assert cold_n <= 15
    assert warm_n < cold_n


def vendored_js(html):
    total = 0
    for src in re.findall(r'<script src="/static/([^"]+)"', html):
        path = ROOT / "static" / src
        assert path.exists(), src
        total += path.stat().st_size
    return total


def test_dashboard_pages_vendored_js_within_budget(world, client_for, leader):
    client = client_for(leader)
    for url in pages(world):
        html = client.get(url + QS).content.decode()
        assert vendored_js(html) <= 1_200_000, url
    # the custom build carries the charts the pages use; the full build would not fit
    cockpit_html = client.get(reverse("reports:cockpit")).content.decode()
    assert "echarts.custom.min.js" in cockpit_html
    full = (ROOT / "static/vendor/echarts/echarts.min.js").stat().st_size
    assert vendored_js(cockpit_html) - (ROOT / "static/vendor/echarts/echarts.custom.min.js").stat().st_size + full > (
        1_200_000
    )


def test_after_a_change_the_page_says_its_figures_are_being_recomputed(
    world, client_for, leader, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import rollups

    queued = []
    monkeypatch.setattr(rollups.dashboard_refresh, "delay", lambda *args: queued.append(args))
    client = client_for(leader)
    url = reverse("reports:cockpit") + QS

    def revenue(response):
        return next(c["value"] for c in response.context["data"]["headline"] if c["code"] == "revenue")

    first = client.get(url)
    assert not first.context["data"].get("stale")
    stat = EnterpriseStat.objects.get(enterprise=world["enterprises"][1], year=YEAR, month=MONTH)
    stat.revenue += 500
    with django_capture_on_commit_callbacks(execute=True):
        stat.save()

    second = client.get(url)
    assert second.context["data"]["stale"] is True  # the old figures, saying so
    assert revenue(second) == revenue(first)
    assert 'data-testid="stale"' in second.content.decode()
    assert queued == [(YEAR, MONTH, "ytd", None)]
    client.get(url)
    assert len(queued) == 1  # queued once per change, not once per request

    rollups.dashboard_refresh(*queued[0])  # what the worker runs
    third = client.get(url)
    assert not third.context["data"].get("stale")
    assert revenue(third) == revenue(first) + 500


def test_node_enterprises_carry_their_figures_for_the_span(world, client_for, leader):
    # Wafers: enterprises 0 and 5, and the supplier elsewhere with no figures (the closed one is left out)
    node = world["nodes"][0]
    rows = client_for(leader).get(reverse("reports:drill_node", args=[node.pk]) + QS).context["rows"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, COALESCE(SUM(s.output_value), 0), COALESCE(SUM(s.revenue), 0) "
            "FROM clusters_chainnode_enterprises ce JOIN enterprises_enterprise e ON e.id = ce.enterprise_id "
            "LEFT JOIN enterprises_enterprisestat s ON s.enterprise_id = e.id AND s.year = %s AND s.month <= %s "
            "WHERE ce.chainnode_id = %s AND e.is_active GROUP BY e.id ORDER BY 2 DESC",
            [YEAR, MONTH, node.pk],
        )
        expected = [(pk, float(out), float(rev)) for pk, out, rev in cursor.fetchall()]
    assert [(e.pk, float(e.output), float(e.revenue_sum)) for e in rows] == expected
    assert len(expected) == 3 and expected[-1][1:] == (0.0, 0.0)


def test_the_money_charts_name_their_unit_and_read_in_100m_yuan_when_large():
    """By hand: 52,345,678.9 万元 is 5,234.57 亿元; a chart whose values stay under 10,000 万元
    keeps 万元."""
    from types import SimpleNamespace

    from django.utils import translation

    from reports.views_dashboard import _chart_data

    data = {
        "trend": {"months": [1, 2], "this_year": [Decimal("52345678.9"), None], "last_year": [Decimal("9000"), None]},
        "clusters": [{"id": 1, "name": "A", "output": Decimal("9999.99")}],
        "chains": [],
        "ranking": None,
    }
    with translation.override("zh-hans"):
        charts = _chart_data(data, SimpleNamespace(year=2025))
    assert charts["trend"]["this_year"] == [Decimal("5234.57"), None]
    assert charts["trend"]["last_year"] == [Decimal("0.90"), None]
    assert charts["labels"]["trend_unit"] == "亿元"
    assert charts["clusters"][0]["value"] == Decimal("9999.99")
    assert charts["labels"]["clusters_unit"] == "万元"
