"""Vietnamese text: normalization, diacritic folding, tone placement and name sorting."""

import functools
import re
import unicodedata

# Combining marks for the five tones (huyền, sắc, hỏi, ngã, nặng).
TONE_MARKS = {"\u0300": 2, "\u0301": 1, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_CLASS = "[\u0300\u0301\u0309\u0303\u0323]"

# Open syllables ending in oa, oe, uy (not after q) are written with the tone on
# either vowel ("hoà"/"hòa", "uỷ"/"ủy"); both mean the same word.  The key puts
# it on the first vowel.
_OPEN_CLUSTER = re.compile(
    rf"(?<![qQ])([oOuU])([aeyAEY])({_TONE_CLASS})(?![^\W\d_]|[\u0300-\u036f])"
)

# Vietnamese alphabetical order, with ă â đ ê ô ơ ư as letters of their own.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(ALPHABET)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase without any diacritic: "Lạng Sơn" -> "lang son"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def has_diacritics(text: str) -> bool:
    return fold(text) != " ".join(text.lower().split())


def canonical_tones(text: str) -> str:
    """Put the tone of open oa/oe/uy syllables on the first vowel ("uỷ" -> "ủy")."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OPEN_CLUSTER.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return nfc(moved)


def match_key(text: str) -> str:
    """Key for matching with diacritics: NFC, lowercase, one tone placement, single spaces."""
    return " ".join(canonical_tones(text).lower().split())


def search_key(query: str) -> tuple[str, str]:
    """Which stored key to match a user's query against, and the query in that form."""
    if has_diacritics(query):
        return "match_key", match_key(query)
    return "folded", fold(query)


@functools.lru_cache(maxsize=65536)  # a few thousand distinct syllables make up the names
def _syllable_key(syllable: str) -> tuple[str, str]:
    """Primary (letters) and secondary (tone) keys of one word, as digit strings."""
    decomposed = unicodedata.normalize("NFD", canonical_tones(syllable.lower()))
    letters, tone = [], 0
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        elif unicodedata.combining(ch) and letters:
            letters[-1] = nfc(letters[-1] + ch)
        elif ch.isalnum():
            letters.append(ch)
    primary = "".join(f"{10 + _LETTER_RANK.get(ch, 89):02d}" for ch in letters)
    return primary, str(tone)


def _words_key(words: list[str]) -> str:
    keys = [_syllable_key(word) for word in words]
    return "00".join(primary for primary, _ in keys) + "00" + "".join(t for _, t in keys)


def text_sort_key(text: str) -> str:
    """Sort key of any Vietnamese text in Vietnamese alphabetical order, word by word."""
    return _words_key(nfc(text).split())


def name_sort_key(full_name: str) -> str:
    """Sort key of a Vietnamese personal name: given name (last word) first, then the rest.

    Letters compare in Vietnamese alphabetical order (a < ă < â < b ...); tones
    only break ties between otherwise equal names.  The key is digits only, so
    every database collation orders it the same way.
    """
    words = nfc(full_name).split()
    if not words:
        return ""
    return _words_key([words[-1], *words[:-1]])
