"""The lock files agree with pyproject.toml's pins and hold a hash for every package.

`make setup` installs from requirements.lock with --require-hashes; a pin changed in
pyproject.toml without `make lock` would install the old version, or stop on a missing hash.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = next((p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file()), None)
if ROOT is None:
    pytest.skip("not run from the source tree", allow_module_level=True)

ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+?)\s*(\\)?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}\s*(\\)?$")
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*==\s*(?P<version>[^\s;,]+)$"
)


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(filename):
    """{name: (version, number of sha256 hashes)}; any other line than these is an error."""
    entries, current = {}, None
    for number, line in enumerate((ROOT / filename).read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if entry := ENTRY.match(line):
            current = normalized(entry["name"])
            assert current not in entries, f"{filename}:{number}: {current} is there twice"
            entries[current] = [entry["version"], 0]
        elif HASH.match(line) and current is not None:
            entries[current][1] += 1
        else:
            pytest.fail(f"{filename}:{number}: neither a `name==version` nor a hash line: {line!r}")
    return {name: tuple(value) for name, value in entries.items()}


def direct_pins(*extras):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = {}
    for requirement in requirements:
        pin = PIN.match(requirement.split(";")[0].strip())
        assert pin, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[normalized(pin["name"])] = pin["version"]
    return pins


@pytest.mark.parametrize(
    ("filename", "extras"),
    [("requirements.lock", ("test",)), ("requirements-bench.lock", ("test", "bench"))],
)
def test_every_direct_pin_is_in_the_lock_with_the_same_version(filename, extras):
    locked = read_lock(filename)
    wrong = {
        name: (version, locked[name][0] if name in locked else None)
        for name, version in direct_pins(*extras).items()
        if name not in locked or locked[name][0] != version
    }
    assert not wrong, (
        f"pyproject.toml and {filename} disagree ({{name: (pin, locked)}}): {wrong}; run `make lock`"
    )


@pytest.mark.parametrize("filename", ["requirements.lock", "requirements-bench.lock"])
def test_every_locked_package_has_a_sha256_hash(filename):
    locked = read_lock(filename)
    assert len(locked) > len(direct_pins("test")), "the lock lacks the transitive packages"
    unhashed = sorted(name for name, (_, hashes) in locked.items() if hashes == 0)
    assert not unhashed, f"{filename}: no --hash=sha256 for {unhashed}"


def test_the_bench_lock_holds_the_same_versions_as_the_main_lock():
    main, bench = read_lock("requirements.lock"), read_lock("requirements-bench.lock")
    different = {
        name: (version, bench.get(name, (None,))[0])
        for name, (version, _) in main.items()
        if bench.get(name, (None,))[0] != version
    }
    assert not different, f"requirements-bench.lock differs from requirements.lock: {different}"
