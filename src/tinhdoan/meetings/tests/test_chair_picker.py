"""The chair picker shows each person with the titles held on the session's date, exactly as
the conclusion notice prints them; a person holding none is said to hold none, and is refused
as chair instead of being printed without a title."""

import datetime

import pytest

from tinhdoan.documents.tests.readback import docx_paragraphs
from tinhdoan.meetings.forms import SessionForm
from tinhdoan.meetings.models import WorkingSession
from tinhdoan.org.models import Person, Unit
from tinhdoan.org.services import person_create, position_assign
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def _labels(field) -> dict[str, str]:
    return {str(value): str(label) for value, label in field.choices}


def _pickers(client, held_at: str) -> str:
    """The pickers as HTMX asks for them again when the date changes."""
    response = client.get(
        "/sessions/new/", {"pickers": "1", "held_at": held_at}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_each_person_shows_the_titles_held_on_the_sessions_date(demo, login):
    client = login(demo_user("vp.ubnd"))
    html = _pickers(client, "2018-01-09T08:00")
    assert "Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh" in html
    assert "Nông Minh Tuấn — không giữ chức vụ nào ngày 09/01/2018" in html
    html = _pickers(client, "2026-03-02T08:00")
    assert "Nông Minh Tuấn, Bí thư Tỉnh đoàn" in html
    assert "Phạm Ngọc Thưởng — không giữ chức vụ nào ngày 02/03/2026" in html
    assert "(10/2015–10/2020)" not in html  # no list of every position ever held


def test_the_label_of_the_chair_is_what_the_notice_prints(demo, login, tmp_path):
    """Hoàng Minh Khôi held another title before the session and another after it: the
    session of 09/01/2018 shows and prints the one of that day, never the others."""
    ubnd = Unit.objects.get(code="UBND-LS")
    khoi = Person.objects.get(full_name="Hoàng Minh Khôi (minh họa)")
    for title, start, end in (
        ("Phó Bí thư Tỉnh đoàn", datetime.date(2015, 1, 1), datetime.date(2017, 10, 19)),
        ("Phó Chủ tịch UBND tỉnh", datetime.date(2022, 10, 1), None),
    ):
        position_assign(person=khoi, unit=ubnd, title=title, start=start, end=end)
    client = login(demo_user("vp.ubnd"))
    form = SessionForm(
        initial={"held_at": "2018-01-09T08:00"}, issuers=Unit.objects.all(), pickers_url=""
    )
    label = _labels(form.fields["chairs"])[str(khoi.pk)]
    assert label == "Hoàng Minh Khôi (minh họa), Chủ tịch Hội Sinh viên tỉnh"
    response = client.post(
        "/sessions/new/",
        {
            "title": "Làm việc với Hội Sinh viên tỉnh",
            "held_at": "2018-01-09T14:00",
            "issuer": ubnd.pk,
            "host_unit": Unit.objects.get(code="HSV-LS").pk,
            "chairs": [khoi.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = WorkingSession.objects.get(title="Làm việc với Hội Sinh viên tỉnh")
    docx = client.get(f"/sessions/{session.pk}/conclusions/docx/")
    assert docx.status_code == 200
    paragraphs = docx_paragraphs(docx.content)
    subject = next(p for p in paragraphs if p.startswith("Kết luận của"))
    assert subject == (
        f"Kết luận của đồng chí {label} tại buổi làm việc với Hội Sinh viên tỉnh Lạng Sơn"
    )
    assert not any("Phó Bí thư Tỉnh đoàn" in p or "Phó Chủ tịch" in p for p in paragraphs)


def test_a_chair_holding_no_position_on_the_date_is_refused(demo, login):
    nobody = person_create(full_name="Lò Văn Mười")
    before = WorkingSession.objects.count()
    response = login(demo_user("vp.ubnd")).post(
        "/sessions/new/",
        {
            "title": "Buổi làm việc không ai chủ trì",
            "held_at": "2018-01-09T14:00",
            "issuer": Unit.objects.get(code="UBND-LS").pk,
            "host_unit": Unit.objects.get(code="TDLS").pk,
            "chairs": [nobody.pk],
        },
    )
    assert response.status_code == 422
    assert (
        "Lò Văn Mười không giữ chức vụ nào vào ngày 09/01/2018: thông báo kết luận sẽ chỉ ghi "
        "tên, không có chức vụ." in response.content.decode()
    )
    assert WorkingSession.objects.count() == before
