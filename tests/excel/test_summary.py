"""compute_grouped agrees with compute_many member by member, in a constant number of queries;
the summary builder's table and xlsx (read back with python-calamine)."""

import datetime
import io
from decimal import Decimal

import pytest
import python_calamine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import EnterpriseStat, QualificationKind
from portal.models import Region
from reports import indicators, summary
from reports.indicators import Span, Subject
from reports.models import MonthlyRollup, RollupBucket
from reports.rollups import rollups_rebuild
from tests import factories

pytestmark = pytest.mark.django_db

CODES = ["output_value", "revenue", "tax", "high_tech_count", "investment_completed"]
SPANS = [Span(2025, 3, "ytd"), Span(2024, 3, "ytd"), Span(2025, 3, "month")]


def populate(park_a, park_b, n=1):
    chain1, chain2 = factories.ChainFactory(), factories.ChainFactory()
    node1a, node1b = factories.ChainNodeFactory(chain=chain1), factories.ChainNodeFactory(chain=chain1)
    node2 = factories.ChainNodeFactory(chain=chain2)
    other_district = Region.objects.get_or_create(
        code="610113", defaults={"name": "雁塔区", "level": "district", "parent": park_a.region.parent}
    )[0]
    for _i in range(n):
        a = factories.EnterpriseFactory(park=park_a)
        b = factories.EnterpriseFactory(park=park_b, region=other_district)  # registered elsewhere
        c = factories.EnterpriseFactory(park=None)
        node1a.enterprises.add(a)
        node1b.enterprises.add(a)  # two nodes of one chain: counted once
        node2.enterprises.add(a, b)
        for enterprise, base in ((a, 100), (b, 7), (c, 3)):
            for year in (2024, 2025):
                for month in (1, 2, 3, 4):
                    factories.EnterpriseStatFactory(
                        enterprise=enterprise,
                        year=year,
                        month=month,
                        output_value=Decimal(base * month + year % 10),
                        revenue=Decimal(base),
                        tax=Decimal(month),
                    )
        factories.QualificationFactory(enterprise=a, granted_on=datetime.date(2024, 11, 1))
        factories.QualificationFactory(
            enterprise=b, granted_on=datetime.date(2023, 1, 1), expires_on=datetime.date(2025, 2, 1)
        )
        project = factories.ProjectFactory(park=park_b, chain=chain2)
        factories.ProjectProgressFactory(project=project, year=2025, month=2, completed_investment=Decimal("250"))
        factories.ProjectProgressFactory(project=project, year=2024, month=3, completed_investment=Decimal("40"))


@pytest.mark.parametrize("dimension", ["park", "district", "cluster", "chain"])
def test_grouped_figures_equal_the_figures_of_each_member(dimension, park_a, park_b):
    populate(park_a, park_b)
    grouped = indicators.compute_grouped(CODES, dimension, SPANS)
    assert grouped, "no members"
    for member, per_span in grouped.items():
        assert per_span == indicators.compute_many(CODES, Subject(dimension, member), SPANS), member


ROLLED_CODES = [code for code, d in indicators.REGISTRY.items() if d.rollup]


def stat_queries(captured):
    return [q["sql"] for q in captured if "enterprises_enterprisestat" in q["sql"]]


@pytest.mark.parametrize("dimension", ["park", "district", "cluster", "chain"])
def test_grouped_figures_from_the_rollups_equal_the_raw_figures(dimension, park_a, park_b):
    """With the rollups built, every indicator kept in them is read from them (no query reads the
    monthly figures) and equals the raw computation of each member, member by member."""
    populate(park_a, park_b, n=2)
    raw = indicators.compute_grouped(ROLLED_CODES, dimension, SPANS)
    rollups_rebuild()
    with CaptureQueriesContext(connection) as captured:
        grouped = indicators.compute_grouped(ROLLED_CODES, dimension, SPANS)
    assert stat_queries(captured) == []
    assert grouped == raw
    assert any(v["revenue"] for per_span in grouped.values() for v in per_span.values())  # not all zeros
    for member, per_span in grouped.items():
        assert per_span == indicators.compute_many(ROLLED_CODES, Subject(dimension, member), SPANS), member


