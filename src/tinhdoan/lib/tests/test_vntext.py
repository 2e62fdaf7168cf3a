import unicodedata

from tinhdoan.lib import vntext


def test_fold_removes_every_diacritic_and_d_bar():
    assert vntext.fold("Đoàn xã Thất Khê, Lạng Sơn") == "doan xa that khe, lang son"


def test_old_and_new_tone_placement_have_the_same_match_key():
    assert vntext.match_key("Tỉnh uỷ") == vntext.match_key("Tỉnh ủy")
    assert vntext.match_key("Hoà Bình") == vntext.match_key("Hòa Bình")
    assert vntext.match_key("khoẻ") == vntext.match_key("khỏe")


def test_tone_is_not_moved_in_closed_syllables_or_after_q():
    assert vntext.match_key("Hoàng") == "hoàng"
    assert vntext.match_key("quý") == "quý"
    assert vntext.match_key("toán") == "toán"


def test_nfd_and_nfc_have_the_same_keys():
    nfd = unicodedata.normalize("NFD", "Tỉnh đoàn Lạng Sơn")
    assert vntext.match_key(nfd) == vntext.match_key("Tỉnh đoàn Lạng Sơn")
    assert vntext.fold(nfd) == "tinh doan lang son"


def test_search_key_uses_folded_form_only_when_query_has_no_diacritics():
    assert vntext.search_key("lang son") == ("folded", "lang son")
    assert vntext.search_key("Lạng  Sơn") == ("match_key", "lạng sơn")


def test_names_sort_by_given_name_then_the_rest_in_vietnamese_order():
    names = [
        "Phạm Ngọc Thưởng",
        "Trần Thị Ánh",
        "Lê Văn Anh",
        "Lý Thị Ăn",
        "Nguyễn Văn An",
        "Hoàng Đức Đông",
        "Vũ Minh Dũng",
        "Bùi Văn An",
    ]
    assert sorted(names, key=vntext.name_sort_key) == [
        "Bùi Văn An",
        "Nguyễn Văn An",
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Lý Thị Ăn",
        "Vũ Minh Dũng",
        "Hoàng Đức Đông",
        "Phạm Ngọc Thưởng",
    ]


def test_name_sort_key_is_digits_only_so_every_collation_agrees():
    assert vntext.name_sort_key("Đặng Thị Ưng").isdigit()


def test_text_sort_key_follows_the_vietnamese_alphabet_word_by_word():
    names = ["Đoàn xã Đông", "Đoàn xã Bình Gia", "Đoàn xã Bắc Sơn", "Đoàn xã Dương"]
    assert sorted(names, key=vntext.text_sort_key) == [
        "Đoàn xã Bắc Sơn",
        "Đoàn xã Bình Gia",
        "Đoàn xã Dương",
        "Đoàn xã Đông",
    ]
