"""CI configuration: the GitHub workflows, the lint problem matcher and pre-commit do what the project relies on."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitebuilder import ROOT, make_site

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
    ("actions/cache", "v4.2.3"): "5a3ec84eff668545956fd18022155c47e93e2684",
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
    assert_page_cache_before(job, build)


def assert_page_cache_before(job: dict[str, Any], build: int) -> None:
    """The build restores the page cache (hooks/jobs/page_cache.py) first, keyed by the lock and mkdocs.yml."""
    cache = uses(job, "actions/cache")
    assert steps(job).index(cache) < build
    assert cache["with"]["path"] == ".cache/pages"
    prefix = "pages-${{ runner.os }}-${{ hashFiles('requirements.lock', 'mkdocs.yml') }}-"
    assert cache["with"]["key"] == prefix + "${{ github.sha }}"
    assert cache["with"]["restore-keys"].strip() == prefix


def test_deploy_workflow_builds_and_publishes_to_pages_from_main_only() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "pull_request" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build = workflow["jobs"]["build"]
    assert uses(build, "actions/setup-python")["with"]["cache"] == "pip"
    built = runs(build, "make build")
    assert_page_cache_before(build, built)
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
    # Then the writers' preview, so that pull requests restore its page cache entries too.
    preview = [index for index, step in enumerate(steps(build)) if step.get("run", "").strip() == "make build"][-1]
    assert preview > steps(build).index(upload) and "env" not in steps(build)[preview]

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


# --- every line `make lint` prints about a problem becomes an annotation ------------------------------------------

MATCHERS = ROOT / ".github" / "matchers"
# A GitHub workflow command, as ruff prints it with RUFF_OUTPUT_FORMAT=github.
WORKFLOW_COMMAND = re.compile(
    r"^::error title=[^,]+,file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)[^:]*::(?P<msg>.+)$"
)


def matchers() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(MATCHERS.glob("*.json")):
        for matcher in json.loads(path.read_text(encoding="utf-8"))["problemMatcher"]:
            assert len(matcher["pattern"]) == 1, "one line per problem"
            found[matcher["owner"]] = matcher["pattern"][0]
    return found


def annotation(line: str) -> tuple[str, dict[str, str | None]] | None:
    """The matcher that reads ``line`` and the annotation's fields, as the runner would read them; None if none."""
    hits = []
    for owner, pattern in matchers().items():
        match = re.match(pattern["regexp"], line)
        if match:
            fields = ("file", "line", "column", "message", "code", "severity")
            hits.append((owner, {field: match.group(pattern[field]) if field in pattern else None for field in fields}))
    assert len(hits) <= 1, f"two matchers read {line!r}: {hits}"
    return hits[0] if hits else None


def lint_commands() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    body = re.search(r"^lint:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.MULTILINE)
    assert body
    return [line.strip() for line in body[1].splitlines()]


def tool_of(command: str) -> str:
    """Which tool a `make lint` command runs: its script, or its program and subcommand."""
    words = shlex.split(command)
    scripts = [word for word in words if word.startswith("scripts/")]
    if scripts:
        return scripts[0]
    program = words[2] if words[1:2] == ["-m"] else words[0].rsplit("/", 1)[-1]
    return f"ruff {words[1]}" if program == "ruff" else program


def run_tool(args: list[str], cwd: Path, **env: str) -> list[str]:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, **env, "NO_COLOR": "1"}
    )
    assert result.returncode != 0, f"{args} found nothing wrong:\n{result.stdout}{result.stderr}"
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def project_copy(tmp_path: Path, *names: str) -> Path:
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, target)
    return tmp_path


VENV_BIN = Path(sys.executable).parent
# What a tool printed, and the (file, line, column) of each problem in it, in order.
Sample = tuple[list[str], list[tuple[str, str | None, str | None]]]
BAD_PYTHON = "import os\nx = 1 ;y=2\n"


