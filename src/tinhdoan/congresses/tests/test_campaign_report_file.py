"""The congress campaign's progress report downloaded from its page, units by name."""

import pytest

from tinhdoan.documents.tests.readback import docx_paragraphs, pdf_pages
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
PAGE = "/congresses/campaigns/TDLS/2017-2022/"


def test_the_campaign_page_offers_its_report(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    html = client.get(PAGE).content.decode()
    assert f'href="{PAGE}report.pdf"' in html
    response = client.get(PAGE + "report.docx")
    assert response.status_code == 200
    paragraphs = docx_paragraphs(response.content)
    assert "BÁO CÁO" in paragraphs
    assert any("Đại hội" in p or "đại hội" in p for p in paragraphs)
    assert "Tỉnh đoàn Lạng Sơn" in " ".join(pdf_pages(client.get(PAGE + "report.pdf").content))


def test_an_outside_user_and_an_unknown_format_get_nothing(demo, login):
    assert login(demo_user("doan.xa_that_khe")).get(PAGE + "report.pdf").status_code == 404
    assert login(demo_user("btv.tinhdoan")).get(PAGE + "report.odt").status_code == 404
