"""One vocabulary on every page, message and document: a directive is "nhiệm vụ được giao",
an activity log is "Nhật ký", the user is addressed as "đồng chí". Scans the compiled
catalogues (what the pages, messages and documents say) and the templates."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from tinhdoan.web.admin_words import ADMIN_WORDS

PACKAGE = Path(__file__).resolve().parents[2]
COMPILED = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.mo"))
TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))

# What a word stands for, and the words that must not stand for it.
BANNED = {
    "a directive is “nhiệm vụ được giao”": re.compile(r"ý kiến chỉ đạo|\bchỉ đạo\b", re.I),
    "an activity log is “Nhật ký”": re.compile(r"bản ghi nhớ", re.I),
    "the user is “đồng chí”": re.compile(
        r"\bbạn\b|\banh/chị\b|\banh chị\b|\bquý vị\b|\bông/bà\b|\btôi\b", re.I
    ),
}


def offences(text: str) -> list[str]:
    return [rule for rule, pattern in BANNED.items() if pattern.search(text)]


def compiled_messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalogue.items() if key}


@pytest.mark.parametrize(
    "text",
    [
        "Ý kiến chỉ đạo của đồng chí Chủ tịch",
        "3 chỉ đạo đã được ghi",
        "Bản ghi nhớ",
        "Bạn không được xem",
        "chờ anh/chị quyết định",
        "Tôi đã kiểm tra",
    ],
)
def test_the_scan_finds_a_banned_word(text):
    assert offences(text)


@pytest.mark.parametrize(
    "text", ["3 nhiệm vụ được giao đã được ghi", "Nhật ký", "Đồng chí không được xem"]
)
def test_the_scan_lets_the_vocabulary_through(text):
    assert offences(text) == []


def test_there_are_compiled_catalogues_and_templates_to_scan():
    assert len(COMPILED) >= 10 and len(TEMPLATES) >= 20


@pytest.mark.parametrize("mo", COMPILED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalogue_speaks_one_vocabulary(mo):
    found = [
        f"{key!r} → {value!r}: {rule}"
        for key, value in compiled_messages(mo).items()
        for rule in offences(value)
    ]
    assert found == []


def test_templates_speak_one_vocabulary():
    found = [
        f"{path.relative_to(PACKAGE)}: {rule}"
        for path in TEMPLATES
        for rule in offences(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_admin_calls_its_activity_log_nhat_ky():
    # Django's own catalogue says "Bản ghi nhớ"; the project catalogue is read first.
    with translation.override("vi"):
        assert translation.gettext("History") == "Nhật ký"
        assert translation.gettext("Change history: %s") == "Nhật ký thay đổi: %s"
        assert all(offences(translation.gettext(word)) == [] for word in ADMIN_WORDS)
        assert translation.pgettext("directive", "History") == "Lịch sử"
