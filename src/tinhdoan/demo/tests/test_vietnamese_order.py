"""Oracle for the one Vietnamese sort key (`lib.vntext.text_sort_key`) over every name of the
demo: a plain comparison written from the alphabet (a ă â b c d đ e ê … y, tones only breaking
ties), word by word, agrees with the key, in Python and in the database's ORDER BY."""

import random
import unicodedata

import pytest

from tinhdoan.demo import lang_son
from tinhdoan.lib import vntext
from tinhdoan.org.models import Person, Unit

ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m"]
ALPHABET += ["n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
# No tone, sắc, huyền, hỏi, ngã, nặng: only between words equal letter for letter.
TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _word(word: str) -> tuple[list, int]:
    """The letters of a word (numbers as one token of their value, before any letter) and
    its tone."""
    tokens: list = []
    tone = 0
    number = ""
    for ch in unicodedata.normalize("NFC", word.lower()) + " ":
        if ch.isdigit():
            number += ch
            continue
        if number:
            tokens.append((0, int(number)))
            number = ""
        parts = unicodedata.normalize("NFD", ch)
        tone = next((TONES[m] for m in parts if m in TONES), tone)
        letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
        if letter in ALPHABET:
            tokens.append((1, ALPHABET.index(letter)))
    return tokens, tone


def oracle(text: str):
    words = [_word(w) for w in text.split()]
    return [letters for letters, _ in words], [tone for _, tone in words]


def demo_names() -> list[str]:
    names = [name for _code, name, *_rest in lang_son.OUTSIDE_BODIES]
    names += [name for _code, name, _kind in lang_son.STANDING_UNITS]
    names += [name for _code, name, _wards in lang_son.UNITS_OF_2017]
    names.append(lang_son.PROVINCIAL_UNION[1])
    for _code, ward, _codename in lang_son.wards_of_today():
        names += [ward, ward.split(" ", 1)[1], lang_son.commune_union_name(ward)]
    return names


def shuffled(names: list[str]) -> list[str]:
    names = list(names)
    random.Random(17).shuffle(names)
    return names


def test_the_key_orders_every_demo_name_as_the_oracle_does():
    names = shuffled(demo_names())
    assert len(names) > 200
    assert sorted(names, key=vntext.text_sort_key) == sorted(names, key=oracle)


def test_the_place_names_of_the_issue_come_in_vietnamese_order():
    """ "Châu" before "Chi": â comes before i in the alphabet, as in every Vietnamese
    dictionary (châu, che, chi)."""
    names = ["Chi Lăng", "Cao Lộc", "Châu Sơn", "Bình Gia", "Bắc Sơn", "Chiến Thắng"]
    assert sorted(names, key=vntext.text_sort_key) == [
        "Bắc Sơn",
        "Bình Gia",
        "Cao Lộc",
        "Châu Sơn",
        "Chi Lăng",
        "Chiến Thắng",
    ]


def test_numbers_come_by_their_value_before_letters():
    names = ["Chi đoàn 10", "Chi đoàn A", "Chi đoàn 2", "Chi đoàn 1", "Chi đoàn 12A1"]
    expected = ["Chi đoàn 1", "Chi đoàn 2", "Chi đoàn 10", "Chi đoàn 12A1", "Chi đoàn A"]
    assert sorted(names, key=vntext.text_sort_key) == expected
    assert sorted(names, key=oracle) == expected


def test_people_sort_by_given_name_then_the_rest_as_the_oracle_does():
    people = [full_name for full_name, _positions in lang_son.PEOPLE]
    people += ["Hoàng Minh Khôi (minh họa)", "Lưu Thu Hà (minh họa)", "Lương Thị Hạnh"]
    people += ["Đinh Thị Hòa", "Nguyễn Văn Hoà", "Lê Anh", "Lê Văn Hà"]

    def by_given_name(name: str):
        """The given name is the last word before a remark in brackets ("(minh họa)")."""
        remark = name[name.rindex("(") :] if name.endswith(")") else ""
        words = name.removesuffix(remark).split()
        return oracle(" ".join([words[-1], *words[:-1], remark]))

    people = shuffled(people)
    assert sorted(people, key=vntext.name_sort_key) == sorted(people, key=by_given_name)
    assert sorted(people, key=vntext.name_sort_key).index("Lưu Thu Hà (minh họa)") < sorted(
        people, key=vntext.name_sort_key
    ).index("Lương Thị Hạnh")


@pytest.mark.django_db
def test_the_database_orders_the_stored_keys_as_the_oracle_does(demo):
    """Unit.sort_key and Person.sort_key are digits: ORDER BY agrees on SQLite and
    PostgreSQL alike, whatever the collation."""
    units = list(Unit.objects.order_by("sort_key", "code").values_list("name", flat=True))
    assert units == sorted(units, key=oracle)
    people = list(Person.objects.order_by("sort_key", "id").values_list("full_name", flat=True))
    assert [vntext.name_sort_key(p) for p in people] == sorted(
        vntext.name_sort_key(p) for p in people
    )


def test_a_text_that_starts_another_comes_first_whatever_its_tone():
    names = ["Chị Lăng", "Chị", "Hồ Chí Minh", "Hồ", "Bà Triệu", "Bà"]
    expected = ["Bà", "Bà Triệu", "Chị", "Chị Lăng", "Hồ", "Hồ Chí Minh"]
    assert sorted(names, key=vntext.text_sort_key) == expected == sorted(names, key=oracle)
