import datetime

import pytest
import time_machine

from tinhdoan.cooperation.models import Exemplar, ProgramEvaluation, Replication
from tinhdoan.cooperation.services import exemplar_nominate
from tinhdoan.testing import make_unit, make_user

from .factories import a_program, cooperation_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    return cooperation_tree()


@pytest.fixture
def approver(units):
    return make_user("btv.p", unit=units["P"], role="approver")


def evaluation_data(program, year="2025"):
    data = {"year": year, "reviewed_on": "2026-01-20"}
    for item in program.items.all():
        data[f"result_{item.pk}"] = "done"
    return data


def test_review_page_lists_the_program_due(login, units, approver):
    program = a_program(units)
    page = login(approver).get("/cooperation/programs/")
    assert [d.program.pk for d in page.context["due"]] == [program.pk]
    assert "Chưa đánh giá năm 2025." in page.content.decode()


def test_evaluation_from_the_page_and_a_second_one_for_the_same_year_is_refused(
    login, units, approver
):
    program = a_program(units)
    client = login(approver)
    assert (
        client.post(f"/cooperation/programs/{program.pk}/", evaluation_data(program)).status_code
        == 302
    )
    again = client.post(f"/cooperation/programs/{program.pk}/", evaluation_data(program))
    assert again.status_code == 422
    assert "đã được đánh giá cho năm 2025" in again.content.decode()
    assert ProgramEvaluation.objects.count() == 1


def test_other_department_and_commune_officer_get_404(login, units):
    program = a_program(units)
    other = make_user("so.b", unit=units["SO-B"], role="department")
    assert login(other).get(f"/cooperation/programs/{program.pk}/").status_code == 404
    department = make_user("so.a", unit=units["SO-A"], role="department")
    client = login(department)
    assert client.get(f"/cooperation/programs/{program.pk}/").status_code == 200
    assert (
        client.post(f"/cooperation/programs/{program.pk}/", evaluation_data(program)).status_code
        == 404
    )
    assert ProgramEvaluation.objects.count() == 0


def test_nominate_commend_and_replicate_through_the_pages(login, units, approver):
    officer = make_user("doan.c1", unit=units["C1"])
    response = login(officer).post(
        "/cooperation/exemplars/new/",
        {
            "unit": "P-C1",
            "kind": "collective",
            "title": "Chợ phiên thanh niên",
            "field": "career",
            "year": "2026",
        },
    )
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    client = login(approver)
    client.post(
        f"/cooperation/exemplars/{exemplar.pk}/commend/",
        {"level": "provincial", "form": "merit", "commended_on": "2026-11-27"},
    )
    client.post(
        f"/cooperation/exemplars/{exemplar.pk}/replicate/",
        {"unit": "P-C2", "on_date": "2026-11-27"},
    )
    page = client.get(f"/cooperation/exemplars/{exemplar.pk}/").content.decode()
    assert "Bằng khen (Cấp tỉnh)" in page and "Đoàn xã Hai — 27/11/2026" in page


def test_replication_by_a_unit_not_yet_existing_is_refused_on_the_page(login, units, approver):
    exemplar = exemplar_nominate(
        unit=units["C1"],
        kind="collective",
        title="M",
        field="study",
        year=2024,
        nominated_on=datetime.date(2024, 5, 1),
    )
    response = login(approver).post(
        f"/cooperation/exemplars/{exemplar.pk}/replicate/",
        {"unit": "P-C3", "on_date": "2025-01-10"},
    )
    assert response.status_code == 422
    assert "chưa có hoặc không còn vào ngày 10/01/2025" in response.content.decode()
    assert Replication.objects.count() == 0


def test_nomination_for_a_sibling_unit_is_refused(login, units):
    response = login(make_user("doan.c1", unit=units["C1"])).post(
        "/cooperation/exemplars/new/",
        {"unit": "P-C2", "kind": "collective", "title": "X", "field": "career", "year": "2026"},
    )
    assert response.status_code == 422
    assert Exemplar.objects.count() == 0


def test_exemplar_list_filters_through_htmx(login, units, approver, django_assert_max_num_queries):
    exemplar_nominate(
        unit=units["C1"], kind="collective", title="Số hóa", field="digital", year=2026
    )
    exemplar_nominate(
        unit=units["C2"], kind="collective", title="Rừng", field="environment", year=2025
    )
    client = login(approver)
    with django_assert_max_num_queries(10):
        partial = client.get(
            "/cooperation/exemplars/?field=digital", headers={"HX-Request": "true"}
        )
    assert [e.title for e in partial.context["exemplars"]] == ["Số hóa"]
    assert client.get("/cooperation/exemplars/?unit=P-C2").context["exemplars"][0].title == "Rừng"
    nominated_by_other = make_user("doan.c2", unit=units["C2"])
    assert (
        login(nominated_by_other)
        .get(f"/cooperation/exemplars/{Exemplar.objects.get(title='Số hóa').pk}/")
        .status_code
        == 404
    )


def test_years_read_as_years_not_as_thousands(login, units, approver):
    """Numbers are shown 1.234,5, but a year is a name: 2025, never "2.025"."""
    program = a_program(units)
    client = login(approver)
    client.post(f"/cooperation/programs/{program.pk}/", evaluation_data(program))
    exemplar = exemplar_nominate(
        created_by=approver,
        unit=units["C1"],
        kind="collective",
        title="Chợ phiên",
        field="career",
        year=2026,
    )
    pages = {
        "/cooperation/programs/": "2025",
        f"/cooperation/programs/{program.pk}/": "Năm 2025",
        "/cooperation/exemplars/": "<td>2026</td>",
        f"/cooperation/exemplars/{exemplar.pk}/": "· 2026",
    }
    for url, shown in pages.items():
        html = client.get(url).content.decode()
        assert shown in html, url
        assert "2.025" not in html and "2.026" not in html, url


def test_pickers_set_dissolved_units_apart_with_the_day_they_ended(login, units, approver):
    """Today's units are the list; a unit dissolved since stays choosable for the years it existed,
    apart and dated, and a nomination for a year after it ended is refused by name."""
    make_unit("P-C0", parent=units["P"], name="Đoàn xã Cũ", valid_to=datetime.date(2025, 6, 30))
    page = login(approver).get("/cooperation/exemplars/new/")
    today, dissolved = page.context["form"].fields["unit"].choices
    assert today[0] == "Đơn vị hiện có"
    assert "P-C0" not in [code for code, _ in today[1]]
    assert "P-C3" in [code for code, _ in today[1]]
    assert dissolved == ("Đơn vị đã giải thể", [("P-C0", "Đoàn xã Cũ (đến 30/06/2025)")])
    html = page.content.decode()
    assert '<optgroup label="Đơn vị đã giải thể">' in html

    refused = login(approver).post(
        "/cooperation/exemplars/new/",
        {
            "unit": "P-C0",
            "kind": "collective",
            "title": "Mô hình",
            "field": "career",
            "year": "2026",
        },
    )
    assert refused.status_code == 422
    assert "Đoàn xã Cũ chưa có hoặc không còn trong năm 2026." in refused.content.decode()
    assert Exemplar.objects.count() == 0
    accepted = login(approver).post(
        "/cooperation/exemplars/new/",
        {
            "unit": "P-C0",
            "kind": "collective",
            "title": "Mô hình",
            "field": "career",
            "year": "2024",
        },
    )
    assert accepted.status_code == 302 and Exemplar.objects.get().unit.code == "P-C0"
