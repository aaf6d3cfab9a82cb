"""Building a commit and the working tree side by side, for `make diff` and `make fact-usage`.

Nothing here knows about MkDocs' internals: a build is ``python -m mkdocs build``
in a child process, as CI runs it, with HELPCENTER_FACT_USAGE set so the build
writes its fact-usage map next to the site. A commit is built from a temporary
git worktree (its own pages, facts, templates and hooks) and kept in a cache
keyed by the commit, the locked packages and the build date, so comparing
against the same base again builds only the working tree.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

USAGE_VARIABLE = "HELPCENTER_FACT_USAGE"  # read by hooks/jobs/fact_usage.py
BUILD_TIMEOUT = 900  # seconds; a build of the real site takes about one
CACHE_FORMAT = "1"  # bump when what a cached build holds changes


class ReviewError(Exception):
    """Something `make diff` or `make fact-usage` cannot do, phrased for a writer."""


@dataclass(frozen=True)
class Built:
    site: Path
    usage: Path  # the fact-usage map; absent when the build's hooks do not write one (an older commit)
    output: str  # what the build printed
    ok: bool
    cached: bool = False


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ReviewError(f"git {' '.join(args)}: {error}") from None
    if done.returncode != 0:
        raise ReviewError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout.strip()


def default_base(root: Path) -> str:
    """Where this branch left main: the merge base with main (or origin/main, as CI checks out)."""
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "HEAD", branch)
        except ReviewError:
            continue
    raise ReviewError("no branch 'main' to compare with -> name the commit to compare with: make diff BASE=<ref>")


def resolve(root: Path, ref: str) -> str:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ReviewError:
        raise ReviewError(f"'{ref}' names no commit here -> use a branch, tag or commit, e.g. BASE=main") from None


def build_date(root: Path, environ: Mapping[str, str]) -> str | None:
    """One build date for both sides (SOURCE_DATE_EPOCH, else the last commit's), so dates never differ."""
    try:
        return environ.get("SOURCE_DATE_EPOCH") or git(root, "log", "-1", "--format=%ct") or None
    except ReviewError:
        return None  # not a git repository: the clock's date, as MkDocs would use


def run_build(project: Path, out: Path, environ: Mapping[str, str], *, timeout: float = BUILD_TIMEOUT) -> Built:
    """Build ``project`` (its mkdocs.yml) into ``out``/site, its fact-usage map into ``out``/fact-usage.json.

    Not strict: a page with a problem still shows what readers would get; the problems are in ``output``.
    """
    site, usage = out / "site", out / "fact-usage.json"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {**environ, USAGE_VARIABLE: str(usage), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)  # the CI check job annotates the build's findings; here they would repeat
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--no-strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    try:
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Built(site, usage, f"the build took longer than {timeout:.0f} s", ok=False)
    return Built(site, usage, done.stdout + done.stderr, ok=done.returncode == 0)


def _cache_key(root: Path, commit: str, date: str) -> str:
    lock = root / "requirements.lock"
    packages = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else ""
    return hashlib.sha256(f"{CACHE_FORMAT}\n{commit}\n{packages}\n{date}".encode()).hexdigest()[:16]


def build_commit(root: Path, commit: str, cache: Path, environ: Mapping[str, str]) -> Built:
    """Build ``commit`` from a temporary worktree, or reuse the cached build of it."""
    out = cache / f"base-{_cache_key(root, commit, environ.get('SOURCE_DATE_EPOCH', ''))}"
    done = out / "done"
    if done.exists():
        return Built(out / "site", out / "fact-usage.json", done.read_text(encoding="utf-8"), ok=True, cached=True)
    checkout = Path(tempfile.mkdtemp(prefix="helpcenter-base-"))
    try:
        git(root, "worktree", "add", "--detach", "--force", str(checkout), commit)
        built = run_build(checkout, out, environ)
    finally:
        try:
            git(root, "worktree", "remove", "--force", str(checkout))
        except ReviewError:
            shutil.rmtree(checkout, ignore_errors=True)
            git(root, "worktree", "prune")
    if built.ok:
        done.write_text(built.output, encoding="utf-8")
    return built


def file_at(root: Path, commit: str | None, path: str) -> str:
    """A file's text at ``commit`` (None: as it is in the working tree); "" if it is not there."""
    if commit is None:
        target = root / path
        return target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
    try:
        return git(root, "show", f"{commit}:{path}")
    except ReviewError:
        return ""


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may name Python objects (``!!python/name:...``): read them as nothing, never run them."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def data_files(config_text: str) -> tuple[str, str]:
    """The facts file and the synonyms file a mkdocs.yml names (their defaults when it names none)."""
    try:
        config: Any = yaml.load(config_text, Loader=_AnyTagLoader)  # a loader that constructs nothing
    except yaml.YAMLError:
        config = {}
    helpcenter = (((config or {}).get("extra") or {}).get("helpcenter") or {}) if isinstance(config, dict) else {}
    facts = helpcenter.get("facts_file") or "data/facts.yml"
    synonyms = (helpcenter.get("search") or {}).get("synonyms_file") or "data/synonyms.yml"
    return str(facts), str(synonyms)


def environment(root: Path) -> dict[str, str]:
    """The environment both builds get: this one, with one build date."""
    env = dict(os.environ)
    date = build_date(root, env)
    if date:
        env["SOURCE_DATE_EPOCH"] = date
    return env
