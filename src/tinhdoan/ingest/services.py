"""Read a file and extract its draft record."""

from __future__ import annotations

import datetime
import os
from typing import Any

from .extraction import extract_record
from .reading import read_document


def ingest_file(
    path: str | os.PathLike[str], *, published: datetime.date | None = None
) -> dict[str, Any]:
    """The draft record of a file; raises reading.ReadError for a file that cannot be read.

    Spans are offsets into the normalized text of the document.
    """
    document = read_document(path)
    record = extract_record(document.text, published=published)
    record["warnings"] = document.warnings + record["warnings"]
    return record
