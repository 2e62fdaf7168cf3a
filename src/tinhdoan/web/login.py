"""Login in two steps: password (throttled), then a code for accounts that need two-factor login.

An account that needs two-factor and has no authenticator yet sets one up only through an
invitation link from an administrator (`tinhdoan twofactor-invite`): the password alone never
lets anyone choose the account's authenticator.
"""

import base64
import math
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render, resolve_url
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from tinhdoan.accounts.models import LoginEvent
from tinhdoan.accounts.selectors import (
    InvitationProblem,
    LoginLock,
    client_ip,
    invitation_lookup,
    login_account,
    login_lock,
    login_name,
    totp_device_for,
    totp_required,
)
from tinhdoan.accounts.services import (
    AccountError,
    invitation_problem_message,
    login_event_record,
    login_failure_record,
    totp_code_check,
    totp_device_enrol,
)
from tinhdoan.lib.errors import RateLimited
from tinhdoan.lib.qr import qr_svg
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.notices.services import login_locked

PENDING_KEY = "tinhdoan_pending_login"
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def refused(request, template: str, context: dict, lock: LoginLock):
    """The answer to a login refused while locked: 429, the wait in words and in Retry-After."""
    seconds = lock.seconds_left()
    minutes = max(1, math.ceil(seconds / 60))
    if lock.reason is LoginLock.Reason.ADDRESS:
        message = ngettext(
            "Too many failed login attempts from this address. Please wait %(minutes)d minute "
            "and try again.",
            "Too many failed login attempts from this address. Please wait %(minutes)d minutes "
            "and try again.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed login attempts. Please wait %(minutes)d minute and try again.",
            "Too many failed login attempts. Please wait %(minutes)d minutes and try again.",
            minutes,
        )
    response = render(
        request, template, context | {"throttled": message % {"minutes": minutes}}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def login_rate_check(request, username: str) -> None:
    """Every login form sent counts, right or wrong, per address and per account name."""
    rate_limit_check(request, scope="login_address", keys=[f"address:{client_ip(request)}"])
    rate_limit_check(request, scope="login", keys=[f"account:{username}"])


def rate_refused(request, template: str, context: dict, refusal: RateLimited):
    """Over the rate limit of logins: 429, the wait in words and in Retry-After; nothing is
    written (not even a login event: a flood of them is what the limit stops)."""
    response = render(request, template, context | {"throttled": refusal.messages[0]}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def failure_record(request, *, kind: str, username: str, user=None) -> None:
    """Log a failure; when it locks the account, tell its owner and the administrators."""
    lock = login_failure_record(kind=kind, username=username, request=request, user=user)
    if lock is not None:
        login_locked(user=user, until=lock.until, ip=client_ip(request))


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def pending_user(request):
    """The user who gave the right password and still owes a code, if not stale. A stale
    one is dropped by a POST; a GET only reads the session."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        if request.method == "POST":
            request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


def login_complete(request, user, backend: str, destination: str, device=None):
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=backend)
    if device is not None:  # the session passed two-factor: request.user.is_verified()
        otp_login(request, device)
    login_event_record(
        kind=LoginEvent.Kind.SUCCESS, username=user.get_username(), request=request, user=user
    )
    return redirect(destination)


def invitation_refused(request, problem: InvitationProblem):
    """A link whose invitation does not work: why, in words; nothing is written."""
    status = 404 if problem is InvitationProblem.UNKNOWN else 410
    context = {"message": invitation_problem_message(problem)}
    return render(request, "accounts/totp_invitation_refused.html", context, status=status)


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_view(request):
    return password_step(request)


@sensitive_post_parameters()
@csrf_protect
@never_cache
def totp_invitation(request, code: str):
    """The link of an invitation: the login page, whose password step then leads the invited
    user (and only them) to set up their authenticator. A used, expired or unknown one is
    refused before anything else, writing nothing."""
    invitation, problem = invitation_lookup(code)
    if problem is not None:
        return invitation_refused(request, problem)
    return password_step(request, invitation=invitation)


def password_step(request, invitation=None):
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "invitation": invitation,
    }
    if request.method != "POST":
        return render(request, "web/login.html", context)
    # Counted and logged under the name the password is checked for, and its account.
    username = login_name(form)
    try:
        login_rate_check(request, username)
    except RateLimited as refusal:
        return rate_refused(request, "web/login.html", context, refusal)
    account = login_account(username)
    lock = login_lock(username=username, ip=client_ip(request))
    if lock is not None:
        login_event_record(
            kind=LoginEvent.Kind.THROTTLED, username=username, request=request, user=account
        )
        return refused(request, "web/login.html", context, lock)
    if not form.is_valid():
        failure_record(request, kind=LoginEvent.Kind.FAILURE, username=username, user=account)
        return render(request, "web/login.html", context)
    user = form.get_user()
    destination = next_url(request)
    if not totp_required(user):
        return login_complete(request, user, user.backend, destination)
    enrolled = totp_device_for(user) is not None
    if not enrolled and invitation is None:
        # The password alone never sets up an authenticator: that takes an invitation.
        return render(request, "accounts/totp_needs_invitation.html", {}, status=403)
    if not enrolled and invitation.user_id != user.pk:
        context["invitation_error"] = _(
            "This invitation is for another account: it cannot set up two-factor login for yours."
        )
        return render(request, "web/login.html", context, status=403)
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "next": destination,
        "started": time.time(),
        # Chosen here, so the enrolment page shows it without writing the session.
        "key": None if enrolled else random_hex(20),
        "invitation": None if enrolled else invitation.pk,
    }
    return redirect("accounts:totp_verify" if enrolled else "accounts:totp_enrol")


def code_refused_throttled(request, context: dict, seconds: int):
    """django-otp checks no code for a while after wrong ones in a row: 429, the wait."""
    message = ngettext(
        "Too many wrong codes in a row. Please wait %(seconds)d second and try again.",
        "Too many wrong codes in a row. Please wait %(seconds)d seconds and try again.",
        seconds,
    )
    context["form"].add_error(None, message % {"seconds": seconds})
    response = render(request, "accounts/totp_verify.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@sensitive_post_parameters()
@csrf_protect
@never_cache
def totp_verify(request):
    user, pending = pending_user(request)
    if user is None:
        return redirect("login")
    if totp_device_for(user) is None:
        return redirect("accounts:totp_enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method == "POST":
        try:
            login_rate_check(request, user.get_username())
        except RateLimited as refusal:
            return rate_refused(request, "accounts/totp_verify.html", context, refusal)
        lock = login_lock(username=user.get_username(), ip=client_ip(request))
        if lock is not None:
            request.session.pop(PENDING_KEY, None)
            login_event_record(
                kind=LoginEvent.Kind.THROTTLED,
                username=user.get_username(),
                request=request,
                user=user,
            )
            return refused(request, "accounts/totp_verify.html", context, lock)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        check = totp_code_check(user=user, code=code)
        if check.device is not None:
            return login_complete(
                request, user, pending["backend"], pending["next"], device=check.device
            )
        # A code refused, checked or not, counts toward the login lock too.
        failure_record(
            request, kind=LoginEvent.Kind.OTP_FAILURE, username=user.get_username(), user=user
        )
        if check.locked_until is not None:
            return code_refused_throttled(request, context, check.seconds_left())
        form.add_error(
            None, _("The code is not correct. Check the time on your phone and try again.")
        )
    return render(request, "accounts/totp_verify.html", context)


def key_base32(key: str) -> str:
    """The key as authenticator apps take it typed: base32, no padding."""
    return base64.b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")


@sensitive_post_parameters()
@csrf_protect
@never_cache
def totp_enrol(request):
    user, pending = pending_user(request)
    if user is None:
        return redirect("login")
    if totp_device_for(user) is not None:
        return redirect("accounts:totp_verify")
    key, invitation_id = pending.get("key"), pending.get("invitation")
    if not key or not invitation_id:  # the device was reset after the password step
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                device = totp_device_enrol(
                    user=user,
                    key=key,
                    code=form.cleaned_data["code"],
                    invitation_id=invitation_id,
                )
            except AccountError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Two-factor login is set up for your account."))
                return login_complete(
                    request, user, pending["backend"], pending["next"], device=device
                )
    else:
        invitation = user.twofactor_invitations.filter(pk=invitation_id).first()
        if invitation is None:
            return invitation_refused(request, InvitationProblem.UNKNOWN)
        if invitation.used_at is not None or invitation.expired():
            problem = InvitationProblem.USED if invitation.used_at else InvitationProblem.EXPIRED
            return invitation_refused(request, problem)
    secret = key_base32(key)
    uri = TOTPDevice(user=user, key=key).config_url
    context = {
        "form": form,
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": uri,
        "qr": qr_svg(uri, title=_("QR code for the authenticator app")),
    }
    return render(request, "accounts/totp_enrol.html", context)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            login_event_record(
                kind=LoginEvent.Kind.LOGOUT,
                username=request.user.get_username(),
                request=request,
                user=request.user,
            )
        return super().post(request, *args, **kwargs)


# Under /accounts/ (namespace "accounts"); login and logout are named at the root.
urlpatterns = [
    path("two-factor/", totp_verify, name="totp_verify"),
    path("two-factor/enrol/", totp_enrol, name="totp_enrol"),
    path("two-factor/invitation/<str:code>/", totp_invitation, name="totp_invitation"),
]