def sample_check_lock(tmp_path: Path) -> Sample:
    root = project_copy(
        tmp_path,
        "scripts/check_lock.py",
        "requirements.txt",
        "requirements.lock",
        "requirements-lock-tool.txt",
        "requirements-lock-tool.lock",
    )
    with (root / "requirements.txt").open("a", encoding="utf-8") as handle:
        handle.write("rich==13.9.4\n")
    last = len((root / "requirements.txt").read_text(encoding="utf-8").splitlines())
    return run_tool([sys.executable, "scripts/check_lock.py"], root), [("requirements.txt", str(last), "1")]


def sample_lint_markdown(tmp_path: Path) -> Sample:
    root = project_copy(tmp_path, "scripts/lint_markdown.py", ".pymarkdown.yml")
    (root / "docs").mkdir()
    (root / "docs" / "bad.md").write_text("# Title\n\n# Second\n\n- item\n  - nested\n", encoding="utf-8")
    lines = run_tool([sys.executable, "scripts/lint_markdown.py"], root)
    return lines, [("docs/bad.md", "3", "1"), ("docs/bad.md", "6", "3")]


def sample_codespell(tmp_path: Path) -> Sample:
    root = project_copy(tmp_path, ".codespellrc", "codespell-words.txt")
    (root / "docs").mkdir()
    (root / "docs" / "bad.md").write_text("Title\n\nYou will recieve it.\n", encoding="utf-8")
    (root / "docs" / "recieve.md").write_text("Fine.\n", encoding="utf-8")
    lines = run_tool([str(VENV_BIN / "codespell"), "--config", ".codespellrc"], root)
    # check-filenames: a misspelled file name has no line.
    return lines, [("docs/bad.md", "3", None), ("docs/recieve.md", None, None)]


