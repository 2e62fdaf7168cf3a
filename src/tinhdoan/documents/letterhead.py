"""Who a report is issued by, from the unit that issues it: the lines top left and the signature."""

import re

from tinhdoan.org.models import Unit, UnitKind


def place_of(unit: Unit) -> str:
    """The place named in a body's name: "Tỉnh đoàn Lạng Sơn" -> "Lạng Sơn"."""
    match = re.search(r"(?:tỉnh|Tỉnh đoàn|Thành đoàn|Huyện đoàn|thành phố)\s+(.+)$", unit.name)
    return match.group(1).strip() if match else ""


def letterhead_for(unit: Unit) -> dict:
    """Style, issuer lines, number template and signature block of a body's reports.

    A union unit follows Hướng dẫn 29-HD/TWĐTN-VP (its level above on the line
    over it); a people's committee and other state bodies follow Nghị định 30/2020.
    """
    if unit.kind == UnitKind.PEOPLES_COMMITTEE:
        name = re.sub(r"^UBND\b", "Ủy ban nhân dân", unit.name)
        return {
            "style": "state",
            "issuer_parent": "",
            "issuer": name.upper(),
            "number": "      /BC-UBND",
            "signature": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        }
    if unit.kind == UnitKind.PROVINCIAL_UNION:
        return {
            "style": "union",
            "issuer_parent": "",
            "issuer": f"BCH TỈNH {place_of(unit).upper()}".strip(),
            "number": "      -BC/TĐTN-VP",
            "signature": ("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "BÍ THƯ"),
        }
    if unit.is_union:
        parent = unit.parent
        return {
            "style": "union",
            "issuer_parent": f"BCH {parent.name.upper()}" if parent else "",
            "issuer": f"BCH {unit.name.upper()}",
            "number": "      -BC/ĐTN",
            "signature": ("TM. BAN THƯỜNG VỤ", "BÍ THƯ"),
        }
    return {
        "style": "state",
        "issuer_parent": unit.parent.name.upper() if unit.parent else "",
        "issuer": unit.name.upper(),
        "number": "      /BC",
        "signature": ("", "THỦ TRƯỞNG CƠ QUAN"),
    }
