"""Vocabulary of Vietnamese administrative news: positions, bodies, numbers."""

from __future__ import annotations

import re

# Words that make a position ("Phó Bí thư Tỉnh ủy"): the head comes first, the
# body it belongs to follows.
POSITION_HEAD = re.compile(
    r"(?:Phó\s+)?(?:Tổng\s+)?"
    r"(?:Bí\s+thư(?:\s+[Tt]hường\s+trực)?|Chủ\s+tịch|Giám\s+đốc|Chủ\s+nhiệm|"
    r"Trưởng\s+[Bb]an|Trưởng\s+[Pp]hòng|Trưởng\s+[Đđ]oàn|Chánh\s+[Vv]ăn\s+phòng|"
    r"Chánh\s+[Tt]hanh\s+tra|Chánh\s+án|Viện\s+trưởng|Hiệu\s+trưởng|Chỉ\s+huy\s+trưởng|"
    r"Chính\s+[uủ][ỷy]|Tư\s+lệnh|Thủ\s+tướng|Bộ\s+trưởng|Thứ\s+trưởng|Biên\s+tập|"
    r"[UỦ][ỷy]\s+viên(?:\s+dự\s+khuyết)?|(?:Tỉnh|Thành|Huyện|Quận|Thị)\s+[uủ][ỷy]\s+viên|"
    r"Đại\s+biểu\s+Quốc\s+hội|Đại\s+biểu\s+HĐND|Thành\s+viên|Trưởng|Chánh)"
    r"(?![^\W\d_])"
)

# Lowercase words that belong inside the name of a body ("UBND tỉnh",
# "Ủy ban nhân dân thành phố", "Đại biểu Quốc hội khóa XV").
ORG_LOWER_WORDS = frozenset(
    {
        "tỉnh", "thành phố", "thành", "phố", "huyện", "quận", "thị xã", "thị", "xã",
        "phường", "thị trấn", "trấn", "nhân dân", "nhân", "dân", "ban", "khóa", "khoá",
        "cộng sản", "thường trực", "thường vụ", "ban nhân dân", "uỷ ban", "ủy ban", "ủy", "uỷ",
        "công nghiệp", "chế xuất", "kinh tế", "đảng",
    }
)  # fmt: skip

# Lowercase words inside a position after its head ("Phó Trưởng Đoàn đại biểu Quốc hội
# chuyên trách tỉnh").
POSITION_LOWER_WORDS = ORG_LOWER_WORDS | frozenset(
    {"đại biểu", "đại", "biểu", "chuyên trách", "chuyên", "trách"}
)

# First words of a body: where a list of bodies is cut into its members.
ORG_HEADS = re.compile(
    r"(?:Sở|Ban|Hội|Phòng|UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Tỉnh\s+đoàn|Thành\s+đoàn|Huyện\s+đoàn|"
    r"Quận\s+đoàn|Thị\s+đoàn|Đoàn|Công\s+an|Bộ|Đài|Báo|Trường|Liên\s+đoàn|Mặt\s+trận|"
    r"Tỉnh\s+[uủ][ỷy]|Thành\s+[uủ][ỷy]|Huyện\s+[uủ][ỷy]|Văn\s+phòng|Cục|Chi\s+cục|Ngân\s+hàng|"
    r"Trung\s+tâm|Hội\s+đồng|Quỹ|Viện|Bảo\s+hiểm|Kho\s+bạc|Hải\s+quan|Bưu\s+điện|Công\s+ty|"
    r"Tổng\s+công\s+ty|Học\s+viện|Đại\s+học)(?![^\W\d_])"
)

# Committees of a body: "Ban Thường vụ Tỉnh đoàn" is the standing committee of
# "Tỉnh đoàn".
COMMITTEE_PREFIX = re.compile(
    r"^(?:Ban\s+Thường\s+vụ|Ban\s+Chấp\s+hành|Ban\s+Thường\s+trực|Thường\s+trực|"
    r"Ban\s+Bí\s+thư|Đảng\s+đoàn|Ban\s+cán\s+sự\s+đảng)\s+"
)

