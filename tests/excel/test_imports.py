"""Imports: a corpus of bad files (message and no write), round trip, re-upload, scope, warnings."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from enterprises.models import Enterprise, EnterpriseStat
from reports import exports
from reports.imports import services
from reports.imports.specs import SPECS
from tests import factories
from tests.excel.helpers import upload, xlsx, zip_bomb

pytestmark = pytest.mark.django_db

ENTERPRISE = SPECS["enterprise"]
STAT = SPECS["enterprisestat"]
STAT_HEADER = ["统一社会信用代码", "企业名称", "所属期（年月）", "营业收入（万元）", "税收（万元）", "从业人员数"]


def snapshot():
    """Everything an import could write, as plain rows."""
    return (
        list(Enterprise.objects.order_by("pk").values()),
        list(EnterpriseStat.objects.order_by("pk").values()),
    )


def run(user, spec, data):
    before = snapshot()
    job, outcome = services.import_upload(user=user, spec=spec, upload=upload(data))
    if not outcome.file_error and not outcome.errors:
        services.import_commit(user=user, spec=spec, job=job, warnings_confirmed=True)
    return job, outcome, before


@pytest.fixture
def ent_a(staff_a, park_a):
    return factories.EnterpriseFactory(park=park_a, name="甲企业")


def stat_row(enterprise, period="2025-03", revenue="1000", tax="50", employees=10):
    return [enterprise.uscc, enterprise.name, period, revenue, tax, employees]


# -- hostile and broken files: a message, and nothing written ----------------------------------


def openpyxl_bytes(mutate):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = STAT.sheet_title
    sheet.append(STAT_HEADER)
    mutate(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "not an xlsx": (
        lambda e: "统一社会信用代码,企业名称\n".encode(),
        "该文件不是 Excel 工作簿（.xlsx）。请下载模板填写。",
    ),
    "password-protected": (
        lambda e: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,
        "文件设有密码保护或为旧版 .xls 格式。请取消密码（或另存为 .xlsx）后重新上传。",
    ),
    "wrong template": (
        lambda e: xlsx(["项目名称", "金额"], [["x", 1]], "企业月度数据"),
        "这不是“企业月度数据”的模板：没有一个列标题能对应上。请下载模板填写。",
    ),
    "missing columns": (
        lambda e: xlsx(["企业名称", "营业收入（万元）"], [["x", 1]], "企业月度数据"),
        "缺少列：企业统一社会信用代码。请使用下载的模板并保留其标题行。",
    ),
    "extra sheets": (
        lambda e: xlsx(STAT_HEADER, [stat_row(e)], "企业月度数据", extra_sheets=["Sheet2"]),
        "工作簿中有模板以外的工作表：Sheet2。请删除（只保留“企业月度数据”工作表）后重新上传。",
    ),
    "merged cells": (
        lambda e: xlsx(STAT_HEADER, [stat_row(e), stat_row(e, "2025-02")], "企业月度数据", merge="D2:D3"),
        "工作表“企业月度数据”含有合并单元格。请取消合并（每个单元格一个值）后重新上传。",
    ),
    "formulas": (
        lambda e: xlsx(STAT_HEADER, [stat_row(e)], "企业月度数据", formula_cell=("D2", "=100*10")),
        "工作表“企业月度数据”含有公式。请复制单元格并“选择性粘贴→数值”后重新上传。",
    ),
    "zip bomb": (lambda e: zip_bomb(), "文件解压后的数据量远超同等大小的工作簿，未予打开。"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_its_message_and_nothing_is_written(case, staff_a, ent_a):
    make, message = BAD_FILES[case]
    job, outcome, before = run(staff_a, STAT, make(ent_a))
    assert outcome.file_error == message
    assert snapshot() == before
    assert job.status == "failed"


def test_too_many_rows(staff_a, ent_a, settings):
    settings.EXCEL_LIMITS = {"max_rows": 3}
    rows = [stat_row(ent_a, f"2024-{m:02d}") for m in range(1, 5)]
    _job, outcome, before = run(staff_a, STAT, xlsx(STAT_HEADER, rows, "企业月度数据"))
    assert outcome.file_error == "工作表超过 3 行，请拆分成多个文件。"
    assert snapshot() == before


def test_unsafe_xml_is_refused_before_parsing(staff_a, ent_a):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx(STAT_HEADER, [stat_row(ent_a)], "企业月度数据")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml" or info.filename.endswith("sheet1.xml"):
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                data = data.replace(b"?>", b"?>" + doctype, 1) if data.startswith(b"<?xml") else doctype + data
            target.writestr(info, data)
    _job, outcome, before = run(staff_a, STAT, buffer.getvalue())
    assert outcome.file_error == "文件含有不安全的 XML 内容，未予打开。"
    assert snapshot() == before


def test_text_in_a_number_column_is_a_row_error(staff_a, ent_a):
    rows = [stat_row(ent_a), stat_row(ent_a, "2025-02", revenue="一千")]
    _job, outcome, before = run(staff_a, STAT, xlsx(STAT_HEADER, rows, "企业月度数据"))
    assert [p.as_dict() for p in outcome.errors] == [
        {"row": 3, "column": "营业收入（万元）", "message": "“一千”不是数字。"}
    ]
    assert snapshot() == before  # the good row 2 was not written either


def test_an_impossible_date_text_is_a_row_error(staff_a, ent_a):
    rows = [stat_row(ent_a, "2025年13月")]
    _job, outcome, before = run(staff_a, STAT, xlsx(STAT_HEADER, rows, "企业月度数据"))
    assert [p.message for p in outcome.errors] == [
        "“2025年13月”不是年月，请按 2025-03 填写（也可写作 2025年3月 或 2025.03）。"
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    "period, revenue, tax, employees, note",
    [
        ("2025年3月", "1000", "50", 10, None),  # Chinese month
        ("2025/3/1", "1000", "50", 10, None),  # a date written with slashes
        ("2025.03", "1000", "50", 10, None),
        ("２０２５-０３", "１０００", "５０", "１０", "“１０００”已按 1000.00 读取。"),  # full-width digits
        ("2025-03", "1,000", "50", 10, "“1,000”已按 1000.00 读取。"),  # thousands separator
        ("2025-03 ", "1000  ", "50\u3000", "10 ", "“1000  ”已按 1000.00 读取。"),  # trailing spaces
    ],
)
def test_what_people_type_is_normalised(staff_a, ent_a, period, revenue, tax, employees, note):
    rows = [[ent_a.uscc + " ", ent_a.name, period, revenue, tax, employees]]
    _job, outcome, _before = run(staff_a, STAT, xlsx(STAT_HEADER, rows, "企业月度数据"))
    assert outcome.file_error == "" and outcome.errors == []
    if note:
        assert note in [p.message for p in outcome.notes]
    stat = EnterpriseStat.objects.get()
    assert (stat.enterprise_id, stat.year, stat.month) == (ent_a.pk, 2025, 3)
    assert (stat.revenue, stat.tax, stat.employees) == (Decimal("1000.00"), Decimal("50.00"), 10)


# -- scope -------------------------------------------------------------------------------------


def test_another_parks_enterprise_is_a_row_error_not_a_write(staff_a, ent_a, park_b):
    other = factories.EnterpriseFactory(park=park_b, name="乙企业")
    rows = [stat_row(ent_a), stat_row(other)]
    _job, outcome, before = run(staff_a, STAT, xlsx(STAT_HEADER, rows, "企业月度数据"))
    assert [p.as_dict() for p in outcome.errors] == [
        {"row": 3, "column": "企业统一社会信用代码", "message": f"在您可查看的记录中找不到“{other.uscc}”。"}
    ]
    assert snapshot() == before


def test_staff_cannot_move_an_enterprise_to_another_park(staff_a, ent_a, park_b):
    header = ["统一社会信用代码", "名称", "行政区划", "园区"]
    _job, outcome, before = run(
        staff_a, ENTERPRISE, xlsx(header, [[ent_a.uscc, ent_a.name, "未央区", "Park B"]], "企业")
    )
    assert [p.message for p in outcome.errors] == ["在您可查看的记录中找不到“Park B”。"]
    assert snapshot() == before


# -- warnings: the monthly jump flags ------------------------------------------------------------


def test_jump_flags_are_warnings_to_confirm(staff_a, ent_a):
    factories.EnterpriseStatFactory(enterprise=ent_a, year=2025, month=2, revenue=Decimal("100"), tax=Decimal("50"))
    data = xlsx(STAT_HEADER, [stat_row(ent_a, revenue="900")], "企业月度数据")
    job, outcome = services.import_upload(user=staff_a, spec=STAT, upload=upload(data))
    assert [p.as_dict() for p in outcome.warnings] == [
        {"row": 2, "column": "营业收入（万元）", "message": "较上月（100.00）增长超过300%"}
    ]
    before = snapshot()
    services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=False)
    assert snapshot() == before
    services.import_commit(user=staff_a, spec=STAT, job=job, warnings_confirmed=True)
    assert EnterpriseStat.objects.get(month=3).revenue == Decimal("900")


# -- re-upload and round trip ----------------------------------------------------------------------


def test_uploading_the_same_file_twice_changes_nothing(staff_a, ent_a):
    data = xlsx(STAT_HEADER, [stat_row(ent_a)], "企业月度数据")
    run(staff_a, STAT, data)
    first = snapshot()
    _job, outcome, _before = run(staff_a, STAT, data)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 1)
    assert snapshot() == first


def test_round_trip_export_edit_one_cell_import(staff_a, ent_a, park_a, tmp_path):
    factories.EnterpriseFactory(park=park_a, name="丙企业", registered_capital=Decimal("300"))
    path = str(tmp_path / "export.xlsx")
    exports.write_export(exports.get_spec("enterprise"), user=staff_a, data={}, target=path)
    book = openpyxl.load_workbook(path)
    sheet = book["企业"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("名称")].value == "丙企业")
    row[header.index("注册资本（万元）")].value = 456.5
    edited = io.BytesIO()
    book.save(edited)
    before = {e["pk"]: e for e in Enterprise.objects.values("pk", *[f.attname for f in Enterprise._meta.fields])}
    _job, outcome, _b = run(staff_a, ENTERPRISE, edited.getvalue())
    assert outcome.errors == [] and outcome.file_error == ""
    assert (outcome.created, outcome.updated) == (0, 1)
    after = {e["pk"]: e for e in Enterprise.objects.values("pk", *[f.attname for f in Enterprise._meta.fields])}
    changed = {
        (pk, name)
        for pk in before
        for name in before[pk]
        if before[pk][name] != after[pk][name] and name not in {"version", "updated_at", "updated_by_id"}
    }
    target = Enterprise.objects.get(name="丙企业")
    assert changed == {(target.pk, "registered_capital")}
    assert after[target.pk]["registered_capital"] == Decimal("456.50")


def test_a_leader_cannot_import(leader, ent_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_upload(user=leader, spec=STAT, upload=upload(xlsx(STAT_HEADER, [], "企业月度数据")))


def test_the_prefilled_template_has_the_parks_enterprises_and_last_months_values(staff_a, ent_a, client_for):
    import python_calamine

    factories.EnterpriseStatFactory(enterprise=ent_a, year=2025, month=2, revenue=Decimal("777"))
    response = client_for(staff_a).get(
        f"/reports/excel/imports/enterprisestat/template/?park={ent_a.park_id}&period=2025-03"
    )
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name("企业月度数据").to_python()
    header = rows[0]
    assert rows[1][header.index("企业统一社会信用代码")] == ent_a.uscc
    assert rows[1][header.index("所属期（年月）")] == "2025-03"
    assert rows[1][header.index("营业收入（万元）")] == 777
    assert datetime.date(2025, 3, 1)  # the template's month is the one asked for
