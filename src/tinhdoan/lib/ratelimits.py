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
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import _split_rate, get_usage

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


# Counted in each server process's memory rather than in the shared counters: the general API
# limit is checked on every API request, and a shared count (a locked file) took about a
# quarter of a small API read (py-spy under wrk). Each process allows the rate, so a caller may
# make up to (processes × rate) such requests; logins, uploads and reports stay counted exactly.
PROCESS_SCOPES = frozenset({"api"})


def rate_limit_check(request, *, scope: str, keys: Sequence[str] = ()) -> None:
    """Count this request against the `scope` limit of each key (the caller by default);
    refuse it with `RateLimited` when one of them is over."""
    rate = settings.RATE_LIMITS.get(scope)
    if not rate:
        return
    for key in keys or [caller_key(request)]:
        if scope in PROCESS_SCOPES:
            seconds = _process_count(f"{scope}:{key}", rate)
        else:
            seconds = _shared_count(request, scope, key, rate)
        if seconds is not None:
            raise RateLimited(MESSAGES[scope] % {"seconds": seconds}, retry_after=seconds)


def _shared_count(request, scope: str, key: str, rate: str) -> int | None:
    """Seconds left in the window when over the limit, counted in the shared counters."""
    usage = get_usage(
        request,
        group=f"tinhdoan.{scope}",
        key=lambda group, request: key,
        rate=rate,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        return max(1, usage["time_left"])
    return None


def _process_count(key: str, rate: str) -> int | None:
    """As `_shared_count`, in this process's memory: fixed windows of the rate's period."""
    limit, period = _split_rate(rate)
    now = int(time.time())
    window_end = now - now % period + period
    store = caches["ratelimits_process"]
    window = f"{key}:{window_end}"
    store.add(window, 0, timeout=period)
    if store.incr(window) > limit:
        return max(1, window_end - now)
    return None


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
