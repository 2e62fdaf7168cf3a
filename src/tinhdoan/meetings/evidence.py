"""Evidence files of progress reports: the rules of every upload (lib/uploads.py), a few per report."""

from tinhdoan.lib.uploads import CheckedFile, UploadRefused, upload_check

from .models import MeetingError

MAX_FILES = 5


def evidence_check(name: str, content: bytes) -> CheckedFile:
    try:
        return upload_check(name, content)
    except UploadRefused as exc:
        raise MeetingError(str(exc)) from None
