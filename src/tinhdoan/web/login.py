"""Login in two steps: password (throttled), then a code for accounts that need two-factor login."""

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

from tinhdoan.accounts import totp
from tinhdoan.accounts.models import LoginEvent
from tinhdoan.accounts.selectors import (
    LoginLock,
    client_ip,
    login_account,
    login_lock,
    login_name,
    totp_device_for,
    totp_required,
)
from tinhdoan.accounts.services import (
    AccountError,
    login_event_record,
    login_failure_record,
    totp_code_check,
    totp_device_enrol,
)
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


def login_complete(request, user, backend: str, destination: str):
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=backend)
    login_event_record(
        kind=LoginEvent.Kind.SUCCESS, username=user.get_username(), request=request, user=user
    )
    return redirect(destination)


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_view(request):
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    if request.method != "POST":
        return render(request, "web/login.html", context)
    # Counted and logged under the name the password is checked for, and its account.
    username = login_name(form)
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
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "next": destination,
        "started": time.time(),
        # Chosen here, so the enrolment page shows it without writing the session.
        "secret": None if enrolled else totp.secret_new(),
    }
    return redirect("accounts:totp_verify" if enrolled else "accounts:totp_enrol")


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
        if form.is_valid() and totp_code_check(user=user, code=form.cleaned_data["code"]):
            return login_complete(request, user, pending["backend"], pending["next"])
        failure_record(
            request, kind=LoginEvent.Kind.OTP_FAILURE, username=user.get_username(), user=user
        )
        form.add_error(
            None, _("The code is not correct. Check the time on your phone and try again.")
        )
    return render(request, "accounts/totp_verify.html", context)


@sensitive_post_parameters()
@csrf_protect
@never_cache
def totp_enrol(request):
    user, pending = pending_user(request)
    if user is None:
        return redirect("login")
    if totp_device_for(user) is not None:
        return redirect("accounts:totp_verify")
    secret = pending.get("secret")
    if not secret:  # the device was reset after the password step: that step again
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_enrol(user=user, secret=secret, code=form.cleaned_data["code"])
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Two-factor login is set up for your account."))
            return login_complete(request, user, pending["backend"], pending["next"])
    context = {
        "form": form,
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": totp.provisioning_uri(secret, account=user.get_username()),
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
]