def sample_mypy(tmp_path: Path) -> Sample:
    root = project_copy(tmp_path, "pyproject.toml")
    (root / "hooks").mkdir()
    (root / "hooks" / "typed.py").write_text("def f(a: int) -> str:\n    return a\n", encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    lines = run_tool([*mypy, "hooks"], root)
    lines += run_tool([*mypy, "--show-column-numbers", "hooks"], root)
    return lines, [("hooks/typed.py", "2", None), ("hooks/typed.py", "2", "12")]


def sample_facts_table(tmp_path: Path) -> Sample:
    root = project_copy(tmp_path, "scripts/facts_table.py", "WRITING-REFERENCE.md")
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    facts = root / "data" / "facts.yml"
    facts.parent.mkdir()
    shutil.copy(ROOT / "data" / "facts.yml", facts)  # the real facts, which the real table lists
    subprocess.run([sys.executable, "scripts/facts_table.py"], cwd=root, check=True, capture_output=True)
    product = yaml.safe_load(facts.read_text(encoding="utf-8"))["product"]  # whatever it is called today
    text = facts.read_text(encoding="utf-8").replace(f"product: {product}\n", f"product: {product} Two\n", 1)
    facts.write_text(text, "utf-8")
    guide = (root / "WRITING-REFERENCE.md").read_text(encoding="utf-8").splitlines()
    row = next(number for number, line in enumerate(guide, 1) if line.startswith("| `{{ product }}` |"))
    return run_tool([sys.executable, "scripts/facts_table.py", "--check"], root), [
        ("WRITING-REFERENCE.md", str(row), "1")
    ]


SAMPLES = {
    "scripts/facts_table.py": sample_facts_table,
    "scripts/check_lock.py": sample_check_lock,
    "scripts/lint_markdown.py": sample_lint_markdown,
    "codespell": sample_codespell,
    "mypy": sample_mypy,
}
# These two print GitHub workflow commands themselves in the pull request workflow (RUFF_OUTPUT_FORMAT=github).
RUFF = {"ruff check": ["check", "."], "ruff format": ["format", "--check", "."]}


def test_every_lint_command_has_a_tested_way_to_become_an_annotation() -> None:
    tools = [tool_of(command) for command in lint_commands()]
    assert {"scripts/check_lock.py", "ruff check", "ruff format", "scripts/lint_markdown.py", "codespell"} <= set(tools)
    assert [tool for tool in tools if tool not in SAMPLES and tool not in RUFF] == []


@pytest.mark.parametrize("tool", sorted(SAMPLES))
def test_the_matcher_reads_every_problem_line_the_tool_prints(tool: str, tmp_path: Path) -> None:
    lines, expected = SAMPLES[tool](tmp_path)
    read = [(line, annotation(line)) for line in lines]
    located = [
        (fields["file"], fields["line"], fields["column"]) for _, found in read if found for fields in [found[1]]
    ]
    assert located == expected, "\n".join(lines)
    for line, found in read:
        if found:
            assert found[1]["message"], line
    # Summaries and hints are not problems (the lines that name no place).
    unmatched = [line for line, found in read if not found]
    assert all(not re.match(r"^[^\s:]+:\d+", line) for line in unmatched), unmatched


def test_the_matcher_keeps_rule_ids_and_error_codes() -> None:
    _, pml = annotation(
        "docs/a.md:6:3: PML101 Anchored list indentation [Expected: 4, Actual=2] (list-anchored-indent)"
    )
    assert pml["code"] == "PML101" and pml["message"].startswith("PML101 Anchored")
    owner, mypy = annotation("hooks/typed.py:2: error: Incompatible return value type  [return-value]")
    assert owner == "helpcenter-types"
    assert (mypy["severity"], mypy["code"], mypy["message"]) == (
        "error",
        "return-value",
        "Incompatible return value type",
    )


@pytest.mark.parametrize("tool", sorted(RUFF))
def test_ruff_annotates_its_own_findings_in_the_pull_request_workflow(tool: str, tmp_path: Path) -> None:
    root = project_copy(tmp_path, "pyproject.toml")
    (root / "hooks").mkdir()
    (root / "hooks" / "bad.py").write_text(BAD_PYTHON, encoding="utf-8")
    env = load("pr.yml")["jobs"]["check"]["steps"][runs(load("pr.yml")["jobs"]["check"], "make test")]["env"]
    lines = run_tool([str(VENV_BIN / "ruff"), *RUFF[tool], "--no-cache"], root, **env)
    commands = [WORKFLOW_COMMAND.match(line) for line in lines]
    found = [(Path(match["file"]).resolve(), match["line"]) for match in commands if match]
    expected = {"ruff check": ["1", "1", "2"], "ruff format": ["2"]}[tool]
    assert found == [((root / "hooks" / "bad.py").resolve(), line) for line in expected], lines
    # No matcher reads them a second time.
    assert [line for line in lines if annotation(line)] == []


def test_the_matchers_use_only_what_the_runner_understands() -> None:
    """The runner's regular expressions are JavaScript's: no Python-only syntax, one matcher per owner."""
    for owner, pattern in matchers().items():
        assert not re.search(r"\(\?P|\(\?[aiLmsux]|\\[AZ]", pattern["regexp"]), owner
        re.compile(pattern["regexp"])
    assert len(matchers()) == sum(
        len(json.loads(path.read_text())["problemMatcher"]) for path in MATCHERS.glob("*.json")
    )


def test_the_pull_request_workflow_registers_every_matcher_before_make_test() -> None:
    job = load("pr.yml")["jobs"]["check"]
    step = steps(job)[runs(job, "make test")]
    lines = [line.strip() for line in step["run"].splitlines()]
    registered = [line for line in lines if line.startswith('echo "::add-matcher::')]
    assert registered == [
        f'echo "::add-matcher::{path.relative_to(ROOT).as_posix()}"' for path in sorted(MATCHERS.glob("*.json"))
    ]
    assert lines.index("make test") > max(lines.index(line) for line in registered)


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
        "strict-build",
        "lock-check",
        "facts-table",
        "writers-check",
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


def test_make_check_runs_before_each_push_and_the_rest_at_each_commit() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["default_install_hook_types"] == ["pre-commit", "pre-push"]
    assert config["default_stages"] == ["pre-commit"]
    check = pre_commit_hooks()["writers-check"]
    assert (check["entry"], check["stages"], check["pass_filenames"]) == (
        ".venv/bin/python scripts/check.py",
        ["pre-push"],
        False,
    )
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: \$\(VENV\)/.installed\n\t\$\(PY\) scripts/check.py$", makefile, re.M)


def pre_commit_hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


@pytest.mark.parametrize(
    ("path", "builds"),
    [
        ("docs/billing/send-an-invoice.md", True),
        ("docs/_snippets/contact.md", True),
        ("data/facts.yml", True),
        ("data/tags.yml", True),
        ("mkdocs.yml", True),
        ("overrides/main.html", True),
        ("hooks/helpcenter/facts/model.py", True),
        ("README.md", False),
        ("CONTRIBUTING.md", False),
        ("tests/test_facts.py", False),
        ("scripts/new_article.py", False),
        ("mkdocs.yml.orig", False),
    ],
)
def test_pre_commit_runs_the_strict_build_when_a_change_can_break_it(path: str, builds: bool) -> None:
    hook = pre_commit_hooks()["strict-build"]
    assert hook["entry"] == ".venv/bin/python scripts/check_build.py"
    assert hook["pass_filenames"] is False  # the whole site, whichever file changed
    # pre-commit matches `files` with Python's re.search against the path from the repository root.
    assert bool(re.search(hook["files"], path)) is builds


def run_check_build(config: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_build.py"), "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "TMPDIR": str(tmp)},
    )


