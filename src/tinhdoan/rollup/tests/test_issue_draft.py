"""The narrative sections of the year-end report are kept as edited: saved on their own, saved
before an issue (even a refused one), shown again on the next visit; a stale save is refused."""

import pytest

from tinhdoan.documents.models import DocumentDraft, IssuedDocument
from tinhdoan.org.models import Unit
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
URL = "/results/report/issue/"
EDITED = "Ưu điểm đã sửa tay: tuổi trẻ Lạng Sơn xung kích, sáng tạo."


def _form(**changes) -> dict:
    data = {
        "unit": "TDLS",
        "period": "2017",
        "issued_on": "10/01/2018",
        "signer": "",
        "strengths": EDITED,
        "limits": "Chỉ tiêu CT07 chưa đạt.",
        "directions": "Tập trung chỉ tiêu CT07.",
        "proposals": "Đề nghị Tỉnh ủy quan tâm.",
        "draft_version": "0",
        "action": "save",
    }
    data.update(changes)
    return data


def _page(client) -> str:
    return client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode()


def test_a_saved_edit_is_what_the_page_shows_next(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    assert EDITED not in _page(client)
    response = client.post(URL, _form())
    assert response.status_code == 302
    page = _page(client)
    assert EDITED in page
    assert 'name="draft_version" value="1"' in page
    fresh = client.get(URL, {"unit": "TDLS", "period": "2017", "fresh": "1"}).content.decode()
    assert EDITED not in fresh


def test_an_issue_refused_for_want_of_a_signer_keeps_the_edit(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    issued_before = IssuedDocument.objects.count()
    response = client.post(URL, _form(action="issue", signer=""))
    assert response.status_code == 422
    assert IssuedDocument.objects.count() == issued_before
    draft = DocumentDraft.objects.get(unit__code="TDLS", source="results:2017")
    assert draft.texts["strengths"] == EDITED
    assert 'name="draft_version" value="1"' in response.content.decode()
    assert EDITED in _page(client)  # the page closed and opened again


def test_an_issue_saves_the_text_it_issues(demo, login):
    province = Unit.objects.get(code="TDLS")
    signer = province.positions.get(person__full_name="Hoàng Văn Nam").pk
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(action="issue", signer=signer))
    assert response.status_code == 302
    assert DocumentDraft.objects.get(unit=province).texts["strengths"] == EDITED


def test_a_stale_save_is_refused_and_the_text_stays_in_the_form(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    assert client.post(URL, _form()).status_code == 302
    response = client.post(URL, _form(strengths="Bản sửa của người thứ hai.", draft_version="0"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Người khác đã lưu bản nháp này sau khi đồng chí mở trang" in page
    assert "Bản sửa của người thứ hai." in page
    assert DocumentDraft.objects.get(unit__code="TDLS").texts["strengths"] == EDITED


def test_another_units_officer_cannot_save_a_draft(demo, login):
    response = login(demo_user("doan.xa_that_khe")).post(URL, _form())
    assert response.status_code == 404
    assert not DocumentDraft.objects.exists()