def test_a_district_adds_its_own_enterprises_and_its_parks_once(park_a, park_b):
    """By hand: both parks lie in 610112.  a (revenue 100 a month) is in park_a and registered
    there; b (7) is in park_b but registered in 610113; c (3) has no park and is registered in
    610112.  610112 counts a, b and c once each: 3 × 110 = 330; 610113 counts b: 3 × 7 = 21."""
    populate(park_a, park_b)
    rollups_rebuild()
    span = Span(2025, 3, "ytd")
    grouped = indicators.compute_grouped(["revenue", "enterprise_count"], "district", [span])
    home, yanta = Region.objects.get(code="610112").pk, Region.objects.get(code="610113").pk
    assert grouped[home][span] == {"revenue": Decimal("330"), "enterprise_count": Decimal("3")}
    assert grouped[yanta][span] == {"revenue": Decimal("21"), "enterprise_count": Decimal("1")}


def test_the_raw_rows_answer_while_a_group_waits_for_recomputation(park_a, park_b):
    """A rollup row that is wrong while a change waits for its recomputation is never shown: the
    summary reads the raw rows until the mark is gone."""
    populate(park_a, park_b)
    rollups_rebuild()
    span = Span(2025, 3, "month")
    right = indicators.compute_grouped(["revenue"], "park", [span])[park_a.pk][span]["revenue"]
    MonthlyRollup.objects.filter(dimension="all", park_id=park_a.pk, year=2025, month=3).update(revenue=999999)
    assert indicators.compute_grouped(["revenue"], "park", [span])[park_a.pk][span]["revenue"] == Decimal("999999")
    RollupBucket.objects.create(park_id=park_a.pk, region_id=park_a.region_id)
    with CaptureQueriesContext(connection) as captured:
        value = indicators.compute_grouped(["revenue"], "park", [span])[park_a.pk][span]["revenue"]
    assert value == right == Decimal("100")
    assert stat_queries(captured)


def test_months_the_rollups_do_not_cover_come_from_the_raw_rows(park_a, park_b):
    populate(park_a, park_b)
    rollups_rebuild()
    far = Span(2010, 3, "month")  # before the rollups' first month
    stat = factories.EnterpriseStatFactory.build(
        enterprise=park_a.enterprises.first(), year=2010, month=3, revenue=Decimal("42")
    )
    EnterpriseStat.objects.bulk_create([stat])  # no signal: the rollups know nothing of 2010
    with CaptureQueriesContext(connection) as captured:
        grouped = indicators.compute_grouped(["revenue"], "park", [far])
    assert grouped[park_a.pk][far]["revenue"] == Decimal("42")
    assert stat_queries(captured)


@pytest.mark.parametrize("dimension", ["park", "district", "cluster", "chain", "qualification"])
def test_every_indicator_can_be_summed_up_by_every_dimension(dimension, park_a, park_b):
    """The builder offers every indicator: none may fail for any dimension, raw or from rollups."""
    populate(park_a, park_b)
    codes = list(indicators.REGISTRY)
    raw = indicators.compute_grouped(codes, dimension, SPANS)
    rollups_rebuild()
    grouped = indicators.compute_grouped(codes, dimension, SPANS)
    assert grouped == raw
    for per_span in grouped.values():
        for values in per_span.values():
            assert set(values) == set(codes)


def test_qualification_kind_groups_the_holders(park_a, park_b):
    populate(park_a, park_b)
    grouped = indicators.compute_grouped(["revenue", "high_tech_count"], "qualification", SPANS)
    high_tech = QualificationKind.objects.get(code="high_tech").pk
    # by hand: on 2025-03-31 only enterprise a (revenue 100 a month) holds a valid high-tech title
    assert grouped[high_tech][Span(2025, 3, "ytd")] == {"revenue": Decimal("300"), "high_tech_count": Decimal("1")}
    # on 2024-03-31 only b (7 a month) held one
    assert grouped[high_tech][Span(2024, 3, "ytd")] == {"revenue": Decimal("21"), "high_tech_count": Decimal("1")}


