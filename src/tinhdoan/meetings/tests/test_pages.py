"""Pages: who may open and post what, bad input on forms, query counts."""

import datetime

import pytest
import time_machine

from tinhdoan.meetings.models import (
    Directive,
    Evidence,
    ProgressReport,
    WorkingSession,
)
from tinhdoan.meetings.services import directive_report_progress, session_create
from tinhdoan.notices.models import Notification

from .conftest import SESSION_DAY, at

TODAY = datetime.date(2018, 3, 1)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def union_directive(world, make_directive):
    return make_directive(content="Giáo dục lý tưởng", coordinators=[world.sgd])


@pytest.fixture
def evidence(world, union_directive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = directive_report_progress(
        actor=world.btv,
        directive=union_directive,
        text="Đã tổ chức",
        percent=30,
        files=[("bien-ban.pdf", PDF)],
    )
    return report.evidence.get()


def page_urls(session, directive, evidence=None):
    urls = [
        f"/sessions/{session.pk}/",
        f"/directives/{directive.pk}/",
    ]
    if evidence is not None:
        urls.append(f"/directives/{directive.pk}/evidence/{evidence.pk}/")
    return urls


@pytest.mark.parametrize(
    "url",
    ["/sessions/", "/directives/", "/recommendations/", "/notifications/", "/calendar/"],
)
def test_anonymous_is_sent_to_login(world, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_officer_of_another_unit_gets_404_on_every_page_and_post(
    world, session, union_directive, evidence, login
):
    client = login(world.officer_b)
    for url in page_urls(session, union_directive, evidence):
        assert client.get(url).status_code == 404, url
    before = (ProgressReport.objects.count(), Directive.objects.get(pk=union_directive.pk).state)
    for url, data in [
        (f"/directives/{union_directive.pk}/progress/", {"text": "x", "percent": "10"}),
        (f"/directives/{union_directive.pk}/status/", {"status": "completed"}),
        (
            f"/directives/{union_directive.pk}/deadline-change/",
            {"proposed_deadline": "2018-09-01", "reason": "x"},
        ),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert (
        ProgressReport.objects.count(),
        Directive.objects.get(pk=union_directive.pk).state,
    ) == before
    assert client.get(f"/sessions/{session.pk}/edit/").status_code == 404
    assert client.get("/sessions/new/").status_code == 404


def test_department_liaison_opens_its_directive_and_evidence_but_not_others(
    world, session, union_directive, evidence, make_directive, login
):
    finance = make_directive(content="Bố trí kinh phí", lead=world.stc)
    client = login(world.liaison_sgd)
    assert client.get(f"/directives/{union_directive.pk}/").status_code == 200
    download = client.get(f"/directives/{union_directive.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client.get(f"/directives/{finance.pk}/").status_code == 404
    board = client.get("/directives/").content.decode()
    assert "Giáo dục lý tưởng" in board and "Bố trí kinh phí" not in board


def test_board_is_a_fixed_number_of_queries(
    world, make_directive, login, django_assert_max_num_queries
):
    for number in range(12):
        make_directive(content=f"Nhiệm vụ {number}", coordinators=[world.sgd, world.stc])
    client = login(world.leader)
    with django_assert_max_num_queries(14):
        response = client.get("/directives/", headers={"HX-Request": "true"})
    assert response.content.decode().count('data-directive="') >= 12


def test_session_list_is_a_fixed_number_of_queries(
    world, session, login, django_assert_max_num_queries
):
    client = login(world.leader)
    with django_assert_max_num_queries(10):
        response = client.get("/sessions/?year=2018", headers={"HX-Request": "true"})
    assert "Lãnh đạo tỉnh làm việc với Tỉnh đoàn" in response.content.decode()
    assert (
        "Lãnh đạo tỉnh"
        not in client.get("/sessions/?year=2019", headers={"HX-Request": "true"}).content.decode()
    )


def test_session_page_reads_like_minutes(world, session, union_directive, login):
    html = login(world.leader).get(f"/sessions/{session.pk}/").content.decode()
    assert "Biên bản buổi làm việc" in html
    assert "đồng chí Phạm Ngọc Thưởng, Chủ tịch UBND tỉnh" in html
    assert "Vào lúc 08:00 ngày 09/01/2018" in html
    assert "Khởi nghiệp" in html and "Giáo dục lý tưởng" in html


def test_progress_form_records_a_report_with_evidence(
    world, union_directive, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.btv)
    response = client.post(
        f"/directives/{union_directive.pk}/progress/",
        {
            "text": "Đã ban hành kế hoạch",
            "percent": "45",
            "files": [SimpleUploadedFile("ke-hoach.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    html = client.get(f"/directives/{union_directive.pk}/").content.decode()
    assert "45%" in html and "Đã ban hành kế hoạch" in html and "ke-hoach.pdf" in html
    assert "đang thực hiện" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x", "percent": "101"}, "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."),
        ({"text": "x", "percent": "-1"}, "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."),
    ],
)
def test_bad_progress_form_is_422_with_the_message_and_writes_nothing(
    world, union_directive, login, data, message
):
    before = (ProgressReport.objects.count(), Evidence.objects.count())
    response = login(world.btv).post(f"/directives/{union_directive.pk}/progress/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert (ProgressReport.objects.count(), Evidence.objects.count()) == before


def test_forbidden_evidence_type_on_the_page_is_422(world, union_directive, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = ProgressReport.objects.count()
    response = login(world.btv).post(
        f"/directives/{union_directive.pk}/progress/",
        {"text": "x", "percent": "10", "files": [SimpleUploadedFile("virus.exe", b"MZ")]},
    )
    assert response.status_code == 422
    assert "không thuộc loại được phép" in response.content.decode()
    assert ProgressReport.objects.count() == before


def test_assignee_cannot_close_from_the_page(world, union_directive, login):
    response = login(world.btv).post(
        f"/directives/{union_directive.pk}/status/", {"status": "completed"}
    )
    assert response.status_code == 403
    assert Directive.objects.get(pk=union_directive.pk).state == "not_started"


def test_issuer_closes_from_the_page(world, union_directive, login):
    response = login(world.leader).post(
        f"/directives/{union_directive.pk}/status/",
        {"status": "completed", "reason": "Đạt", "version": union_directive.version},
    )
    assert response.status_code == 302
    directive = Directive.objects.with_status(TODAY).get(pk=union_directive.pk)
    assert directive.status == "completed_on_time"


def test_directive_form_refuses_a_deadline_before_the_session(world, session, login):
    before = Directive.objects.count()
    response = login(world.leader).post(
        f"/sessions/{session.pk}/directives/new/",
        {
            "content": "Tổng kết",
            "lead": world.td.pk,
            "deadline": "2018-01-08",
            "priority": "normal",
        },
    )
    assert response.status_code == 422
    assert "Hạn 08/01/2018 trước ngày buổi làm việc (09/01/2018)." in response.content.decode()
    assert Directive.objects.count() == before


def test_directive_form_refuses_a_unit_gone_by_the_session_date(world, session, login):
    before = Directive.objects.count()
    response = login(world.leader).post(
        f"/sessions/{session.pk}/directives/new/",
        {
            "content": "Tổng kết",
            "lead": world.old.pk,
            "deadline": "2018-06-30",
            "priority": "normal",
        },
    )
    assert response.status_code == 422
    assert "không tồn tại vào ngày 09/01/2018" in response.content.decode()
    assert Directive.objects.count() == before


def session_post(world, **changes):
    data = {
        "title": "Lãnh đạo tỉnh làm việc với Tỉnh đoàn",
        "held_at": "2018-01-09T08:00",
        "place": "Tỉnh đoàn",
        "host_unit": world.td.pk,
        "issuer": world.ubnd.pk,
        "chairs": [world.chairman.pk],
        "topics": "Khởi nghiệp\nMạng xã hội",
        "version": 1,
    }
    data.update(changes)
    return data


def test_stale_session_edit_from_the_page_is_409(world, session, login):
    client = login(world.leader)
    url = f"/sessions/{session.pk}/edit/"
    assert client.post(url, session_post(world, title="Bản sửa thứ nhất")).status_code == 302
    response = client.post(url, session_post(world, title="Bản sửa từ trang cũ"))
    assert response.status_code == 409
    assert "Người khác đã thay đổi" in response.content.decode()
    assert WorkingSession.objects.get(pk=session.pk).title == "Bản sửa thứ nhất"


def test_session_create_page_refuses_a_unit_not_existing_on_the_date(world, login):
    before = WorkingSession.objects.count()
    response = login(world.leader).post(
        "/sessions/new/",
        session_post(world, held_at="2018-01-09T08:00", participant_units=[world.old.pk]),
    )
    assert response.status_code == 422
    assert "Huyện đoàn cũ không tồn tại vào ngày 09/01/2018" in response.content.decode()
    assert WorkingSession.objects.count() == before


def test_session_create_page_records_a_session(world, login):
    response = login(world.leader).post("/sessions/new/", session_post(world))
    assert response.status_code == 302
    session = WorkingSession.objects.get()
    assert session.day == SESSION_DAY and session.topics == ["Khởi nghiệp", "Mạng xã hội"]


def test_bell_shows_the_unread_count(world, union_directive, login):
    client = login(world.btv)
    unread = Notification.objects.filter(user=world.btv, read_at__isnull=True).count()
    assert unread == 1  # the assignment notice
    html = client.get("/notifications/bell/").content.decode()
    assert 'data-unread="1"' in html
    client.post("/notifications/")
    assert 'data-unread="0"' in client.get("/notifications/bell/").content.decode()


def test_full_pages_carry_the_bell_and_the_menu(world, login):
    html = login(world.btv).get("/").content.decode()
    assert 'hx-get="/notifications/bell/"' in html
    assert 'href="/directives/"' in html and 'href="/sessions/"' in html


def test_select_lists_speak_vietnamese_instead_of_dashes(world, session, login):
    """An empty choice reads as what it means: every unit or leader in a filter, an
    invitation to choose in a form; never Django's "---------"."""
    client = login(world.btv)
    listing = client.get("/sessions/").content.decode()
    assert '<option value="" selected>Tất cả đơn vị</option>' in listing
    assert '<option value="" selected>Tất cả lãnh đạo</option>' in listing
    form = client.get("/sessions/new/").content.decode()
    assert f'type="radio" name="host_unit" value="{world.td.pk}"' in form  # a picker, no blank
    for html in (listing, form):
        assert "---------" not in html


def test_the_board_names_a_coordinating_unit_by_its_name(world, union_directive, login):
    html = login(world.btv).get("/directives/").content.decode()
    assert f"{world.sgd.name}</small>" in html or f"{world.sgd.name};" in html
    assert f">{world.sgd.code}<" not in html


def test_sessions_are_listed_newest_first(world, session, login):
    later = session_create(
        actor=world.leader,
        title="Lãnh đạo tỉnh làm việc với Đoàn xã A",
        held_at=at(datetime.date(2018, 6, 1)),
        host_unit=world.td,
        issuer=world.ubnd,
        chairs=[world.chairman],
    )
    html = login(world.leader).get("/sessions/").content.decode()
    assert html.index(later.title) < html.index(session.title)
