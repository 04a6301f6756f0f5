"""Every figure of a generated report, recomputed from the rows with raw SQL; every listed problem
true in the data, every true problem listed."""

import datetime
from calendar import monthrange
from decimal import Decimal

import pytest
from django.db import connection

from reports import services
from reports.models import Report
from tests.reports.report_data import Q1_END

pytestmark = pytest.mark.django_db

STAT_FIELDS = {"output_value", "revenue", "tax", "profit", "rd_expense", "exports"}
QUAL_KINDS = {
    "high_tech_count": "high_tech",
    "tech_sme_count": "tech_sme",
    "srdi_count": "srdi_sme",
    "little_giant_count": "little_giant",
}


def one(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    return Decimal(str(value or 0))


def rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def enterprise_where(subject_type, subject_id, alias="e"):
    if subject_type == "region":  # in a park, or registered in the city or one of its districts
        return (
            f"({alias}.park_id IS NOT NULL OR {alias}.region_id IN (SELECT r.id FROM portal_region r "
            "LEFT JOIN portal_region up ON up.id = r.parent_id WHERE r.code = %s OR up.code = %s))",
            ["610100", "610100"],
        )
    if subject_type == "park":
        return f"{alias}.park_id = %s", [subject_id]
    column = "c.cluster_id" if subject_type == "cluster" else "c.id"
    return (
        f"{alias}.id IN (SELECT ne.enterprise_id FROM clusters_chainnode_enterprises ne "
        "JOIN clusters_chainnode n ON n.id = ne.chainnode_id JOIN clusters_chain c ON c.id = n.chain_id "
        f"WHERE {column} = %s)",
        [subject_id],
    )


def project_where(subject_type, subject_id):
    if subject_type == "region":
        return "1=1", []
    if subject_type == "park":
        return "p.park_id = %s", [subject_id]
    if subject_type == "chain":
        return "p.chain_id = %s", [subject_id]
    return "p.chain_id IN (SELECT id FROM clusters_chain WHERE cluster_id = %s)", [subject_id]


def span_dates(figure):
    year, month, mode = figure["year"], figure["month"], figure["mode"]
    first = month if mode == "month" else 1
    last = 12 if mode == "year" else month
    return year, first, last, datetime.date(year, first, 1), datetime.date(year, last, monthrange(year, last)[1])


def raw_value(figure):
    code = figure["code"]
    year, first, last, start, end = span_dates(figure)
    ew, ep = enterprise_where(figure["subject_type"], figure["subject_id"])
    months = "s.year = %s AND s.month BETWEEN %s AND %s"
    if code in STAT_FIELDS or code == "patents":
        column = (
            f"s.{code}"
            if code != "patents"
            else "COALESCE(s.patents_invention,0)+COALESCE(s.patents_utility,0)+COALESCE(s.patents_design,0)"
        )
        return one(
            f"SELECT SUM({column}) FROM enterprises_enterprisestat s JOIN enterprises_enterprise e "
            f"ON e.id = s.enterprise_id WHERE {ew} AND {months}",
            [*ep, year, first, last],
        )
    if code in QUAL_KINDS:
        return one(
            "SELECT COUNT(DISTINCT q.enterprise_id) FROM enterprises_qualification q "
            "JOIN enterprises_qualificationkind k ON k.id = q.kind_id JOIN enterprises_enterprise e ON e.id = q.enterprise_id "  # noqa: E501
            f"WHERE e.is_active AND k.code = %s AND q.granted_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s) AND {ew}",  # noqa: E501
            [QUAL_KINDS[code], end, end, *ep],
        )
    if code == "qualifications_new":
        return one(
            "SELECT COUNT(*) FROM enterprises_qualification q JOIN enterprises_enterprise e ON e.id = q.enterprise_id "
            f"WHERE e.is_active AND q.granted_on BETWEEN %s AND %s AND {ew}",
            [start, end, *ep],
        )
    if code == "enterprise_count":
        return one(
            f"SELECT COUNT(*) FROM enterprises_enterprise e WHERE e.is_active AND "
            f"(e.established_on IS NULL OR e.established_on <= %s) AND {ew}",
            [end, *ep],
        )
    if code == "above_size_count":
        return one(f"SELECT COUNT(*) FROM enterprises_enterprise e WHERE e.is_active AND e.above_size AND {ew}", ep)
    if code == "policy_disbursed":
        return one(
            "SELECT SUM(a.approved_amount) FROM policies_application a JOIN enterprises_enterprise e ON e.id = a.enterprise_id "  # noqa: E501
            f"WHERE a.status = 'disbursed' AND a.disbursed_on BETWEEN %s AND %s AND {ew}",
            [start, end, *ep],
        )
    pw, pp = project_where(figure["subject_type"], figure["subject_id"])
    if code == "investment_completed":
        return one(
            "SELECT SUM(g.completed_investment) FROM projects_projectprogress g JOIN projects_project p ON p.id = g.project_id "  # noqa: E501
            f"WHERE p.is_active AND g.year = %s AND g.month BETWEEN %s AND %s AND {pw}",
            [year, first, last, *pp],
        )
    if code in {"projects_started", "projects_completed"}:
        column = "started_on" if code == "projects_started" else "finished_on"
        return one(
            f"SELECT COUNT(*) FROM projects_project p WHERE p.is_active AND p.{column} BETWEEN %s AND %s AND {pw}",
            [start, end, *pp],
        )
    if code == "projects_lagging":
        return Decimal(len(raw_lagging(figure["subject_type"], figure["subject_id"], year, last)))
    if code == "platforms":
        if figure["subject_type"] == "region":
            where, params = "1=1", []
        elif figure["subject_type"] == "park":
            where, params = "i.park_id = %s", [figure["subject_id"]]
        else:
            raise AssertionError(f"no raw SQL for platforms of {figure['subject_type']}")
        return one(
            "SELECT COUNT(DISTINCT i.id) FROM parks_innovationcarrier i WHERE i.status IN ('built', 'operating') "
            f"AND (i.recognized_on IS NULL OR i.recognized_on <= %s) AND {where}",
            [end, *params],
        )
    if code == "leads_signed":
        where, params = {
            "region": ("1=1", []),
            "park": ("l.target_park_id = %s", [figure["subject_id"]]),
            "chain": ("n.chain_id = %s", [figure["subject_id"]]),
            "cluster": ("c.cluster_id = %s", [figure["subject_id"]]),
        }[figure["subject_type"]]
        return one(
            "SELECT COUNT(*) FROM clusters_investmentlead l JOIN clusters_chainnode n ON n.id = l.node_id "
            f"JOIN clusters_chain c ON c.id = n.chain_id WHERE l.signed_on BETWEEN %s AND %s AND {where}",
            [start, end, *params],
        )
    raise AssertionError(f"no raw SQL for {code}")


def raw_lagging(subject_type, subject_id, year, month):
    pw, pp = project_where(subject_type, subject_id)
    found = set()
    for pk, plan, ytd in rows(
        "SELECT p.id, pl.planned_investment, (SELECT SUM(g.completed_investment) FROM projects_projectprogress g "
        "WHERE g.project_id = p.id AND g.year = %s AND g.month <= %s) FROM projects_project p "
        "JOIN projects_projectplan pl ON pl.project_id = p.id AND pl.year = %s "
        f"WHERE p.is_active AND p.stage IN ('newly_started', 'under_construction') AND {pw}",
        [year, month, year, *pp],
    ):
        plan, ytd = Decimal(str(plan)), Decimal(str(ytd or 0))
        if plan > 0 and Decimal(month) / 12 * 100 - ytd / plan * 100 > 10:
            found.add(pk)
    return found


def generate(kind, year, period, **subject):
    report = services.report_request(user=None, kind=kind, year=year, period=period, **subject)
    return services.report_generate(report.pk)


def test_every_figure_of_the_quarterly_report_equals_raw_sql(report_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = generate("quarterly", 2025, 1)
    figures = report.content["figures"]
    assert len(figures) > 50
    codes = {f["code"] for f in figures}
    assert {"output_value", "tax", "high_tech_count", "investment_completed", "projects_lagging"} <= codes
    mismatches = []
    for figure in figures:
        expected = raw_value(figure)
        actual = Decimal(figure["value"] or 0)
        if actual != expected:
            mismatches.append((figure, expected))
    assert mismatches == []
    # the region's headline figures of the quarter are in the text as recorded
    for figure in figures:
        if figure["subject_type"] == "region" and figure["year"] == 2025 and figure["code"] in STAT_FIELDS:
            assert figure["text"] in report.html
    # a hand-written check on one figure: output value of the region, 2025 Q1
    expected_output = sum(
        Decimal(100 * (2 + i) + 10 * i + m) * 2 for i in range(4) for m in (1, 2, 3)
    )  # four parks, two enterprises each
    region_output = next(
        f for f in figures if f["code"] == "output_value" and f["subject_type"] == "region" and f["year"] == 2025
    )
    assert Decimal(region_output["value"]) == expected_output


def true_problems(end, region_target_ids):
    """The problems of the kinds the report lists, found independently from the rows."""
    truth = {}
    nodes = rows(
        "SELECT n.id, c.weak_threshold, "
        "(SELECT COUNT(*) FROM clusters_chainnode_enterprises ne JOIN enterprises_enterprise e ON e.id = ne.enterprise_id "  # noqa: E501
        " WHERE ne.chainnode_id = n.id AND e.is_active), "
        "(SELECT COUNT(*) FROM clusters_chainnode_enterprises ne JOIN enterprises_enterprise e ON e.id = ne.enterprise_id "  # noqa: E501
        " WHERE ne.chainnode_id = n.id AND e.is_active AND e.above_size) "
        "FROM clusters_chainnode n JOIN clusters_chain c ON c.id = n.chain_id"
    )
    truth["missing_node"] = {pk for pk, _t, count, _a in nodes if count == 0}
    truth["weak_node"] = {pk for pk, threshold, count, above in nodes if count and (count < threshold or above == 0)}
    truth["lagging_project"] = raw_lagging("region", None, end.year, end.month)
    truth["overdue_request"] = {
        pk
        for (pk,) in rows(
            "SELECT id FROM enterprises_servicerequest WHERE status IN ('received', 'in_progress') "
            "AND due_on < %s AND received_on <= %s",
            [end, end],
        )
    }
    horizon = datetime.date(end.year + (end.month + 6 - 1) // 12, (end.month + 6 - 1) % 12 + 1, 1)
    horizon = horizon.replace(day=min(end.day, monthrange(horizon.year, horizon.month)[1]))
    truth["expiring_qualification"] = {
        pk
        for pk, expires in rows(
            "SELECT q.id, q.expires_on FROM enterprises_qualification q JOIN enterprises_enterprise e ON e.id = q.enterprise_id "  # noqa: E501
            "WHERE e.is_active AND q.expires_on IS NOT NULL"
        )
        if end <= to_date(expires) <= horizon
    }
    idle = set()
    for pk, agreed, started in rows(
        "SELECT id, agreed_start_on, construction_started_on FROM parks_landparcel "
        "WHERE status = 'supplied_not_used' AND agreed_start_on IS NOT NULL"
    ):
        agreed, started = to_date(agreed), to_date(started) if started else None
        if (started is None or started > end) and end >= agreed.replace(year=agreed.year + 1):
            idle.add(pk)
    truth["idle_land"] = idle
    truth["target_behind"] = region_target_ids
    truth["bottom_park"] = set()  # no evaluation yet
    return {kind: ids for kind, ids in truth.items() if ids}


def to_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def test_each_listed_problem_is_true_and_each_true_problem_is_listed(report_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = generate("quarterly", 2025, 1)
    listed = {p["kind"]: set(p["ids"]) for p in report.content["problems"]}
    high_tech_now = one(
        "SELECT COUNT(DISTINCT q.enterprise_id) FROM enterprises_qualification q JOIN enterprises_qualificationkind k "
        "ON k.id = q.kind_id WHERE k.code = 'high_tech' AND q.granted_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s)",  # noqa: E501
        [Q1_END, Q1_END],
    )
    target = report_data["target"]
    behind = {target.pk} if high_tech_now / target.value < Decimal(3) / 12 else set()
    assert listed == true_problems(Q1_END, behind)
    # and by hand: the fixture planted exactly these
    assert listed == {
        "target_behind": {target.pk},
        "missing_node": {report_data["nodes"]["missing"].pk},
        "weak_node": {report_data["nodes"]["weak"].pk},
        "lagging_project": {report_data["lagging"].pk},
        "overdue_request": {report_data["overdue"].pk},
        "expiring_qualification": {report_data["expiring"].pk},
        "idle_land": {report_data["land"]["reclaim"].pk, report_data["land"]["fee"].pk},
    }
    # every problem has its next step, and the sections say so in the text
    problems = next(s for s in report.content["sections"] if s["key"] == "problems")
    steps = next(s for s in report.content["sections"] if s["key"] == "next_steps")
    assert len([b for b in problems["blocks"] if b["type"] == "heading"]) == len(listed)
    assert len([b for b in steps["blocks"] if b["type"] == "heading"]) == len(listed)
    assert "新能源汽车产业链“动力电池”" in report.html


def test_a_rerun_replaces_the_report(report_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = generate("quarterly", 2025, 1)
        second = generate("quarterly", 2025, 1)
    assert first.pk == second.pk
    assert Report.objects.filter(kind="quarterly", year=2025, period=1).count() == 1
    assert second.status == Report.Status.DONE and second.attempts == 2


def test_a_section_with_nothing_to_say_says_so_in_one_line(db, region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = generate("annual", 2024, 0)
    sections = {s["key"]: s["blocks"] for s in report.content["sections"]}
    assert sections["problems"] == [{"type": "paragraph", "text": sections["problems"][0]["text"]}]
    assert "未发现" in sections["problems"][0]["text"]
    assert len(sections["next_steps"]) == 1


def test_every_figure_of_the_monthly_bulletin_equals_raw_sql(report_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = generate("monthly_bulletin", 2025, 3)
    park_figures = [f for f in report.content["figures"] if f["subject_type"] == "park"]
    assert len(park_figures) == 4 * 3  # four parks, three monthly indicators
    mismatches = [(f, raw_value(f)) for f in report.content["figures"] if Decimal(f["value"] or 0) != raw_value(f)]
    assert mismatches == []


def test_grouped_park_figures_equal_the_per_park_ones(report_data):
    from reports import indicators as ind

    codes = ["tax_per_mu", "revenue_per_mu", "rd_intensity", "investment_completed", "high_tech_count", "output_value"]
    spans = [ind.Span(2025, 3, "ytd"), ind.Span(2025, 2, "month")]
    parks = [p.pk for p in report_data["parks"]]
    grouped = ind.compute_parks(codes, parks, spans)
    for pk in parks:
        assert grouped[pk] == ind.compute_many(codes, ind.Subject("park", pk), spans)
