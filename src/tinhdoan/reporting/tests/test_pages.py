import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.programs.tests.factories import GRID, fill_report, make_world, save_cell
from tinhdoan.reporting.models import DataValue, Submission
from tinhdoan.reporting.workflow import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_grid_shows_targets_with_plan_and_value_inputs(world, login):
    page = login(world.officer_a).get(GRID)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="v-CT01"' in html and "Kết nạp đoàn viên mới" in html
    assert "reporting/grid.js" in html and "data-grid" in html
    assert ">120<" in html  # the plan allocated to P-A


def test_an_officer_of_a_sibling_unit_cannot_read_or_write_the_grid(world, login):
    client = login(world.officer_b)
    assert client.get(GRID).status_code == 404
    assert save_cell(client, "CT01", "5").status_code == 404
    assert client.get(f"{GRID}cells/CT01/history/").status_code == 404
    assert client.get(f"{GRID}template.xlsx").status_code == 404
    assert DataValue.objects.count() == 0


def test_the_approver_reads_the_grid_but_cannot_type_in_it(world, login):
    client = login(world.approver)
    html = client.get(GRID).content.decode()
    assert "readonly" in html
    assert save_cell(client, "CT01", "5").status_code == 404


def test_cell_history_lists_changes_and_report_steps(world, login):
    client = login(world.officer_a)
    save_cell(client, "CT02", "100")
    save_cell(client, "CT02", "150", version=1)
    report_submit(
        user=world.officer_a,
        reporting_period=world.period,
        unit=world.commune_a,
        acknowledge_warnings=True,
        comment="Chỉ có CT02",
    )
    html = client.get(f"{GRID}cells/CT02/history/").content.decode()
    assert html.count('data-kind="value"') == 2 and 'data-kind="submit"' in html
    assert "100 → <strong>150</strong>" in html


def test_approver_approves_from_the_grid_and_the_officer_cannot(world, login):
    fill_report(world)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    officer = login(world.officer_a)
    assert "report/approve/" not in officer.get(GRID).content.decode()
    refused = officer.post(f"{GRID}report/approve/", follow=True)
    assert "cấp duyệt trực tiếp" in refused.content.decode()
    assert Submission.objects.get().status == "submitted"
    approver = login(world.approver)
    assert "report/approve/" in approver.get(GRID).content.decode()
    response = approver.post(f"{GRID}report/approve/", follow=True)
    assert "Đã duyệt" in response.content.decode()
    assert Submission.objects.get().status == "approved"


def test_returning_needs_a_reason(world, login):
    fill_report(world)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    response = login(world.approver).post(f"{GRID}report/return/", {"reason": ""}, follow=True)
    assert "Hãy nêu lý do" in response.content.decode()
    assert Submission.objects.get().status == "submitted"


def test_completeness_page_counts_and_queries_stay_few(world, login, django_assert_max_num_queries):
    fill_report(world)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    client = login(world.approver)
    with django_assert_max_num_queries(12):
        page = client.get("/programs/P/2026/2026/")
    html = page.content.decode()
    assert 'data-count="submitted">1<' in html and 'data-count="not_submitted">1<' in html


def test_a_sibling_officer_cannot_upload_or_act_on_the_report(world, login):
    client = login(world.officer_b)
    data = b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,5,\n"
    assert (
        client.post(f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", data)}).status_code
        == 404
    )
    assert client.post(f"{GRID}report/submit/").status_code == 404
    assert DataValue.objects.count() == 0 and Submission.objects.count() == 0


def test_grid_page_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.officer_a)
    save_cell(client, "CT01", "5")
    with django_assert_max_num_queries(16):
        assert client.get(GRID).status_code == 200
