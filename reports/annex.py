"""The Excel annex of a report: one sheet per table of its content, and the list of problems."""

import io
import re

import xlsxwriter

INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title, used):
    name = INVALID_SHEET_CHARS.sub("", title)[:28] or "表"
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name[:26]}{n}"
        n += 1
    used.add(candidate)
    return candidate


def number_or_text(text):
    """Numbers stay numbers so staff can add them up; everything else is written as text (a cell
    starting with "=" is never a formula)."""
    plain = str(text).replace(",", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", plain):
        return float(plain) if "." in plain else int(plain)
    return None


def stamp(sheet, watermark):
    """Printed header and footer naming who generated the annex, when, and who downloaded it."""
    if watermark:
        text = watermark[:200].replace("&", "&&")
        sheet.set_header(f"&L{text}")
        sheet.set_footer(f"&L{text}&R&P / &N")


def render_xlsx(content, watermark=""):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head_fmt = book.add_format({"bold": True, "border": 1, "bg_color": "#DDE5F0", "text_wrap": True})
    cell_fmt = book.add_format({"border": 1})
    num_fmt = book.add_format({"border": 1, "num_format": "#,##0.00"})
    int_fmt = book.add_format({"border": 1, "num_format": "0"})
    used = set()
    for table in content.get("tables", []):
        sheet = book.add_worksheet(sheet_name(table["title"], used))
        stamp(sheet, watermark)
        sheet.write_string(0, 0, table["title"], title_fmt)
        for col, head in enumerate(table["columns"]):
            sheet.write_string(2, col, head, head_fmt)
            sheet.set_column(col, col, 22 if col < 2 else 16)
        for r, row in enumerate(table["rows"], start=3):
            for col, value in enumerate(row):
                number = number_or_text(value)
                if number is None:
                    sheet.write_string(r, col, str(value), cell_fmt)
                else:
                    sheet.write_number(r, col, number, num_fmt if isinstance(number, float) else int_fmt)
        sheet.freeze_panes(3, 0)
    sheet = book.add_worksheet(sheet_name("问题清单", used))
    stamp(sheet, watermark)
    sheet.write_string(0, 0, "问题清单", title_fmt)
    for col, head in enumerate(["类别", "问题", "对应措施", "涉及对象数"]):
        sheet.write_string(2, col, head, head_fmt)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 2, 60)
    for r, problem in enumerate(content.get("problems", []), start=3):
        sheet.write_string(r, 0, problem.get("title", problem["kind"]), cell_fmt)
        sheet.write_string(r, 1, problem["text"], cell_fmt)
        sheet.write_string(r, 2, problem["step"], cell_fmt)
        sheet.write_number(r, 3, len(problem["ids"]), int_fmt)
    book.close()
    return buffer.getvalue()
