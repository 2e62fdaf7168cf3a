import datetime
import io

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhdoan.accounts.models import LoginEvent
from tinhdoan.testing import DEMO_PASSWORD, demo_user, make_unit, make_user, totp_code

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại."


def post_login(client, username, password=DEMO_PASSWORD, ip="10.0.0.5", **data):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password, **data},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Mozilla/5.0 kiểm thử",
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.fixture
def province():
    return make_unit("TD", kind="provincial_union")


@pytest.fixture
def officer(province):
    return make_user("can.bo", unit=province, role="officer")


@pytest.fixture
def leader(province):
    return make_user("lanh.dao", unit=province, role="leadership")


# --- throttling ----------------------------------------------------------------------------


def test_four_failures_do_not_block_the_right_password(client, officer):
    for _ in range(4):
        assert WRONG_LOGIN in post_login(client, "can.bo", "sai-mat-khau").content.decode()
    response = post_login(client, "can.bo")
    assert response.status_code == 302 and logged_in(client)


def test_fifth_failure_blocks_even_the_right_password(client, officer):
    for _ in range(5):
        post_login(client, "can.bo", "sai-mat-khau")
    response = post_login(client, "can.bo")
    html = response.content.decode()
    assert response.status_code == 429
    assert THROTTLED in html and WRONG_LOGIN not in html
    assert not logged_in(client)
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.THROTTLED, username="can.bo").count() == 1


def test_blocked_answer_is_the_same_for_an_unknown_username(client, officer):
    for username in ("can.bo", "khong.ton.tai"):
        for _ in range(5):
            post_login(client, username, "sai-mat-khau")
    known = post_login(client, "can.bo", "sai-mat-khau")
    unknown = post_login(client, "khong.ton.tai", "sai-mat-khau")
    assert known.status_code == unknown.status_code == 429
    assert THROTTLED in known.content.decode() and THROTTLED in unknown.content.decode()


def test_block_is_per_address_and_lifts_after_fifteen_minutes(client, officer):
    with time_machine.travel(MOMENT, tick=False) as clock:
        for _ in range(5):
            post_login(client, "can.bo", "sai-mat-khau")
        assert post_login(client, "can.bo", ip="10.0.0.99").status_code == 302
        client.logout()
        clock.shift(datetime.timedelta(minutes=14))
        assert post_login(client, "can.bo").status_code == 429
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        assert post_login(client, "can.bo").status_code == 302


def test_a_success_resets_the_failure_count(client, officer):
    for _ in range(4):
        post_login(client, "can.bo", "sai-mat-khau")
    assert post_login(client, "can.bo").status_code == 302
    client.logout()
    post_login(client, "can.bo", "sai-mat-khau")
    assert post_login(client, "can.bo").status_code == 302


