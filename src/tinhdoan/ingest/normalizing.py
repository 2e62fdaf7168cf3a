"""Normalize extracted text while keeping a map back to the original offsets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters read as a plain space: no-break, thin, ideographic and other spaces.
_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u202f\u205f\u3000\t\x0b\x0c")  # fmt: skip
# Characters dropped: zero-width marks, soft hyphen, byte order mark.
_DROPPED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_LINE_BREAKS = frozenset("\r\n\u2028\u2029\x85")


@dataclass(frozen=True)
class NormalizedText:
    """NFC text with single spaces, one line per paragraph, and its origin.

    ``origin[i]`` is where the character at ``i`` starts in the original text
    (``origin[len(text)]`` is the end of the original text) and ``origin_end[i]``
    where it ends there (after its combining marks).
    """

    text: str
    origin: tuple[int, ...]
    origin_end: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin_end[end - 1]


def _clusters(text: str):
    """Yield (offset, cluster): a starter with its combining marks."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            yield start, text[start:i]
            start = i


def normalize(original: str) -> NormalizedText:
    chars: list[str] = []
    origin: list[int] = []
    origin_end: list[int] = []
    pending_space: int | None = None  # offset of a space not yet written
    previous_break = None

    def put(ch: str, offset: int, length: int = 1) -> None:
        chars.append(ch)
        origin.append(offset)
        origin_end.append(offset + length)

    for offset, cluster in _clusters(original):
        first = cluster[0]
        if first in _DROPPED:
            continue
        if first in _LINE_BREAKS:
            # "\r\n" is one break; a bare "\r" or "\n" is one too.
            if first == "\n" and previous_break == "\r" and origin and origin[-1] == offset - 1:
                previous_break = None
                continue
            pending_space = None
            while chars and chars[-1] == " ":
                chars.pop()
                origin.pop()
                origin_end.pop()
            put("\n", offset)
            previous_break = first
            continue
        previous_break = None
        if first == " " or first in _SPACES:
            if chars and chars[-1] != "\n" and pending_space is None:
                pending_space = offset
            continue
        if pending_space is not None:
            put(" ", pending_space)
            pending_space = None
        for ch in unicodedata.normalize("NFC", cluster):
            put(ch, offset, len(cluster))
    end = len(original)
    while chars and chars[-1] in " \n":
        chars.pop()
        origin.pop()
        origin_end.pop()
    origin.append(end)
    return NormalizedText("".join(chars), tuple(origin), tuple(origin_end))
