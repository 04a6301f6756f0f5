"""Exports: read back with python-calamine (independent of XlsxWriter), cell-injection safety,
scope, filters, and the flat query count of the streaming writer."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
import python_calamine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise
from reports import exports
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def read(content):
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book, {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def export_bytes(client, query):
    response = client.get("/reports/excel/export/?" + query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content)


def test_exported_values_read_back_the_same(officer, park_a, client_for):
    factories.EnterpriseFactory(
        park=park_a,
        name="华星材料有限公司",
        registered_capital=Decimal("1234.56"),
        established_on=datetime.date(2019, 5, 6),
    )
    factories.EnterpriseFactory(park=park_a, name="Other", above_size=True, registered_capital=None)
    _book, sheets = read(export_bytes(client_for(officer), "export=enterprise"))
    rows = sheets["企业"]
    header = rows[0]
    assert header[:3] == ["统一社会信用代码", "名称", "简称"]
    by_name = {row[header.index("名称")]: row for row in rows[1:]}
    # the truth, read independently of the export code: plain rows from the database
    for e in Enterprise.objects.values(
        "uscc", "name", "registered_capital", "established_on", "above_size", "park__name"
    ):
        row = by_name[e["name"]]
        assert row[header.index("统一社会信用代码")] == e["uscc"]
        assert row[header.index("园区")] == e["park__name"]
        capital = row[header.index("注册资本（万元）")]
        assert (Decimal(str(capital)) if capital != "" else None) == e["registered_capital"]
        day = row[header.index("成立日期")]
        assert (day if day != "" else None) == e["established_on"]
        assert row[header.index("规模以上企业")] == ("是" if e["above_size"] else "否")
    assert by_name["华星材料有限公司"][header.index("企业规模")] == "中型"
    info = sheets["筛选条件和导出时间"]
    labels = [row[0] for row in info]
    assert "导出时间" in labels and "导出人" in labels


def test_text_that_looks_like_a_formula_stays_text(officer, park_a, client_for):
    for i, text in enumerate(HOSTILE):
        factories.EnterpriseFactory(park=park_a, name=f"n{i}", short_name=text, address=text)
    content = export_bytes(client_for(officer), "export=enterprise")
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula cell anywhere
    assert b'quotePrefix="1"' in archive.read("xl/styles.xml")  # Excel keeps them text when edited
    _book, sheets = read(content)
    rows = sheets["企业"]
    header = rows[0]
    got = sorted(row[header.index("简称")] for row in rows[1:])
    assert got == sorted(HOSTILE)


def test_export_follows_scope_and_filters(staff_a, park_a, park_b, client_for):
    factories.EnterpriseFactory(park=park_a, name="A-large", scale="large")
    factories.EnterpriseFactory(park=park_a, name="A-small", scale="small")
    factories.EnterpriseFactory(park=park_b, name="B-large", scale="large")
    _book, sheets = read(export_bytes(client_for(staff_a), "export=enterprise&scale=large"))
    names = [row[1] for row in sheets["企业"][1:]]
    assert names == ["A-large"]
    info = {row[0]: row[1] for row in sheets["筛选条件和导出时间"] if row and row[0]}
    assert info["企业规模"] == "大型"


def test_personal_data_is_left_out_for_analysts(analyst, park_a, client_for):
    factories.EnterpriseFactory(park=park_a, contact_phone="13812341234")
    _book, sheets = read(export_bytes(client_for(analyst), "export=enterprise"))
    assert "联系电话" not in sheets["企业"][0]
    assert "13812341234" not in str(sheets)


def test_unknown_export_is_404(officer, client_for):
    assert client_for(officer).get("/reports/excel/export/?export=nothing").status_code == 404


def test_the_export_query_count_does_not_grow_with_rows(officer, park_a, tmp_path):
    spec = exports.get_spec("enterprise")

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            exports.write_export(spec, user=officer, data={}, target=str(tmp_path / "x.xlsx"))
        return len(ctx)

    factories.EnterpriseFactory.create_batch(3, park=park_a)
    small = count_queries()
    factories.EnterpriseFactory.create_batch(27, park=park_a)
    assert count_queries() == small


def test_every_list_with_a_filterset_is_exportable():
    for name in ["enterprise", "qualification", "enterprisestat", "park", "landparcel", "project", "investmentlead"]:
        assert exports.get_spec(name) is not None, name
