"""Submit checks: an empty report is refused; warnings need an acknowledgement and a
comment, which the approver sees with them."""

import datetime
from decimal import Decimal

import pytest

from tinhdoan.programs import services as programs
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.checks import EmptyReport, WarningsNotAcknowledged, submission_warnings
from tinhdoan.reporting.models import Submission, SubmissionEvent
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save

pytestmark = pytest.mark.django_db
FULL = {"CT01": "100", "CT02": "600", "CT03": "70", "CT04": "300"}  # near P-A's plan


@pytest.fixture
def world():
    return make_world()


def enter(world, values, period="2026"):
    values_save(
        user=world.officer_a,
        program=world.program,
        cells=[CellInput("P-A", code, period, value) for code, value in values.items()],
    )


def warnings_of(world, rp=None):
    return submission_warnings(reporting_period=rp or world.period, unit=world.commune_a)


def submit_api(client, **extra):
    return client.post(
        "/api/v1/reports",
        {"program": "P:2026", "period": "2026", "unit": "P-A", "action": "submit", **extra},
        content_type="application/json",
    )


def nothing_written(world):
    return (
        not Submission.objects.exclude(status="draft").exists()
        and not SubmissionEvent.objects.exists()
    )


def test_a_complete_report_near_its_plan_has_no_warning(world):
    enter(world, FULL)
    assert warnings_of(world) == []


def test_an_empty_report_cannot_be_submitted(world):
    with pytest.raises(EmptyReport) as refused:
        report_act(
            user=world.officer_a,
            reporting_period=world.period,
            unit=world.commune_a,
            action="submit",
            acknowledge_warnings=True,
            reason="Gửi trước",
        )
    assert str(refused.value) == (
        "Báo cáo của Đoàn xã An kỳ 2026 chưa có số liệu nào; hãy nhập số liệu trước khi gửi."
    )
    assert nothing_written(world)


def test_a_cleared_report_counts_as_empty(world):
    enter(world, {"CT01": "10"})
    enter(world, {"CT01": ""})
    with pytest.raises(EmptyReport):
        warnings_of(world)


def test_missing_targets_are_warned_with_their_names(world):
    enter(world, {"CT01": "100", "CT02": "600"})
    assert warnings_of(world) == [
        "CT03 Tỷ lệ chi đoàn vững mạnh: chưa có số liệu.",
        "CT04 Vốn hỗ trợ thanh niên lập nghiệp: chưa có số liệu.",
    ]


def test_a_value_far_from_the_previous_period_is_warned(world):
    programs.reporting_period_add(
        program=world.program, period_code="2026S2", deadline=datetime.date(2027, 1, 10)
    )
    s2 = world.program.reporting_periods.get(period__code="2026S2")
    enter(world, {"CT02": "82"}, period="2026S1")
    enter(world, {"CT02": "820"}, period="2026S2")
    assert (
        "CT02 Thanh niên được tập hợp: 820 khác xa số Đoàn xã An đã báo cáo trước đây "
        "(kỳ trước: 82)." in warnings_of(world, s2)
    )


def test_a_year_value_far_from_the_plan_is_warned(world):
    enter(world, {**FULL, "CT01": "30"})  # the plan of P-A is 120
    assert warnings_of(world) == [
        "CT01 Kết nạp đoàn viên mới: 30 khác xa kế hoạch của Đoàn xã An (120)."
    ]


def test_a_rule_broken_by_stored_values_is_warned(world):
    enter(world, FULL)
    programs.rule_add(
        program=world.program,
        left=world.money,
        comparison="lte",
        right=world.members,
        message="Vốn hỗ trợ không vượt số đoàn viên mới",
    )
    [warning] = warnings_of(world)
    assert warning.startswith("Vốn hỗ trợ không vượt số đoàn viên mới (CT04 Vốn hỗ trợ")
    assert "= 300" in warning and "= 100" in warning


def test_api_refuses_an_empty_report_in_vietnamese(world, login):
    response = submit_api(login(world.officer_a))
    assert response.status_code == 422
    assert "chưa có số liệu nào" in response.json()["detail"]
    assert nothing_written(world)


