"""Uploaded evidence files: allowed types, size limit, and a check that the content matches the
extension. The same rules for every file kept as evidence: a directive's progress report
(meetings) and a focal task or breakthrough item (programs)."""

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class UploadRefused(ValueError):
    """The file is refused; the message is for the user."""


CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
}


def max_bytes() -> int:
    return int(getattr(settings, "TINHDOAN_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _zip_has(content: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _content_matches(extension: str, content: bytes) -> bool:
    if extension == ".pdf":
        return content.startswith(b"%PDF-")
    if extension == ".png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return content.startswith(b"\xff\xd8\xff")
    if extension == ".docx":
        return _zip_has(content, "word/document.xml")
    if extension == ".xlsx":
        return _zip_has(content, "xl/workbook.xml")
    if extension == ".txt":
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return False


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    extension: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    def storage_name(self) -> str:
        return f"{uuid.uuid4().hex}{self.extension}"


def _named(name: str) -> tuple[str, str]:
    """The file's own name (no folders) and its extension, refused when not allowed."""
    name = PurePath(name.replace("\\", "/")).name[:200] or "tep"
    extension = PurePath(name).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise UploadRefused(
            _("The file %(name)s is not an allowed type (allowed: %(allowed)s).")
            % {"name": name, "allowed": ", ".join(sorted({e.lstrip(".") for e in CONTENT_TYPES}))}
        )
    return name, extension


def _size_check(name: str, size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise UploadRefused(
            _("The file %(name)s is larger than the limit of %(limit)s MB.")
            % {"name": name, "limit": f"{limit / (1024 * 1024):g}".replace(".", ",")}
        )


def upload_check(name: str, content: bytes) -> CheckedFile:
    """Refuse a file that is too large, of a type not allowed, or whose content lies about it."""
    name, extension = _named(name)
    _size_check(name, len(content))
    if not content:
        raise UploadRefused(_("The file %(name)s is empty.") % {"name": name})
    if not _content_matches(extension, content):
        raise UploadRefused(
            _("The content of the file %(name)s does not match its extension %(ext)s.")
            % {"name": name, "ext": extension}
        )
    return CheckedFile(name, extension, CONTENT_TYPES[extension], content)


def uploaded_file_check(upload) -> CheckedFile:
    """An uploaded file (Django's UploadedFile) under the same rules, refused by its type and
    size before it is read."""
    name, _extension = _named(upload.name)
    _size_check(name, upload.size)
    return upload_check(upload.name, upload.read())
