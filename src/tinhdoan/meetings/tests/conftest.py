import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tinhdoan.org.services import person_create, position_assign
from tinhdoan.testing import make_unit, make_user

SESSION_DAY = datetime.date(2018, 1, 9)


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def world(db):
    """A province: the people's committee with two departments, the union with two communes."""
    ubnd = make_unit("UBND", name="UBND tỉnh", kind="peoples_committee")
    sgd = make_unit("SGD", parent=ubnd, name="Sở Giáo dục và Đào tạo", kind="department")
    stc = make_unit("STC", parent=ubnd, name="Sở Tài chính", kind="department")
    td = make_unit("TD", name="Tỉnh đoàn", kind="provincial_union")
    old = make_unit(
        "HD-OLD",
        parent=td,
        name="Huyện đoàn cũ",
        kind="district_union",
        valid_to=datetime.date(2017, 12, 31),
    )
    xa = make_unit("XA", parent=td, name="Đoàn xã A")
    xb = make_unit("XB", parent=td, name="Đoàn xã B")
    chairman = person_create(full_name="Phạm Ngọc Thưởng")
    position_assign(
        person=chairman, unit=ubnd, title="Chủ tịch UBND tỉnh", start=datetime.date(2016, 5, 1)
    )
    return SimpleNamespace(
        ubnd=ubnd,
        sgd=sgd,
        stc=stc,
        td=td,
        old=old,
        xa=xa,
        xb=xb,
        chairman=chairman,
        leader=make_user("leader", unit=ubnd, role="leadership"),
        btv=make_user("btv", unit=td, role="approver"),
        officer_a=make_user("officer_a", unit=xa, role="officer"),
        officer_b=make_user("officer_b", unit=xb, role="officer"),
        liaison_sgd=make_user("liaison_sgd", unit=sgd, role="department"),
        liaison_stc=make_user("liaison_stc", unit=stc, role="department"),
    )


@pytest.fixture
def session(world):
    from tinhdoan.meetings.services import session_create

    return session_create(
        actor=world.leader,
        title="Lãnh đạo tỉnh làm việc với Tỉnh đoàn",
        held_at=at(SESSION_DAY),
        host_unit=world.td,
        issuer=world.ubnd,
        chairs=[world.chairman],
        participant_units=[world.td, world.sgd],
        topics=["Khởi nghiệp", "Mạng xã hội"],
    )


@pytest.fixture
def make_directive(world, session):
    from tinhdoan.meetings.services import directive_create

    def _make(*, lead=None, deadline=datetime.date(2018, 6, 30), coordinators=(), **kwargs):
        return directive_create(
            actor=world.leader,
            session=session,
            content=kwargs.pop("content", "Xây dựng kế hoạch triển khai"),
            lead=lead or world.td,
            coordinators=list(coordinators),
            deadline=deadline,
            ongoing=deadline is None,
            **kwargs,
        )

    return _make
