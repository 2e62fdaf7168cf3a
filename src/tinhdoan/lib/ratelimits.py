"""Rate limits: how many requests of one kind one caller may make in a window (django-ratelimit).

A caller is the API token a request came with, otherwise the logged-in user; a login is counted
per address and per account name. The rates are `settings.RATE_LIMITS` ("count/period" as
django-ratelimit reads them, e.g. "30/m", "60/10m"); over one, the request is refused with
`RateLimited` before it does anything, and answered 429 with `Retry-After` (the seconds left in
the window) by the API's and the pages' one refusal handler.

The counters live in the `ratelimits` cache, shared by every worker: files in the data directory
(`CounterFileCache`), or Redis where configured.
"""

import contextlib
import functools
import pickle
import random
import time
import zlib
from collections.abc import Sequence

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from .errors import RateLimited

MESSAGES = {
    "login": _("Too many login attempts. Please wait %(seconds)d seconds and try again."),
    "login_address": _("Too many login attempts. Please wait %(seconds)d seconds and try again."),
    "upload": _("Too many files sent. Please wait %(seconds)d seconds and try again."),
    "report": _("Too many reports generated. Please wait %(seconds)d seconds and try again."),
    "api": _("Too many requests. Please wait %(seconds)d seconds and try again."),
}


def caller_key(request) -> str:
    """Who is counted: the API token used (each token has its own count), else the user."""
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{request.META.get('REMOTE_ADDR', '')}"


def rate_limit_check(request, *, scope: str, keys: Sequence[str] = ()) -> None:
    """Count this request against the `scope` limit of each key (the caller by default);
    refuse it with `RateLimited` when one of them is over."""
    rate = settings.RATE_LIMITS.get(scope)
    if not rate:
        return
    for key in keys or [caller_key(request)]:
        usage = get_usage(
            request,
            group=f"tinhdoan.{scope}",
            key=lambda group, request: key,
            rate=rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            seconds = max(1, usage["time_left"])
            raise RateLimited(MESSAGES[scope] % {"seconds": seconds}, retry_after=seconds)


def rate_limited(scope: str):
    """A view (page or API operation) counted against `scope` before it runs."""

    def decorator(view):
        def counted(request, *args, **kwargs):
            rate_limit_check(request, scope=scope)
            return view(request, *args, **kwargs)

        # django-ninja reads the operation's parameters through `__wrapped__`.
        return functools.wraps(view)(counted)

    return decorator


class CounterFileCache(FileBasedCache):
    """Django's file cache, whose `add` and `incr` hold an exclusive lock (so two workers
    counting at once both count) and whose `incr` keeps the counter's expiry.

    Every window of every caller leaves a file. Django's cache lists the whole folder on every
    write to see whether it is full; this one sweeps it on one write in SWEEP_EVERY, removing
    the counters whose window has passed (then, if still full, a third at random as Django
    does)."""

    SWEEP_EVERY = 200

    def _cull(self):
        if random.randrange(self.SWEEP_EVERY):
            return
        for name in self._list_cache_files():
            try:
                with open(name, "rb") as f:
                    self._is_expired(f)  # removes the file when its window has passed
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                continue
        super()._cull()

    @contextlib.contextmanager
    def _locked(self):
        self._createdir()
        with open(f"{self._dir}/.counters.lock", "ab") as handle:
            locks.lock(handle, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(handle)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            try:
                with open(self._key_to_file(key, version), "rb") as f:
                    expiry = pickle.load(f)
                    value = pickle.loads(zlib.decompress(f.read()))
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key '{key}' not found") from None
            if expiry is not None and expiry < time.time():
                raise ValueError(f"Key '{key}' not found")
            timeout = None if expiry is None else max(0.001, expiry - time.time())
            self.set(key, value + delta, timeout, version)
            return value + delta
