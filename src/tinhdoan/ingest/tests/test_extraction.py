import unicodedata

import pytest

from tinhdoan.ingest.extraction import extract_record
from tinhdoan.ingest.normalizing import normalize
from tinhdoan.lib.textfile import decode_text

from .conftest import DEV, expected_for

OPTIONAL_DIRECTIVE_KEYS = ("deadline", "coordinators")


def _record(path):
    text = normalize(decode_text(path.read_bytes())).text
    return text, extract_record(text)


ITEM_METADATA = ("span", "confidence")


def _without_spans(value):
    if isinstance(value, list):
        return [_without_spans(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items() if k not in ITEM_METADATA}
    return value


def test_seed_comes_out_exactly_as_expected(seed_path):
    expected = expected_for(seed_path)
    expected.pop("notes")

    _, record = _record(seed_path)

    for key, value in expected.items():
        assert _without_spans(record[key]) == value, key


def test_seed_record_has_only_the_documented_extra_keys(seed_path):
    _, record = _record(seed_path)

    extra = set(record) - set(expected_for(seed_path))
    assert extra == {"warnings", "meeting_date_span", "topic_spans"}


def test_seed_warns_that_the_page_date_disagrees_with_the_meeting(seed_path):
    _, record = _record(seed_path)

    assert record["meeting_date"] == "2018-01-09"
    [warning] = record["warnings"]
    assert "02/08/2021" in warning
    assert "09/01/2018" in warning
    assert "2017" in warning


def test_seed_spans_point_at_the_extracted_text(seed_path):
    text, record = _record(seed_path)

    start, end = record["meeting_date_span"]
    assert text[start:end] == "Sáng nay (9/1)"
    for field in ("achievements", "congresses", "directives", "recommendations"):
        for item in record[field]:
            start, end = item["span"]
            assert text[start:end] == item["text"], field
    for topic, (start, end) in zip(record["topics"], record["topic_spans"], strict=True):
        assert text[start:end] == topic
    leader = record["leaders"][0]
    start, end = leader["span"]
    assert text[start:end] == "Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"


DEV_FILES = sorted(DEV.glob("dev-*.txt")) if DEV.exists() else []
KEY_FIELDS = (
    "title",
    "published",
    "meeting_date",
    "period_reviewed",
    "host_organization",
    "author",
)


@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.stem)
def test_dev_text_key_fields(path):
    expected = expected_for(path)

    _, record = _record(path)

    for field in KEY_FIELDS:
        assert record[field] == expected[field], field
    assert [leader["name"] for leader in record["leaders"]] == [
        leader["name"] for leader in expected["leaders"]
    ]
    assert [(a["done"], a["total"], a["kind"]) for a in record["achievements"]] == [
        (a["done"], a["total"], a["kind"]) for a in expected["achievements"]
    ]
    assert [d["assignee"] for d in record["directives"]] == [
        d["assignee"] for d in expected["directives"]
    ]
    assert [d.get("deadline") for d in record["directives"]] == [
        d.get("deadline") for d in expected["directives"]
    ]
    assert [c["term"] for c in record["congresses"]] == [c["term"] for c in expected["congresses"]]
    assert record["topics"] == expected["topics"]
    assert len(record["recommendations"]) == len(expected["recommendations"])


def test_nfd_text_with_old_tone_placement_keeps_its_own_words():
    path = DEV / "dev-02.txt"
    raw = path.read_bytes().decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw)

    _, record = _record(path)

    assert record["leaders"][0]["positions"] == ["Uỷ viên Trung ương Đảng", "Bí thư Tỉnh uỷ"]
    assert unicodedata.is_normalized("NFC", record["leaders"][0]["positions"][1])


def test_notice_directives_split_by_bullet_not_by_semicolon():
    _, record = _record(DEV / "dev-03.txt")

    texts = [d["text"] for d in record["directives"]]
    assert any(";" in t and t.endswith("trước ngày 30/6/2024") for t in texts)
    coordinated = [d for d in record["directives"] if d.get("coordinators")]
    assert coordinated[0]["coordinators"] == ["Sở Lao động - Thương binh và Xã hội"]
    assert record["recommendations"][1]["answer"].startswith("UBND tỉnh sẽ xem xét")


def test_relative_day_resolves_against_the_page_date():
    text = (
        "Thứ Ba, 10/01/2023\n\nLãnh đạo huyện làm việc với Huyện đoàn\n\n"
        "Chiều hôm qua, đồng chí Hoàng Văn Minh, Bí thư Huyện ủy đã làm việc với Ban Thường vụ "
        "Huyện đoàn về kết quả công tác năm 2022."
    )

    record = extract_record(text)

    assert record["meeting_date"] == "2023-01-09"
    assert record["period_reviewed"] == "2022"


def test_day_without_year_before_new_year_takes_the_previous_year():
    text = (
        "05/01/2024\n\nThường trực Tỉnh ủy làm việc với Tỉnh đoàn\n\n"
        "Ngày 28.12, đồng chí Lý Thị Hoa, Phó Bí thư Thường trực Tỉnh ủy làm việc với "
        "Ban Thường vụ Tỉnh đoàn."
    )

    record = extract_record(text)

    assert record["meeting_date"] == "2023-12-28"
    assert record["leaders"][0]["positions"] == ["Phó Bí thư Thường trực Tỉnh ủy"]


def test_numbers_in_words_are_counted():
    text = (
        "Tỉnh đoàn tổng kết năm\n\nNăm 2022, Tỉnh đoàn đã hoàn thành năm nhiệm vụ trọng tâm, "
        "đạt và vượt mười hai trên mười ba chỉ tiêu."
    )

    record = extract_record(text)

    assert [(a["done"], a["total"], a["kind"]) for a in record["achievements"]] == [
        (5, None, "task"),
        (12, 13, "target"),
    ]


def test_text_that_is_not_a_working_session_gives_an_empty_record_with_warnings():
    text = "Dự báo thời tiết\n\nTrời nắng nhẹ, gió đông bắc cấp 2, nhiệt độ từ 20 đến 28 độ."

    record = extract_record(text)

    assert record["leaders"] == record["directives"] == record["achievements"] == []
    assert any("không có dấu hiệu của một buổi làm việc" in w for w in record["warnings"])
    assert any("Không trích xuất được" in w for w in record["warnings"])
    assert record["meeting_date"] is None