def test_address_comes_from_the_proxy_header_when_configured(client, officer, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client.post(
        "/accounts/login/",
        {"username": "can.bo", "password": "sai"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.7",
    )
    assert LoginEvent.objects.get().ip == "203.0.113.7"


# --- the attacker's spellings of one account, many addresses, one address many accounts -----

# Each of these logs into "can.bo": the login form strips the name and NFKC-normalizes it.
VARIANTS = [" can.bo", "can.bo\t", "can.bo\u3000", "ｃａｎ．ｂｏ", "\u00a0can.bo "]
ACCOUNT_LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại."


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_spelling_logs_into_the_same_account(client, officer, variant):
    assert post_login(client, variant).status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_spellings_of_one_username_count_against_one_account(client, officer):
    for variant in VARIANTS:
        assert post_login(client, variant, "sai-mat-khau").status_code == 200
    for variant in ["can.bo", *VARIANTS]:
        response = post_login(client, variant)
        assert response.status_code == 429 and not logged_in(client)
        assert THROTTLED in response.content.decode()


def test_the_log_records_every_spelling_under_the_real_account(client, officer):
    for variant in VARIANTS:
        post_login(client, variant, "sai-mat-khau")
    post_login(client, "ｃａｎ．ｂｏ")
    rows = set(LoginEvent.objects.values_list("kind", "username", "user"))
    assert rows == {("failure", "can.bo", officer.pk), ("throttled", "can.bo", officer.pk)}


def test_failures_from_many_addresses_lock_the_account_and_tell_its_owner_and_admins(
    client, officer, province, mailoutbox, django_capture_on_commit_callbacks
):
    from tinhdoan.notices.models import Notification

    admin = make_user("quan.tri", unit=province, role="admin")
    officer.email, admin.email = "can.bo@example.vn", "quan.tri@example.vn"
    type(officer).objects.bulk_update([officer, admin], ["email"])
    with time_machine.travel(MOMENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            assert (
                post_login(client, VARIANTS[i % 5], "sai", ip=f"198.51.100.{i}").status_code == 200
            )
        response = post_login(client, "can.bo", ip="203.0.113.50")
    assert response.status_code == 429 and not logged_in(client)
    assert ACCOUNT_LOCKED in response.content.decode()
    assert response["Retry-After"] == "900"
    notices = Notification.objects.filter(kind="login_locked")
    assert sorted(notices.values_list("user__username", flat=True)) == ["can.bo", "quan.tri"]
    message = notices.first().message
    assert "can.bo" in message and "16:15 02/03/2026" in message and "198.51.100.9" in message
    assert sorted(m.to[0] for m in mailoutbox) == ["can.bo@example.vn", "quan.tri@example.vn"]


def fail_from_new_addresses(client, count, start=0):
    for i in range(start, start + count):
        post_login(client, "can.bo", "sai", ip=f"198.51.100.{i}")


def test_the_account_lock_doubles_with_every_further_failure(client, officer):
    with time_machine.travel(MOMENT, tick=False) as clock:
        fail_from_new_addresses(client, 10)
        clock.shift(datetime.timedelta(minutes=14, seconds=59))
        assert post_login(client, "can.bo", ip="203.0.113.1").status_code == 429
        clock.shift(datetime.timedelta(seconds=1))
        fail_from_new_addresses(client, 1, start=10)  # the 11th: 30 minutes
        clock.shift(datetime.timedelta(minutes=29, seconds=59))
        locked = post_login(client, "can.bo", ip="203.0.113.2")
        assert locked.status_code == 429 and locked["Retry-After"] == "1"
        clock.shift(datetime.timedelta(seconds=1))
        fail_from_new_addresses(client, 1, start=11)  # the 12th: 60 minutes
        clock.shift(datetime.timedelta(minutes=59))
        assert post_login(client, "can.bo", ip="203.0.113.3").status_code == 429
        clock.shift(datetime.timedelta(minutes=1))
        assert post_login(client, "can.bo", ip="203.0.113.4").status_code == 302


def test_a_success_starts_the_account_count_again(client, officer):
    with time_machine.travel(MOMENT, tick=False):
        fail_from_new_addresses(client, 9)
        assert post_login(client, "can.bo", ip="203.0.113.1").status_code == 302
        client.logout()
        fail_from_new_addresses(client, 9, start=20)
        assert post_login(client, "can.bo", ip="203.0.113.1").status_code == 302


def test_an_unknown_username_is_locked_like_an_account_without_notice(client, officer):
    from tinhdoan.notices.models import Notification

    for i in range(10):
        post_login(client, "khong.ton.tai", "sai", ip=f"198.51.100.{i}")
    for username in ("can.bo", "khong.ton.tai"):
        for i in range(10):
            post_login(client, username, "sai", ip=f"192.0.2.{i}")
    known = post_login(client, "can.bo", "sai", ip="203.0.113.9")
    unknown = post_login(client, "khong.ton.tai", "sai", ip="203.0.113.9")
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert Notification.objects.filter(user=officer).count() == 1


def test_one_address_guessing_many_accounts_is_refused_even_the_right_password(client, officer):
    with time_machine.travel(MOMENT, tick=False) as clock:
        for i in range(20):
            post_login(client, f"khach.{i}", "sai", ip="198.51.100.7")
        refused = post_login(client, "can.bo", ip="198.51.100.7")
        assert refused.status_code == 429 and not logged_in(client)
        assert "từ địa chỉ này" in refused.content.decode()
        assert post_login(client, "can.bo", ip="198.51.100.8").status_code == 302
        client.logout()
        clock.shift(datetime.timedelta(minutes=15))
        assert post_login(client, "can.bo", ip="198.51.100.7").status_code == 302


def test_an_administrator_lifts_the_lock_of_an_account(client, officer):
    with time_machine.travel(MOMENT, tick=False):
        fail_from_new_addresses(client, 10)
        assert post_login(client, "can.bo", ip="203.0.113.1").status_code == 429
        out = io.StringIO()
        call_command("login-unlock", "can.bo", stdout=out)
        assert "Đã mở khóa đăng nhập của can.bo." in out.getvalue()
        assert post_login(client, "can.bo", ip="203.0.113.1").status_code == 302
    with pytest.raises(CommandError, match="Không có người dùng khong.co."):
        call_command("login-unlock", "khong.co")


@pytest.fixture
def enrolled(leader):
    return TOTPDevice.objects.create(user=leader, name="điện thoại")


def test_wrong_codes_from_many_addresses_lock_the_account(client, enrolled):
    with time_machine.travel(MOMENT, tick=False):
        for i in range(10):
            post_login(client, "lanh.dao", ip=f"198.51.100.{i}")
            client.post("/accounts/two-factor/", {"code": "000000"}, REMOTE_ADDR=f"198.51.100.{i}")
        post_login(client, "lanh.dao", ip="203.0.113.1")
        response = client.post(
            "/accounts/two-factor/", {"code": totp_code(enrolled)}, REMOTE_ADDR="203.0.113.1"
        )
    assert response.status_code == 429 and not logged_in(client)


# --- login log ----------------------------------------------------------------------------


def test_log_records_failure_success_and_logout_with_address_and_browser(client, officer):
    post_login(client, "can.bo", "sai-mat-khau")
    post_login(client, "can.bo")
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.5", HTTP_USER_AGENT="Mozilla/5.0 kiểm thử")
    rows = list(
        LoginEvent.objects.order_by("id").values_list("kind", "username", "ip", "user_agent")
    )
    assert rows == [
        ("failure", "can.bo", "10.0.0.5", "Mozilla/5.0 kiểm thử"),
        ("success", "can.bo", "10.0.0.5", "Mozilla/5.0 kiểm thử"),
        ("logout", "can.bo", "10.0.0.5", "Mozilla/5.0 kiểm thử"),
    ]
    assert LoginEvent.objects.filter(user=officer).count() == 3


def test_login_log_is_readable_by_administrators_only_and_read_only(demo, client, login):
    post_login(client, "so.gddt", "sai-mat-khau")
    admin_client = login(demo_user("tinhdoan.admin"))
    page = admin_client.get("/admin/accounts/loginevent/")
    assert page.status_code == 200 and "so.gddt" in page.content.decode()
    assert admin_client.get("/admin/accounts/loginevent/add/").status_code == 403
    assert login(demo_user("btv.tinhdoan")).get("/admin/accounts/loginevent/").status_code == 302


def test_admin_login_page_sends_to_the_guarded_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_next_pointing_elsewhere_is_ignored(client, officer):
    response = post_login(client, "can.bo", next="https://evil.example/")
    assert response["Location"] == "/"


def test_browsing_after_login_writes_nothing(client, officer):
    post_login(client, "can.bo")
    last_login = type(officer).objects.get(pk=officer.pk).last_login
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get("/units/TD/").status_code == 200
    assert writes(queries) == []
    assert type(officer).objects.get(pk=officer.pk).last_login == last_login


# --- password rules and sessions ----------------------------------------------------------


def test_passwords_shorter_than_ten_characters_are_refused_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password("Xk9#mq2z")
    assert "Mật khẩu này quá ngắn: cần có ít nhất 10 ký tự." in error.value.messages
    validate_password("Xk9#mq2zLp")


def test_common_and_numeric_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("1234567890123")
    with pytest.raises(ValidationError):
        validate_password("password1234")


def test_session_ends_with_the_browser_and_after_eight_hours(client, officer):
    with time_machine.travel(MOMENT, tick=False) as clock:
        post_login(client, "can.bo")
        cookie = client.cookies["sessionid"]
        assert cookie["expires"] == "" and cookie["max-age"] == ""
        clock.shift(datetime.timedelta(hours=7, minutes=59))
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=2))
        assert client.get("/")["Location"].startswith("/accounts/login/")
