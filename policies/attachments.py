"""Checks of uploaded application materials (申报材料): the type is read from the bytes, never
from the name, and the size is limited."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = getattr(settings, "APPLICATION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

PDF = ("application/pdf", "pdf")
PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpg")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
OLE = ("application/x-ole-storage", "doc")  # legacy .doc / .xls
OOXML_MARKERS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
MAX_ZIP_MEMBERS = 5000


def sniff(upload):
    """(content type, extension) from the file's first bytes and, for Office files, the names
    inside the package; None when it is none of the accepted kinds."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if len(names) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
            return None
        for marker, kind in OOXML_MARKERS:
            if marker in names:
                return kind
    return None


def check_upload(upload):
    """(content type, extension) of an acceptable upload; ``ValidationError`` on the ``file``
    field otherwise."""
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}}
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            {"file": _("Only PDF, PNG or JPEG images and Word, Excel or PowerPoint files are accepted.")}
        )
    return kind
