"""The Excel path on PostgreSQL: the commit's SQL (INSERT … ON CONFLICT, UPDATE … FROM VALUES, the
history copied with INSERT … SELECT) and an export streamed through a server-side cursor, read back
with python-calamine."""

import datetime
import io
from decimal import Decimal

import pytest
import python_calamine
from django.utils import timezone

from enterprises.models import Enterprise, EnterpriseStat
from portal import excel
from reports import exports
from reports.imports import base, services
from reports.imports.specs import SPECS
from tests import factories
from tests.excel.helpers import upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

STAT = SPECS["enterprisestat"]
HEADER = ["统一社会信用代码", "企业名称", "所属期（年月）", "营业收入（万元）", "税收（万元）", "从业人员数"]


def history(stat):
    return list(
        EnterpriseStat.history.filter(id=stat.pk)
        .order_by("history_id")
        .values_list("history_type", "history_user_id", "revenue", "version")
    )


def test_commit_updates_and_inserts_with_history(staff_a, park_a):
    ent_a = factories.EnterpriseFactory(park=park_a, name="甲企业")
    ent_b = factories.EnterpriseFactory(park=park_a, name="乙企业")
    old = factories.EnterpriseStatFactory(
        enterprise=ent_a, year=2025, month=3, revenue=Decimal("100"), tax=Decimal("5"), employees=9
    )
    old_history = history(old)
    rows = [
        [ent_a.uscc, ent_a.name, "2025-03", "120.5", "5", 9],  # revenue changes
        [ent_b.uscc, ent_b.name, "2025-03", "80", "4", 3],  # new
    ]
    job, outcome = services.import_upload(user=staff_a, spec=STAT, upload=upload(xlsx(HEADER, rows, "企业月度数据")))
    assert outcome.ok
    services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    old.refresh_from_db()
    assert (old.revenue, old.tax, old.employees, old.version, old.updated_by_id) == (
        Decimal("120.50"),
        Decimal("5.00"),
        9,
        2,
        staff_a.pk,
    )
    assert history(old) == [*old_history, ("~", staff_a.pk, Decimal("120.50"), 2)]
    new = EnterpriseStat.objects.get(enterprise=ent_b)
    assert (new.revenue, new.created_by_id, new.version) == (Decimal("80.00"), staff_a.pk, 1)
    assert history(new) == [("+", staff_a.pk, Decimal("80.00"), 1)]


def test_a_row_inserted_by_someone_else_after_the_check_is_upserted_not_an_integrity_error(staff_a, park_a):
    ent = factories.EnterpriseFactory(park=park_a, name="甲企业")
    data = xlsx(HEADER, [[ent.uscc, ent.name, "2025-03", "70", "3", 5]], "企业月度数据")
    outcome = base.validate(STAT, staff_a, excel.open_workbook(io.BytesIO(data)))
    assert outcome.created == 1
    # between the check and the write, another session saves the same enterprise and month
    other = factories.EnterpriseStatFactory(enterprise=ent, year=2025, month=3, revenue=Decimal("1"), employees=1)
    base.write(STAT, staff_a, outcome)  # INSERT … ON CONFLICT (enterprise_id, year, month) DO UPDATE
    stat = EnterpriseStat.objects.get(enterprise=ent, year=2025, month=3)
    assert stat.pk == other.pk
    assert (stat.revenue, stat.tax, stat.employees) == (Decimal("70.00"), Decimal("3.00"), 5)
    assert EnterpriseStat.history.filter(id=other.pk, history_type="+", history_user=staff_a).exists()


def test_export_streamed_from_postgresql_reads_back_the_same_with_calamine(officer, park_a, tmp_path):
    factories.EnterpriseFactory(
        park=park_a,
        name="华星材料有限公司",
        short_name="=1+1",
        registered_capital=Decimal("1234.56"),
        established_on=datetime.date(2019, 5, 6),
        above_size=True,
    )
    factories.EnterpriseFactory(park=park_a, name="Other & <Co>", registered_capital=None, address=" 前后空格 ")
    path = tmp_path / "export.xlsx"
    count = exports.write_export(exports.get_spec("enterprise"), user=officer, data={}, target=str(path))
    assert count == 2
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("企业").to_python()
    header = rows[0]
    got = {row[header.index("名称")]: row for row in rows[1:]}
    for e in Enterprise.objects.select_related("park"):
        row = got[e.name]
        assert row[header.index("统一社会信用代码")] == e.uscc
        assert row[header.index("园区")] == e.park.name
        capital = row[header.index("注册资本（万元）")]
        assert (Decimal(str(capital)) if capital != "" else None) == e.registered_capital
        assert (row[header.index("成立日期")] or None) == e.established_on
        assert row[header.index("规模以上企业")] == ("是" if e.above_size else "否")
        created = row[header.index("创建时间")]  # an aware timestamp, shown in local time
        assert abs(created - timezone.localtime(e.created_at).replace(tzinfo=None)) < datetime.timedelta(seconds=1)
    assert got["华星材料有限公司"][header.index("简称")] == "=1+1"
    assert got["Other & <Co>"][header.index("地址")] == " 前后空格 "
