"""An official document described in plain Python, ready to be rendered."""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError

STYLES = ("union", "state")


class DocumentError(DomainError):
    """The document cannot be rendered; the message is for the user."""


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    heading: bool = False


@dataclass
class Table:
    columns: list[str]
    rows: list[list]
    numeric_columns: set[int] = field(default_factory=set)
    title: str = ""


@dataclass
class Signature:
    on_behalf: str = ""  # "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN"
    title: str = ""  # "BÍ THƯ"
    name: str = ""
    acting: str = ""  # "K/T BÍ THƯ" when a deputy signs for the secretary


@dataclass
class OfficialDocument:
    style: str  # "union" (Hướng dẫn 29-HD/TWĐTN-VP) or "state" (Nghị định 30/2020/NĐ-CP)
    issuer: str  # "BCH TỈNH LẠNG SƠN" / "UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN"
    number: str  # "125-BC/TĐTN-VP"
    place: str  # "Lạng Sơn"
    date: datetime.date
    kind: str  # "BÁO CÁO", "THÔNG BÁO", "KẾ HOẠCH" ...
    subject: str  # "Kết quả thực hiện chương trình công tác năm 2017"
    body: list[Paragraph | Table]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    issuer_parent: str = ""  # the level above, on the line over the issuer
    footnote: str = ""  # one sentence in small italics under the body


def _value_to_json(value):
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _value_from_json(value):
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    return value


def document_to_json(doc: OfficialDocument) -> dict:
    """The document as plain JSON, to be kept as issued and rendered again unchanged."""
    body = []
    for block in doc.body:
        if isinstance(block, Table):
            body.append(
                {
                    "table": {
                        "columns": list(block.columns),
                        "rows": [[_value_to_json(v) for v in row] for row in block.rows],
                        "numeric_columns": sorted(block.numeric_columns),
                        "title": block.title,
                    }
                }
            )
        else:
            body.append({"paragraph": asdict(block)})
    data = {key: getattr(doc, key) for key in SCALAR_FIELDS}
    data.update(
        date=doc.date.isoformat(),
        body=body,
        signature=asdict(doc.signature),
        recipients=list(doc.recipients),
    )
    return data


SCALAR_FIELDS = (
    "style",
    "issuer",
    "issuer_parent",
    "number",
    "place",
    "kind",
    "subject",
    "footnote",
)


def document_from_json(data: dict) -> OfficialDocument:
    body: list[Paragraph | Table] = []
    for block in data["body"]:
        if "table" in block:
            table = block["table"]
            body.append(
                Table(
                    columns=table["columns"],
                    rows=[[_value_from_json(v) for v in row] for row in table["rows"]],
                    numeric_columns=set(table["numeric_columns"]),
                    title=table["title"],
                )
            )
        else:
            body.append(Paragraph(**block["paragraph"]))
    return OfficialDocument(
        **{key: data.get(key, "") for key in SCALAR_FIELDS},
        date=datetime.date.fromisoformat(data["date"]),
        body=body,
        signature=Signature(**data["signature"]),
        recipients=list(data["recipients"]),
    )


NUMBER_TYPES = (int, float, Decimal)


def is_number(value) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def document_check(doc: OfficialDocument) -> None:
    """Raise DocumentError when the document cannot be laid out."""
    if doc.style not in STYLES:
        raise DocumentError(
            _('Unknown document style "%(style)s": use "union" or "state".') % {"style": doc.style}
        )
    if not isinstance(doc.date, datetime.date):
        raise DocumentError(_("The document date is missing."))
    if not (doc.issuer or "").strip():
        raise DocumentError(_("The document has no issuing body."))
    if not (doc.kind or "").strip():
        raise DocumentError(_("The document has no kind (report, notice, plan...)."))
    for position, block in enumerate(doc.body, start=1):
        if isinstance(block, Paragraph):
            continue
        if not isinstance(block, Table):
            raise DocumentError(
                _("Block %(position)s of the body is neither a paragraph nor a table.")
                % {"position": position}
            )
        if not block.columns:
            raise DocumentError(_("Table %(position)s has no columns.") % {"position": position})
        width = len(block.columns)
        for line, row in enumerate(block.rows, start=1):
            if len(row) != width:
                raise DocumentError(
                    _(
                        "Table %(position)s, row %(line)s has %(cells)s cells; "
                        "the table has %(width)s columns."
                    )
                    % {"position": position, "line": line, "cells": len(row), "width": width}
                )
        outside = sorted(index for index in block.numeric_columns if not 0 <= index < width)
        if outside:
            raise DocumentError(
                _("Table %(position)s: numeric column %(index)s does not exist.")
                % {"position": position, "index": outside[0]}
            )
