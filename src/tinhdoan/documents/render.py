"""Render an OfficialDocument as DOCX, XLSX or PDF."""

from . import docx_out, pdf_out, xlsx_out
from .layout import vietnamese_date_line
from .model import OfficialDocument, document_check

__all__ = [
    "CONTENT_TYPES",
    "RENDERERS",
    "render_docx",
    "render_pdf",
    "render_xlsx",
    "vietnamese_date_line",
]


def render_docx(doc: OfficialDocument) -> bytes:
    document_check(doc)
    return docx_out.render(doc)


def render_xlsx(doc: OfficialDocument) -> bytes:
    document_check(doc)
    return xlsx_out.render(doc)


def render_pdf(doc: OfficialDocument) -> bytes:
    document_check(doc)
    return pdf_out.render(doc)


# Every file format a document renders to, by the name pages and commands use.
RENDERERS = {"docx": render_docx, "xlsx": render_xlsx, "pdf": render_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
