"""Pickers of the session and directive forms: the units of the session's date only, in
Vietnamese alphabetical order, grouped by kind; a unit dissolved before the date refused."""

import datetime

import pytest

from tinhdoan.meetings.forms import DirectiveForm, assignable_units
from tinhdoan.meetings.models import Directive, WorkingSession
from tinhdoan.org.models import Person, Unit
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
SESSION_2018 = datetime.date(2018, 1, 9)


def _codes(units) -> set[str]:
    return {u.code for u in units}


def test_units_dissolved_before_the_date_are_not_offered(demo):
    in_2018 = _codes(assignable_units(SESSION_2018))
    in_2026 = _codes(assignable_units(datetime.date(2026, 3, 2)))
    assert {"TDLS-TRD", "TDLS-TP", "TDLS", "UBND-LS", "SNV-LS"} <= in_2018
    assert "TDLS-06040" not in in_2018  # Đoàn xã Thất Khê exists from 01/07/2025
    assert "TDLS-06040" in in_2026
    assert "TDLS-TRD" not in in_2026  # Huyện đoàn Tràng Định ended on 30/06/2025


def test_the_directive_pickers_offer_the_units_of_the_sessions_date_by_kind_in_order(demo):
    form = DirectiveForm(day=datetime.date(2026, 3, 2))
    groups = dict(form.fields["coordinators"].choices)
    communes = [label for _pk, label in groups["Đoàn xã, phường"]]
    assert "Huyện đoàn Tràng Định (TDLS-TRD)" not in str(groups)
    wanted = [
        "Đoàn xã Ba Sơn",
        "Đoàn xã Bắc Sơn",
        "Đoàn xã Bằng Mạc",
        "Đoàn xã Bình Gia",
        "Đoàn xã Cai Kinh",
        "Đoàn xã Cao Lộc",
        "Đoàn xã Châu Sơn",
        "Đoàn xã Chi Lăng",
        "Đoàn xã Chiến Thắng",
        "Đoàn xã Công Sơn",
        "Đoàn xã Điềm He",
        "Đoàn xã Đình Lập",
        "Đoàn xã Đoàn Kết",
        "Đoàn xã Đồng Đăng",
    ]
    names = [label.rsplit(" (", 1)[0] for label in communes]
    assert [n for n in names if n in wanted] == wanted
    assert names[:4] == [  # the wards, then the communes ("phường" before "xã")
        "Đoàn phường Đông Kinh",
        "Đoàn phường Kỳ Lừa",
        "Đoàn phường Lương Văn Tri",
        "Đoàn phường Tam Thanh",
    ]
    districts = DirectiveForm(day=SESSION_2018).fields["lead"].choices
    district_names = [label for _pk, label in dict(districts)["Huyện đoàn, thành đoàn"]]
    assert district_names[:5] == [
        "Huyện đoàn Bắc Sơn (TDLS-BSO)",
        "Huyện đoàn Bình Gia (TDLS-BGI)",
        "Huyện đoàn Cao Lộc (TDLS-CLO)",
        "Huyện đoàn Chi Lăng (TDLS-CLA)",
        "Huyện đoàn Đình Lập (TDLS-DLA)",
    ]


def test_a_directive_to_a_unit_that_did_not_exist_on_the_sessions_date_is_refused(demo, login):
    session = WorkingSession.objects.get(held_at__date=SESSION_2018)
    before = Directive.objects.count()
    response = login(demo_user("vp.ubnd")).post(
        f"/sessions/{session.pk}/directives/new/",
        {
            "content": "Tổ chức ra quân tình nguyện",
            "lead": Unit.objects.get(code="TDLS-06040").pk,
            "deadline": "2018-06-30",
            "priority": "normal",
        },
    )
    assert response.status_code == 422
    assert "Đơn vị Đoàn xã Thất Khê không tồn tại vào ngày 09/01/2018." in response.content.decode()
    assert Directive.objects.count() == before


def test_a_session_hosted_by_a_unit_dissolved_before_its_date_is_refused(demo, login):
    before = WorkingSession.objects.count()
    response = login(demo_user("vp.ubnd")).post(
        "/sessions/new/",
        {
            "title": "Làm việc với Huyện đoàn Tràng Định",
            "held_at": "2026-03-02T08:00",
            "issuer": Unit.objects.get(code="UBND-LS").pk,
            "host_unit": Unit.objects.get(code="TDLS-TRD").pk,
            "chairs": [Person.objects.get(full_name="Nông Minh Tuấn").pk],
        },
    )
    assert response.status_code == 422
    assert "Đơn vị Huyện đoàn Tràng Định không tồn tại vào ngày 02/03/2026." in (
        response.content.decode()
    )
    assert WorkingSession.objects.count() == before


def test_the_pickers_come_again_for_a_new_date_keeping_what_was_picked(demo, login):
    client = login(demo_user("vp.ubnd"))
    sgd, trd = Unit.objects.get(code="SGDDT-LS"), Unit.objects.get(code="TDLS-TRD")
    response = client.get(
        "/sessions/new/",
        {
            "pickers": "1",
            "held_at": "2026-03-02T08:00",
            "participant_units": [sgd.pk, trd.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="col-12 row g-3 mx-0 px-0" id="session-pickers">')
    option = html.split(f'name="participant_units" value="{sgd.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in option
    assert "(TDLS-TRD)" not in html  # dissolved in 2025: dropped from the list and the choice


def test_another_units_officer_gets_no_pickers(demo, login):
    response = login(demo_user("doan.xa_that_khe")).get(
        "/sessions/new/", {"pickers": "1", "held_at": "2018-01-09T08:00"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
