"""Check that each lock file matches the requirements file it was generated from.

    python3 scripts/check_lock.py

`requirements.txt` lists the direct dependencies by hand, each pinned with `==`;
`requirements.lock` is the whole tree with hashes, generated from it by `make lock`.
The same goes for `requirements-lock-tool.txt` (the lock tool) and its `.lock`.
A direct dependency missing from its lock, pinned there at another version, or
left in the lock after it was removed means the lock is stale: this prints one
`path:LINE:COL: what -> run make lock` line per problem and exits 1.

Standard library only: `make` runs it with the system Python before the venv exists.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (hand-edited direct dependencies, generated lock)
PAIRS = (
    ("requirements.txt", "requirements.lock"),
    ("requirements-lock-tool.txt", "requirements-lock-tool.lock"),
)
FIX = "run `make lock`"
MAX_BYTES = 2_000_000  # a lock of this project is a small fraction of this

# `name==version`, optionally followed by `; marker`, `\` and options; comments start with `#`.
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?P<op>[=<>!~]=?=?)?\s*(?P<version>[^\s;\\#]*)"
)
VIA_SELF = re.compile(r"#\s+(?:via\s+)?-r\s+(?P<file>\S+)\s*$")


def normalize(name: str) -> str:
    """PEP 503: `PyYAML`, `pyyaml` and `py_yaml` name one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    line: int


def read_direct(path: Path, shown: str) -> tuple[dict[str, Pin], set[str], list[str]]:
    """The pinned direct dependencies of a hand-edited requirements file, every name it lists, and problems
    with how they are written."""
    pins: dict[str, Pin] = {}
    listed: set[str] = set()
    problems: list[str] = []
    for number, raw in enumerate(_lines(path), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        match = REQUIREMENT.match(text)
        if match is None or text.startswith("-"):
            problems.append(
                f"{shown}:{number}:1: '{text}' is not a requirement this check understands"
                " -> write one dependency per line as name==version"
            )
            continue
        name, op, version = match["name"], match["op"], match["version"]
        listed.add(normalize(name))
        if op != "==" or not version or "*" in version:
            problems.append(
                f"{shown}:{number}:1: '{text}' is not pinned to one version"
                f" -> write {name}==VERSION (the version you tested), then {FIX}"
            )
            continue
        key = normalize(name)
        if key in pins:
            problems.append(
                f"{shown}:{number}:1: '{name}' is listed twice (first on line {pins[key].line}) -> keep one of them"
            )
            continue
        pins[key] = Pin(name, version, number)
    return pins, listed, problems


def read_lock(path: Path) -> tuple[dict[str, list[Pin]], dict[str, set[str]], list[Pin]]:
    """The lock's pins by project (a universal lock may pin one project once per platform), which requirements
    files each came from (its `# via -r FILE`), and the pins without a hash."""
    pins: dict[str, list[Pin]] = {}
    via: dict[str, set[str]] = {}
    unhashed: list[Pin] = []
    current: Pin | None = None
    hashed = True
    for number, raw in enumerate(_lines(path), start=1):
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            if current is not None and not hashed:
                unhashed.append(current)
            match = REQUIREMENT.match(raw)
            if match is None or match["op"] != "==":
                current = None
                continue
            current, hashed = Pin(match["name"], match["version"], number), "--hash=" in raw
            pins.setdefault(normalize(current.name), []).append(current)
            via.setdefault(normalize(current.name), set())
            continue
        if current is None:
            continue
        hashed = hashed or "--hash=" in raw
        source = VIA_SELF.search(raw)
        if source:
            via[normalize(current.name)].add(source["file"])
    if current is not None and not hashed:
        unhashed.append(current)
    return pins, via, unhashed


def check_pair(root: Path, requirements: str, lock: str) -> list[str]:
    if not (root / requirements).is_file():
        return [f"{requirements}:1:1: the file is missing -> restore it from git"]
    if not (root / lock).is_file():
        return [f"{lock}:1:1: the lock file is missing -> {FIX} to generate it from {requirements}"]
    direct, listed, problems = read_direct(root / requirements, requirements)
    locked, via, unhashed = read_lock(root / lock)
    for key, pin in direct.items():
        found = locked.get(key, [])
        other = [entry for entry in found if entry.version != pin.version]
        if not found:
            problems.append(f"{requirements}:{pin.line}:1: '{pin.name}=={pin.version}' is not in {lock} -> {FIX}")
        elif other:
            problems.append(
                f"{requirements}:{pin.line}:1: '{pin.name}=={pin.version}' is pinned at {other[0].version}"
                f" in {lock} (line {other[0].line}) -> {FIX}"
            )
        elif requirements not in via[key]:
            problems.append(
                f"{lock}:{found[0].line}:1: '{found[0].name}' does not say it comes from {requirements}"
                f" (no '# via -r {requirements}') -> {FIX}"
            )
    for key, entries in locked.items():
        if requirements in via[key] and key not in listed:
            problems.append(
                f"{lock}:{entries[0].line}:1: '{entries[0].name}' came from {requirements}, which no longer lists it"
                f" -> {FIX}"
            )
    problems.extend(f"{lock}:{pin.line}:1: '{pin.name}=={pin.version}' has no --hash -> {FIX}" for pin in unhashed)
    return problems


def check(root: Path = ROOT) -> list[str]:
    return [problem for requirements, lock in PAIRS for problem in check_pair(root, requirements, lock)]


def _lines(path: Path) -> list[str]:
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SystemExit(f"{path.name}:1:1: the file is larger than {MAX_BYTES} bytes -> is it the right file?")
    return data.decode("utf-8", errors="replace").splitlines()


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s): the lock files do not match the requirements files; {FIX} regenerates them",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
