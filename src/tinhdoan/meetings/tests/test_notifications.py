"""Notices in the app and by e-mail, `notify-deadlines`, and the iCalendar feed."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from tinhdoan.meetings.models import CalendarFeed
from tinhdoan.meetings.services import (
    calendar_feed_ensure,
    directive_complete,
    directive_decide_deadline_change,
    directive_request_deadline_change,
    recommendation_answer,
    recommendation_create,
)
from tinhdoan.notices.models import Notification, NotificationKind


@pytest.fixture
def emails(world):
    for user in (world.btv, world.leader, world.liaison_sgd, world.officer_a):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    mail.outbox.clear()


def notify_deadlines(day: datetime.date) -> str:
    out = io.StringIO()
    with time_machine.travel(day, tick=False):
        call_command("notify-deadlines", stdout=out)
    return out.getvalue()


def test_notify_deadlines_run_twice_sends_once(world, make_directive, emails):
    make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 3, 3))
    Notification.objects.all().delete()  # leave only what the command makes
    first = notify_deadlines(datetime.date(2018, 3, 1))
    sent = len(mail.outbox)
    assert sent == 1  # btv of the lead unit has an address
    assert mail.outbox[0].to == ["btv@example.vn"]
    assert "Đến hạn ngày 03/03/2018" in mail.outbox[0].body
    assert "Thông báo mới: 1; thư điện tử đã gửi: 1." in first
    notices = Notification.objects.count()
    second = notify_deadlines(datetime.date(2018, 3, 1))
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == notices
    assert "Thông báo mới: 0; thư điện tử đã gửi: 0." in second


def test_due_soon_starts_three_days_before(world, make_directive, emails):
    make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 3, 5))
    notify_deadlines(datetime.date(2018, 3, 1))
    assert not Notification.objects.filter(kind=NotificationKind.DUE_SOON).exists()
    notify_deadlines(datetime.date(2018, 3, 2))
    assert Notification.objects.filter(kind=NotificationKind.DUE_SOON).count() == 1


def test_overdue_notice_goes_to_assignee_and_issuer_once(world, make_directive, emails):
    make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 3, 3))
    notify_deadlines(datetime.date(2018, 3, 4))
    notify_deadlines(datetime.date(2018, 3, 5))
    overdue = Notification.objects.filter(kind=NotificationKind.OVERDUE)
    assert sorted(overdue.values_list("user__username", flat=True)) == ["btv", "leader"]
    assert "Quá hạn từ 03/03/2018" in overdue.first().message


def test_completed_directives_get_no_deadline_notice(world, make_directive, emails):
    directive = make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 3, 3))
    with time_machine.travel(datetime.date(2018, 3, 1), tick=False):
        directive_complete(actor=world.leader, directive=directive)
    notify_deadlines(datetime.date(2018, 3, 10))
    assert not Notification.objects.exclude(kind=NotificationKind.ASSIGNED).exists()


def test_a_new_deadline_gets_its_own_notice(world, make_directive, emails):
    directive = make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 3, 3))
    notify_deadlines(datetime.date(2018, 3, 1))
    with time_machine.travel(datetime.date(2018, 3, 2), tick=False):
        directive_request_deadline_change(
            actor=world.btv,
            directive=directive,
            proposed_deadline=datetime.date(2018, 3, 20),
            reason="Chờ số liệu",
        )
        directive_decide_deadline_change(actor=world.leader, directive=directive, accept=True)
    notify_deadlines(datetime.date(2018, 3, 18))
    keys = sorted(
        Notification.objects.filter(kind=NotificationKind.DUE_SOON).values_list("key", flat=True)
    )
    assert keys == [f"due_soon:{directive.pk}:2018-03-03", f"due_soon:{directive.pk}:2018-03-20"]


def test_assignment_is_notified_in_the_app_and_by_mail_after_commit(
    world, make_directive, emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        directive = make_directive(content="Tổ chức diễn đàn", coordinators=[world.sgd])
    users = set(
        Notification.objects.filter(
            url=f"/directives/{directive.pk}/", kind=NotificationKind.ASSIGNED
        ).values_list("user__username", flat=True)
    )
    assert users == {"btv", "liaison_sgd"}
    assert sorted(m.to[0] for m in mail.outbox) == ["btv@example.vn", "liaison_sgd@example.vn"]
    assert mail.outbox[0].subject == "[tinhdoan] Nhiệm vụ mới được giao"


def test_answered_recommendation_is_notified_to_the_raising_unit(
    world, session, emails, django_capture_on_commit_callbacks
):
    rec = recommendation_create(
        actor=world.leader,
        session=session,
        raised_by=world.td,
        addressee=world.ubnd,
        content="Đề nghị hỗ trợ kinh phí",
    )
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(datetime.date(2018, 3, 1), tick=False):
            recommendation_answer(
                actor=world.leader, recommendation=rec, outcome="accepted", answer="Đồng ý"
            )
    notice = Notification.objects.get(kind=NotificationKind.ANSWERED)
    assert notice.user == world.btv and "chấp thuận" in notice.message
    assert [m.to for m in mail.outbox] == [["btv@example.vn"]]


def test_calendar_feed_parses_and_holds_the_deadlines(world, make_directive, client):
    make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 6, 30))
    make_directive(content="Việc thường xuyên", deadline=None)
    make_directive(content="Việc của xã A", lead=world.xa, deadline=datetime.date(2018, 5, 1))
    feed = calendar_feed_ensure(user=world.btv)
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e.get("summary")): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events == {
        "Đến hạn: Việc của xã A (XA)": datetime.date(2018, 5, 1),
        "Đến hạn: Báo cáo sơ kết (TD)": datetime.date(2018, 6, 30),
    }


def test_calendar_feed_shows_only_what_its_owner_may_see(world, make_directive, client):
    make_directive(content="Báo cáo sơ kết", deadline=datetime.date(2018, 6, 30))
    make_directive(content="Việc của xã A", lead=world.xa, deadline=datetime.date(2018, 5, 1))
    feed = calendar_feed_ensure(user=world.officer_b)
    calendar = Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").content)
    assert list(calendar.walk("VEVENT")) == []
    feed = calendar_feed_ensure(user=world.officer_a)
    calendar = Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").content)
    assert [str(e.get("summary")) for e in calendar.walk("VEVENT")] == [
        "Đến hạn: Việc của xã A (XA)"
    ]


def test_calendar_feed_with_a_wrong_or_renewed_token_is_404(world, client):
    feed = calendar_feed_ensure(user=world.btv)
    old = feed.token
    assert client.get("/calendar/sai-ma.ics").status_code == 404
    renewed = calendar_feed_ensure(user=world.btv, renew=True)
    assert renewed.token != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{renewed.token}.ics").status_code == 200


def test_calendar_page_writes_nothing_until_the_user_asks_for_an_address(world, login):
    client = login(world.officer_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/calendar/")
    assert page.context["feed_url"] == ""
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not CalendarFeed.objects.exists()

    response = client.post("/calendar/", follow=True)
    feed = CalendarFeed.objects.get(user=world.officer_a)
    assert "Đã tạo địa chỉ lịch của đồng chí." in response.content.decode()
    assert response.context["feed_url"].endswith(f"/calendar/{feed.token}.ics")


def test_calendar_page_makes_a_new_address_on_request(world, login):
    client = login(world.officer_a)
    old = calendar_feed_ensure(user=world.officer_a).token
    response = client.post("/calendar/", follow=True)
    new = CalendarFeed.objects.get(user=world.officer_a).token
    assert new != old
    assert "địa chỉ cũ không còn dùng được" in response.content.decode()
    assert response.context["feed_url"].endswith(f"/calendar/{new}.ics")
