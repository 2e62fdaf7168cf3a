"""Told at every step: report notices in the app and by e-mail, each event once."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tinhdoan.notices.models import Notification
from tinhdoan.notices.services import mail_pending
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import SubmissionEvent
from tinhdoan.reporting.notify import report_step_notify
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save

pytestmark = pytest.mark.django_db
GRID_A = "/programs/P/2026/2026/P-A/"


@pytest.fixture
def world():
    world = make_world()
    for user in (world.officer_a, world.officer_b, world.approver, world.reader):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return world


def act(world, user, action, reason="", unit=None):
    """One step; a submission acknowledges the warnings of these one-value reports."""
    submitting = action == "submit"
    return report_act(
        user=user,
        reporting_period=world.period,
        unit=unit or world.commune_a,
        action=action,
        reason=reason or ("Chỉ có CT01" if submitting else ""),
        acknowledge_warnings=submitting,
    )


def submit_a(world):
    values_save(
        user=world.officer_a, program=world.program, cells=[CellInput("P-A", "CT01", "2026", "5")]
    )
    return act(world, world.officer_a, "submit")


def notices(kind):
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("user__username")
        .values_list("user__username", "message", "url")
    )


def test_a_submitted_report_tells_the_approvers_above_and_nobody_else(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_a(world)
    assert notices("report_submitted") == [
        ("btv", "Đoàn xã An đã gửi báo cáo kỳ 2026 để duyệt.", GRID_A)
    ]
    assert [m.to for m in mail.outbox] == [["btv@example.vn"]]
    assert "Đoàn xã An đã gửi báo cáo kỳ 2026" in mail.outbox[0].body


def test_a_returned_report_tells_the_units_officers_with_the_reason(world):
    submit_a(world)
    act(world, world.approver, "return", reason="Thiếu số liệu CT02")
    assert notices("report_returned") == [
        ("can_bo_a", "Báo cáo kỳ 2026 của Đoàn xã An bị trả lại: Thiếu số liệu CT02", GRID_A)
    ]


def test_approved_and_reopened_reports_tell_the_units_officers(world):
    submit_a(world)
    act(world, world.approver, "approve")
    act(world, world.approver, "lock")
    act(world, world.approver, "reopen", reason="Điều chỉnh theo số liệu mới")
    assert notices("report_approved") == [
        ("can_bo_a", "Báo cáo kỳ 2026 của Đoàn xã An đã được duyệt.", GRID_A)
    ]
    assert notices("report_reopened") == [
        (
            "can_bo_a",
            "Báo cáo kỳ 2026 của Đoàn xã An được mở lại: Điều chỉnh theo số liệu mới",
            GRID_A,
        )
    ]
    assert Notification.objects.count() == 3  # submitted, approved, reopened; locking: none


def test_one_event_makes_one_notice_and_each_new_submission_its_own(world):
    submission = submit_a(world)
    event = SubmissionEvent.objects.get(submission=submission, action="submit")
    assert report_step_notify(submission=submission, event=event) == 0
    act(world, world.approver, "return", reason="Thiếu CT02")
    act(world, world.officer_a, "submit")
    assert len(notices("report_submitted")) == 2
    mail_pending()
    sent = len(mail.outbox)
    assert mail_pending() == 0 and len(mail.outbox) == sent


def notify_due(day: datetime.date) -> str:
    out = io.StringIO()
    with time_machine.travel(day, tick=False):
        call_command("notify-due", stdout=out)
    return out.getvalue()


def test_notify_due_starts_three_days_before_the_deadline_and_skips_submitted_reports(world):
    submit_a(world)  # the deadline of 2026 is 10/01/2027
    Notification.objects.all().delete()
    assert "Thông báo mới: 0" in notify_due(datetime.date(2027, 1, 6))
    output = notify_due(datetime.date(2027, 1, 7))
    assert notices("report_due") == [
        (
            "can_bo_b",
            "Báo cáo kỳ 2026 của Đoàn xã Bình đến hạn ngày 10/01/2027.",
            "/programs/P/2026/2026/P-B/",
        )
    ]
    assert "Thông báo mới: 1; thư điện tử đã gửi: 1." in output


def test_notify_due_run_twice_tells_once_and_overdue_once(world):
    notify_due(datetime.date(2027, 1, 8))
    notify_due(datetime.date(2027, 1, 8))
    assert len(notices("report_due")) == 2  # both communes, once each
    second = notify_due(datetime.date(2027, 1, 12))
    third = notify_due(datetime.date(2027, 1, 13))
    assert "Thông báo mới: 2" in second and "Thông báo mới: 0; thư điện tử đã gửi: 0." in third
    assert notices("report_overdue")[0] == (
        "can_bo_a",
        "Báo cáo kỳ 2026 của Đoàn xã An đã quá hạn từ ngày 10/01/2027.",
        GRID_A,
    )


def test_reading_the_grid_or_the_todo_never_makes_a_notice(world, login):
    """Due and overdue notices are made by the command, never by a read."""
    with time_machine.travel(datetime.date(2027, 1, 12), tick=False):
        client = login(world.officer_a)
        client.get(GRID_A)
        client.get("/")
        client.get("/api/v1/me/todo")
    assert not Notification.objects.exists()


def test_notifications_endpoint_lists_the_users_own_notices(world, login):
    submit_a(world)
    act(world, world.approver, "return", reason="Thiếu CT02")
    data = login(world.officer_a).get("/api/v1/notifications").json()
    assert data["count"] == 1
    [item] = data["items"]
    assert set(item) == {"kind", "text", "url", "created_at", "read"}
    assert (item["kind"], item["url"], item["read"]) == ("report_returned", GRID_A, False)
    assert "Thiếu CT02" in item["text"]
    assert login(world.officer_b).get("/api/v1/notifications").json() == {"items": [], "count": 0}


def test_notifications_endpoint_refuses_anonymous(client, db):
    assert client.get("/api/v1/notifications").status_code == 401


def test_notifications_page_links_each_notice_to_its_report(world, login):
    submit_a(world)
    act(world, world.approver, "return", reason="Thiếu CT02")
    html = login(world.officer_a).get("/notifications/").content.decode()
    assert f'<a href="{GRID_A}">Báo cáo kỳ 2026 của Đoàn xã An bị trả lại: Thiếu CT02</a>' in html
    assert "Báo cáo bị trả lại" in html
