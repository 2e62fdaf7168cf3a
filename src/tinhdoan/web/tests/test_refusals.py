"""The pages' one answer to a refusal no view showed in place."""

from django.contrib.auth.models import AnonymousUser

from tinhdoan.lib import errors
from tinhdoan.testing import demo_user
from tinhdoan.web.middleware import RefusalMiddleware


def _answer(rf, refusal, **headers):
    request = rf.get("/results/", **headers)
    request.user = AnonymousUser()
    request.htmx = bool(headers)
    return RefusalMiddleware(lambda r: None).process_exception(request, refusal)


def test_a_conflict_is_a_vietnamese_page_with_409(db, rf):
    response = _answer(rf, errors.Conflict(["Báo cáo đã được gửi.", "Kỳ đã khóa."]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Yêu cầu bị từ chối" in page
    assert "Báo cáo đã được gửi." in page and "Kỳ đã khóa." in page


def test_not_allowed_is_403_and_invalid_422(db, rf):
    assert _answer(rf, errors.NotAllowed("Không được phép.")).status_code == 403
    assert _answer(rf, errors.Invalid("Sai.")).status_code == 422


def test_missing_or_out_of_scope_is_the_404_page(db, rf):
    response = _answer(rf, errors.NotFound("Không có."))
    assert response.status_code == 404
    assert "Không có." not in response.content.decode()  # nothing said about what exists


def test_an_htmx_request_gets_the_reason_alone(db, rf):
    response = _answer(rf, errors.Conflict("Đã đổi."), HTTP_HX_REQUEST="true")
    assert (response.status_code, response.content.decode()) == (409, "Đã đổi.")


def test_other_exceptions_and_the_api_are_left_to_their_own_handlers(rf):
    request = rf.get("/results/")
    assert RefusalMiddleware(lambda r: None).process_exception(request, KeyError("x")) is None
    api_request = rf.get("/api/v1/units")
    refusal = errors.Conflict("x")
    assert RefusalMiddleware(lambda r: None).process_exception(api_request, refusal) is None


def test_a_report_of_a_unit_out_of_scope_is_404_through_the_page_handler(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    response = client.get("/results/report/", {"unit": "TDLS", "period": "2017", "format": "docx"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
