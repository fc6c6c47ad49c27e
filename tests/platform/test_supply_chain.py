"""Supply chain: every Python package, transitive ones included, is installed from a lock with hashes
(`pip install --require-hashes`), pip itself too, and the npm packages from package-lock.json (`npm ci`).

Each check is a function of the files' text (and of the installed versions), so every test below that reads
the real files has a twin that shows the check a broken copy (a missing hash, a range instead of a pin, a
forgotten re-lock, an install without hashes, another installed version) and expects a refusal. No network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
# pip.txt: the installer; base, test, audit: the virtualenv's packages; uv.txt: writes the locks.
LOCKS = ("pip", "base", "test", "audit", "uv")
# Always installed by `make install-test`; audit.txt (`make audit`) and uv.txt (`make lock`) only on demand.
ALWAYS_INSTALLED = ("pip", "test")
# A requirement line of a lock: name (with extras), ==, version, optional marker, then the hashes.
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>[^\s;\\]+)")
PIP_INSTALL = re.compile(r"\bpip install\b")


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


def locked_versions(text: str, *, here_only: bool = False) -> dict[str, str]:
    """Name → version of a lock's entries; with `here_only`, only those whose marker fits this Python."""
    found = {}
    for entry in requirements(text):
        match = PINNED.match(entry)
        if not match:
            continue
        marker = Requirement(entry.split(" --hash=")[0]).marker
        if here_only and marker is not None and not marker.evaluate():
            continue
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


def version_conflicts(locks: Mapping[str, str]) -> list[str]:
    """Locks installed into one virtualenv must not name one package at two versions."""
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for lock, text in locks.items():
        for name, version in locked_versions(text).items():
            other_lock, other_version = seen.setdefault(name, (lock, version))
            if other_version != version:
                problems.append(f"{name}: {other_version} in {other_lock}.txt, {version} in {lock}.txt")
    return problems


def installed_problems(lock: str, installed: Mapping[str, str], *, complete: bool) -> list[str]:
    """Every package the lock names for this Python is installed at the locked version.

    With `complete=False` (a lock installed only on demand) a missing package is no problem.
    """
    problems = []
    for name, version in locked_versions(lock, here_only=True).items():
        if name not in installed:
            if complete:
                problems.append(f"{name}=={version} ist nicht installiert")
        elif installed[name] != version:
            problems.append(f"{name}: installiert {installed[name]}, im Lock {version}")
    return problems


def makefile_problems(text: str) -> list[str]:
    """Every `pip install` takes a lock with --require-hashes, every lock is installed, npm runs `npm ci`."""
    commands = re.sub(r"\\\n", " ", text).splitlines()
    installs = [line.strip() for line in commands if PIP_INSTALL.search(line)]
    problems = [
        f"ohne --require-hashes -r requirements/…: {line}"
        for line in installs
        if "--require-hashes" not in line or not re.search(r"-r requirements/\w+\.txt", line)
    ]
    problems += [
        f"requirements/{lock}.txt wird nicht installiert"
        for lock in LOCKS
        if not any(f"-r requirements/{lock}.txt" in line for line in installs)
    ]
    npm_ci = re.search(r"^\s*npm ci\b", text, re.MULTILINE)
    npm_install = re.search(r"\bnpm (install|i|update)\b", text)
    if not npm_ci or npm_install:
        problems.append("npm-Pakete nicht mit `npm ci` aus package-lock.json")
    return problems


def npm_lock_problems(text: str) -> list[str]:
    lock = json.loads(text)
    if lock.get("lockfileVersion", 0) < 2:
        return ["package-lock.json ist zu alt (lockfileVersion < 2)"]
    packages = lock.get("packages", {})
    if not packages:
        return ["package-lock.json nennt keine Pakete"]
    # "" is the project itself; a link points at a folder of the project, neither is downloaded.
    return [
        f"{path}: ohne integrity"
        for path, package in packages.items()
        if path and not package.get("link") and "integrity" not in package
    ]


def _read(name: str) -> str:
    return (ROOT / name).read_text()