def test_api_lists_the_warnings_until_they_are_acknowledged_with_a_comment(world, login):
    enter(world, {"CT01": "100", "CT02": "600", "CT03": "70"})
    client = login(world.officer_a)
    first = submit_api(client)
    assert first.status_code == 422
    assert first.json()["warnings"] == ["CT04 Vốn hỗ trợ thanh niên lập nghiệp: chưa có số liệu."]
    no_comment = submit_api(client, acknowledge_warnings=True)
    assert no_comment.status_code == 422 and no_comment.json()["warnings"]
    assert "lý do" in no_comment.json()["detail"]
    comment_only = submit_api(client, comment="Chưa có số liệu vốn")
    assert comment_only.status_code == 422
    assert nothing_written(world)

    sent = submit_api(client, acknowledge_warnings=True, comment="Sở chưa báo số vốn")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "submitted"
    assert sent.json()["warnings"] == first.json()["warnings"]
    assert sent.json()["comment"] == "Sở chưa báo số vốn"
    submission = Submission.objects.get(unit=world.commune_a, reporting_period=world.period)
    assert submission.warnings == first.json()["warnings"]


def test_a_report_without_warnings_is_submitted_at_once(world, login):
    enter(world, FULL)
    response = submit_api(login(world.officer_a))
    assert response.status_code == 200 and response.json()["warnings"] == []


GRID = "/programs/P/2026/2026/P-A/"


def test_web_form_asks_to_confirm_the_warnings_with_a_comment(world, login):
    enter(world, {"CT01": "100", "CT02": "600", "CT03": "70"})
    client = login(world.officer_a)
    page = client.post(f"{GRID}report/submit/")
    html = page.content.decode()
    assert page.status_code == 422
    assert "CT04 Vốn hỗ trợ thanh niên lập nghiệp: chưa có số liệu." in html
    assert 'name="acknowledge_warnings"' in html and 'id="submit-comment"' in html
    assert nothing_written(world)

    done = client.post(
        f"{GRID}report/submit/", {"acknowledge_warnings": "on", "reason": "Sở chưa báo số vốn"}
    )
    assert done.status_code == 302
    assert Submission.objects.get(unit=world.commune_a).status == "submitted"


def test_web_form_refuses_an_empty_report_with_a_message(world, login):
    client = login(world.officer_a)
    response = client.post(f"{GRID}report/submit/", follow=True)
    assert "chưa có số liệu nào" in response.content.decode()
    assert nothing_written(world)


def test_the_approver_sees_the_warnings_and_the_comment_on_the_review_page(world, login):
    enter(world, {"CT01": "100", "CT02": "600", "CT03": "70"})
    report_act(
        user=world.officer_a,
        reporting_period=world.period,
        unit=world.commune_a,
        action="submit",
        acknowledge_warnings=True,
        reason="Sở chưa báo số vốn",
    )
    html = login(world.approver).get(GRID).content.decode()
    section = html.split('id="sent-warnings"')[1].split("</section>")[0]
    assert "CT04 Vốn hỗ trợ thanh niên lập nghiệp: chưa có số liệu." in section
    assert "Sở chưa báo số vốn" in section


def test_submitting_again_replaces_the_warnings(world):
    enter(world, {"CT01": "100", "CT02": "600", "CT03": "70"})
    args = {"user": world.officer_a, "reporting_period": world.period, "unit": world.commune_a}
    report_act(**args, action="submit", acknowledge_warnings=True, reason="Thiếu vốn")
    report_act(
        user=world.approver,
        reporting_period=world.period,
        unit=world.commune_a,
        action="return",
        reason="Bổ sung CT04",
    )
    enter(world, {"CT04": "300"})
    submission = report_act(**args, action="submit")
    assert (submission.warnings, submission.submit_comment) == ([], "")
    assert Decimal(300) == world.money.values.get(unit=world.commune_a).value


def test_warnings_need_acknowledging(world):
    enter(world, {"CT01": "100"})
    with pytest.raises(WarningsNotAcknowledged) as refused:
        report_act(
            user=world.officer_a,
            reporting_period=world.period,
            unit=world.commune_a,
            action="submit",
            reason="Gửi",
        )
    assert len(refused.value.warnings) == 3
    assert nothing_written(world)
