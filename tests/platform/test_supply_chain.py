"""Supply chain: every Python package, transitive ones included, is installed from a lock with hashes
(`pip install --require-hashes`), and the npm packages from package-lock.json (`npm ci`).

The checks read the files as text, so each can be shown a broken copy (a missing hash, a range instead
of a pin, a top-level pin the lock does not carry) and must refuse it.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
LOCKS = ("base", "test", "audit")
# A requirement line of a lock: name (with extras), ==, version, optional marker, then the hashes.
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>[^\s;\\]+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(text: str) -> list[str]:
    """The requirement entries of a pip requirements file, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    return [
        line.strip()
        for line in joined.splitlines()
        if line.strip() and not line.strip().startswith(("#", "-r ", "-c "))
    ]


def lock_problems(text: str) -> list[str]:
    """Every entry must be pinned with == and carry at least one sha256 hash."""
    problems = []
    for entry in requirements(text):
        if not PINNED.match(entry):
            problems.append(f"nicht mit == festgelegt: {entry[:60]}")
        elif "--hash=sha256:" not in entry:
            problems.append(f"ohne Hash: {entry[:60]}")
    return problems


def locked_versions(text: str) -> dict[str, str]:
    found = {}
    for entry in requirements(text):
        match = PINNED.match(entry)
        if match:
            found[_normal(match["name"])] = match["version"]
    return found


def top_level_problems(top_level: str, lock: str) -> list[str]:
    """Every pin of a *.in file is in its lock at the same version (no re-lock forgotten)."""
    locked = locked_versions(lock)
    problems = []
    for entry in requirements(top_level):
        match = PINNED.match(entry)
        if not match:
            problems.append(f"oberste Ebene nicht mit == festgelegt: {entry}")
        elif locked.get(_normal(match["name"])) != match["version"]:
            problems.append(f"{entry} fehlt im Lock oder hat dort eine andere Version")
    return problems


def makefile_problems(text: str) -> list[str]:
    problems = []
    for lock in LOCKS:
        installs = [
            line for line in text.splitlines() if "pip install" in line and f"requirements/{lock}.txt" in line
        ]
        if not installs:
            problems.append(f"requirements/{lock}.txt wird nicht installiert")
        problems += [
            f"ohne --require-hashes: {line.strip()}" for line in installs if "--require-hashes" not in line
        ]
    if "npm ci" not in text or "npm install" in text:
        problems.append("npm-Pakete nicht mit `npm ci` aus package-lock.json")
    return problems


def npm_lock_problems(text: str) -> list[str]:
    lock = json.loads(text)
    if lock.get("lockfileVersion", 0) < 2:
        return ["package-lock.json ist zu alt (lockfileVersion < 2)"]
    return [
        f"{path}: ohne integrity"
        for path, package in lock.get("packages", {}).items()
        if path and not package.get("link") and "integrity" not in package
    ]


def _read(name: str) -> str:
    return (ROOT / name).read_text()


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_a_hash(lock: str) -> None:
    text = _read(f"requirements/{lock}.txt")

    assert len(requirements(text)) >= 2
    assert lock_problems(text) == []
    assert top_level_problems(_read(f"requirements/{lock}.in"), text) == []


def test_the_test_lock_holds_the_runtime_packages_at_the_same_versions() -> None:
    base, test = (
        locked_versions(_read("requirements/base.txt")),
        locked_versions(_read("requirements/test.txt")),
    )

    assert {name: test.get(name) for name in base} == base


def test_the_installed_packages_are_the_locked_ones() -> None:
    locked = locked_versions(_read("requirements/test.txt"))
    installed = {_normal(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}

    wrong = {
        name: (version, installed[name])
        for name, version in locked.items()
        if name in installed and installed[name] != version
    }
    assert wrong == {}, "installiert ist eine andere Version als im Lock (make test installiert neu)"
    assert locked.keys() - installed.keys() <= {
        "async-timeout",
        "brotlicffi",
        "colorama",
    }  # other Pythons, PyPy, Windows


def test_the_makefile_installs_only_from_the_locks() -> None:
    assert makefile_problems(_read("Makefile")) == []


def test_npm_packages_come_from_the_lock_file_with_integrity_hashes() -> None:
    assert npm_lock_problems(_read("package-lock.json")) == []


def test_broken_locks_are_refused() -> None:
    lock = _read("requirements/base.txt")
    first_hash = re.search(r" \\\n\s+--hash=sha256:[0-9a-f]+", lock)
    assert first_hash is not None
    without_hash = re.sub(r"(?m)^(django==[^\n]*?)( \\\n\s+--hash=sha256:[0-9a-f]+)+", r"\1", lock)

    assert any("ohne Hash" in problem for problem in lock_problems(without_hash))
    assert lock_problems("django>=5.2 --hash=sha256:abc\n") == [
        "nicht mit == festgelegt: django>=5.2 --hash=sha256:abc"
    ]
    assert top_level_problems("Django==9.9.9\n", lock) == [
        "Django==9.9.9 fehlt im Lock oder hat dort eine andere Version"
    ]
    makefile = _read("Makefile").replace(
        "--require-hashes -r requirements/test.txt", "-r requirements/test.txt"
    )
    assert makefile_problems(makefile) != []
    npm = json.loads(_read("package-lock.json"))
    for path, package in npm["packages"].items():
        if path:
            package.pop("integrity", None)
    assert npm_lock_problems(json.dumps(npm)) != []
