"""The monthly rollups behind the dashboards stay equal to the raw rows after each kind of write:
the grid (月度填报), the Excel import, a single save, an approval, and a change of who belongs to a
group.  The truth is raw SQL over the rows (cursor.execute), never the rollup code under test."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from enterprises import services as enterprise_services
from enterprises.models import Enterprise, EnterpriseStat, ParkMonth
from reports import rollups
from reports.imports import services as import_services
from reports.imports.specs import SPECS
from reports.models import MonthlyRollup, NodeRollup, RollupBucket
from reports.selectors import DashboardFilter, cockpit
from tests.dashboard.conftest import MONTH, YEAR
from tests.excel.helpers import upload, xlsx

CENT = Decimal("0.01")
SUMS = ("revenue", "output_value", "tax", "profit", "land_used_mu", "patents_invention", "patents_utility")
KINDS = ("high_tech", "tech_sme", "srdi_sme", "little_giant")
MEMBERS = {
    "cluster": (
        "SELECT DISTINCT c.cluster_id AS member, ce.enterprise_id FROM clusters_chainnode_enterprises ce "
        "JOIN clusters_chainnode n ON n.id = ce.chainnode_id JOIN clusters_chain c ON c.id = n.chain_id"
    ),
    "chain": (
        "SELECT DISTINCT n.chain_id AS member, ce.enterprise_id FROM clusters_chainnode_enterprises ce "
        "JOIN clusters_chainnode n ON n.id = ce.chainnode_id"
    ),
}


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def d(value):
    return Decimal(str(value or 0)).quantize(CENT)


def raw_sums():
    """{(year, month, park, region, dimension, member): (reporting, sums…)} from the raw rows."""
    columns = ", ".join(f"SUM(s.{f})" for f in SUMS)
    result = {}
    for dimension in ("all", "cluster", "chain"):
        join, member, group = "", "0", ""
        if dimension != "all":
            join = f" JOIN ({MEMBERS[dimension]}) m ON m.enterprise_id = s.enterprise_id"
            member, group = "m.member", ", m.member"
        for year, month, park, region, m, n, *values in sql(
            f"SELECT s.year, s.month, e.park_id, e.region_id, {member}, COUNT(*), {columns} "
            "FROM enterprises_enterprisestat s JOIN enterprises_enterprise e ON e.id = s.enterprise_id"
            f"{join} GROUP BY s.year, s.month, e.park_id, e.region_id{group}"
        ):
            result[(year, month, park or 0, region or 0, dimension, m or 0)] = (n, *map(d, values))
    return result


def rollup_sums():
    rows = MonthlyRollup.objects.filter(reporting__gt=0).values()
    return {
        (r["year"], r["month"], r["park_id"], r["region_id"], r["dimension"], r["member_id"]): (
            r["reporting"],
            *(d(r[f]) for f in SUMS),
        )
        for r in rows
    }


def raw_stocks(year, month):
    """{(park, region, dimension, member): (enterprises, above size, holders of each kind)} on the
    month's last day."""
    day = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    result = {}
    for dimension in ("all", "cluster", "chain"):
        join, member, group = "", "0", ""
        if dimension != "all":
            join = f" JOIN ({MEMBERS[dimension]}) m ON m.enterprise_id = e.id"
            member, group = "m.member", ", m.member"
        for park, region, m, n, above in sql(
            f"SELECT e.park_id, e.region_id, {member}, COUNT(*), SUM(CASE WHEN e.above_size THEN 1 ELSE 0 END) "
            f"FROM enterprises_enterprise e{join} WHERE e.is_active "
            f"AND (e.established_on IS NULL OR e.established_on <= %s) GROUP BY e.park_id, e.region_id{group}",
            [day],
        ):
            result[(park or 0, region or 0, dimension, m or 0)] = [n, above or 0, 0, 0, 0, 0]
        for i, kind in enumerate(KINDS):
            for park, region, m, n in sql(
                f"SELECT e.park_id, e.region_id, {member}, COUNT(DISTINCT q.enterprise_id) "
                "FROM enterprises_qualification q JOIN enterprises_enterprise e ON e.id = q.enterprise_id "
                f"JOIN enterprises_qualificationkind k ON k.id = q.kind_id{join} WHERE e.is_active AND k.code = %s "
                "AND q.granted_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s) "
                f"GROUP BY e.park_id, e.region_id{group}",
                [kind, day, day],
            ):
                result.setdefault((park or 0, region or 0, dimension, m or 0), [0] * 6)[2 + i] = n
    return {k: tuple(v) for k, v in result.items() if any(v)}