def _installed() -> dict[str, str]:
    return {_normal(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_a_hash(lock: str) -> None:
    text = _read(f"requirements/{lock}.txt")

    assert requirements(text)
    assert lock_problems(text) == []
    assert top_level_problems(_read(f"requirements/{lock}.in"), text) == []


def test_the_locks_of_one_virtualenv_agree_on_every_version() -> None:
    locks = {lock: _read(f"requirements/{lock}.txt") for lock in ("pip", "base", "test", "audit")}
    base, test = locked_versions(locks["base"]), locked_versions(locks["test"])

    assert version_conflicts(locks) == []
    assert {name: test.get(name) for name in base} == base, "test.txt muss alle Pakete aus base.txt enthalten"


@pytest.mark.parametrize("lock", LOCKS)
def test_the_installed_packages_are_the_locked_ones(lock: str) -> None:
    problems = installed_problems(
        _read(f"requirements/{lock}.txt"), _installed(), complete=lock in ALWAYS_INSTALLED
    )

    assert problems == [], "installiert ist etwas anderes als im Lock (make install-test installiert neu)"


def test_the_makefile_installs_only_from_the_locks() -> None:
    assert makefile_problems(_read("Makefile")) == []


def test_npm_packages_come_from_the_lock_file_with_integrity_hashes() -> None:
    assert npm_lock_problems(_read("package-lock.json")) == []


def test_a_lock_entry_without_a_hash_or_pin_is_refused() -> None:
    lock = _read("requirements/base.txt")
    without_hash = re.sub(r"(?m)^(django==[^\n]*?)( \\\n\s+--hash=sha256:[0-9a-f]+)+", r"\1", lock)
    assert without_hash != lock

    assert [problem for problem in lock_problems(without_hash) if "ohne Hash" in problem] == [
        "ohne Hash: django==5.2.19"
    ]
    assert lock_problems("django>=5.2 --hash=sha256:abc\n") == [
        "nicht mit == festgelegt: django>=5.2 --hash=sha256:abc"
    ]


def test_a_forgotten_relock_is_refused() -> None:
    lock = _read("requirements/base.txt")

    assert top_level_problems("Django==9.9.9\n", lock) == [
        "Django==9.9.9 fehlt im Lock oder hat dort eine andere Version"
    ]
    assert top_level_problems("Django>=5.2\n", lock) == ["oberste Ebene nicht mit == festgelegt: Django>=5.2"]


def test_locks_naming_a_package_at_two_versions_are_refused() -> None:
    base = _read("requirements/base.txt")
    other = base.replace("\nsqlparse==0.6.1 ", "\nsqlparse==0.6.0 ")
    assert other != base

    assert version_conflicts({"base": base, "audit": other}) == [
        "sqlparse: 0.6.1 in base.txt, 0.6.0 in audit.txt"
    ]


def test_another_installed_version_or_a_missing_package_is_refused() -> None:
    lock = (
        "sqlparse==0.6.1 \\\n    --hash=sha256:00\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:00\n"  # never installed on Linux
    )

    assert installed_problems(lock, {"sqlparse": "0.6.0"}, complete=False) == [
        "sqlparse: installiert 0.6.0, im Lock 0.6.1"
    ]
    assert installed_problems(lock, {}, complete=True) == ["sqlparse==0.6.1 ist nicht installiert"]
    assert installed_problems(lock, {}, complete=False) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("--require-hashes -r requirements/test.txt", "-r requirements/test.txt"),
        ("--require-hashes -r requirements/pip.txt", "pip==26.3"),
        ("\t$(BIN)/pip install --quiet --require-hashes -r requirements/audit.txt\n", ""),
        ("npm ci ", "npm install "),
        ("npm ci ", "npm run build "),
        ("npm ci --no-audit", "npm ci --no-audit && npm update"),
    ],
    ids=[
        "test-without-hashes",
        "pip-by-name",
        "audit-not-installed",
        "npm-install",
        "no-npm-ci",
        "npm-update",
    ],
)
def test_an_install_without_hashes_is_refused(old: str, new: str) -> None:
    makefile = _read("Makefile")
    assert old in makefile

    assert makefile_problems(makefile.replace(old, new)) != []


def test_an_old_or_unhashed_npm_lock_is_refused() -> None:
    npm = json.loads(_read("package-lock.json"))
    assert len(npm["packages"]) > 1

    old = dict(npm, lockfileVersion=1)
    unhashed = dict(npm, packages={path: dict(package) for path, package in npm["packages"].items()})
    first = next(path for path in unhashed["packages"] if path)
    unhashed["packages"][first].pop("integrity")

    assert npm_lock_problems(json.dumps(old)) == ["package-lock.json ist zu alt (lockfileVersion < 2)"]
    assert npm_lock_problems(json.dumps(unhashed)) == [f"{first}: ohne integrity"]