def raw_kind_figures(kind_id, span, holders_of="high_tech"):
    """Revenue and tax of the holders of a valid ``kind_id`` on the span's last day, and how many of
    them hold a valid qualification of ``holders_of``: recomputed in SQL, not by the code under test."""
    day = span.end_date.isoformat()
    valid = (
        "SELECT q.enterprise_id FROM enterprises_qualification q "
        "JOIN enterprises_enterprise e ON e.id = q.enterprise_id "
        "WHERE e.is_active AND q.kind_id = {kind} AND q.granted_on <= %s "
        "AND (q.expires_on IS NULL OR q.expires_on >= %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(s.revenue), 0), COALESCE(SUM(s.tax), 0) FROM enterprises_enterprisestat s "
            f"WHERE s.enterprise_id IN ({valid.format(kind='%s')}) "
            "AND s.year = %s AND s.month >= %s AND s.month <= %s",
            [kind_id, day, day, span.year, span.first_month, span.last_month],
        )
        revenue, tax = cursor.fetchone()
        cursor.execute(
            f"SELECT COUNT(DISTINCT q.enterprise_id) FROM enterprises_qualification q "
            f"JOIN enterprises_qualificationkind k ON k.id = q.kind_id "
            f"JOIN enterprises_enterprise e ON e.id = q.enterprise_id WHERE e.is_active AND k.code = %s "
            "AND q.granted_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s) "
            f"AND q.enterprise_id IN ({valid.format(kind='%s')})",
            [holders_of, day, day, kind_id, day, day],
        )
        (count,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM enterprises_enterprise e "
            f"WHERE e.id IN ({valid.format(kind='%s')}) AND (e.established_on IS NULL OR e.established_on <= %s)",
            [kind_id, day, day, day],
        )
        (enterprises,) = cursor.fetchone()
    return {
        "enterprise_count": Decimal(enterprises),
        "revenue": Decimal(str(revenue)).quantize(Decimal("0.01")),
        "tax": Decimal(str(tax)).quantize(Decimal("0.01")),
        "high_tech_count": Decimal(count),
    }


@pytest.mark.parametrize("kind_bits", [indicators.KIND_BITS, 0], ids=["bit masks", "lists of ids"])
def test_qualification_kinds_against_raw_sql(kind_bits, park_a, park_b, monkeypatch):
    """Several kinds per enterprise, the same kind twice (counted once), an expired title, one
    granted after the span, and an inactive holder (not counted): every kind and span agrees with
    SQL written independently — with a bit per kind, and with lists of ids (more kinds than a
    mask holds)."""
    monkeypatch.setattr(indicators, "KIND_BITS", kind_bits)
    populate(park_a, park_b, n=2)
    kinds = {k.code: k for k in QualificationKind.objects.all()}
    a, b = factories.EnterpriseFactory(park=park_a), factories.EnterpriseFactory(park=park_b)
    closed = factories.EnterpriseFactory(park=park_a, is_active=False)
    for enterprise, revenue in ((a, 50), (b, 9), (closed, 1000)):
        for year in (2024, 2025):
            for month in (1, 2, 3):
                factories.EnterpriseStatFactory(
                    enterprise=enterprise, year=year, month=month, revenue=Decimal(revenue), tax=Decimal(month)
                )
    grant = factories.QualificationFactory
    grant(enterprise=a, kind=kinds["high_tech"], granted_on=datetime.date(2023, 5, 1))
    grant(enterprise=a, kind=kinds["high_tech"], granted_on=datetime.date(2024, 1, 1))  # the same kind again
    grant(enterprise=a, kind=kinds["tech_sme"], granted_on=datetime.date(2025, 1, 1))  # after 2024-03-31
    grant(
        enterprise=b,
        kind=kinds["tech_sme"],
        granted_on=datetime.date(2022, 1, 1),
        expires_on=datetime.date(2025, 1, 31),
    )
    grant(enterprise=closed, kind=kinds["high_tech"], granted_on=datetime.date(2020, 1, 1))
    later = factories.EnterpriseFactory(park=park_a, established_on=datetime.date(2025, 1, 10))  # after 2024-03-31
    grant(enterprise=later, kind=kinds["tech_sme"], granted_on=datetime.date(2020, 1, 1))
    grouped = indicators.compute_grouped(
        ["revenue", "tax", "high_tech_count", "enterprise_count"], "qualification", SPANS
    )
    checked = 0
    for kind in kinds.values():
        for span in SPANS:
            assert grouped[kind.pk][span] == raw_kind_figures(kind.pk, span), (kind.code, span)
            checked += bool(grouped[kind.pk][span]["revenue"])
    assert checked >= 4  # not all zeros
    # by hand: tech-SME holders on 2025-03-31 are a (50 a month) only, b's title expired in January
    assert grouped[kinds["tech_sme"].pk][Span(2025, 3, "ytd")]["revenue"] == Decimal("150")
    # on 2024-03-31 b (9 a month) held it, a not yet
    assert grouped[kinds["tech_sme"].pk][Span(2024, 3, "ytd")]["revenue"] == Decimal("27")


