"""Who a document is issued by, from the unit that issues it: the lines top left, the number's
symbol and who may sign it."""

import datetime
import re
from dataclasses import dataclass

from tinhdoan.org.models import Position, Unit, UnitKind
from tinhdoan.org.selectors import positions_on

from .model import Signature

# "Tỉnh đoàn Lạng Sơn" is named "Đoàn tỉnh Lạng Sơn" in a letterhead (BCH ĐOÀN TỈNH LẠNG SƠN).
UNION_BODY_NAMES = (
    ("Tỉnh đoàn ", "Đoàn tỉnh "),
    ("Thành đoàn ", "Đoàn thành phố "),
    ("Huyện đoàn ", "Đoàn huyện "),
    ("Thị đoàn ", "Đoàn thị xã "),
)
# The number's symbol after the kind ("12-BC/TĐTN-VP"), Hướng dẫn 29-HD/TWĐTN-VP.
UNION_SYMBOLS = {
    UnitKind.PROVINCIAL_UNION: "TĐTN-VP",
    UnitKind.DISTRICT_UNION: "HĐTN",
}
SECRETARY, DEPUTY = "bí thư", "phó bí thư"


def place_of(unit: Unit) -> str:
    """The place named in a body's name: "Tỉnh đoàn Lạng Sơn" -> "Lạng Sơn"."""
    match = re.search(r"(?:tỉnh|Tỉnh đoàn|Thành đoàn|Huyện đoàn|thành phố)\s+(.+)$", unit.name)
    return match.group(1).strip() if match else ""


def union_body_name(unit: Unit) -> str:
    """ "Tỉnh đoàn Lạng Sơn" -> "Đoàn tỉnh Lạng Sơn"; "Đoàn xã Đoàn Kết" stays."""
    for prefix, body in UNION_BODY_NAMES:
        if unit.name.startswith(prefix):
            return body + unit.name[len(prefix) :]
    return unit.name


def number_symbol(unit: Unit, kind_code: str) -> str:
    """ "BC/TĐTN-VP" for a report of the provincial union, "BC-UBND" for a state body's."""
    if unit.is_union:
        if unit.name.startswith("Thành đoàn "):
            return f"{kind_code}/TĐTN"
        return f"{kind_code}/{UNION_SYMBOLS.get(unit.kind, 'ĐTN')}"
    if unit.kind == UnitKind.PEOPLES_COMMITTEE:
        return f"{kind_code}-UBND"
    return kind_code


def numbered(style: str, number: int | None, symbol: str) -> str:
    """ "12-BC/TĐTN-VP" (union), "12/TB-UBND" (state); a blank for the number before issue."""
    shown = str(number) if number else "     "
    return f"{shown}-{symbol}" if style == "union" else f"{shown}/{symbol}"


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
            "number": numbered("state", None, number_symbol(unit, "BC")),
            "signature": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        }
    if unit.kind == UnitKind.PROVINCIAL_UNION:
        return {
            "style": "union",
            "issuer_parent": "",
            "issuer": f"BCH {union_body_name(unit).upper()}",
            "number": numbered("union", None, number_symbol(unit, "BC")),
            "signature": ("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "BÍ THƯ"),
        }
    if unit.is_union:
        parent = unit.parent
        return {
            "style": "union",
            "issuer_parent": f"BCH {union_body_name(parent).upper()}" if parent else "",
            "issuer": f"BCH {union_body_name(unit).upper()}",
            "number": numbered("union", None, number_symbol(unit, "BC")),
            "signature": ("TM. BAN THƯỜNG VỤ", "BÍ THƯ"),
        }
    return {
        "style": "state",
        "issuer_parent": unit.parent.name.upper() if unit.parent else "",
        "issuer": unit.name.upper(),
        "number": numbered("state", None, number_symbol(unit, "BC")),
        "signature": ("", "THỦ TRƯỞNG CƠ QUAN"),
    }


@dataclass(frozen=True)
class Signer:
    position: Position
    signature: Signature

    @property
    def label(self) -> str:
        return f"{self.position.person.full_name} — {self.position.title}"


def signers_on(unit: Unit, day: datetime.date) -> list[Signer]:
    """Who may sign for the unit's standing committee on a day: its secretary ("TM. BAN
    THƯỜNG VỤ / BÍ THƯ"), then its deputies ("K/T BÍ THƯ / PHÓ BÍ THƯ")."""
    on_behalf = letterhead_for(unit)["signature"][0]
    signers = []
    for position in positions_on(day=day, unit=unit):
        title = position.title.strip().lower()
        name = position.person.full_name
        if title.startswith(DEPUTY):
            signature = Signature(on_behalf, "PHÓ BÍ THƯ", name, acting="K/T BÍ THƯ")
        elif title.startswith(SECRETARY):
            signature = Signature(on_behalf, "BÍ THƯ", name)
        else:
            continue
        signers.append(Signer(position, signature))
    return sorted(signers, key=lambda s: bool(s.signature.acting))
