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
    assert extra == {
        "warnings",
        "meeting_date_span",
        "topic_spans",
        "conclusion",
        "strengths",
        "limitations",
    }


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


def _body(*paragraphs: str) -> str:
    return "\n\n".join(("Thứ Ba, 12/03/2024", "Lãnh đạo tỉnh làm việc với Huyện đoàn", *paragraphs))


def test_items_listed_after_a_lead_share_its_assignee():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh làm việc với Huyện đoàn Kỳ Lam.",
        "Kết luận, đồng chí đề nghị Huyện đoàn thực hiện tốt các nội dung sau:",
        "- Cần quan tâm phát triển đoàn viên trong doanh nghiệp.",
        "- Phối hợp với các xã hỗ trợ thanh niên khởi nghiệp.",
    )

    record = extract_record(text)

    assert [(d["assignee"], d["text"]) for d in record["directives"]] == [
        ("Huyện đoàn", "quan tâm phát triển đoàn viên trong doanh nghiệp"),
        ("Huyện đoàn", "Phối hợp với các xã hỗ trợ thanh niên khởi nghiệp"),
    ]


def test_a_list_with_no_assignee_goes_to_the_host_with_a_warning():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh làm việc với Huyện đoàn Kỳ Lam.",
        "Phát biểu chỉ đạo, đồng chí lưu ý:",
        "Một là, đổi mới sinh hoạt chi đoàn.",
        "Hai là, làm tốt công tác nắm tình hình thanh niên.",
    )

    record = extract_record(text)

    assert [d["assignee"] for d in record["directives"]] == ["Huyện đoàn", "Huyện đoàn"]
    assert all(d["confidence"] < 0.7 for d in record["directives"])
    assert sum("không nêu đơn vị thực hiện" in w for w in record["warnings"]) == 2


def test_each_item_may_name_its_own_assignee():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.",
        "Kết luận hội nghị, đồng chí đề nghị: UBND huyện hoàn thiện các tờ trình; "
        "các Ban HĐND huyện tổ chức thẩm tra đúng thời gian.",
    )

    record = extract_record(text)

    assert [(d["assignee"], d["text"]) for d in record["directives"]] == [
        ("UBND huyện", "hoàn thiện các tờ trình"),
        ("các Ban HĐND huyện", "tổ chức thẩm tra đúng thời gian"),
    ]


def test_an_officer_of_the_host_raises_requests_and_is_no_leader():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh làm việc với "
        "Liên đoàn Lao động tỉnh.",
        "Đồng chí Hà Thị Mai, Chủ tịch LĐLĐ tỉnh đề nghị UBND tỉnh hỗ trợ kinh phí tổ chức "
        "Tết Sum vầy; bố trí quỹ đất xây dựng nhà ở công nhân.",
    )

    record = extract_record(text)

    assert [leader["name"] for leader in record["leaders"]] == ["Lê Văn Tâm"]
    assert [r["text"] for r in record["recommendations"]] == [
        "hỗ trợ kinh phí tổ chức Tết Sum vầy",
        "bố trí quỹ đất xây dựng nhà ở công nhân",
    ]
    assert record["directives"] == []


def test_positions_joined_by_kiem_are_each_a_position():
    text = _body(
        "Sáng 11/3, đồng chí Nông Văn Hải, Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh kiêm "
        "Trưởng Đoàn đại biểu Quốc hội tỉnh làm việc với Huyện đoàn."
    )

    record = extract_record(text)

    assert record["leaders"][0]["positions"] == [
        "Phó Bí thư Tỉnh ủy",
        "Chủ tịch HĐND tỉnh",
        "Trưởng Đoàn đại biểu Quốc hội tỉnh",
    ]


def test_the_hosts_plans_are_not_results():
    text = _body(
        "Năm 2023, Huyện đoàn đã kết nạp 215 đoàn viên mới.",
        "Năm 2024, Huyện đoàn phấn đấu kết nạp 300 đoàn viên mới.",
    )

    record = extract_record(text)

    assert [(a["done"], a["text"]) for a in record["achievements"]] == [
        (215, "kết nạp 215 đoàn viên mới")
    ]


