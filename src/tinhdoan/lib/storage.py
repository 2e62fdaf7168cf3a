"""Saving uploaded files: whole or not at all, and a clear refusal when the disk is full.

The bytes are first written to a staging file on the same disk as the uploads; only a
complete file is then moved (renamed) to its place. A full disk (ENOSPC, or EDQUOT for a
quota) is seen while staging: the staging file is removed and `StorageFull` raised, so no
half file is ever left under a real name.
"""

import errno
import os
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

from .errors import DomainError, Refusal

__all__ = ["StorageFull", "UploadStorage"]

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_CHUNK = 1024 * 1024


class StorageFull(DomainError):
    """The server's disk has no room for the file; the message is for the user."""

    kind = Refusal.STORAGE_FULL

    def __init__(self) -> None:
        super().__init__(
            _(
                "The server's disk is full: the file could not be stored and nothing was saved. "
                "Please tell the system administrator."
            )
        )


class _StagedFile(File):
    """A complete file on the uploads' disk: FileSystemStorage moves it instead of copying."""

    def __init__(self, path: str, name: str):
        super().__init__(open(path, "rb"), name=name)  # closed by UploadStorage._save
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


def _chunks(content: File):
    if hasattr(content, "seek"):
        content.seek(0)
    yield from content.chunks(_CHUNK)


class UploadStorage(FileSystemStorage):
    """The uploads' storage (settings.STORAGES["default"]): every file field saves through it."""

    def _save(self, name: str, content: File) -> str:
        path = None
        try:
            staging = Path(self.path(".staging"))
            staging.mkdir(parents=True, exist_ok=True)
            descriptor, path = tempfile.mkstemp(dir=staging)
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in _chunks(content):
                    handle.write(chunk)
            staged = _StagedFile(path, name)
            try:
                return super()._save(name, staged)  # a rename on the same disk
            finally:
                staged.close()
        except OSError as exc:
            if exc.errno in _FULL:
                raise StorageFull() from exc
            raise
        finally:
            if path is not None and os.path.exists(path):  # not moved into place: removed
                os.unlink(path)
