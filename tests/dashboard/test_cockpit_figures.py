"""Every cockpit figure for a seeded period against an independent computation: raw SQL over the
rows (cursor.execute) and plain Python, never the indicator code under test."""

import datetime
from calendar import monthrange
from decimal import Decimal

import pytest
from django.db import connection

from reports.selectors import DashboardFilter, cockpit
from tests.dashboard.conftest import MONTH, YEAR

CENT = Decimal("0.01")


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def one(query, params=()):
    value = sql(query, params)[0][0]
    return Decimal(str(value)) if value is not None else Decimal(0)


def d(value):
    return None if value is None else Decimal(str(value)).quantize(CENT)


class Truth:
    """The figures of a span, computed by hand from the tables."""

    def __init__(self, year, month, mode, district):
        self.year, self.month, self.mode, self.district = year, month, mode, district
        self.first = month if mode == "month" else 1
        self.last = 12 if mode == "year" else month
        self.end = datetime.date(year, self.last, monthrange(year, self.last)[1])

    def ent_where(self, alias="e", local=True):
        """The subject's enterprises: the region's are those in a park or registered in the city
        or its districts (``local=False``: every enterprise, as chain nodes count them)."""
        if not self.district:
            if not local:
                return "1=1", []
            return (
                f"({alias}.park_id IS NOT NULL OR {alias}.region_id IN (SELECT r.id FROM portal_region r "
                "LEFT JOIN portal_region up ON up.id = r.parent_id WHERE r.code = %s OR up.code = %s))",
                ["610100", "610100"],
            )
        return (
            f"({alias}.region_id = %s OR {alias}.park_id IN (SELECT id FROM parks_park WHERE region_id = %s))",
            [self.district, self.district],
        )

    def stat(self, expr, year=None, first=None, last=None):
        year = year or self.year
        where, params = self.ent_where()
        return one(
            f"SELECT SUM({expr}) FROM enterprises_enterprisestat s JOIN enterprises_enterprise e "
            f"ON e.id = s.enterprise_id WHERE s.year = %s AND s.month >= %s AND s.month <= %s AND {where}",
            [year, first or self.first, last or self.last, *params],
        )

    def qualified(self, code, day):
        where, params = self.ent_where()
        return one(
            "SELECT COUNT(DISTINCT q.enterprise_id) FROM enterprises_qualification q "
            "JOIN enterprises_enterprise e ON e.id = q.enterprise_id "
            "JOIN enterprises_qualificationkind k ON k.id = q.kind_id "
            "WHERE e.is_active AND k.code = %s AND q.granted_on <= %s "
            f"AND (q.expires_on IS NULL OR q.expires_on >= %s) AND {where}",
            [code, day, day, *params],
        )

    def above_size(self, day):
        where, params = self.ent_where()
        return one(
            "SELECT COUNT(*) FROM enterprises_enterprise e WHERE e.is_active AND e.above_size "
            f"AND (e.established_on IS NULL OR e.established_on <= %s) AND {where}",
            [day, *params],
        )

    def park_where(self):
        if not self.district:
            return "1=1", []
        return "p.park_id IN (SELECT id FROM parks_park WHERE region_id = %s)", [self.district]

    def investment(self, year):
        where, params = self.park_where()
        return one(
            "SELECT SUM(pp.completed_investment) FROM projects_projectprogress pp "
            "JOIN projects_project p ON p.id = pp.project_id WHERE p.is_active AND pp.year = %s "
            f"AND pp.month >= %s AND pp.month <= %s AND {where}",
            [year, self.first, self.last, *params],
        )

    def platforms(self, day):
        where = "1=1"
        params = []
        if self.district:
            where, params = "c.park_id IN (SELECT id FROM parks_park WHERE region_id = %s)", [self.district]
        return one(
            "SELECT COUNT(*) FROM parks_innovationcarrier c WHERE c.status IN ('built', 'operating') "
            f"AND (c.recognized_on IS NULL OR c.recognized_on <= %s) AND {where}",
            [day, *params],
        )

    def headline(self, year):
        day = self.end.replace(year=year)
        patents = "COALESCE(patents_invention, 0) + COALESCE(patents_utility, 0) + COALESCE(patents_design, 0)"
        return {
            "high_tech_count": self.qualified("high_tech", day),
            "tech_sme_count": self.qualified("tech_sme", day),
            "srdi_count": self.qualified("srdi_sme", day),
            "little_giant_count": self.qualified("little_giant", day),
            "above_size_count": self.above_size(day),
            "output_value": self.stat("s.output_value", year),
            "revenue": self.stat("s.revenue", year),
            "tax": self.stat("s.tax", year),
            "investment_completed": self.investment(year),
            "patents": self.stat(patents, year),
            "platforms": self.platforms(day),
        }


