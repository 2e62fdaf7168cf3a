"""What is computed from data that changes rarely, kept by each server process under the
revision tokens of that data: the unit a code names, the program and reporting period of a
results request, the sub-units of a unit in a period, a unit's detail as JSON.

Every read asks these of the database, and they change a few times a year. A token moves
in the transaction of any change to its tables (`triggers`), and a request reads it before
it looks here: what is found under the token it read was computed from data at least as
new. Objects kept here are shared between requests and never changed by them. Failures
(an unknown code) are not kept.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
KEPT_ENTRIES = 5_000  # units, keys and sub-unit lists; the least recently used goes first

_lock = threading.Lock()
_kept: OrderedDict[tuple, object] = OrderedDict()


def kept_under(what: tuple, revision, compute: Callable[[], T]) -> T:
    """`compute()` for `what` at this revision, computed once by this process."""
    key = (*what, revision)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    found = compute()
    _keep({key: found})
    return found


def kept_many(whats: list[tuple], revision, compute: Callable[[list[tuple]], dict]) -> dict:
    """`kept_under` for many at once: {what: found} of `whats`, those this process does not
    keep yet at this revision computed by one call of `compute(missing)`, which answers
    {what: found} of those it found (the others are not kept, nor answered)."""
    found, missing = {}, []
    with _lock:
        for what in whats:
            key = (*what, revision)
            if key in _kept:
                _kept.move_to_end(key)
                found[what] = _kept[key]
            else:
                missing.append(what)
    if missing:
        computed = compute(missing)
        _keep({(*what, revision): value for what, value in computed.items()})
        found.update(computed)
    return found


def _keep(entries: dict[tuple, object]) -> None:
    """Keep these (key: value) entries, the least recently used going first past the limit."""
    with _lock:
        _kept.update(entries)
        while len(_kept) > KEPT_ENTRIES:
            _kept.popitem(last=False)


def kept_forget() -> None:
    with _lock:
        _kept.clear()