def test_a_dateline_dates_the_page_and_the_meeting_comes_after_it():
    text = (
        "Lãnh đạo tỉnh nghe Tỉnh đoàn báo cáo\n\n"
        "Hà Lĩnh, ngày 12/5/2023 - Chiều nay, Thường trực Tỉnh ủy đã nghe Ban Thường vụ "
        "Tỉnh đoàn báo cáo kết quả công tác năm 2022."
    )

    record = extract_record(text)

    assert (record["published"], record["meeting_date"]) == ("2023-05-12", "2023-05-12")
    assert record["meeting_date_text"] == "Chiều nay"
    assert record["host_organization"] == "Ban Thường vụ Tỉnh đoàn"


def test_the_page_date_can_come_from_its_address():
    text = (
        "https://bao.example.vn/chinh-tri/lam-viec-voi-tinh-doan-20211116083512.htm\n\n"
        "Phó Bí thư Tỉnh ủy làm việc với Tỉnh đoàn\n\n"
        "Sáng nay (16/11), đồng chí Võ Thị Tuyết, Phó Bí thư Tỉnh ủy làm việc với Tỉnh đoàn."
    )

    record = extract_record(text)

    assert (record["published"], record["meeting_date"]) == ("2021-11-16", "2021-11-16")


def test_related_links_and_a_head_byline_are_not_the_body():
    text = (
        "Lãnh đạo huyện làm việc với Huyện đoàn\n\nTin, ảnh: Hồng Vân\n\n05/01/2025 09:10\n\n"
        "Chiều 4/1, đồng chí Tạ Văn Long, Bí thư Huyện ủy làm việc với Huyện đoàn.\n\n"
        "Tin liên quan\nHuyện đoàn ra mắt 12 đội hình tình nguyện\n\n"
        "Năm 2024, Huyện đoàn đã tổ chức 9 lớp tập huấn kỹ năng."
    )

    record = extract_record(text)

    assert record["author"] == "Hồng Vân"
    assert [a["done"] for a in record["achievements"]] == [9]


def test_a_text_cut_short_is_said_to_be():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh làm việc với Huyện đoàn.",
        "Đồng chí đề nghị Huyện đoàn quan tâm công tác giáo dục; phối hợp",
    )

    record = extract_record(text)

    assert any("bị cắt ngang" in w for w in record["warnings"])


def test_a_visit_of_several_days_is_dated_by_its_first_day():
    text = _body(
        "Trong 2 ngày 7 và 8/3, đoàn công tác do đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh "
        "làm trưởng đoàn đã làm việc với Huyện đoàn Kỳ Lam."
    )

    record = extract_record(text)

    assert (record["meeting_date_text"], record["meeting_date"]) == (
        "Trong 2 ngày 7 và 8/3",
        "2024-03-07",
    )


def test_positions_listed_before_a_name_all_belong_to_it():
    text = _body(
        "Chiều 11/3, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Khối các cơ quan tỉnh "
        "Trần Thị Hoa làm việc với Ban Thường vụ Đoàn Khối các cơ quan tỉnh."
    )

    record = extract_record(text)

    assert record["leaders"][0]["name"] == "Trần Thị Hoa"
    assert record["leaders"][0]["positions"] == [
        "Ủy viên Ban Thường vụ Tỉnh ủy",
        "Bí thư Đảng ủy Khối các cơ quan tỉnh",
    ]
    assert record["host_organization"] == "Ban Thường vụ Đoàn Khối các cơ quan tỉnh"


def test_directives_inside_a_quotation_are_read():
    text = _body(
        "Sáng 11/3, đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh làm việc với Huyện đoàn.",
        'Đồng chí nhấn mạnh: "Huyện đoàn cần đổi mới sinh hoạt chi đoàn; '
        'quan tâm thanh niên công nhân".',
    )

    record = extract_record(text)

    assert [(d["assignee"], d["text"]) for d in record["directives"]] == [
        ("Huyện đoàn", "đổi mới sinh hoạt chi đoàn"),
        ("Huyện đoàn", "quan tâm thanh niên công nhân"),
    ]


def test_a_span_of_years_is_not_the_period_reviewed():
    text = _body("Báo cáo cho thấy, từ năm 2018 đến nay, Hội đã kết nạp 300 hội viên mới.")

    record = extract_record(text)

    assert record["period_reviewed"] is None
