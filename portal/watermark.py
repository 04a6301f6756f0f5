"""Watermarks of generated Office files (等保 2.0: every exported workbook and report names who
produced it and when).  A report is written once with its generator (a user, or "system" for the
scheduled ones) and a placeholder in its header; each download fills the placeholder with the
person downloading it and the time, rewriting only the header and footer parts of the package."""

import io
import re
import zipfile
from xml.sax.saxutils import escape

PLACEHOLDER = "@@PORTAL-DOWNLOADED-BY@@"
STAMPED_PARTS = re.compile(r"^(word/(header|footer)\d*\.xml|xl/worksheets/sheet\d+\.xml)$")


def stamp_download(data, text, *, spreadsheet=False):
    """The package ``data`` (DOCX or XLSX bytes) with the placeholder replaced by ``text``; the bytes
    unchanged when the package has no placeholder (files written before watermarks existed)."""
    if PLACEHOLDER.encode() not in data and not _has_placeholder(data):
        return data
    value = text.replace("&", "&&") if spreadsheet else text
    value = escape(value)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if STAMPED_PARTS.match(info.filename):
                content = content.replace(PLACEHOLDER.encode(), value.encode())
            target.writestr(info, content)
    return out.getvalue()


def _has_placeholder(data):
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return False
    return any(PLACEHOLDER.encode() in source.read(name) for name in source.namelist() if STAMPED_PARTS.match(name))