def test_the_strict_build_hook_finds_a_broken_link_and_leaves_no_site_behind(tmp_path: Path) -> None:
    project, scratch = tmp_path / "project", tmp_path / "scratch"
    scratch.mkdir()
    home = "---\ntitle: Home\ndescription: Home page.\n---\n\nRead [the guide](guide.md).\n"
    guide = "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2026-11-25\n---\n\nSee [billing](biling.md).\n"
    config = make_site(project, {"index.md": home, "guide.md": guide})

    broken = run_check_build(config, scratch)
    assert broken.returncode == 1
    assert [line.split(" -  ", 1)[1] for line in broken.stderr.splitlines() if "guide.md:" in line] == [
        "docs/guide.md:7:5: page-not-found `biling.md` points to biling.md, which does not exist"
        " -> fix the path, or create the page (see WRITING-REFERENCE.md#page-not-found)"
    ]
    assert broken.stderr.splitlines()[-1] == (
        "check_build: the strict build failed -> fix the lines above, then commit again"
    )

    (project / "docs" / "guide.md").write_text(guide.replace("biling.md", "index.md"), encoding="utf-8")
    fixed = run_check_build(config, scratch)
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, "", "")
    # Built into a temporary folder, removed afterwards; the project's site/ is never written.
    assert not (project / "site").exists()
    assert list(scratch.iterdir()) == []


def test_a_stale_facts_table_is_fixed_by_pre_commit_and_reported_in_pull_requests_but_never_fails_make_test() -> None:
    hook = pre_commit_hooks()["facts-table"]
    assert hook["entry"] == ".venv/bin/python scripts/facts_table.py"  # rewrites; pre-commit stops the commit
    assert hook["pass_filenames"] is False
    for path, runs_it in [
        ("data/facts.yml", True),
        ("WRITING-REFERENCE.md", True),
        ("hooks/helpcenter/facts/model.py", True),
        ("data/tags.yml", False),
        ("docs/index.md", False),
    ]:
        assert bool(re.search(hook["files"], path)) is runs_it, path

    job = load("pr.yml")["jobs"]["check"]
    check = next(i for i, step in enumerate(steps(job)) if "scripts/facts_table.py --check" in step.get("run", ""))
    assert check > runs(job, "make test")  # after the matchers are registered
    assert steps(job)[check]["if"] == "${{ !cancelled() }}"  # reported even when a test failed

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^facts-table: \$\(VENV\)/.installed\n\t\$\(PY\) scripts/facts_table.py$", makefile, re.M)
    for target in ("test", "lint", "build", "check"):
        body = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.MULTILINE)
        assert body and "facts_table" not in body[0], target
    assert "facts_table" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "facts_table" not in (ROOT / "scripts" / "check.py").read_text(encoding="utf-8")
