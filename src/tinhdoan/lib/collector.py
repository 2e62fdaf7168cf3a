"""Python's cyclic garbage collector paused while a bulk job builds many objects."""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def cyclic_collector_paused():
    """Run the block without the cyclic collector; reference counting still frees memory.

    An import of 100,000 rows makes about a million lists, tuples and objects that live
    until it ends: the collector would walk that growing heap again and again, a quarter
    of the import's time, to find nothing to free. Nested and concurrent uses (threads of
    one server) are counted: the collector comes back when the last one ends, and only if
    it was on before the first began.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
