"""The office of the provincial People's Committee (demo `vp.ubnd`) records the working
sessions its leaders chair and issues their conclusion notices; nobody else's office, and no
officer of another unit, may do either."""

import pytest

from tinhdoan.documents.models import IssuedDocument
from tinhdoan.meetings import access
from tinhdoan.meetings.models import WorkingSession
from tinhdoan.meetings.notice import issued_notice
from tinhdoan.org.models import Person, Unit
from tinhdoan.testing import demo_user, make_user

pytestmark = pytest.mark.django_db


def _session_post(**changes) -> dict:
    data = {
        "title": "Lãnh đạo tỉnh làm việc với Sở Nội vụ và Tỉnh đoàn",
        "held_at": "2018-03-05T08:00",
        "issuer": Unit.objects.get(code="UBND-LS").pk,
        "host_unit": Unit.objects.get(code="TDLS").pk,
        "chairs": [Person.objects.get(full_name="Phạm Ngọc Thưởng").pk],
        "participant_units": [Unit.objects.get(code="SNV-LS").pk],
    }
    data.update(changes)
    return data


def test_the_office_records_a_session_chaired_by_the_province_and_issues_its_notice(demo, login):
    client = login(demo_user("vp.ubnd"))
    page = client.get("/sessions/new/").content.decode()
    assert "UBND tỉnh Lạng Sơn (UBND-LS)" in page  # the only body it records for, chosen
    response = client.post("/sessions/new/", _session_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    session = WorkingSession.objects.get(title__contains="Sở Nội vụ và Tỉnh đoàn")
    assert session.issuer.code == "UBND-LS"
    assert session.created_by.username == "vp.ubnd"

    response = client.post(f"/sessions/{session.pk}/conclusions/issue/")
    assert response.status_code == 302
    notice = issued_notice(session)
    assert notice is not None and notice.symbol.endswith("/TB-UBND")


def test_the_office_issues_the_notice_of_the_session_of_09_01_2018(demo, login):
    session = WorkingSession.objects.get(held_at__date="2018-01-09")
    assert session.created_by.username == "vp.ubnd"  # the demo's session is the office's
    client = login(demo_user("vp.ubnd"))
    assert "Ban hành" in client.get(f"/sessions/{session.pk}/").content.decode()
    assert client.post(f"/sessions/{session.pk}/conclusions/issue/").status_code == 302
    assert issued_notice(session) is not None


def test_an_officer_of_another_unit_can_neither_record_nor_issue(demo, login):
    session = WorkingSession.objects.get(held_at__date="2018-01-09")
    client = login(demo_user("doan.xa_that_khe"))
    before = WorkingSession.objects.count()
    assert client.get("/sessions/new/").status_code == 404
    assert client.post("/sessions/new/", _session_post()).status_code == 404
    assert client.post(f"/sessions/{session.pk}/conclusions/issue/").status_code == 404
    assert WorkingSession.objects.count() == before
    assert not IssuedDocument.objects.filter(symbol__endswith="/TB-UBND").exists()


def test_the_union_standing_committee_cannot_record_for_the_peoples_committee(demo, login):
    before = WorkingSession.objects.count()
    response = login(demo_user("btv.tinhdoan")).post("/sessions/new/", _session_post())
    assert response.status_code == 422
    ubnd = Unit.objects.get(code="UBND-LS")
    assert f'name="issuer" value="{ubnd.pk}"' not in response.content.decode()
    assert WorkingSession.objects.count() == before


def test_an_office_issues_for_its_own_body_only(demo):
    """The province's office does not issue for a department, which has its own office."""
    office = make_user("vp.so", unit=Unit.objects.get(code="SNV-LS"), role="office")
    ubnd, department = Unit.objects.get(code="UBND-LS"), Unit.objects.get(code="SNV-LS")
    province_office = demo_user("vp.ubnd")
    assert access.can_issue(province_office, ubnd)
    assert not access.can_issue(province_office, department)
    assert access.can_issue(office, department) and not access.can_issue(office, ubnd)
    assert list(access.issuing_units(province_office)) == [ubnd]