@pytest.mark.parametrize("dimension", ["chain", "qualification"])
def test_grouped_query_count_is_the_same_for_ten_times_the_rows(dimension, park_a, park_b):
    populate(park_a, park_b, n=1)
    with CaptureQueriesContext(connection) as small:
        indicators.compute_grouped(CODES, dimension, SPANS)
    populate(park_a, park_b, n=10)
    with CaptureQueriesContext(connection) as large:
        indicators.compute_grouped(CODES, dimension, SPANS)
    assert len(large) == len(small)


def test_the_summary_table_and_its_xlsx(park_a, park_b, analyst, client_for):
    populate(park_a, park_b)
    table = summary.build_summary(dimension="park", codes=["revenue"], span=Span(2025, 3, "month"))
    cells = {name: cells["revenue"] for _m, name, cells in table.rows}
    # by hand: park A has a (100 a month), park B has b (7 a month)
    assert (cells["Park A"].value, cells["Park A"].ytd, cells["Park A"].last_year) == (100, 300, 100)
    assert cells["Park A"].yoy == Decimal("0")
    assert cells["Park A"].share == Decimal("0.9346")  # 100 / 107
    assert table.totals["revenue"].value == 107
    response = client_for(analyst).get(
        "/reports/excel/summary/download/?dimension=park&mode=month&year=2025&month=3&indicators=revenue&indicators=tax"
    )
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name("汇总表").to_python()
    header = rows[0]
    assert header[:3] == ["园区", "营业收入（万元）本期", "营业收入（万元）1–N月累计"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Park A"][1:6] == [100, 300, 100, 0, 0.9346]
    assert by_name["合计"][1] == 107
    import zipfile

    assert any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist())


def test_a_saved_summary_reruns_for_another_month(park_a, park_b, analyst, client_for):
    populate(park_a, park_b)
    client = client_for(analyst)
    client.post(
        "/reports/excel/summary/save/",
        {"name": "月度营收", "dimension": "park", "mode": "ytd", "year": 2025, "month": 3, "indicators": ["revenue"]},
    )
    definition = analyst.summary_definitions.get()
    assert (definition.dimension, definition.indicators, definition.mode) == ("park", ["revenue"], "ytd")
    page = client.get(f"/reports/excel/summary/?definition={definition.pk}&year=2025&month=4")
    table = page.context["table"]
    assert table.span == Span(2025, 4, "ytd")
    assert {name: c["revenue"].value for _m, name, c in table.rows}["Park A"] == 400


@pytest.mark.parametrize("dimension", ["park", "district", "cluster", "chain", "qualification"])
def test_the_page_and_the_download_take_every_indicator(dimension, park_a, park_b, analyst, client_for):
    """Ticking every indicator the form offers gives a table and a workbook (enterprise counts,
    patents and innovation platforms used to fail here)."""
    populate(park_a, park_b)
    query = f"dimension={dimension}&mode=month&year=2025&month=3&" + "&".join(
        f"indicators={code}" for code in indicators.REGISTRY
    )
    client = client_for(analyst)
    page = client.get(f"/reports/excel/summary/?{query}")
    assert page.status_code == 200
    assert page.context["table"].codes == list(indicators.REGISTRY)
    download = client.get(f"/reports/excel/summary/download/?{query}")
    assert download.status_code == 200
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(download.content)).get_sheet_by_name("汇总表")
    header = rows.to_python()[0]
    assert {"企业（家）本期", "专利授权数（件）本期", "创新平台（个）本期"} <= set(header)
