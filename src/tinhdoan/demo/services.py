"""Load the Lạng Sơn demo; safe to run again (it updates what is there)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string

from tinhdoan.accounts.models import Membership, Role
from tinhdoan.accounts.selectors import totp_device_for, totp_required
from tinhdoan.accounts.services import invitation_create
from tinhdoan.org.models import Lineage, LineageKind, Person, Position, Unit, UnitKind
from tinhdoan.rollup.tree import tree_rebuild_paths

from . import lang_son

Progress = Callable[[str], None]

# Each domain app adds its demo records through a `load(progress)` function,
# run in this order after the units, people and users.
DEMO_STEPS: list[str] = [
    "tinhdoan.meetings.demo.load",
    "tinhdoan.demo.programs.load",
    "tinhdoan.congresses.demo.load",
    "tinhdoan.cooperation.demo.load",
    "tinhdoan.demo.documents.load",
]


def _unit(code, name, kind, parent, valid_from=None, valid_to=None) -> Unit:
    unit, _created = Unit.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    unit.name, unit.kind, unit.parent = name, kind, parent
    unit.valid_from, unit.valid_to = valid_from, valid_to
    unit.set_name_keys()
    unit.save()
    return unit


@transaction.atomic
def demo_load_units(progress: Progress) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, parent_code in lang_son.OUTSIDE_BODIES:
        units[code] = _unit(code, name, kind, units.get(parent_code))
    code, name = lang_son.PROVINCIAL_UNION
    root = units[code] = _unit(code, name, UnitKind.PROVINCIAL_UNION, None)
    for code, name, kind in lang_son.STANDING_UNITS:
        units[code] = _unit(code, name, kind, root)
    progress(f"Cơ quan, Tỉnh đoàn và đơn vị trực thuộc: {len(units)} đơn vị")

    for code, name, _wards in lang_son.UNITS_OF_2017:
        units[code] = _unit(
            code, name, UnitKind.DISTRICT_UNION, root, valid_to=lang_son.LAST_DAY_OF_DISTRICTS
        )
    progress(f"Đơn vị năm 2017: {len(lang_son.UNITS_OF_2017)} thành đoàn, huyện đoàn")

    wards = lang_son.wards_of_today()
    for ward_code, ward_name, _codename in wards:
        code = f"TDLS-{ward_code}"
        units[code] = _unit(
            code,
            lang_son.commune_union_name(ward_name),
            UnitKind.COMMUNE_UNION,
            root,
            valid_from=lang_son.REFORM_DAY,
        )
    progress(f"Đoàn xã, phường hiện nay (từ vietnam-provinces): {len(wards)} đơn vị")
    tree_rebuild_paths()
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=units)}

    links = 0
    for code, _name, ward_codes in lang_son.UNITS_OF_2017:
        for ward_code in ward_codes:
            Lineage.objects.update_or_create(
                predecessor=units[code],
                successor=units[f"TDLS-{ward_code}"],
                kind=LineageKind.SPLIT_FROM,
                defaults={
                    "on_date": lang_son.REFORM_DAY,
                    "note": "Sắp xếp đơn vị hành chính, bỏ cấp huyện",
                },
            )
            links += 1
    progress(f"Quan hệ kế thừa 2017 → 2025: {links} liên kết")
    return units


@transaction.atomic
def demo_load_people(units: dict[str, Unit], progress: Progress) -> None:
    for full_name, positions in lang_son.PEOPLE:
        person = Person.objects.filter(full_name=full_name).first() or Person(full_name=full_name)
        person.set_name_keys()
        person.save()
        for unit_code, title, rank, start, end in positions:
            Position.objects.update_or_create(
                person=person,
                unit=units[unit_code],
                title=title,
                defaults={"rank": rank, "start": start, "end": end},
            )
    progress(f"Cán bộ có chức vụ: {len(lang_son.PEOPLE)} người")


@transaction.atomic
def demo_load_users(units: dict[str, Unit], password: str, progress: Progress) -> list[tuple]:
    """Create the demo users, all with the given password; return (username, role, unit) rows."""
    User = get_user_model()
    encoded = make_password(password)  # hashed once: the demo has dozens of users
    accounts = [(u, c, r, n) for u, c, r, n in lang_son.DEMO_USERS]
    for ward_code, ward_name, codename in lang_son.wards_of_today():
        accounts.append(
            (
                f"doan.{codename}",
                f"TDLS-{ward_code}",
                Role.OFFICER,
                f"Cán bộ {lang_son.commune_union_name(ward_name)} (demo)",
            )
        )
    rows = []
    for username, unit_code, role, full_name in accounts:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.password = encoded
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.save()
        Membership.objects.filter(user=user).exclude(unit=units[unit_code], role=role).delete()
        Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)
        rows.append((username, Role(role).label, units[unit_code].name))
    progress(f"Người dùng demo: {len(rows)} tài khoản")
    return rows


def demo_load(*, password: str, progress: Progress = lambda message: None) -> list[tuple]:
    units = demo_load_units(progress)
    demo_load_people(units, progress)
    rows = demo_load_users(units, password, progress)
    for step in DEMO_STEPS:
        import_string(step)(progress)
    return rows


def demo_twofactor_invitations() -> list[tuple[str, str | None]]:
    """An invitation to set up two-factor login for each demo account that needs one and has no
    authenticator yet: (username, code), or (username, None) for one already set up."""
    User = get_user_model()
    rows = []
    for username, *_rest in lang_son.DEMO_USERS:
        user = User.objects.get(username=username)
        if not totp_required(user):
            continue
        if totp_device_for(user) is not None:
            rows.append((username, None))
            continue
        _invitation, code = invitation_create(user=user)
        rows.append((username, code))
    return rows
