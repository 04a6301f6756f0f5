"""The Word document: GB/T 9704 page set-up, four sections, and LibreOffice converts it to PDF."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from reports import content
from reports.annex import render_xlsx
from reports.docx import render_docx

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
HEADINGS = ["一、总体情况", "二、主要成效", "三、存在问题", "四、下一步工作"]


@pytest.fixture
def quarterly(report_data):
    return content.build("quarterly", 2025, 1)


def test_the_docx_has_the_official_layout_and_four_sections(quarterly):
    document = Document(io.BytesIO(render_docx(quarterly)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        37,
        35,
        28,
        26,
    ]
    texts = [p.text for p in document.paragraphs]
    assert all(heading in texts for heading in HEADINGS)
    assert texts[0] == quarterly["title"]
    title_fonts = document.paragraphs[0].runs[0]._element.rPr.rFonts
    assert title_fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋_GBK"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml
    assert len(document.tables) == len(quarterly["tables"])
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == quarterly["tables"][0]["columns"]


@pytest.mark.skipif(not shutil.which("soffice") and not shutil.os.path.exists(SOFFICE), reason="LibreOffice missing")
def test_libreoffice_converts_the_docx_to_pdf(quarterly, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(render_docx(quarterly))
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for heading in HEADINGS:
            assert heading in text


def test_the_excel_annex_has_a_sheet_per_table_and_the_problems(quarterly):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_xlsx(quarterly)))
    assert len(book.sheetnames) == len(quarterly["tables"]) + 1
    first = book.worksheets[0]
    assert first["A1"].value == quarterly["tables"][0]["title"]
    assert [c.value for c in first[3]][: len(quarterly["tables"][0]["columns"])] == quarterly["tables"][0]["columns"]
    problems = book.worksheets[-1]
    assert problems.max_row == 3 + len(quarterly["problems"])
