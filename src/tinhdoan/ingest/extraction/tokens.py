"""Words of a paragraph with their offsets, grouped by underthesea's word segmentation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def lower(self) -> str:
        return self.text.lower()


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", ch)[0].lower()


def fold(text: str) -> str:
    """Same length as text: each character without diacritics, lowercase."""
    return "".join(_fold_char(ch) for ch in text)


_SIMPLE_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+|[^\w\s]")


def simple_tokens(text: str, offset: int = 0) -> list[Token]:
    return [
        Token(m.group(), m.start() + offset, m.end() + offset) for m in _SIMPLE_TOKEN.finditer(text)
    ]


@lru_cache(maxsize=1)
def _segmenter():
    # Loaded on first use: underthesea takes about 0.4 s to import, which only reading a
    # document needs to pay, not every command and web worker.
    from underthesea import word_tokenize  # noqa: PLC0415

    return word_tokenize


@lru_cache(maxsize=32)
def _segmented(text: str) -> tuple[str, ...]:
    """underthesea's words of a paragraph, kept for the next reader of the same paragraph.

    People, the host and the notice lists each read every paragraph of a text; segmenting
    it once instead of up to three times took the corpus from about 22 to about 30 texts a
    second on one core (bench/ingest_speed.py). The cache holds one text's paragraphs, not
    more, so a benchmark that cycles through its texts gains nothing from earlier passes.
    """
    return tuple(_segmenter()(text))


def words(text: str, offset: int = 0) -> list[Token]:
    """Words of text (one paragraph), compounds kept together ("Tài chính").

    underthesea may rewrite tone placement ("uỷ" -> "ủy"), so its words are
    aligned back on the text without diacritics; the tokens carry the text's
    own spelling. If alignment fails, every syllable is a token.
    """
    folded = fold(text)
    tokens: list[Token] = []
    position = 0
    for word in _segmented(text):
        compact = fold(word.replace(" ", ""))
        if not compact:
            continue
        while position < len(text) and text[position].isspace():
            position += 1
        start = position
        matched = 0
        while position < len(text) and matched < len(compact):
            if text[position].isspace():
                position += 1
                continue
            if folded[position] != compact[matched]:
                return simple_tokens(text, offset)
            position += 1
            matched += 1
        if matched < len(compact):
            return simple_tokens(text, offset)
        tokens.extend(_repaired(Token(text[start:position], start + offset, position + offset)))
    return tokens


# Syllables that end the name of a body ("Tỉnh ủy"), which segmentation
# sometimes glues to the following verb ("ủy dự").
_BODY_ENDINGS = frozenset({"ủy", "uỷ", "đoàn"})


def _repaired(token: Token) -> list[Token]:
    """Split a word that joins a lowercase syllable with a capitalized one ("bình Tỉnh")
    or starts with the end of a body's name ("ủy dự")."""
    syllables = list(re.finditer(r"\S+", token.text))
    if len(syllables) < 2:
        return [token]
    first = syllables[0].group()
    mixed = first[:1].islower() and any(s.group()[:1].isupper() for s in syllables[1:])
    if not mixed and first not in _BODY_ENDINGS:
        return [token]
    return [Token(s.group(), token.start + s.start(), token.start + s.end()) for s in syllables]
