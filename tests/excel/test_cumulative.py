"""Monthly figures uploaded as 1–N月 cumulative figures (累计), for the whole file or per column,
become monthly figures: this month's cumulative minus last month's (from the same file, or added up
from the stored months).  Worked by hand below."""

from decimal import Decimal

import pytest

from enterprises.models import EnterpriseStat
from reports.imports import services
from reports.imports.specs import SPECS
from tests import factories
from tests.excel.helpers import upload, xlsx

pytestmark = pytest.mark.django_db

STAT = SPECS["enterprisestat"]
HEADER = ["统一社会信用代码", "企业名称", "所属期（年月）", "营业收入（万元）", "税收（万元）", "从业人员数"]


@pytest.fixture
def ent_a(park_a):
    return factories.EnterpriseFactory(park=park_a, name="甲企业")


def stored(enterprise, month, revenue, tax, employees=10):
    return factories.EnterpriseStatFactory(
        enterprise=enterprise, year=2025, month=month, revenue=Decimal(revenue), tax=Decimal(tax), employees=employees
    )


def figures(enterprise):
    return {
        s.month: (s.revenue, s.tax, s.employees)
        for s in EnterpriseStat.objects.filter(enterprise=enterprise, year=2025).order_by("month")
    }


def run(user, data, options=None):
    job, outcome = services.import_upload(user=user, spec=STAT, upload=upload(data), options=options)
    if outcome.ok:
        services.import_commit(user=user, spec=STAT, job=job, warnings_confirmed=True)
    return job, outcome


def test_a_cumulative_file_takes_last_months_cumulative_from_the_stored_months(staff_a, ent_a):
    stored(ent_a, 1, "100", "10")
    stored(ent_a, 2, "150", "5")
    # 1–3月 cumulative: revenue 400, tax 20; employees is a head count, never converted
    data = xlsx(HEADER, [[ent_a.uscc, ent_a.name, "2025-03", "400", "20", 12]], "企业月度数据")
    _job, outcome = run(staff_a, data, services.import_options(STAT, {"figures": "cumulative"}))
    assert outcome.errors == [] and outcome.file_error == ""
    # March = 400 − (100 + 150) = 150; tax 20 − (10 + 5) = 5
    assert figures(ent_a)[3] == (Decimal("150.00"), Decimal("5.00"), 12)
    assert outcome.notes[0].message == (
        "以下列按1–N月累计数读取，并已换算为当月数（本月累计减上月累计）：营业收入（万元）、税收（万元）。"
    )


def test_last_months_cumulative_from_the_same_file(staff_a, ent_a):
    rows = [
        [ent_a.uscc, ent_a.name, "2025-03", "400", "20", 12],  # order in the file does not matter
        [ent_a.uscc, ent_a.name, "2025-01", "100", "10", 10],
        [ent_a.uscc, ent_a.name, "2025-02", "250", "15", 11],
    ]
    _job, outcome = run(staff_a, xlsx(HEADER, rows, "企业月度数据"), {"cumulative": True})
    assert outcome.errors == []
    assert figures(ent_a) == {
        1: (Decimal("100.00"), Decimal("10.00"), 10),  # January: the cumulative is the month
        2: (Decimal("150.00"), Decimal("5.00"), 11),  # 250 − 100, 15 − 10
        3: (Decimal("150.00"), Decimal("5.00"), 12),  # 400 − 250, 20 − 15
    }


def test_one_column_marked_cumulative_in_its_header(staff_a, ent_a):
    stored(ent_a, 1, "100", "10")
    header = [*HEADER[:3], "营业收入（万元）（累计）", *HEADER[4:]]
    data = xlsx(header, [[ent_a.uscc, ent_a.name, "2025-02", "260", "7", 10]], "企业月度数据")
    _job, outcome = run(staff_a, data)  # no choice for the whole file
    assert outcome.errors == []
    assert outcome.notes[0].message.endswith("：营业收入（万元）。")
    assert figures(ent_a)[2] == (Decimal("160.00"), Decimal("7.00"), 10)  # 260 − 100; tax as typed


def test_a_missing_month_is_an_error_in_chinese_and_nothing_is_written(staff_a, ent_a):
    stored(ent_a, 1, "100", "10")  # February is missing, so 1–2月 is unknown
    before = list(EnterpriseStat.objects.values())
    data = xlsx(HEADER, [[ent_a.uscc, ent_a.name, "2025-03", "400", "20", 12]], "企业月度数据")
    job, outcome = run(staff_a, data, {"cumulative": True})
    message = "缺少上月累计值：2025年2月没有数据。请先导入这些月份的数据，或将其放入本文件。"
    assert [p.as_dict() for p in outcome.errors] == [
        {"row": 2, "column": "税收（万元）", "message": message},
        {"row": 2, "column": "营业收入（万元）", "message": message},
    ]
    assert list(EnterpriseStat.objects.values()) == before
    assert job.status == "queued"  # the preview shows the errors; nothing can be committed


def test_a_cumulative_figure_below_last_months_is_refused(staff_a, ent_a):
    stored(ent_a, 1, "100", "10")
    data = xlsx(HEADER, [[ent_a.uscc, ent_a.name, "2025-02", "90", "12", 10]], "企业月度数据")
    _job, outcome = run(staff_a, data, {"cumulative": True})
    assert [(p.column, p.message) for p in outcome.errors] == [
        ("营业收入（万元）", "累计值 90.00 小于上月累计值 100.00。")
    ]
    assert set(figures(ent_a)) == {1}


def test_the_upload_form_passes_the_choice(staff_a, ent_a, client_for):
    stored(ent_a, 1, "100", "10")
    data = xlsx(HEADER, [[ent_a.uscc, ent_a.name, "2025-02", "260", "17", 10]], "企业月度数据")
    client = client_for(staff_a)
    response = client.post(
        "/reports/excel/imports/enterprisestat/upload/", {"file": upload(data), "figures": "cumulative"}
    )
    assert response.status_code == 302
    job = staff_a.jobs.get(kind="import")
    assert job.params["options"] == {"cumulative": True}
    client.post(f"/reports/excel/imports/jobs/{job.pk}/", {"confirm_warnings": "1"})
    assert figures(ent_a)[2] == (Decimal("160.00"), Decimal("7.00"), 10)
