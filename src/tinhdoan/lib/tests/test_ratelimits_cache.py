"""The rate limits' file cache counts every request of every worker, and a counter keeps the
end of its window when it is counted."""

import pickle
import threading

from tinhdoan.lib.ratelimits import CounterFileCache


def make_cache(tmp_path) -> CounterFileCache:
    return CounterFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})


def test_counting_at_once_from_many_workers_loses_no_request(tmp_path):
    # Each thread opens the cache on its own, as a gunicorn worker does.
    make_cache(tmp_path).add("n", 0, 60)

    def count():
        cache = make_cache(tmp_path)
        for _ in range(40):
            cache.incr("n")

    threads = [threading.Thread(target=count) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert make_cache(tmp_path).get("n") == 240


def test_counting_keeps_the_end_of_the_window(tmp_path):
    cache = make_cache(tmp_path)
    cache.add("n", 1, 600)
    with open(cache._key_to_file("n"), "rb") as f:
        expiry = pickle.load(f)

    assert cache.incr("n") == 2

    with open(cache._key_to_file("n"), "rb") as f:
        assert abs(pickle.load(f) - expiry) < 0.5  # not reset to the cache's default 300 s


def test_a_counter_that_expired_is_not_counted_on(tmp_path):
    cache = make_cache(tmp_path)
    cache.add("n", 1, -1)

    assert cache.add("n", 1, 60) is True  # a new window starts from its first request
    assert cache.get("n") == 1


def test_a_sweep_removes_the_counters_whose_window_has_passed_and_keeps_the_others(tmp_path):
    cache = make_cache(tmp_path)
    cache.SWEEP_EVERY = 1  # sweep on this write
    for n in range(5):
        cache.add(f"old{n}", 1, -1)
    cache.add("live", 3, 600)

    cache.add("new", 1, 600)

    assert len(list(tmp_path.glob("*.djcache"))) == 2
    assert (cache.get("live"), cache.get("new")) == (3, 1)
