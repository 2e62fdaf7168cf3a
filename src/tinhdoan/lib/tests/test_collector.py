import gc
import threading

import pytest

from tinhdoan.lib.collector import cyclic_collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_back_after_even_on_an_error():
    with cyclic_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), cyclic_collector_paused():
        raise ValueError("the import failed")
    assert gc.isenabled()


def test_nested_and_overlapping_uses_bring_it_back_only_when_the_last_ends():
    inner_started, outer_done = threading.Event(), threading.Event()
    seen = []

    def other_thread():
        with cyclic_collector_paused():
            inner_started.set()
            outer_done.wait(5)
            seen.append(gc.isenabled())  # the first block has ended, this one has not
        seen.append(gc.isenabled())

    with cyclic_collector_paused():
        with cyclic_collector_paused():
            pass
        assert not gc.isenabled()
        thread = threading.Thread(target=other_thread)
        thread.start()
        inner_started.wait(5)
    outer_done.set()
    thread.join(5)
    assert seen == [False, True]
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    with cyclic_collector_paused():
        pass
    assert not gc.isenabled()