def yoy(now, before):
    if before == 0:
        return None
    return ((now - before) / abs(before)).quantize(Decimal("0.0001"))


CASES = [("ytd", None), ("month", "610113"), ("year", None), ("ytd", "610112")]


@pytest.mark.parametrize("mode,district_code", CASES)
def test_every_cockpit_figure_matches_raw_sql(world, mode, district_code):
    from portal.models import Region

    year = YEAR if mode != "year" else YEAR - 1
    district = Region.objects.get(code=district_code).pk if district_code else None
    data = cockpit(DashboardFilter(year, MONTH, mode, district))
    truth = Truth(year, MONTH, mode, district)

    # headline cards, this year and last, and their year-on-year change
    now, before = truth.headline(year), truth.headline(year - 1)
    cards = {c["code"]: c for c in data["headline"]}
    assert set(cards) == set(now)
    for code, value in now.items():
        assert d(cards[code]["value"]) == d(value), code
        assert d(cards[code]["last_year"]) == d(before[code]), code
        assert cards[code]["yoy"] == yoy(value, before[code]), code
    assert now["high_tech_count"] > 0 and now["revenue"] > 0  # the world really has figures here

    # revenue trend: every month of this year (to the period) and of last year
    expected_this = [truth.stat("s.revenue", year, m, m) for m in range(1, (12 if mode == "year" else MONTH) + 1)]
    expected_last = [truth.stat("s.revenue", year - 1, m, m) for m in range(1, 13)]
    assert [d(v) for v in data["trend"]["this_year"]] == [d(v) for v in expected_this]
    assert [d(v) for v in data["trend"]["last_year"]] == [d(v) for v in expected_last]

    # output by cluster: each enterprise of the cluster counted once
    clusters = sql("SELECT id, name FROM clusters_cluster ORDER BY sort_order, code")
    assert [c["id"] for c in data["clusters"]] == [c[0] for c in clusters]
    for row in data["clusters"]:
        where, params = truth.ent_where()
        members = (
            "SELECT ce.enterprise_id FROM clusters_chainnode_enterprises ce JOIN clusters_chainnode n "
            "ON n.id = ce.chainnode_id JOIN clusters_chain c ON c.id = n.chain_id WHERE c.cluster_id = %s"
        )
        total = {}
        for y in (year, year - 1):
            total[y] = one(
                "SELECT SUM(s.output_value) FROM enterprises_enterprisestat s JOIN enterprises_enterprise e "
                f"ON e.id = s.enterprise_id WHERE s.enterprise_id IN ({members}) AND s.year = %s "
                f"AND s.month >= %s AND s.month <= %s AND {where}",
                [row["id"], y, truth.first, truth.last, *params],
            )
        assert d(row["output"]) == d(total[year]), row["name"]
        assert d(row["last_year"]) == d(total[year - 1]), row["name"]

    # chain completeness: node status by hand (0 → missing; < threshold or no above-size → weak),
    # counting only the district's enterprises when a district is chosen
    chains = sql("SELECT id, weak_threshold FROM clusters_chain")
    expected = {}
    where, params = truth.ent_where(local=False)
    for chain_id, threshold in chains:
        statuses = []
        for (node_id,) in sql("SELECT id FROM clusters_chainnode WHERE chain_id = %s", [chain_id]):
            (n, above) = sql(
                "SELECT COUNT(*), SUM(CASE WHEN e.above_size THEN 1 ELSE 0 END) FROM clusters_chainnode_enterprises ce "
                "JOIN enterprises_enterprise e ON e.id = ce.enterprise_id WHERE ce.chainnode_id = %s AND e.is_active "
                f"AND {where}",
                [node_id, *params],
            )[0]
            above = above or 0
            statuses.append("missing" if n == 0 else "weak" if n < threshold or above == 0 else "strong")
        covered = sum(s != "missing" for s in statuses)
        expected[chain_id] = (
            (Decimal(covered) * 100 / len(statuses)).quantize(Decimal("0.1")),
            statuses.count("missing"),
            statuses.count("weak"),
        )
    got = {c["id"]: (c["completeness"], c["missing"], c["weak"]) for c in data["chains"]}
    assert got == expected

    # park ranking of the latest evaluation
    latest = sql("SELECT year, month FROM reports_parkevaluation ORDER BY year DESC, month DESC")[0]
    ranking_sql = (
        "SELECT ev.park_id, ev.rank, ev.total_score FROM reports_parkevaluation ev JOIN parks_park p "
        "ON p.id = ev.park_id WHERE ev.year = %s AND ev.month = %s"
    )
    params = list(latest)
    if district:
        ranking_sql += " AND p.region_id = %s"
        params.append(district)
    rows = sql(ranking_sql + " ORDER BY ev.rank", params)
    assert [(r["park_id"], r["rank"], d(r["score"])) for r in data["ranking"]["rows"]] == [
        (r[0], r[1], d(r[2])) for r in rows
    ]

    # lagging projects: year-to-date completion more than 10 points behind months ÷ 12
    last_month = 12 if mode == "year" else MONTH
    elapsed = Decimal(last_month) / 12
    where, params = truth.park_where()
    candidates = sql(
        "SELECT p.id, (SELECT SUM(pp.completed_investment) FROM projects_projectprogress pp WHERE pp.project_id = p.id "
        "AND pp.year = %s AND pp.month <= %s), (SELECT pl.planned_investment FROM projects_projectplan pl "
        "WHERE pl.project_id = p.id AND pl.year = %s) FROM projects_project p WHERE p.is_active "
        f"AND p.stage IN ('newly_started', 'under_construction') AND {where}",
        [year, last_month, year, *params],
    )
    lagging = {
        pid
        for pid, done, plan in candidates
        if plan and (elapsed - Decimal(str(done or 0)) / Decimal(str(plan))) * 100 > 10
    }
    assert data["lagging_count"] == len(lagging)
    assert {p["id"] for p in data["lagging"]} <= lagging
    if lagging:
        assert len(data["lagging"]) == min(10, len(lagging))

    # overdue service requests on the span's last day
    where, params = truth.ent_where()
    overdue = one(
        "SELECT COUNT(*) FROM enterprises_servicerequest r JOIN enterprises_enterprise e ON e.id = r.enterprise_id "
        "WHERE r.received_on <= %s AND ((r.status IN ('received', 'in_progress') AND r.due_on < %s) "
        f"OR r.resolved_on > r.due_on) AND {where}",
        [truth.end, truth.end, *params],
    )
    assert d(data["overdue"]) == d(overdue)

    # targets: actual ÷ target, against time elapsed (region only; none for other years)
    targets = sql(
        "SELECT i.code, t.value FROM reports_target t JOIN reports_indicator i ON i.id = t.indicator_id "
        "WHERE t.year = %s AND t.subject_type = 'region'",
        [year],
    )
    if district:
        assert data["targets"] == []
    else:
        got = {t["code"]: (d(t["actual"]), t["progress"]) for t in data["targets"]}
        want = {
            code: (d(now[code]), (now[code] / Decimal(str(value))).quantize(Decimal("0.0001")))
            for code, value in targets
        }
        assert got == want


