"""A report as a Word document laid out after GB/T 9704 (党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋_GBK
二号 (fallbacks 华文中宋, 宋体); body text in 仿宋_GB2312 三号 (fallback 仿宋) with a fixed
28.95 pt line pitch (22 lines a page) and a two-character first-line indent; first-level headings
(一、) in 黑体, second-level ones (（一）) in 楷体_GB2312 (fallback 楷体), third and fourth levels
(1. and （1）) in the body font; page numbers "— 1 —" in 宋体 四号 in the footer through a PAGE
field, odd pages on the right and even pages on the left.  Tables are real Word tables that staff
can edit and forward.
"""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = ("方正小标宋_GBK", "华文中宋", "宋体")
BODY_FONT = ("仿宋_GB2312", "仿宋")
HEADING1_FONT = ("黑体",)
HEADING2_FONT = ("楷体_GB2312", "楷体")
PAGE_NUMBER_FONT = ("宋体",)
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四
LINE_PITCH = Pt(28.95)


def set_font(run, fonts, size, bold=False):
    """East Asian font with its fallbacks: the first is named for Chinese text, the last available
    common one for Latin text; the font table lists the alternatives (w:altName)."""
    run.font.size = size
    run.font.bold = bold
    run.font.name = fonts[-1]
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), fonts[0])
    r_fonts.set(qn("w:ascii"), fonts[-1])
    r_fonts.set(qn("w:hAnsi"), fonts[-1])


def declare_fallbacks(document):
    """Add each preferred font to the font table with its fallback as w:altName, so that Word and
    LibreOffice substitute 华文中宋 / 仿宋 / 楷体 where the GB fonts are not installed."""
    font_part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
    if font_part is None or not hasattr(font_part, "_element"):
        return
    table = font_part._element
    for fonts in (TITLE_FONT, BODY_FONT, HEADING2_FONT):
        font = OxmlElement("w:font")
        font.set(qn("w:name"), fonts[0])
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), fonts[1])
        font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")
        font.append(charset)
        table.append(font)


def paragraph_format(paragraph, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32) if indent else None
    paragraph.alignment = align


def add_page_number(paragraph):
    """ "— N —" with N a PAGE field."""
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def setup_page(document):
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # the page number sits about 7 mm below the text block
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    add_page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    add_page_number(even)
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = BODY_FONT[-1]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[0])


def add_text(document, text, fonts=BODY_FONT, size=SIZE_3, bold=False, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph = document.add_paragraph()
    paragraph_format(paragraph, indent=indent, align=align)
    set_font(paragraph.add_run(text), fonts, size, bold)
    return paragraph


def add_table(document, block):
    caption = add_text(
        document, block["title"], HEADING1_FONT, SIZE_TABLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.keep_with_next = True
    columns = block["columns"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(text), HEADING1_FONT, SIZE_TABLE)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The header row repeats on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in block["rows"]:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            set_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, SIZE_TABLE)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if i < 2 else WD_ALIGN_PARAGRAPH.RIGHT
    spacer = document.add_paragraph()
    paragraph_format(spacer, indent=False)


def add_watermark(document, text):
    """The header of every page names who generated the report and when, and (filled in at each
    download, portal/watermark.py) who downloaded it."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        set_font(paragraph.add_run(text), PAGE_NUMBER_FONT, Pt(9))


def render_docx(content, watermark=""):
    """The DOCX bytes of a report's content."""
    document = Document()
    setup_page(document)
    if watermark:
        add_watermark(document, watermark)
    declare_fallbacks(document)
    add_text(document, content["title"], TITLE_FONT, SIZE_2, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_text(document, content["subtitle"], HEADING2_FONT, SIZE_3, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_text(document, "", indent=False)
    for section in content["sections"]:
        add_text(document, section["heading"], HEADING1_FONT, SIZE_3).paragraph_format.keep_with_next = True
        for block in section["blocks"]:
            if block["type"] == "heading":
                fonts = HEADING2_FONT if block["level"] == 2 else BODY_FONT
                heading = add_text(document, block["text"], fonts, SIZE_3, bold=block["level"] == 3)
                heading.paragraph_format.keep_with_next = True
            elif block["type"] == "paragraph":
                add_text(document, block["text"])
            elif block["type"] == "table":
                add_table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
