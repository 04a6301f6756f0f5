"""The preview keeps the parsed cells beside the uploaded file; the commit uses them (it does not
read the file again) only when they are of that very file, and writes exactly what a fresh parse
would."""

import datetime
from decimal import Decimal

import pytest

from enterprises.models import EnterpriseStat
from reports.imports import base, services
from reports.imports.specs import SPECS
from tests import factories
from tests.excel.helpers import upload, xlsx

pytestmark = pytest.mark.django_db

STAT = SPECS["enterprisestat"]
HEADER = ["统一社会信用代码", "企业名称", "所属期（年月）", "营业收入（万元）", "税收（万元）", "从业人员数"]


def example():
    return base.Parsed(
        rows=[
            (2, {"uscc": "91610000X", "period": (2025, 3), "revenue": Decimal("1.50"), "employees": 7}, []),
            (3, {"day": datetime.date(2025, 3, 1), "flag": True, "off": False, "empty": None, "text": "=1+1"}, []),
            (4, {"revenue": Decimal("0.00")}, [base.Problem(4, "税收（万元）", "请填写数字")]),
        ],
        notes=[base.Problem(1, base.NOT_IMPORTED, "“1,000” 读作 1000.00")],
        lookups={"enterprise": ["91610000X", "x"]},
        cumulative={"revenue"},
    )


def test_a_kept_parse_reads_back_the_same_values_and_types():
    parsed = example()
    back = base.Parsed.loads(parsed.dumps(source="abc"), source="abc")
    assert back == parsed
    values = back.rows[0][1]
    assert type(values["revenue"]) is Decimal and str(values["revenue"]) == "1.50"
    assert values["period"] == (2025, 3) and type(values["period"]) is tuple
    assert type(values["employees"]) is int
    flags = back.rows[1][1]
    assert flags["flag"] is True and flags["off"] is False and flags["empty"] is None
    assert type(flags["day"]) is datetime.date


GOOD = (
    '{"format": 2, "source": "abc", "keys": ["x"], "tags": ["n"], "rows": [[2, ["1.5"], [], []]], '
    '"notes": [], "lookups": {}, "cumulative": []}'
)


def test_the_hand_written_payload_below_is_a_good_one():
    """The damaged payloads below are this one with one thing broken."""
    parsed = base.Parsed.loads(GOOD.encode(), source="abc")
    assert parsed.rows == [(2, {"x": Decimal("1.5")}, [])]


@pytest.mark.parametrize(
    "payload, source",
    [
        (None, "another file"),  # the parse of another file
        (b"{not json", "abc"),
        (GOOD.replace('"format": 2', '"format": 99').encode(), "abc"),  # a format this code does not know
        (GOOD.replace('"1.5"', '"not a number"').encode(), "abc"),
        (GOOD.replace('"tags": ["n"]', '"tags": ["?"]').encode(), "abc"),  # an unknown kind of cell
        (GOOD.replace('["1.5"]', '["1.5", "2"]').encode(), "abc"),  # more cells than columns
        (GOOD.replace("[], []]]", "[], [7]]]").encode(), "abc"),  # an absent cell that is not there
        (GOOD.replace('"rows": [[2, ["1.5"], [], []]]', '"rows": 5').encode(), "abc"),
        (b"[]", "abc"),
    ],
)
def test_anything_but_a_kept_parse_of_that_file_is_refused(payload, source):
    data = example().dumps(source="abc") if payload is None else payload
    assert base.Parsed.loads(data, source=source) is None


@pytest.mark.parametrize(
    "values",
    [
        [{"x": 1.5}],  # a float: never a cell reader's value
        [{"x": Decimal("1")}, {"x": "1"}],  # one column, two kinds of values
        [{"x": (2025, 3.0)}],
    ],
)
def test_a_value_the_format_cannot_keep_is_an_error_not_a_silent_change(values):
    parsed = base.Parsed(rows=[(2 + i, v, []) for i, v in enumerate(values)], notes=[], lookups={}, cumulative=set())
    with pytest.raises(TypeError):
        parsed.dumps()


@pytest.fixture
def ent_a(park_a):
    return factories.EnterpriseFactory(park=park_a, name="甲企业")


def rows_for(enterprise, revenue):
    return [[enterprise.uscc, enterprise.name, "2025-03", revenue, "50", 10]]


def test_the_commit_uses_the_kept_parse_and_then_removes_it(
    staff_a, ent_a, monkeypatch, django_capture_on_commit_callbacks
):
    job, outcome = services.import_upload(
        user=staff_a, spec=STAT, upload=upload(xlsx(HEADER, rows_for(ent_a, "1,234.5"), "企业月度数据"))
    )
    assert outcome.ok
    name = job.params["parsed_file"]
    storage = job.result_file.storage
    assert storage.exists(name)

    def no_parse(*args, **kwargs):
        raise AssertionError("the commit read the file again")

    monkeypatch.setattr(base, "parse", no_parse)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    assert outcome.ok and outcome.created == 1
    stat = EnterpriseStat.objects.get(enterprise=ent_a, year=2025, month=3)
    assert (stat.revenue, stat.tax, stat.employees) == (Decimal("1234.50"), Decimal("50.00"), 10)
    assert not storage.exists(name)


def test_a_kept_parse_of_another_file_is_not_used(staff_a, ent_a):
    """The kept parse names the file by its digest: were the stored file replaced, the commit reads
    the file it has, not the parse of the first."""
    job, _outcome = services.import_upload(
        user=staff_a, spec=STAT, upload=upload(xlsx(HEADER, rows_for(ent_a, "100"), "企业月度数据"))
    )
    storage = job.result_file.storage
    name = job.result_file.name
    storage.delete(name)
    storage.save(name, upload(xlsx(HEADER, rows_for(ent_a, "700"), "企业月度数据")))
    services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    assert EnterpriseStat.objects.get(enterprise=ent_a, year=2025, month=3).revenue == Decimal("700.00")


def test_without_a_kept_parse_the_commit_reads_the_file(staff_a, ent_a):
    job, _outcome = services.import_upload(
        user=staff_a, spec=STAT, upload=upload(xlsx(HEADER, rows_for(ent_a, "321"), "企业月度数据"))
    )
    job.result_file.storage.delete(job.params["parsed_file"])
    services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    assert EnterpriseStat.objects.get(enterprise=ent_a, year=2025, month=3).revenue == Decimal("321.00")


def test_the_commit_checks_the_kept_rows_against_todays_records(staff_a, ent_a):
    """Between preview and commit the enterprise was closed: the kept cells are looked up again,
    so the row is an error and nothing is written."""
    job, outcome = services.import_upload(
        user=staff_a, spec=STAT, upload=upload(xlsx(HEADER, rows_for(ent_a, "100"), "企业月度数据"))
    )
    assert outcome.ok
    ent_a.is_active = False
    ent_a.save()
    outcome = services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    assert [p.message for p in outcome.errors] == [f"在您可查看的记录中找不到“{ent_a.uscc}”。"]
    assert not EnterpriseStat.objects.filter(enterprise=ent_a).exists()
