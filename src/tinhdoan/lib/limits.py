"""The limits of the files the system reads, in one place (README, "Bảo mật").

A small file may hold a large one: a 1.8 MB XLSX inflates to three million rows, a 403 KB
DOCX to 85 MB of XML. Every reader checks these limits before it builds anything big: the
sizes a zip archive (XLSX, DOCX) declares in its directory before a part is inflated (Python's
zipfile never inflates a part past its declared size), then rows, columns, cells, paragraphs,
characters and pages as they are read. A file past a limit is refused with `FileTooLarge`,
whose message names the limit in Vietnamese; the interfaces answer it with 422.

Each limit can be changed in the settings: `TINHDOAN_FILE_LIMITS = {"table_rows": 500_000}`.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024

DEFAULTS = {
    "upload_bytes": 20 * MB,  # any uploaded file (values, units, documents, evidence)
    "unpacked_bytes": 100 * MB,  # XLSX, DOCX: all parts together, once inflated
    "unpacked_ratio": 100,  # XLSX, DOCX: a part inflating to over 100 times its size
    "table_rows": 200_000,  # XLSX, CSV
    "table_columns": 100,
    "table_cells": 2_000_000,
    "document_paragraphs": 20_000,  # DOCX paragraphs and table cells, lines of a text
    "document_characters": 2_000_000,  # DOCX, PDF, HTML, text
    "pdf_pages": 500,
    "errors_shown": 50,  # errors listed for a refused file, then "và N lỗi khác"
    "comment_characters": 2000,  # the comment of a value (grid, file, API)
    # Past these a file is read as a background job (tinhdoan.jobs), not during the request.
    "job_values_bytes": 256 * 1024,  # a file of values (CSV, XLSX)
    "job_values_rows": 5000,  # lines of a CSV file of values
    "job_ingest_bytes": 1 * MB,  # a document to read (DOCX, PDF, HTML, text)
    "job_ingest_paragraphs": 2000,  # lines of an HTML or text document
}

# The refusal that names each limit.
MESSAGES = {
    "upload_bytes": gettext_lazy("The file is larger than the limit of %(limit)s."),
    "unpacked_bytes": gettext_lazy("Unpacked, the file is larger than the limit of %(limit)s."),
    "unpacked_ratio": gettext_lazy(
        "A part of the file unpacks to more than %(limit)s times its packed size (the limit "
        "for a compressed file)."
    ),
    "table_rows": gettext_lazy("The table has more than %(limit)s rows (the limit of rows)."),
    "table_columns": gettext_lazy(
        "The table has more than %(limit)s columns (the limit of columns)."
    ),
    "table_cells": gettext_lazy("The table has more than %(limit)s cells (the limit of cells)."),
    "document_paragraphs": gettext_lazy(
        "The document has more than %(limit)s paragraphs (the limit of paragraphs)."
    ),
    "document_characters": gettext_lazy(
        "The document has more than %(limit)s characters (the limit of characters)."
    ),
    "pdf_pages": gettext_lazy("The PDF file has more than %(limit)s pages (the limit of pages)."),
}
# Parts smaller than this are not checked for their ratio: a short repetitive part is fine.
RATIO_FLOOR = 1 * MB


def limit(name: str) -> int:
    return int(getattr(settings, "TINHDOAN_FILE_LIMITS", {}).get(name, DEFAULTS[name]))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def limit_text(name: str) -> str:
    """The limit as the user reads it: 20 MB, 200.000."""
    value = limit(name)
    if name.endswith("_bytes"):
        return f"{value / MB:g} MB".replace(".", ",")
    return _number(value)


class FileTooLarge(ValueError):
    """A file past one of the limits; str() names the limit for the user."""

    def __init__(self, name: str):
        self.limit_name = name
        super().__init__(MESSAGES[name] % {"limit": limit_text(name)})


def check_at_most(name: str, count: int) -> None:
    """Refuse when `count` passes the limit `name`."""
    if count > limit(name):
        raise FileTooLarge(name)


def zip_checked(data: bytes) -> zipfile.ZipFile:
    """The archive, once its directory shows that no part inflates past the limits (its
    total, and the ratio of each large part); raises zipfile.BadZipFile when it is none."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > RATIO_FLOOR:
            check_at_most("unpacked_ratio", info.file_size // max(info.compress_size, 1))
    check_at_most("unpacked_bytes", total)
    return archive


TEXT_SUFFIXES = (".csv", ".txt", ".text", ".md", ".html", ".htm")


def needs_job(file_name: str, data: bytes, *, size: str, lines: str) -> bool:
    """Whether a file is past the limit `size` of bytes or, for a text file, `lines` of lines
    (counted without decoding it: UTF-8 and UTF-16 lines both end with a newline byte)."""
    if len(data) > limit(size):
        return True
    text = file_name.lower().endswith(TEXT_SUFFIXES)
    return text and data.count(b"\n") > limit(lines)


def errors_capped(errors: list[str]) -> list[str]:
    """The first errors of a list, then "và N lỗi khác" for the rest."""
    shown = limit("errors_shown")
    if len(errors) <= shown:
        return errors
    rest = len(errors) - shown
    return [*errors[:shown], _("and %(count)s more errors") % {"count": _number(rest)}]
