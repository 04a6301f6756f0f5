"""Workbooks for the import tests, made with openpyxl (independent of the portal's writer)."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx(header, rows, title, extra_sheets=(), merge=None, formula_cell=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for name in extra_sheets:
        book.create_sheet(name).append(["x"])
    if merge:
        sheet.merge_cells(merge)
    if formula_cell:
        cell, formula = formula_cell
        sheet[cell] = formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data, name="file.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def zip_bomb(size=300 * 1024 * 1024):
    """A zip whose sheet member declares (and really holds) a huge, very compressible body."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"<row>" + b"0" * (1024 * 1024 - 11) + b"</row>"
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()
