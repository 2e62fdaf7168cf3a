"""The directive board's report, downloaded with the filters in force, units by name."""

import pytest

from tinhdoan.documents.tests.readback import docx_paragraphs, docx_tables, xlsx_values
from tinhdoan.meetings.models import Directive
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def test_the_board_offers_its_report_with_the_filters_in_force(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    html = client.get("/directives/", {"lead": "SNV-LS"}).content.decode()
    assert 'href="/directives/report.docx?lead=SNV-LS"' in html
    assert "Sở Giáo dục và Đào tạo" in html  # a coordinating unit by its name


def test_the_report_holds_only_the_directives_of_the_chosen_lead(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    response = client.get("/directives/report.docx", {"lead": "SNV-LS"})
    assert response.status_code == 200
    rows = [row for table in docx_tables(response.content) for row in table]
    leads = {row[2] for row in rows if len(row) == 8 and row[0].isdigit()}
    assert leads == {"Sở Nội vụ"}
    assert any("Sở Giáo dục và Đào tạo" in row[3] for row in rows if len(row) == 8)
    assert "BÁO CÁO" in docx_paragraphs(response.content)


def test_the_xlsx_counts_every_directive_in_reach(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    values = xlsx_values(client.get("/directives/report.xlsx").content)
    assert (
        sum(1 for d in Directive.objects.all() if d.content in values) == Directive.objects.count()
    )


def test_a_bad_filter_or_format_gives_nothing(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    assert client.get("/directives/report.docx", {"year": "abc"}).status_code == 404
    assert client.get("/directives/report.odt").status_code == 404
