"""Documents past the limits of lib/limits.py, or hostile to their parser, answer 422 with a
Vietnamese reason and write nothing. The bombs are built here."""

import io
import zipfile
import zlib

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from tinhdoan.ingest.models import DraftItem, IngestDraft
from tinhdoan.meetings.models import SourceDocument
from tinhdoan.testing import demo_user

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def counts():
    return SourceDocument.objects.count(), IngestDraft.objects.count(), DraftItem.objects.count()


@pytest.fixture
def post(demo, login):
    client = login(demo_user("btv.tinhdoan"))

    def _post(name: str, data: bytes):
        before = counts()
        response = client.post("/api/v1/ingest", {"file": SimpleUploadedFile(name, data)})
        assert counts() == before
        return response

    return _post


def docx_with_body(document_xml: bytes) -> bytes:
    """A real DOCX whose main part is replaced by `document_xml`, deflated."""
    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            zf.writestr(
                item.filename, document_xml if item.filename == "word/document.xml" else data
            )
    return out.getvalue()


def body(paragraphs) -> bytes:
    runs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return f'<w:document xmlns:w="{W}"><w:body>{runs}</w:body></w:document>'.encode()


def test_a_zip_bomb_docx_is_refused_before_its_xml_is_parsed(post):
    bomb = docx_with_body(body(["Đoàn xã tổ chức ra quân tình nguyện"] * 500_000))
    assert len(bomb) < 1_000_000  # some 40 MB of XML
    response = post("bom.docx", bomb)
    assert response.status_code == 422
    assert "lớn hơn 100 lần kích thước nén" in response.json()["detail"]


def test_paragraphs_past_the_limit_are_refused(post, settings):
    settings.TINHDOAN_FILE_LIMITS = {"document_paragraphs": 100}
    response = post("dai.docx", docx_with_body(body(f"Đoạn số {n}" for n in range(150))))
    assert response.status_code == 422
    assert response.json()["detail"] == "Văn bản có hơn 100 đoạn (giới hạn số đoạn)."


def test_a_docx_with_entity_expansion_answers_422(post):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document ['
        '<!ENTITY a "hahahahahahahahahaha">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    response = post("cuoi.docx", docx_with_body(laughs.encode()))
    assert response.status_code == 422
    assert "Không đọc được tệp Word" in response.json()["detail"]


def pdf_with_stream(content: bytes, *, filtered: bool = True) -> bytes:
    """A one-page PDF whose page content is `content`, deflated when `filtered`."""
    stream = zlib.compress(content, 9) if filtered else content
    flate = "/Filter /FlateDecode " if filtered else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        f"<< /Length {len(stream)} {flate}>>\nstream\n".encode() + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_a_pdf_stream_bomb_answers_422(post):
    bomb = pdf_with_stream(b"BT /F1 12 Tf (a) Tj ET\n" * 4_000_000)  # some 90 MB inflated
    assert len(bomb) < 1_000_000
    response = post("bom.pdf", bomb)
    assert response.status_code == 422
    assert "Không đọc được tệp PDF" in response.json()["detail"]


def test_pages_past_the_limit_are_refused(post, settings):
    settings.TINHDOAN_FILE_LIMITS = {"pdf_pages": 2}
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for n in range(3):
        pdf.add_page()
        pdf.cell(text=f"Trang {n}: Doan xa to chuc ra quan tinh nguyen mua he")
    response = post("ba-trang.pdf", bytes(pdf.output()))
    assert response.status_code == 422
    assert response.json()["detail"] == "Tệp PDF có hơn 2 trang (giới hạn số trang)."


def test_characters_past_the_limit_are_refused(post, settings):
    settings.TINHDOAN_FILE_LIMITS = {"document_characters": 1000}
    response = post("dai.txt", ("Đoàn xã ra quân tình nguyện. " * 100).encode())
    assert response.status_code == 422
    assert response.json()["detail"] == "Văn bản có hơn 1.000 ký tự (giới hạn số ký tự)."
