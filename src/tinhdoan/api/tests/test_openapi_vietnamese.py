"""The API documentation speaks Vietnamese: every operation of the served schema has a
Vietnamese summary and description, and every group (tag) a Vietnamese description."""

import re
import unicodedata

import pytest

# Letters only Vietnamese writes: the vowels with a tone mark or a hat, horn or breve, and đ.
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
# Words a Vietnamese sentence never holds; an English summary ("List Units", "Get Unit",
# "Record a congress with the delegates") holds at least one of them.
ENGLISH_WORDS = {
    "a", "an", "the", "of", "and", "with", "for", "from", "by", "is", "are", "which", "that",
    "get", "list", "create", "update", "delete", "put", "post", "mark", "act", "on", "read",
    "units", "unit", "report", "reports", "values", "draft",
}  # fmt: skip


def is_vietnamese(text: str) -> bool:
    # Names in backticks are parameters and values of the API (`as_of`, `true`), not prose.
    prose = re.sub(r"`[^`]*`", " ", unicodedata.normalize("NFC", text)).lower()
    words = re.findall(r"[^\W\d_]+", prose)
    return (
        bool(words)
        and any(letter in VIETNAMESE_LETTERS for letter in prose)
        and not any(word in ENGLISH_WORDS for word in words)
    )


@pytest.fixture
def schema(client, db):
    return client.get("/api/v1/openapi.json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize(
    "text", ["List Units", "Get Program", "Record a congress", "Danh sach don vi", "", "  "]
)
def test_the_check_refuses_english_and_text_without_diacritics(text):
    assert not is_vietnamese(text)


@pytest.mark.parametrize(
    "text", ["Danh sách đơn vị", "Ghi nhiều số liệu", "Sửa `version` của buổi làm việc"]
)
def test_the_check_accepts_vietnamese(text):
    assert is_vietnamese(text)


def test_every_operation_has_a_vietnamese_summary(schema):
    not_vietnamese = [
        f"{name}: {operation.get('summary')!r}"
        for name, operation in operations(schema)
        if not is_vietnamese(operation.get("summary", ""))
    ]
    assert not_vietnamese == []
    assert len(list(operations(schema))) >= 50  # every app's router is in the schema


def test_every_operation_has_a_vietnamese_description(schema):
    not_vietnamese = [
        f"{name}: {operation.get('description')!r}"
        for name, operation in operations(schema)
        if not is_vietnamese(operation.get("description", ""))
    ]
    assert not_vietnamese == []


def test_every_tag_in_use_is_described_in_vietnamese(schema):
    described = {tag["name"]: tag.get("description", "") for tag in schema.get("tags", [])}
    used = {tag for _, operation in operations(schema) for tag in operation.get("tags", [])}
    assert {tag for tag in used if not is_vietnamese(described.get(tag, ""))} == set()
    assert set(described) == used  # no description left for a tag that no longer exists