# "các sở, ban, ngành", "các sở, ngành liên quan", "các cơ quan, đơn vị".
_COLLECTIVE_NOUN = (
    r"(?:cấp\s+bộ\s+Đoàn|cấp\s+Hội(?:\s+(?:phụ\s+nữ|Cựu\s+chiến\s+binh|[Nn]ông\s+dân))?|"
    r"cấp\s+công\s+đoàn|cấp\s+[uủ][ỷy]\s+đảng|cấp\s+[uủ][ỷy],\s+tổ\s+chức\s+đảng|"
    r"Ban\s+HĐND(?:\s+(?:tỉnh|huyện|thành\s+phố))?|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|cấp\s+ủy|cấp\s+uỷ|cấp|chính\s+quyền|"
    r"huyện|thành\s+phố|thị\s+xã|xã|phường|thị\s+trấn|đoàn\s+thể|tổ\s+chức|trường|hội|"
    r"doanh\s+nghiệp|ngành\s+chức\s+năng|lực\s+lượng|cơ\s+sở\s+đoàn|đoàn\s+cơ\s+sở)"
)
COLLECTIVE_ASSIGNEE = re.compile(
    rf"(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+)?(?:[Cc]ác|[Nn]hững)\s+{_COLLECTIVE_NOUN}(?:\s*,\s*{_COLLECTIVE_NOUN}|\s+và\s+(?:các\s+)?"
    rf"{_COLLECTIVE_NOUN})*"
    r"(?:\s+(?:có\s+liên\s+quan|liên\s+quan|chức\s+năng|của\s+tỉnh|thành\s+viên|"
    r"trong\s+(?:tỉnh|huyện|thành\s+phố)|toàn\s+(?:tỉnh|huyện)|thành\s+phố|tỉnh|huyện|"
    r"trên\s+địa\s+bàn(?:\s+tỉnh|\s+thành\s+phố|\s+huyện)?))*(?![^\W\d_])"
)

# Family names (họ) that open a Vietnamese personal name.
SURNAMES = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lương
    Trịnh Đào Mai Lâm Hà Cao Chu Tạ Triệu Nông Lưu Tô Vi Lã La Thái Đàm Quách Kiều Phùng
    Lục Hứa Mạc Chẩu Hầu Sầm Ma Lò Vàng Giàng Thào Sùng Lầu Mùa Hoàng Văn Trương Đoàn Tăng
    Khổng Thân Tống Kim Doãn Nghiêm Âu Giáp Lại Lạc Châu Tôn Quan Ninh Trình Từ Bế Hà Y
    Đồng Vương Diệp Thạch Danh Mã Ông Khúc Viên Đậu Cù Hồng Lữ Biện Trà Tiêu Bạch Nhữ
    Cấn Mẫn Đường Lò Ksor Siu Rahlan""".split()
)  # fmt: skip

_UNITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
NUMBER_WORD = r"(?:mười|mươi|trăm|linh|lẻ|" + "|".join(_UNITS) + r")"
NUMBER_WORDS = rf"{NUMBER_WORD}(?:\s+{NUMBER_WORD})*"
NUMBER = rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+|{NUMBER_WORDS})"


def parse_number(text: str) -> int | None:
    """ "12", "1.245", "mười hai", "hai mươi mốt", "một trăm linh năm" -> int."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    for word in text.split():
        if word in _UNITS:
            current = current + _UNITS[word] if current % 10 == 0 else current * 10 + _UNITS[word]
        elif word == "mười":
            current += 10
        elif word == "mươi":
            current = (current or 1) * 10
        elif word == "trăm":
            total += (current or 1) * 100
            current = 0
        elif word in ("linh", "lẻ"):
            continue
        else:
            return None
    return total + current


ROMAN = r"(?:[IVXLC]+)"


# Abbreviations of bodies, read in full when two names are compared.
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "LHPN": "Liên hiệp Phụ nữ",
    "LĐLĐ": "Liên đoàn Lao động",
    "CCB": "Cựu chiến binh",
    "MTTQ": "Mặt trận Tổ quốc",
    "ĐBQH": "Đoàn đại biểu Quốc hội",
    "TNCS": "Thanh niên Cộng sản",
}
