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


_DIGITS = "0123456789"


def _primary(letters: list[str]) -> str:
    """Two digits a letter: numbers first, in their value's order (a run of digits is its length
    then its digits, so "2" before "10"), then the letters in Vietnamese alphabetical order."""
    out, i = [], 0
    while i < len(letters):
        if letters[i] in _DIGITS:
            end = i
            while end < len(letters) and letters[end] in _DIGITS:
                end += 1
            out.append(f"1{min(end - i, 9)}")
            out.extend(f"1{digit}" for digit in letters[i:end])
            i = end
        else:
            out.append(f"{20 + _LETTER_RANK[letters[i]]}" if letters[i] in _LETTER_RANK else "89")
            i += 1
    return "".join(out)


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
    return _primary(letters), str(tone)


def _words_key(words: list[str]) -> str:
    keys = [_syllable_key(word) for word in words]
    # "01" between words, "00" at the end of the letters: a text that is the start of another
    # comes first even when its tones are heavier ("Chị" before "Chị Lăng").
    return "01".join(primary for primary, _ in keys) + "00" + "".join(t for _, t in keys)


def text_sort_key(text: str) -> str:
    """The sort key of Vietnamese alphabetical order: units, titles, any text.

    Word by word (a shorter word first: "Chi" < "Chiến"), letter by letter in the Vietnamese
    alphabet (a < ă < â < b < c < d < đ …), tones only breaking ties between otherwise equal
    texts (none, sắc, huyền, hỏi, ngã, nặng), numbers by value.  So "Bắc Sơn" < "Bình Gia" <
    "Cao Lộc" < "Châu Sơn" < "Chi Lăng": "â" comes before "i".  Digits only, so every
    database collation orders a stored key the same way.
    """
    return _words_key(nfc(text).split())


# A remark after a name, "Hoàng Minh Khôi (minh họa)": not part of the given name.
_REMARK = re.compile(r"^(.*?)\s*(\([^()]*\))?\s*$", re.S)


def name_sort_key(full_name: str) -> str:
    """Sort key of a Vietnamese personal name: given name (last word) first, then the rest.

    Letters compare in Vietnamese alphabetical order (a < ă < â < b ...); tones
    only break ties between otherwise equal names.  The key is digits only, so
    every database collation orders it the same way.
    """
    name, remark = _REMARK.match(nfc(full_name)).groups(default="")
    words = name.split()
    if not words:
        return _words_key(remark.split()) if remark else ""
    return _words_key([words[-1], *words[:-1], *remark.split()])