def test_world_has_lagging_and_overdue_rows(world):
    """The seeded period exercises the problem figures (so the comparisons above compare something)."""
    data = cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))
    assert data["lagging_count"] == 2
    assert data["overdue"] > 0
    assert data["ranking"]["rows"][0]["grade"] == "excellent"
    assert any(c["missing"] for c in data["chains"])


def test_chain_completeness_follows_the_district(world):
    """A district counts only its own enterprises on each node (it once counted the whole region's)."""
    from portal.models import Region

    region = {c["id"]: c for c in cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))["chains"]}
    district = Region.objects.get(code="610113").pk
    local = {c["id"]: c for c in cockpit(DashboardFilter(YEAR, MONTH, "ytd", district))["chains"]}
    # Batteries (weak below 2): Cells holds enterprise 3 (Economic Zone, 雁塔区), Packs enterprise 4
    # (High-tech Park, elsewhere): both weak in the region; in 雁塔区 Packs is missing.
    batteries = world["chains"][2].pk
    assert (region[batteries]["missing"], region[batteries]["weak"], region[batteries]["completeness"]) == (
        0,
        2,
        Decimal("100.0"),
    )
    assert (local[batteries]["missing"], local[batteries]["weak"], local[batteries]["completeness"]) == (
        1,
        1,
        Decimal("50.0"),
    )
