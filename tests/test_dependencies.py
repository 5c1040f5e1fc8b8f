"""The lock files pin what the human-edited requirements ask for, and every package carries a hash."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            found[normalise(match.group(1))] = match.group(2)
    return found


def locked(path: Path) -> dict[str, str]:
    return {normalise(m.group(1)): m.group(2) for m in map(PIN.match, path.read_text(encoding="utf-8").splitlines()) if m}


@pytest.mark.parametrize(("requirements", "lock"), [("requirements.txt", "requirements.lock"),
                                                     ("requirements-dev.txt", "requirements-dev.lock")])
def test_lock_file_pins_every_requirement_at_its_version(requirements, lock):
    wanted, have = pins(ROOT / requirements), locked(ROOT / lock)
    stale = {name: (version, have.get(name)) for name, version in wanted.items() if have.get(name) != version}
    assert not stale, f"{lock} is stale, run `make lock`: {stale}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock):
    blocks = re.split(r"\n(?=\S)", (ROOT / lock).read_text(encoding="utf-8"))
    unhashed = [b.split()[0] for b in blocks if PIN.match(b) and "--hash=sha256:" not in b]
    assert not unhashed
