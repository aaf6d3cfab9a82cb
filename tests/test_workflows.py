"""CI configuration: the GitHub workflows, the lint problem matcher and pre-commit do what the project relies on."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest
import yaml

from sitebuilder import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
# `uses: owner/action@<commit> # vX.Y.Z`: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})\s+#\s+(?P<tag>v\d+\.\d+\.\d+)\s*$"
)
USES = re.compile(r"^\s*(?:-\s+)?uses:")
# The commit of each release we use, checked against the action's repository (`git ls-remote --tags
# https://github.com/OWNER/ACTION vX.Y.Z`). A commit of a fork can be named through the parent
# repository, so a changed pin is reviewed here, not only by CI finding that it runs.
REVIEWED_PINS = {
    ("actions/checkout", "v4.2.2"): "11bd71901bbe5b1630ceea73d27597364c9af683",
    ("actions/setup-python", "v5.6.0"): "a26af69be951a213d495a4c3e4e4022e16d87065",
    ("actions/upload-pages-artifact", "v3.0.1"): "56afc609e74202658d3ffba0e8f6dda462b719fa",
    ("actions/deploy-pages", "v4.0.5"): "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e",
    ("actions/upload-artifact", "v4.6.2"): "ea165f8d65b6e75b540449e92b4886f43607fa02",
}


def load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job["steps"]


def uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def runs(job: dict[str, Any], command: str) -> int:
    """Index of the step whose script runs ``command`` (e.g. "make test")."""
    for index, step in enumerate(steps(job)):
        lines = [line.strip() for line in step.get("run", "").splitlines()]
        if command in lines:
            return index
    raise AssertionError(f"no step runs {command!r}")


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([\w./-]+):", makefile.replace("$(VENV)", ".venv"), re.MULTILINE))


def test_pull_request_workflow_installs_builds_strictly_and_runs_every_test() -> None:
    workflow = load("pr.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["check"]

    checkout = uses(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # "Last updated" needs the history
    python = uses(job, "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements.lock"

    install = runs(job, "make .venv/.installed")
    chromium = next(index for index, step in enumerate(steps(job)) if "chromium --version" in step.get("run", ""))
    postgres = next(index for index, step in enumerate(steps(job)) if "bin/initdb" in step.get("run", ""))
    build = runs(job, "make build")
    test = runs(job, "make test")
    assert steps(job).index(python) < install < chromium < postgres < build < test
    assert ".venv/.installed" in make_targets() and {"build", "test", "lint"} <= make_targets()

    # The browser tests run here: nothing may skip them for lack of Chromium.
    assert "apt-get install -y -qq chromium" in steps(job)[chromium]["run"]
    # Nor the PostgreSQL tests for lack of its binaries.
    assert "apt-get install -y -qq postgresql" in steps(job)[postgres]["run"]
    # Lint findings become annotations.
    assert "::add-matcher::.github/matchers/lint.json" in steps(job)[test]["run"]
    assert steps(job)[test]["env"]["RUFF_OUTPUT_FORMAT"] == "github"


def test_deploy_workflow_builds_and_publishes_to_pages_from_main_only() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "pull_request" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build = workflow["jobs"]["build"]
    assert uses(build, "actions/setup-python")["with"]["cache"] == "pip"
    built = runs(build, "make build")
    # The readers' site: the publish mode of the hooks (no writers' links, no placeholders left).
    assert steps(build)[built]["env"] == {"HELPCENTER_MODE": "publish"}
    # The job that runs the project's code reads the repository and nothing else; nothing there asks the
    # Pages API (actions/configure-pages would need `pages: read`, and nothing used its outputs).
    assert "permissions" not in build
    assert [step["uses"] for step in steps(build) if "configure-pages" in step.get("uses", "")] == []
    upload = uses(build, "actions/upload-pages-artifact")
    assert steps(build).index(upload) > built
    # make build writes the site where the artifact is taken from.
    assert re.search(r"^build:.*\n\t.*--site-dir site\b", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert upload["with"]["path"] == "site"

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step = uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_action_is_pinned_to_the_commit_of_a_reviewed_release(name: str) -> None:
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    uses_lines = [line for line in lines if USES.match(line)]
    assert uses_lines
    assert [line for line in uses_lines if not PINNED.match(line)] == []
    pins = [PINNED.match(line) for line in uses_lines]
    assert [
        f"{pin['action']}@{pin['sha']} # {pin['tag']}"
        for pin in pins
        if pin and REVIEWED_PINS.get((pin["action"], pin["tag"])) != pin["sha"]
    ] == []
    # The parsed workflow agrees with the lines read: no step uses an action some other way.
    workflow = load(name)
    parsed = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert parsed == [f"{pin['action']}@{pin['sha']}" for pin in pins if pin]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_checkout_keeps_no_token_in_the_git_config(name: str) -> None:
    workflow = load(name)
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").split("@")[0] == "actions/checkout"
    ]
    assert checkouts
    assert [step["with"].get("persist-credentials") for step in checkouts] == [False] * len(checkouts)


def test_the_pin_check_refuses_tags_branches_and_short_commits() -> None:
    for line in (
        "      - uses: actions/checkout@v4.2.2",
        "        uses: actions/checkout@main",
        "        uses: actions/checkout@11bd719 # v4.2.2",
        "        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4",
    ):
        assert PINNED.match(line) is None, line
    assert PINNED.match("        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2")


def test_ci_entry_point_runs_the_same_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script.splitlines()
    assert re.search(r"^test: lint$", (ROOT / "Makefile").read_text(), re.MULTILINE)


def test_problem_matcher_reads_our_lint_lines() -> None:
    matchers = {
        m["owner"]: m["pattern"][0]
        for m in json.loads((ROOT / ".github/matchers/lint.json").read_text())["problemMatcher"]
    }
    markdown = re.match(
        matchers["helpcenter-markdown-lint"]["regexp"],
        "docs/billing/x.md:5:1: MD025 Multiple top-level headings in the same document (single-title,single-h1)",
    )
    assert markdown is not None and markdown.group(1, 2, 3) == ("docs/billing/x.md", "5", "1")
    spelling = re.match(matchers["helpcenter-spelling"]["regexp"], "./docs/billing/x.md:7: recieve ==> receive")
    assert spelling is not None and spelling.group(1, 2, 3) == ("docs/billing/x.md", "7", "recieve ==> receive")
    # A build log line is not a lint finding (the hooks annotate those themselves).
    assert re.match(matchers["helpcenter-spelling"]["regexp"], "INFO    -  Building documentation") is None


def test_pre_commit_runs_the_lint_tools_from_the_pinned_environment() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {
        "trailing-whitespace",
        "end-of-file-fixer",
        "ruff-check",
        "ruff-format",
        "pymarkdown",
        "codespell",
    }
    requirements = (ROOT / "requirements.txt").read_text()
    for hook in hooks.values():
        program = shlex.split(hook["entry"])[0]
        assert program.startswith(".venv/bin/"), hook["id"]
        assert (ROOT / program).exists(), f"{program} is not installed by requirements.txt"
    assert re.search(r"^pre-commit==", requirements, re.MULTILINE)
    assert re.search(r"^pre-commit-hooks==", requirements, re.MULTILINE)
    assert hooks["codespell"]["exclude"] == "^tests/"
    assert "scripts/lint_markdown.py" in hooks["pymarkdown"]["entry"]
