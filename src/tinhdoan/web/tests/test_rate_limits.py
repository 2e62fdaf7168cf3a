"""Rate limits on the pages: logins, file uploads and generated files over their limit are
refused 429 with Retry-After and the reason in Vietnamese, writing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.accounts.models import LoginEvent
from tinhdoan.programs.tests.factories import GRID, make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.testing import DEMO_PASSWORD, make_unit, make_user

pytestmark = pytest.mark.django_db

WAIT = "Vui lòng chờ"


def post_login(client, username, password=DEMO_PASSWORD, ip="10.0.0.5"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def assert_rate_refused(response, words: str) -> None:
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 600
    assert f"{words} {WAIT} {seconds} giây rồi thử lại." in response.content.decode()


@pytest.fixture
def officer():
    return make_user("can.bo", unit=make_unit("TD", kind="provincial_union"))


def test_logins_over_the_limit_of_an_account_are_refused_even_with_the_right_password(
    client, officer, settings
):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"login": "3/10m"}
    post_login(client, "can.bo", "sai-mat-khau-1", ip="10.0.0.1")
    post_login(client, " can.bo", "sai-mat-khau-2", ip="10.0.0.2")  # one account, spelt apart
    post_login(client, "ｃａｎ.ｂｏ", "sai-mat-khau-3", ip="10.0.0.3")
    events = LoginEvent.objects.count()

    response = post_login(client, "can.bo", ip="10.0.0.4")

    assert_rate_refused(response, "Đăng nhập quá nhiều lần.")
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.count() == events  # nothing written


def test_logins_from_one_address_over_its_limit_are_refused_whatever_the_account(
    client, officer, settings
):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"login_address": "3/10m"}
    for name in ("mot", "hai", "ba"):
        post_login(client, name, "sai-mat-khau")

    assert_rate_refused(post_login(client, "can.bo"), "Đăng nhập quá nhiều lần.")
    assert post_login(client, "can.bo", ip="10.0.0.99").status_code == 302  # another address


def test_generated_reports_over_the_limit_are_refused_for_that_user_only(settings, login):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"report": "2/m"}
    world = make_world()
    first = login(world.officer_a)
    for _ in range(2):
        assert first.get(f"{GRID}template.xlsx").status_code == 200

    assert_rate_refused(first.get(f"{GRID}template.xlsx"), "Quá nhiều báo cáo được tạo.")
    assert first.get(GRID).status_code == 200  # the page itself is not a generated file


def test_an_upload_over_the_limit_is_refused_and_writes_nothing(settings, login):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"upload": "1/m"}
    world = make_world()
    client = login(world.officer_a)
    header = b"unit_code,target_code,period_code,value,comment\n"
    first = client.post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", header + b"P-A,CT01,2026,40,\n")}
    )
    assert first.status_code == 302
    assert DataValue.objects.get().value == 40

    refused = client.post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("b.csv", header + b"P-A,CT02,2026,500,\n")}
    )

    assert_rate_refused(refused, "Quá nhiều tệp được gửi.")
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (1, 1)
