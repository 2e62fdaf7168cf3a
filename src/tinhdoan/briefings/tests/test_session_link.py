"""The session page shows the briefing issued for it beside the leader's conclusions, and marks
a directive that asks again what an earlier one asked and is not done."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tinhdoan.meetings import services
from tinhdoan.meetings.briefing import repeated_directives, similarity
from tinhdoan.meetings.models import Directive, WorkingSession
from tinhdoan.org.models import Person, Unit
from tinhdoan.org.services import person_create, position_assign
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
URL = "/briefings/issue/"


def _session_2018() -> WorkingSession:
    return WorkingSession.objects.get(held_at__date=datetime.date(2018, 1, 9))


def _panel(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</div></div>', html, re.S)
    assert match, element_id
    return match.group(1)


def _issue_briefing(client) -> None:
    province = Unit.objects.get(code="TDLS")
    signer = province.positions.get(person__full_name="Hoàng Văn Nam").pk
    form = {
        "unit": "TDLS",
        "date": "2018-01-09",
        "body": "UBND-LS",
        "issued_on": "08/01/2018",
        "signer": signer,
        "organization": "Đại hội",
        "recommendations": "Kiến nghị",
        "topics": "Nội dung",
        "action": "issue",
    }
    assert client.post(URL, form).status_code == 302


def test_the_session_page_shows_the_briefing_beside_the_conclusions(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    session = _session_2018()
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    reported = _panel(html, "session-briefing")
    assert "Báo cáo số 13-BC/TĐTN-VP ngày 08/01/2018" in reported
    assert "Nhiệm vụ trọng tâm hoàn thành: 5/5; nội dung đột phá hoàn thành: 4/4." in reported
    concluded = _panel(html, "session-concluded")
    assert "hoàn thành 5 nhiệm vụ trọng tâm, 4 nội dung đột phá" in concluded
    assert "5 nhiệm vụ trong phạm vi của đồng chí" in concluded  # the 5 led by the union


def test_the_page_shows_the_latest_briefing_issued_and_none_for_a_session_without(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    _issue_briefing(client)
    html = client.get(f"/sessions/{_session_2018().pk}/").content.decode()
    assert "14-BC/TĐTN-VP" in _panel(html, "session-briefing")
    other = _session_2026([])
    html = client.get(f"/sessions/{other.pk}/").content.decode()
    reported = _panel(html, "session-briefing")
    assert "Chưa có báo cáo phục vụ buổi làm việc này được ban hành." in reported
    assert "date=2026-12-01&amp;body=UBND-LS" in reported


def test_a_leader_reads_the_briefing_on_the_session_page_but_is_not_offered_to_draft(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    html = client.get(f"/sessions/{_session_2018().pk}/").content.decode()
    reported = _panel(html, "session-briefing")
    assert "13-BC/TĐTN-VP" in reported and URL not in reported
    assert "7 nhiệm vụ trong phạm vi của đồng chí" in _panel(html, "session-concluded")


def test_an_officer_of_another_unit_does_not_see_the_briefing(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    response = client.get(f"/sessions/{_session_2018().pk}/")
    assert response.status_code == 404
    assert "13-BC/TĐTN-VP" not in response.content.decode()


def _chair_in_2026() -> Person:
    """The demo's chairman left office in 2020: a session of 2026 is chaired by a successor."""
    chair = person_create(full_name="Nguyễn Văn Minh")
    position_assign(
        person=chair,
        unit=Unit.objects.get(code="UBND-LS"),
        title="Chủ tịch UBND tỉnh",
        start=datetime.date(2021, 1, 1),
    )
    return chair


def _session_2026(contents: list[tuple[str, str]]) -> WorkingSession:
    session = services.session_create(
        actor=demo_user("vp.ubnd"),
        title="Lãnh đạo tỉnh làm việc với Tỉnh đoàn Lạng Sơn năm 2026",
        held_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 8)),
        host_unit=Unit.objects.get(code="TDLS"),
        issuer=Unit.objects.get(code="UBND-LS"),
        chairs=[_chair_in_2026()],
    )
    for number, (lead, content) in enumerate(contents, start=1):
        services.directive_create(
            actor=demo_user("vp.ubnd"),
            session=session,
            number=number,
            content=content,
            lead=Unit.objects.get(code=lead),
            ongoing=True,
        )
    return session


def test_a_directive_asked_again_is_marked_with_the_earlier_one(demo, login):
    old = Directive.objects.get(session=_session_2018(), number=5)  # not started, ongoing
    done = Directive.objects.get(session=_session_2018(), number=2)  # completed in 2018
    session = _session_2026(
        [
            (
                "TDLS",
                "Tiếp tục vận động, tuyên truyền đoàn viên thanh niên tham gia xây dựng "
                "nông thôn mới",
            ),
            ("TDLS", "Xây dựng các chuyên đề học tập, rèn luyện cho các đối tượng thanh niên"),
            ("SNV-LS", "Vận động đoàn viên, thanh niên tham gia xây dựng nông thôn mới"),
        ]
    )
    new = list(session.directives.order_by("number"))
    found = repeated_directives(new)
    assert found == {new[0].pk: old}
    assert similarity(done.content, new[1].content) >= 0.5  # similar, but done before
    html = login(demo_user("btv.tinhdoan")).get(f"/sessions/{session.pk}/").content.decode()
    assert f'data-repeats="{old.pk}"' in html
    assert html.count("data-repeats=") == 1
    assert "Giao lại: đã giao ngày 09/01/2018, chưa hoàn thành" in html


def test_the_session_page_reads_as_many_times_for_one_directive_as_for_four(
    demo, login, django_assert_num_queries
):
    client = login(demo_user("btv.tinhdoan"))
    one = _session_2026([("TDLS", "Tổ chức Tháng Thanh niên")])
    four = _session_2026(
        [
            ("TDLS", "Tổ chức Tháng Thanh niên"),
            ("TDLS", "Tiếp tục vận động đoàn viên tham gia xây dựng nông thôn mới"),
            ("TDLS", "Xây dựng chuyên đề học tập cho thanh niên"),
            ("TDLS", "Ra mắt quỹ hỗ trợ thanh niên khởi nghiệp"),
        ]
    )
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/sessions/{one.pk}/").status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(f"/sessions/{four.pk}/").status_code == 200
