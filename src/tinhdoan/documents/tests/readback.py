"""Reading rendered documents back, as a person opening the file would see them."""

import io
from dataclasses import dataclass

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader


def docx_paragraphs(content: bytes) -> list[str]:
    """Every paragraph's text in reading order, those of table cells included."""
    document = Document(io.BytesIO(content))
    body = document.element.body
    texts: list[str] = []
    for paragraph in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        text = "".join(
            node.text or ""
            for node in paragraph.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
            )
        )
        texts.append(text)
    return texts


def docx_tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def xlsx_values(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]


@dataclass(frozen=True)
class Run:
    """A piece of text the PDF draws in one go (a line of a cell, a word of a paragraph)."""

    page: int
    x: float
    y: float
    text: str


def pdf_runs(content: bytes) -> list[Run]:
    runs: list[Run] = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):

        def visit(text, cm, tm, font_dict, font_size, page_number=number):
            if text.strip():
                runs.append(Run(page_number, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
    return runs


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
