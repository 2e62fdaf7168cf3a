import codecs
import unicodedata

import pytest

from tinhdoan.lib.textfile import (
    TextDecodeError,
    decode_text,
    detect_encoding,
    encode_legacy,
    is_vietnamese_syllable,
    normalize_whitespace,
)

# Every vowel with every tone, đ, and an ordinary sentence around them.
ALL_LOWER_LETTERS = " ".join(
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in "aăâeêioôơuưy"
    for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
)
SENTENCE = (
    "Đồng chí Chủ tịch UBND tỉnh yêu cầu Tỉnh đoàn tiếp tục giáo dục lý tưởng, "
    "lối sống cho đoàn viên, thanh niên; hoàn thành 5 nhiệm vụ trọng tâm, "
    "đạt và vượt 11/12 chỉ tiêu của năm 2017. Ngày 09 tháng 01 năm 2018.\n"
)
SAMPLE = SENTENCE + ALL_LOWER_LETTERS + " đ Đ Ă Â Ê Ô Ơ Ư\n"
SAMPLE_WITH_UPPER = SAMPLE + ALL_LOWER_LETTERS.upper() + "\n"


@pytest.mark.parametrize(
    ("data", "expected_encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-native", "utf-16-be-bom", "utf-16-le-bom"],
)
def test_unicode_encodings_round_trip(data, expected_encoding):
    assert detect_encoding(data) == expected_encoding
    assert decode_text(data) == SAMPLE


@pytest.mark.parametrize("encoding", ["cp1258", "vni"])
def test_legacy_encoding_with_uppercase_round_trips(encoding):
    data = encode_legacy(SAMPLE_WITH_UPPER, encoding)

    assert not data.isascii()
    assert detect_encoding(data) == encoding
    assert decode_text(data) == SAMPLE_WITH_UPPER


def test_tcvn3_round_trips():
    data = encode_legacy(SAMPLE, "tcvn3")

    assert detect_encoding(data) == "tcvn3"
    assert decode_text(data) == SAMPLE


def test_tcvn3_bytes_follow_the_standard():
    assert encode_legacy("Tháng", "tcvn3") == b"Th\xb8ng"
    assert encode_legacy("đoàn", "tcvn3") == b"\xaeo\xb5n"
    assert encode_legacy("Ưu", "tcvn3") == b"\xa6u"


def test_vni_bytes_follow_the_standard():
    assert encode_legacy("chào các bạn", "vni") == "chaøo caùc baïn".encode("cp1252")
    assert encode_legacy("Đường", "vni") == "Ñöôøng".encode("cp1252")
    assert encode_legacy("Tỉnh ủy", "vni") == "Tænh uûy".encode("cp1252")


def test_cp1258_uses_combining_tone_marks():
    data = encode_legacy("việc", "cp1258")

    assert data == b"vi\xea\xf2c"  # ê then the combining dot below
    assert decode_text(data) == "việc"


def test_tcvn3_uppercase_with_tone_cannot_be_encoded():
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Ú", "tcvn3")


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", SAMPLE)
    assert nfd != SAMPLE

    text = decode_text(nfd.encode("utf-8"))

    assert text == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


def test_old_tone_placement_is_kept_as_written():
    assert decode_text("Tỉnh uỷ, hoà bình".encode()) == "Tỉnh uỷ, hoà bình"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00\xff\xfe",
        bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    ],
    ids=["nul-bytes", "all-bytes", "pdf", "zip"],
)
def test_binary_is_refused(data):
    with pytest.raises(TextDecodeError, match="không phải văn bản"):
        decode_text(data)


def test_refusal_names_a_recognised_binary_kind():
    with pytest.raises(TextDecodeError, match="PDF"):
        detect_encoding(b"%PDF-1.4\n")


def test_ambiguous_legacy_bytes_are_refused_with_the_candidates():
    # Lone high bytes read as a word in Windows-1258, TCVN3 and VNI alike.
    with pytest.raises(TextDecodeError, match="Không nhận ra bảng mã") as caught:
        decode_text(b"\xe0 \xe1 \xe0")

    assert len(caught.value.candidates) >= 2
    assert "UTF-8" in str(caught.value)


def test_non_vietnamese_8bit_text_is_refused():
    with pytest.raises(TextDecodeError, match="Không nhận ra bảng mã"):
        decode_text("café au lait, déjà vu, très bien, garçon".encode("latin-1"))


def test_text_typed_with_a_vni_font_but_saved_as_unicode_is_refused():
    mojibake = "Lãnh đạo tỉnh làm việc với Tỉnh đoàn"
    font_text = encode_legacy(mojibake, "vni").decode("cp1252")

    with pytest.raises(TextDecodeError, match="VNI"):
        decode_text(font_text.encode("utf-8"))


def test_utf16_marked_but_broken_is_refused():
    with pytest.raises(TextDecodeError, match="UTF-16"):
        decode_text(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")


def test_empty_bytes_give_empty_text():
    assert decode_text(b"") == ""


def test_error_is_a_value_error_with_a_vietnamese_message():
    with pytest.raises(ValueError) as caught:
        decode_text(b"\x00\x00\x00\x01")

    assert str(caught.value).startswith("Không đọc được tệp")


@pytest.mark.parametrize("word", ["nghiêng", "khuyến", "quyết", "giữ", "Tỉnh", "uỷ", "ĐOÀN"])
def test_valid_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Th¸ng", "café", "chaøo", "tiịnh", "hoàc", "xyz"])
def test_invalid_syllables(word):
    assert not is_vietnamese_syllable(word)


def test_normalize_whitespace_turns_odd_spaces_into_plain_spaces():
    assert normalize_whitespace("Thứ hai,\u00a0 02/08\u200b/2021\r\n") == "Thứ hai,  02/08/2021\n"