def rollup_stocks(year, month):
    columns = ("enterprises", "above_size", *(f"qual_{k}" for k in KINDS))
    rows = MonthlyRollup.objects.filter(year=year, month=month).values()
    result = {
        (r["park_id"], r["region_id"], r["dimension"], r["member_id"]): tuple(r[c] for c in columns) for r in rows
    }
    return {k: v for k, v in result.items() if any(v)}


def raw_nodes():
    rows = sql(
        "SELECT ce.chainnode_id, e.park_id, e.region_id, COUNT(*), SUM(CASE WHEN e.above_size THEN 1 ELSE 0 END) "
        "FROM clusters_chainnode_enterprises ce JOIN enterprises_enterprise e ON e.id = ce.enterprise_id "
        "WHERE e.is_active GROUP BY ce.chainnode_id, e.park_id, e.region_id"
    )
    return {(node, park or 0, region or 0): (n, above or 0) for node, park, region, n, above in rows}


def assert_rollups_equal_raw(months=((YEAR, MONTH), (YEAR, 5), (YEAR - 1, MONTH), (YEAR, 12))):
    assert rollup_sums() == raw_sums()
    for year, month in months:
        assert rollup_stocks(year, month) == raw_stocks(year, month), (year, month)
    nodes = {(r.node_id, r.park_id, r.region_id): (r.enterprises, r.above_size) for r in NodeRollup.objects.all()}
    assert nodes == raw_nodes()


def revenue_of(park, year, month):
    row = MonthlyRollup.objects.filter(dimension="all", park_id=park.pk, year=year, month=month)
    return sum((r.revenue for r in row), Decimal("0"))


def test_a_rebuild_equals_the_raw_rows(world):
    assert MonthlyRollup.objects.filter(dimension="cluster").exists()
    assert_rollups_equal_raw()
    assert not RollupBucket.objects.exists()


def test_the_grid_updates_the_rollups_in_its_transaction(world, officer):
    park = world["parks"][0]
    first, second = [e for e in world["enterprises"] if e.park_id == park.pk][:2]
    old = EnterpriseStat.objects.get(enterprise=first, year=YEAR, month=5)
    before = revenue_of(park, YEAR, 5)
    result = enterprise_services.stat_rows_save(
        user=officer,
        park=park,
        year=YEAR,
        month=5,
        rows=[
            {"enterprise": first.pk, "version": old.version, "values": {"revenue": str(old.revenue + 250)}},
            {"enterprise": second.pk, "version": None, "values": {"tax": "7"}},
        ],
    )
    assert not result["errors"]
    assert revenue_of(park, YEAR, 5) == before + 250  # by hand: only the first row's revenue moved
    assert_rollups_equal_raw()


def test_the_grid_in_a_month_after_the_rollups_widens_them(world, officer):
    park = world["parks"][1]
    enterprise = next(e for e in world["enterprises"] if e.park_id == park.pk)
    rollups._set_coverage((YEAR - 1, 1), (YEAR, MONTH))  # as if rebuilt in June
    enterprise_services.stat_rows_save(
        user=officer,
        park=park,
        year=YEAR,
        month=9,
        rows=[{"enterprise": enterprise.pk, "version": None, "values": {"revenue": "40"}}],
        today=datetime.date(YEAR, 10, 15),
    )
    assert rollups.coverage() == ((YEAR - 1, 1), (YEAR, 12))
    assert revenue_of(park, YEAR, 9) == Decimal("40")
    assert_rollups_equal_raw(months=((YEAR, 9), (YEAR, 12), (YEAR, MONTH)))


