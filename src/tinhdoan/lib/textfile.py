"""Decode text files sent by Vietnamese offices into NFC Unicode.

Offices send UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode
text"), Windows-1258 (base letters plus combining tone marks) and the legacy
8-bit font encodings TCVN3 (ABC, TCVN 5712:1993) and VNI-Windows. The legacy
encodings share byte values, so they are told apart by how plausible the
decoded Vietnamese is: the share of words that are valid Vietnamese syllables.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import DomainError

__all__ = [
    "TextDecodeError",
    "decode_text",
    "detect_encoding",
    "encode_legacy",
    "is_vietnamese_syllable",
    "normalize_whitespace",
]


class TextDecodeError(DomainError):
    """The bytes are not text, or their encoding cannot be told reliably."""

    def __init__(self, message: str, *, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


# --- Letters -----------------------------------------------------------------

_TONE_MARKS = {
    "": "",
    "grave": "\u0300",  # huyền
    "acute": "\u0301",  # sắc
    "hook": "\u0309",  # hỏi
    "tilde": "\u0303",  # ngã
    "dot": "\u0323",  # nặng
}
_TONE_ORDER = ("", "acute", "grave", "hook", "tilde", "dot")
_TONE_CHARS = frozenset(_TONE_MARKS.values()) - {""}
_VOWELS = "aăâeêioôơuưy"


def _with_tone(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


# --- TCVN3 (ABC) --------------------------------------------------------------
# Bytes 0xA0-0xFF of TCVN 5712:1993. TCVN3 fonts carry lowercase toned letters
# and the uppercase base letters; the VN1 uppercase toned letters that the
# standard puts in this range are kept too. 0x80-0x9F hold Windows punctuation
# in TCVN3 fonts (smart quotes, dashes), not the VN1 letters, so they are read
# as Windows-1252.
_TCVN3_A0_FF = (
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
)  # fmt: skip


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # an undefined byte stays a C1 control: never a letter


def _build_tcvn3_decoding() -> str:
    table = [chr(b) for b in range(0x80)]
    table += [_cp1252_char(b) for b in range(0x80, 0xA0)]
    table += [chr(cp) for cp in _TCVN3_A0_FF]
    return "".join(table)


_TCVN3_DECODING = _build_tcvn3_decoding()
_TCVN3_ENCODING = {
    ch: bytes([b])
    for b, ch in enumerate(_TCVN3_DECODING)
    if b >= 0x80 and not unicodedata.combining(ch)
}


# --- VNI-Windows --------------------------------------------------------------
# A VNI letter is an ASCII base letter followed by one mark byte; the bytes are
# those of Windows-1252 (VNI fonts draw their own glyphs over Latin-1 letters).
_VNI_PLAIN_TONES = {"acute": "ù", "grave": "ø", "hook": "û", "tilde": "õ", "dot": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "acute": "á", "grave": "à", "hook": "å", "tilde": "ã", "dot": "ä"}
_VNI_BREVE = {"": "ê", "acute": "é", "grave": "è", "hook": "ú", "tilde": "ü", "dot": "ë"}
_VNI_I = {"": "i", "acute": "í", "grave": "ì", "hook": "æ", "tilde": "ó", "dot": "ò"}


def _vni_lower(vowel: str, tone: str) -> str:
    if vowel == "i":
        return _VNI_I[tone]
    if vowel in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[vowel] + _VNI_CIRCUMFLEX[tone]
    if vowel == "ă":
        return "a" + _VNI_BREVE[tone]
    if vowel == "y" and tone == "dot":
        return "î"
    base = {"ơ": "ô", "ư": "ö"}.get(vowel, vowel)
    return base + (_VNI_PLAIN_TONES[tone] if tone else "")


def _build_vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    encoding: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for vowel in _VOWELS:
        for tone in _TONE_ORDER:
            letter = _with_tone(vowel, tone)
            if letter.isascii():
                continue
            lower = _vni_lower(vowel, tone)
            encoding[letter] = lower
            encoding[letter.upper()] = lower.upper()
    decoding = {seq: letter for letter, seq in encoding.items() if not seq.isascii()}
    # Typists mix the case of the mark and the letter; the letter decides.
    for seq, letter in list(decoding.items()):
        if len(seq) == 2:
            decoding.setdefault(seq[0] + seq[1].swapcase(), letter)
    decoding.setdefault("yï", "ỵ")
    decoding.setdefault("YÏ", "Ỵ")
    return encoding, decoding


_VNI_ENCODING, _VNI_DECODING = _build_vni_tables()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_DECODING, key=len, reverse=True))
)


def _decode_vni(data: bytes) -> str:
    latin = "".join(_cp1252_char(b) if 0x80 <= b < 0xA0 else chr(b) for b in data)
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODING[m.group(0)], latin)


_TCVN3_DECODING_MAP = {b: ch for b, ch in enumerate(_TCVN3_DECODING) if b >= 0x80}


def _decode_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_TCVN3_DECODING_MAP)


def _decode_cp1258(data: bytes) -> str:
    return data.decode("cp1258")


def _encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_CHARS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_CHARS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode text in a legacy Vietnamese encoding ("cp1258", "tcvn3", "vni").

    Raises UnicodeEncodeError for a character the encoding cannot hold (TCVN3
    has no uppercase letters with tone marks such as "Ú").
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "cp1258":
        return _encode_cp1258(text)
    if encoding == "tcvn3":
        out = bytearray()
        for i, ch in enumerate(text):
            if ch.isascii():
                out += ch.encode("ascii")
            elif ch in _TCVN3_ENCODING:
                out += _TCVN3_ENCODING[ch]
            else:
                raise UnicodeEncodeError("tcvn3", text, i, i + 1, "not in TCVN3")
        return bytes(out)
    if encoding == "vni":
        latin = "".join(_VNI_ENCODING.get(ch, ch) for ch in text)
        return latin.encode("cp1252")
    raise ValueError(f"unknown legacy encoding: {encoding}")


# --- Plausibility of Vietnamese ----------------------------------------------

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|"
    "ưa|ưi|ưu|ươ|uy|ya|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_INITIALS})?(?:{_NUCLEI})(?:{_FINALS})?")
_STOP_FINALS = ("c", "ch", "p", "t")
_WORD = re.compile(r"[^\s\-–—/.,;:!?()\[\]{}<>\"'“”‘’«»…•·%+=*#&|_~^@$]+")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable (any case, any form)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_CHARS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_CHARS))
    if not _SYLLABLE.fullmatch(bare):
        return False
    # Syllables closed by a stop consonant only carry the acute or dot tone.
    if bare.endswith(_STOP_FINALS) and tones and tones[0] not in ("\u0301", "\u0323"):
        return False
    return True


def _plausibility(text: str) -> tuple[int, int]:
    """(valid, counted) over the words that hold a non-ASCII character."""
    valid = counted = 0
    if text.isascii():
        return valid, counted
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        counted += 1
        if is_vietnamese_syllable(word):
            valid += 1
    return valid, counted


def _ratio(text: str) -> tuple[float, int]:
    valid, counted = _plausibility(text)
    return (valid / counted if counted else 0.0), counted


# --- Detection ----------------------------------------------------------------

_ENCODING_LABELS = {
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3",
    "vni": "VNI",
}
_LEGACY_DECODERS = {
    "cp1258": _decode_cp1258,
    "tcvn3": _decode_tcvn3,
    "vni": _decode_vni,
}
_BINARY_SIGNATURES = (
    (b"%PDF", "tệp PDF"),
    (b"PK\x03\x04", "tệp nén ZIP hoặc Word/Excel (.docx, .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "tệp Word/Excel đời cũ (.doc, .xls)"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"{\\rtf", "tệp RTF"),
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a")
_CONVINCING = 0.8
_MARGIN = 0.15
_SAVE_AS_UTF8 = "hãy lưu lại tệp dưới dạng UTF-8"


def _not_text(detail: str = "") -> TextDecodeError:
    suffix = f" (có vẻ là {detail})" if detail else ""
    return TextDecodeError(f"Không đọc được tệp: nội dung không phải văn bản{suffix}.")


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _check_utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise TextDecodeError(
            "Không đọc được tệp: tệp đánh dấu là UTF-16 nhưng nội dung bị hỏng."
        ) from None
    if any(ord(c) < 0x20 and c not in "\t\n\r\x0b\x0c" for c in text):
        raise _not_text()
    return encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS)
    # A NUL anywhere, not only in the sample: no text has one, and no database column holds it.
    return controls > 0.01 * len(sample) or b"\x00" in data


def _legacy_font_in_unicode(text: str) -> str | None:
    """Name the legacy font encoding when Unicode text was typed with such a font.

    A document typed with a TCVN3 or VNI font and saved as Unicode shows the
    font's Latin-1 letters ("Tháng" as "Th¸ng", "chào" as "chaøo").
    """
    ratio, counted = _ratio(text)
    if counted < 2 or ratio >= 0.5:
        return None
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return None
    for name in ("tcvn3", "vni"):
        legacy_ratio, _ = _ratio(_LEGACY_DECODERS[name](raw))
        if legacy_ratio >= _CONVINCING:
            return name
    return None


def _detect_legacy(data: bytes) -> str:
    scores: dict[str, tuple[float, int]] = {}
    for name, decoder in _LEGACY_DECODERS.items():
        try:
            scores[name] = _ratio(decoder(data))
        except UnicodeDecodeError:
            continue
    convincing = sorted(
        (name for name, (ratio, _) in scores.items() if ratio >= _CONVINCING),
        key=lambda name: scores[name][0],
        reverse=True,
    )
    if len(convincing) == 1:
        return convincing[0]
    if len(convincing) > 1:
        best, second = convincing[0], convincing[1]
        if scores[best][0] - scores[second][0] >= _MARGIN:
            return best
        labels = " hoặc ".join(_ENCODING_LABELS[name] for name in convincing)
        raise TextDecodeError(
            f"Không nhận ra bảng mã của tệp (có thể là {labels}); {_SAVE_AS_UTF8}.",
            candidates=tuple(convincing),
        )
    raise TextDecodeError(
        "Không nhận ra bảng mã của tệp: nội dung không phải tiếng Việt ở bảng mã UTF-8, "
        f"UTF-16, Windows-1258, TCVN3 hay VNI; {_SAVE_AS_UTF8}."
    )


def detect_encoding(data: bytes) -> str:
    """Name the encoding of the bytes.

    Returns "utf-8", "utf-8-sig", "utf-16" (with BOM), "utf-16-le"/"utf-16-be"
    (without BOM), "cp1258", "tcvn3" or "vni". Raises TextDecodeError when the
    bytes are not text or no encoding is convincing.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_utf16(data, "utf-16")
    else:
        for signature, kind in _BINARY_SIGNATURES:
            if data.startswith(signature):
                raise _not_text(kind)
        utf16 = _utf16_without_bom(data)
        if utf16:
            return _check_utf16(data, utf16)
        encoding = "utf-8"
    if _looks_binary(data):
        raise _not_text()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8-sig":
            raise TextDecodeError(
                "Không đọc được tệp: tệp đánh dấu là UTF-8 nhưng có byte không hợp lệ."
            ) from None
        return _detect_legacy(data)
    legacy = _legacy_font_in_unicode(text)
    if legacy:
        raise TextDecodeError(
            f"Tệp được lưu dạng Unicode nhưng chữ được gõ bằng phông "
            f"{_ENCODING_LABELS[legacy]} nên sai dấu; hãy chuyển mã sang Unicode "
            "(ví dụ bằng Unikey) rồi lưu lại tệp dưới dạng UTF-8.",
            candidates=(legacy,),
        )
    return encoding


def decode_text(data: bytes) -> str:
    """Decode bytes from an office file to NFC text; b"" gives ""."""
    if not data:
        return ""
    encoding = detect_encoding(data)
    if encoding in _LEGACY_DECODERS:
        text = _LEGACY_DECODERS[encoding](data)
    else:
        text = data.decode(encoding)
        if encoding.startswith("utf-16"):
            text = text.removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text)


_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_whitespace(text: str) -> str:
    """NFC, no-break and other odd spaces as plain spaces, zero-width marks dropped."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _ODD_SPACES.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
