"""Import and export of the unit tree as CSV/XLSX (code, name, kind, parent_code, valid_from, valid_to)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tinhdoan.lib import vntext
from tinhdoan.lib.dates import parse_date
from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.tabular import TableError, read_table, write_csv, write_xlsx

from .models import Unit, UnitKind
from .services import OrgError, tree_rebuild_paths

COLUMNS = ["code", "name", "kind", "parent_code", "valid_from", "valid_to"]
CODE_LENGTH = Unit._meta.get_field("code").max_length
NAME_LENGTH = Unit._meta.get_field("name").max_length


class UnitImportError(DomainError):
    """The file was refused; `messages` lists the problems found, by line (the first ones,
    then their count)."""


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in UnitKind.choices:
        lookup[value] = value
        lookup[vntext.fold(str(label))] = value
    return lookup


def _parse_rows(table_rows: list[tuple[int, list[str]]]) -> tuple[list[UnitRow], list[str]]:
    kinds = _kind_lookup()
    rows, errors = [], []
    for line, (code, name, kind, parent_code, valid_from, valid_to) in table_rows:
        row_errors = []
        if not code:
            row_errors.append(_("Line %(line)s: the unit code is empty.") % {"line": line})
        if not name:
            row_errors.append(_("Line %(line)s: the unit name is empty.") % {"line": line})
        if len(code) > CODE_LENGTH:
            row_errors.append(
                _("Line %(line)s: the unit code is longer than %(max)s characters.")
                % {"line": line, "max": CODE_LENGTH}
            )
        name = vntext.nfc(" ".join(name.split()))
        if len(name) > NAME_LENGTH:
            row_errors.append(
                _("Line %(line)s: the unit name is longer than %(max)s characters.")
                % {"line": line, "max": NAME_LENGTH}
            )
        kind_value = kinds.get(kind) or kinds.get(vntext.fold(kind))
        if kind_value is None:
            row_errors.append(
                _("Line %(line)s: unknown unit kind “%(kind)s”.") % {"line": line, "kind": kind}
            )
        dates = {}
        for field, text in (("valid_from", valid_from), ("valid_to", valid_to)):
            try:
                dates[field] = parse_date(text) if text else None
            except ValueError:
                row_errors.append(
                    _("Line %(line)s: “%(text)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).")
                    % {"line": line, "text": text}
                )
        if not row_errors and dates["valid_from"] and dates["valid_to"]:
            if dates["valid_to"] < dates["valid_from"]:
                row_errors.append(
                    _("Line %(line)s: valid_to is before valid_from.") % {"line": line}
                )
        errors.extend(row_errors)
        if not row_errors:
            rows.append(
                UnitRow(
                    line,
                    code,
                    name,
                    kind_value,
                    parent_code,
                    dates["valid_from"],
                    dates["valid_to"],
                )
            )
    return rows, errors


def _validate_tree(rows: list[UnitRow]) -> tuple[list[UnitRow], dict[str, Unit], list[str]]:
    """Check codes, parents, cycles and validity; return the rows parents first."""
    errors = []
    by_code: dict[str, UnitRow] = {}
    for row in rows:
        if row.code in by_code:
            errors.append(
                _("Line %(line)s: the code %(code)s already appears on line %(first)s.")
                % {"line": row.line, "code": row.code, "first": by_code[row.code].line}
            )
        else:
            by_code[row.code] = row
    existing = {
        unit.code: unit
        for unit in Unit.objects.filter(
            code__in={row.parent_code for row in rows if row.parent_code} - by_code.keys()
        )
    }
    for row in by_code.values():
        if row.parent_code and row.parent_code not in by_code and row.parent_code not in existing:
            errors.append(
                _("Line %(line)s: unknown parent unit %(parent)s.")
                % {"line": row.line, "parent": row.parent_code}
            )
    if errors:
        return [], existing, errors

    ordered, state = [], {}  # state: 1 = visiting, 2 = done

    def visit(row: UnitRow) -> None:
        chain = []
        current: UnitRow | None = row
        while current is not None and state.get(current.code) != 2:
            if state.get(current.code) == 1:
                cycle = chain[chain.index(current) :]
                errors.append(
                    _("Line %(line)s: the units %(codes)s form a cycle of parents.")
                    % {"line": current.line, "codes": " → ".join(r.code for r in cycle + [current])}
                )
                for member in chain:
                    state[member.code] = 2
                return
            state[current.code] = 1
            chain.append(current)
            current = by_code.get(current.parent_code)
        for member in reversed(chain):
            state[member.code] = 2
            ordered.append(member)

    for row in by_code.values():
        visit(row)
    if errors:
        return [], existing, errors

    for row in ordered:
        parent = by_code.get(row.parent_code) or existing.get(row.parent_code)
        if parent is None:
            continue
        starts_early = parent.valid_from and (
            row.valid_from is None or row.valid_from < parent.valid_from
        )
        ends_late = parent.valid_to and (row.valid_to is None or row.valid_to > parent.valid_to)
        if starts_early or ends_late:
            errors.append(
                _("Line %(line)s: unit %(code)s is valid outside its parent %(parent)s.")
                % {"line": row.line, "code": row.code, "parent": row.parent_code}
            )
    return ordered, existing, errors


@transaction.atomic
def units_import(rows: list[UnitRow]) -> ImportResult:
    ordered, saved, errors = _validate_tree(rows)
    if errors:
        raise UnitImportError(errors)
    current = {unit.code: unit for unit in Unit.objects.filter(code__in=[r.code for r in ordered])}
    created = updated = unchanged = 0
    placed: dict[int, str] = {}  # units whose place in the tree changed: their path before
    for row in ordered:
        parent = saved.get(row.parent_code)
        unit = current.get(row.code) or Unit(code=row.code)
        before = (unit.name, unit.kind, unit.parent_id, unit.valid_from, unit.valid_to)
        unit.name, unit.kind, unit.parent = row.name, row.kind, parent
        unit.valid_from, unit.valid_to = row.valid_from, row.valid_to
        unit.set_name_keys()
        if unit.pk is None:
            created += 1
            unit.save()
            placed[unit.pk] = ""
        elif before != (unit.name, unit.kind, unit.parent_id, unit.valid_from, unit.valid_to):
            updated += 1
            unit.save()
            if before[2:] != (unit.parent_id, unit.valid_from, unit.valid_to):
                placed[unit.pk] = unit.path
        else:
            unchanged += 1
        saved[row.code] = unit
    try:
        tree_rebuild_paths(also_changed=placed)
    except OrgError as exc:
        raise UnitImportError([str(exc)]) from exc
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def units_import_file(filename: str, data: bytes) -> ImportResult:
    try:
        table = read_table(filename, data, columns=COLUMNS)
    except TableError as exc:
        raise UnitImportError([str(exc)]) from exc
    rows, errors = _parse_rows(table.rows)
    if errors:
        raise UnitImportError(errors)
    if not rows:
        raise UnitImportError([_("The file has no unit rows.")])
    return units_import(rows)


def units_export(*, file_format: str = "csv") -> bytes:
    units = Unit.objects.select_related("parent").order_by("path")
    rows = [
        [
            unit.code,
            unit.name,
            unit.kind,
            unit.parent.code if unit.parent else "",
            unit.valid_from.isoformat() if unit.valid_from else "",
            unit.valid_to.isoformat() if unit.valid_to else "",
        ]
        for unit in units
    ]
    if file_format == "xlsx":
        return write_xlsx(COLUMNS, rows, title="units")
    return write_csv(COLUMNS, rows)