def import_figures(officer, rows):
    header = ["统一社会信用代码", "企业名称", "所属期（年月）", "营业收入（万元）", "税收（万元）", "从业人员数"]
    spec = SPECS["enterprisestat"]
    job, outcome = import_services.import_upload(
        user=officer, spec=spec, upload=upload(xlsx(header, rows, "企业月度数据"))
    )
    assert not outcome.errors and not outcome.file_error
    import_services.import_commit(user=officer, spec=spec, job=job, warnings_confirmed=True)


def test_an_excel_import_moves_the_rollups_by_the_difference_it_makes(world, officer):
    park = world["parks"][1]
    enterprise = Enterprise.objects.filter(park=park).order_by("pk").first()
    old = EnterpriseStat.objects.get(enterprise=enterprise, year=YEAR, month=4).revenue
    before = revenue_of(park, YEAR, 4)
    import_figures(officer, [[enterprise.uscc, enterprise.name, f"{YEAR}-04", "9999", "50", 10]])
    assert EnterpriseStat.objects.get(enterprise=enterprise, year=YEAR, month=4).revenue == Decimal("9999")
    assert revenue_of(park, YEAR, 4) == before - old + Decimal("9999")  # by hand: one row's revenue moved
    assert_rollups_equal_raw(months=((YEAR, 4), (YEAR, MONTH)))


def test_an_excel_import_across_parks_with_new_and_changed_rows(world, officer):
    """Every enterprise of both parks: April's figures changed, July's new (no rollup row of July
    had figures before), members of clusters and chains among them."""
    enterprises = list(Enterprise.objects.filter(is_active=True, park__in=world["parks"]).order_by("pk"))
    rows = []
    for i, e in enumerate(enterprises):
        rows.append([e.uscc, e.name, f"{YEAR}-04", str(500 + i), "5", 3])
        rows.append([e.uscc, e.name, f"{YEAR}-07", str(1000 + i), "9", 4])
    assert not MonthlyRollup.objects.filter(year=YEAR, month=7, reporting__gt=0).exists()
    import_figures(officer, rows)
    for park in world["parks"]:
        expected = sum(Decimal(1000 + i) for i, e in enumerate(enterprises) if e.park_id == park.pk)
        assert revenue_of(park, YEAR, 7) == expected
    assert_rollups_equal_raw(months=((YEAR, 4), (YEAR, 7), (YEAR, MONTH)))

    import_figures(officer, rows)  # the same file again: nothing moves
    assert_rollups_equal_raw(months=((YEAR, 4), (YEAR, 7), (YEAR, MONTH)))


def test_an_excel_import_after_the_rollups_widens_them(world, officer):
    park = world["parks"][0]
    enterprise = Enterprise.objects.filter(park=park).order_by("pk").first()
    rollups._set_coverage((YEAR - 1, 1), (YEAR, MONTH))  # as if rebuilt in June
    import_figures(officer, [[enterprise.uscc, enterprise.name, f"{YEAR}-09", "40", "1", 2]])
    assert rollups.coverage() == ((YEAR - 1, 1), (YEAR, 12))
    assert revenue_of(park, YEAR, 9) == Decimal("40")
    assert_rollups_equal_raw(months=((YEAR, 9), (YEAR, 12), (YEAR, MONTH)))


def test_a_single_save_and_delete_update_the_rollups(world):
    stat = EnterpriseStat.objects.get(enterprise=world["enterprises"][2], year=YEAR, month=3)
    stat.output_value += 1
    stat.save()
    assert_rollups_equal_raw(months=((YEAR, 3),))
    stat.delete()
    assert_rollups_equal_raw(months=((YEAR, 3),))


