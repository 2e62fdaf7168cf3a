"""Small factories for tests: trees, users with roles, the demo."""

import datetime

from django.contrib.auth import get_user_model

from tinhdoan.accounts.models import Membership
from tinhdoan.org.models import Unit
from tinhdoan.org.services import unit_create

DEMO_PASSWORD = "demo-password-for-tests"


def make_unit(
    code: str,
    *,
    parent: Unit | None = None,
    name: str | None = None,
    kind: str = "commune_union",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    return unit_create(
        code=code,
        name=name or f"Đơn vị {code}",
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def make_user(username: str, *, unit: Unit | None = None, role: str = "officer"):
    user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    if role == "admin":
        user.is_staff = user.is_superuser = True
        user.save()
    return user


def load_demo() -> None:
    from tinhdoan.demo.services import demo_load

    demo_load(password=DEMO_PASSWORD)


def demo_user(username: str):
    return get_user_model().objects.get(username=username)
