"""Read a text, Word, web page or PDF file into normalized text."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.limits import FileTooLarge, check_at_most, limit, limit_text, zip_checked
from tinhdoan.lib.textfile import TextDecodeError, decode_text

from .normalizing import NormalizedText, normalize

_KIND_BY_SUFFIX = {".txt": "txt", ".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}


class ReadError(DomainError):
    """The file cannot be read; str(exc) is a Vietnamese sentence for the user."""


@dataclass
class Document:
    kind: str
    original: str
    normalized: NormalizedText
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.normalized.text


def read_document(path: str | os.PathLike[str]) -> Document:
    path = Path(path)
    kind = kind_for_name(path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"Không tìm thấy tệp “{path}”.") from None
    check_size(size)
    data = path.read_bytes()
    return read_bytes(data, kind=kind)


def read_upload(name: str, data: bytes) -> Document:
    """An uploaded file: the same checks as for a file on disk."""
    kind = kind_for_name(name)
    check_size(len(data))
    return read_bytes(data, kind=kind)


def kind_for_name(name: str) -> str:
    """The reader for a file name; refuses the kinds that cannot be read."""
    suffix = Path(name).suffix.lower()
    if suffix not in _KIND_BY_SUFFIX:
        hint = " (tệp Word đời cũ: hãy lưu lại dưới dạng .docx)" if suffix == ".doc" else ""
        raise ReadError(
            f"Không hỗ trợ loại tệp “{suffix or name}”{hint}; "
            "hãy dùng tệp .txt, .docx, .html hoặc .pdf."
        )
    return _KIND_BY_SUFFIX[suffix]


def check_size(size: int) -> None:
    """Refuse an empty file or one over the limit, before reading it."""
    if size > limit("upload_bytes"):
        raise ReadError(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); chỉ đọc tệp tối đa "
            f"{limit_text('upload_bytes')}."
        )
    if size == 0:
        raise ReadError("Tệp rỗng: không có nội dung để đọc.")


def read_bytes(data: bytes, *, kind: str) -> Document:
    readers = {"txt": _read_txt, "docx": _read_docx, "html": _read_html, "pdf": _read_pdf}
    try:
        original, warnings = readers[kind](data)
        check_at_most("document_characters", len(original))
        check_at_most("document_paragraphs", original.count("\n") + 1)
    except FileTooLarge as exc:
        raise ReadError(str(exc)) from None
    normalized = normalize(original)
    if not normalized.text.strip():
        raise ReadError("Tệp không có chữ nào để đọc.")
    return Document(kind=kind, original=original, normalized=normalized, warnings=warnings)


def _read_txt(data: bytes) -> tuple[str, list[str]]:
    try:
        return decode_text(data), []
    except TextDecodeError as exc:
        raise ReadError(str(exc)) from None


def _read_docx(data: bytes) -> tuple[str, list[str]]:
    try:
        # The sizes its zip directory declares are checked before any part is parsed.
        zip_checked(data).close()
        document = docx.Document(io.BytesIO(data))
    except FileTooLarge:
        raise
    except Exception:
        # Damaged or hostile: zipfile, lxml (an entity loop), python-docx all fail their own way.
        raise ReadError("Không đọc được tệp Word: tệp hỏng hoặc không phải .docx.") from None
    lines: list[str] = []
    _docx_block_lines(document.element.body, lines)
    return "\n".join(lines), []


def _line_add(lines: list[str], line: str) -> None:
    lines.append(line)
    if len(lines) > limit("document_paragraphs"):
        check_at_most("document_paragraphs", len(lines))


def _docx_block_lines(parent, lines: list[str]) -> None:
    """Paragraphs, then table cells (nested ones too), in reading order."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            _line_add(lines, "".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            # A merged cell is one w:tc (horizontal) or an empty continuation (vertical).
            for cell in child.iter(qn("w:tc")):
                for paragraph in cell.iterchildren(qn("w:p")):
                    _line_add(lines, "".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
            lines.append("")
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _docx_block_lines(content, lines)


def _read_html(data: bytes) -> tuple[str, list[str]]:
    # Loaded on first use: reading a web page is rare, and the import costs every process
    # (each command, each web worker) about 0.15 s.
    import trafilatura  # noqa: PLC0415

    extracted = trafilatura.bare_extraction(
        data,
        include_comments=False,
        include_tables=True,
        include_links=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = (extracted.text if extracted is not None else "") or ""
    if len(body.split()) < 30:
        raise ReadError(
            "Trang web không có nội dung bài viết (chỉ thấy menu, liên kết hoặc đoạn quá ngắn)."
        )
    head: list[str] = []
    if extracted.title:
        head.append(extracted.title)
    if extracted.date:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", extracted.date)
        if match:
            year, month, day = match.groups()
            head.append(f"{day}/{month}/{year}")
    title_line = head[0] if head else ""
    if title_line and body.startswith(title_line):
        body = body[len(title_line) :].lstrip("\n")
    return "\n\n".join([*head, body]), []


def _read_pdf(data: bytes) -> tuple[str, list[str]]:
    # Loaded on first use, like trafilatura above (about 0.15 s for every process).
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        reader = PdfReader(io.BytesIO(data))
        check_at_most("pdf_pages", len(reader.pages))
        pages, characters = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            characters += len(pages[-1])
            check_at_most("document_characters", characters)
    except FileTooLarge:
        raise
    except Exception:
        # Damaged, encrypted or hostile (a stream inflating past pypdf's own limit): pypdf
        # fails with many kinds of exception.
        raise ReadError("Không đọc được tệp PDF: tệp hỏng, bị mã hoá hoặc quá lớn.") from None
    text = "\n".join(pages)
    if len(text.split()) < 5:
        raise ReadError(
            "Tệp PDF không có lớp chữ (có thể là bản quét); hãy nhận dạng chữ (OCR) "
            "hoặc dùng tệp gốc .docx."
        )
    return _unwrap_lines(text), []


_SENTENCE_END = re.compile(r"[.:;!?…)\]\"”]$")


def _unwrap_lines(text: str) -> str:
    """Join the lines a PDF wrapped inside a paragraph."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if out and out[-1] and line and not _SENTENCE_END.search(out[-1]) and line[0].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)