def test_an_approval_recomputes_its_month(world, officer):
    park = world["parks"][0]
    # a rollup out of step (a write that bypassed every service) is healed by the approval
    MonthlyRollup.objects.filter(park_id=park.pk, year=YEAR, month=5).update(revenue=0)
    month = ParkMonth.objects.create(park=park, year=YEAR, month=5, status=ParkMonth.Status.SUBMITTED)
    enterprise_services.park_month_approve(user=officer, park_month=month)
    assert_rollups_equal_raw(months=((YEAR, 5),))


def test_a_moved_enterprise_marks_its_groups_until_the_task_recomputes_them(world, officer):
    enterprise = world["enterprises"][0]  # in High-tech Park, 未央区
    enterprise.park = world["parks"][1]
    enterprise.region = world["parks"][1].region
    enterprise.save()
    marked = set(RollupBucket.objects.values_list("park_id", "region_id"))
    assert marked == {
        (world["parks"][0].pk, world["parks"][0].region_id),
        (world["parks"][1].pk, world["parks"][1].region_id),
    }
    assert cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))["stale"] is True  # says so

    assert rollups.rollups_refresh_marked() == 2
    assert not RollupBucket.objects.exists()
    assert_rollups_equal_raw()
    from django.core.cache import cache

    cache.clear()
    assert cockpit(DashboardFilter(YEAR, MONTH, "ytd", None))["stale"] is False


@pytest.mark.parametrize("change", ["deactivate", "qualification", "node"])
def test_membership_changes_are_recomputed(world, change):
    from enterprises.models import Qualification, QualificationKind

    enterprise = world["enterprises"][1]
    if change == "deactivate":
        enterprise.is_active = False
        enterprise.save()
    elif change == "qualification":
        Qualification.objects.create(
            enterprise=enterprise,
            kind=QualificationKind.objects.get(code="little_giant"),
            granted_on=datetime.date(YEAR, 2, 1),
        )
    else:
        world["nodes"][3].enterprises.add(enterprise)
    assert RollupBucket.objects.exists()
    rollups.rollups_refresh_marked()
    assert_rollups_equal_raw()


def test_a_mark_made_during_a_recomputation_is_kept(world):
    enterprise = world["enterprises"][0]
    enterprise.above_size = not enterprise.above_size
    enterprise.save()
    mark = RollupBucket.objects.get()
    original = rollups._refresh

    def refresh_while_someone_changes(*args, **kwargs):
        original(*args, **kwargs)
        RollupBucket.objects.filter(pk=mark.pk).update(changes=mark.changes + 1)  # a concurrent change

    rollups._refresh = refresh_while_someone_changes
    try:
        rollups.rollups_refresh_marked()
    finally:
        rollups._refresh = original
    assert RollupBucket.objects.filter(pk=mark.pk).exists()  # recomputed again by the next run


def test_the_cockpit_reads_the_rollups_not_the_raw_rows(world):
    """Proof that the cockpit's flows and stocks come from the rollups: change a rollup by hand and
    the card follows (the raw rows are untouched)."""
    flt = DashboardFilter(YEAR, MONTH, "month", None)
    before = {c["code"]: c["value"] for c in cockpit(flt)["headline"]}
    # a park's row: the region counts it (a supplier's row registered outside the region it does not)
    row = MonthlyRollup.objects.filter(dimension="all", year=YEAR, month=MONTH, park_id__gt=0).first()
    MonthlyRollup.objects.filter(pk=row.pk).update(revenue=row.revenue + 1, qual_high_tech=row.qual_high_tech + 1)
    from django.core.cache import cache

    cache.clear()
    after = {c["code"]: c["value"] for c in cockpit(flt)["headline"]}
    assert after["revenue"] == before["revenue"] + 1
    assert after["high_tech_count"] == before["high_tech_count"] + 1
