"""The Content-Disposition of every file the system sends (RFC 6266, RFC 5987).

A file's name often comes from data (a unit code, an uploaded file's name): it is never put
raw into the header. `filename` is a safe ASCII name (letters without their diacritics,
digits, dot, dash, underscore), for old clients; `filename*` the exact name in UTF-8,
percent-encoded, which browsers prefer.
"""

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_filename(name: str, *, default: str = "tep") -> str:
    """'Báo cáo "Lạng Sơn".docx' -> 'Bao-cao-Lang-Son.docx'; folders are dropped."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    safe = [_UNSAFE.sub("-", _without_diacritics(part)).strip("-.") for part in (stem, extension)]
    stem, extension = safe[0][:120] or default, safe[1][:10]
    return f"{stem}.{extension}" if dot and extension else stem


def content_disposition(name: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    exact = quote(name.replace("\x00", ""), safe="")
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{exact}"
