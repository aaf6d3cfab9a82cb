"""WRITING-REFERENCE.md's facts table: its "renders today" column is made from data/facts.yml by
`make facts-table`, and a fact's new value never fails `make check` or `make test`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpcenter.facts.model import load_facts, template_variables
from sitebuilder import FIXTURE_FACTS, ROOT

SCRIPT = ROOT / "scripts" / "facts_table.py"
OLD_PHONE, NEW_PHONE = "+18005552546", "+18885550123"
PHONE_ROWS = ["{{ support.phone }}", "{{ support.phone.text }}", "{{ support.phone.tel }}", "{{ support.phone.e164 }}"]
# The tests that read the real facts or the guide (besides the frozen copy every fact test uses): where a
# hand-kept copy of a value would fail. The browser tests take their values from the real facts the same way.
READS_REAL = re.compile(r'ROOT / (?:"data" / "facts\.yml"|"WRITING-REFERENCE\.md"|NAME\b)')


def guide_tests() -> list[str]:
    found = [path for path in sorted((ROOT / "tests").glob("test_*.py")) if READS_REAL.search(path.read_text("utf-8"))]
    return [path.relative_to(ROOT).as_posix() for path in found]


def table(guide: str) -> dict[str, tuple[str, str]]:
    """The facts table's rows: name -> (what it renders, what it is for)."""
    body = guide.split("<!-- facts-table:begin", 1)[1].split("<!-- facts-table:end -->", 1)[0]
    rows = re.findall(r"^\| `(\{\{ [\w.]+ \}\})` \| (.*?) \| (.*) \|$", body, re.MULTILINE)
    return {name: (shown, use) for name, shown, use in rows}


# A reference with a table of the fixture facts' names (the real one lists the real facts' names).
REFERENCE = """\
# Writers' reference

Some text before the table.

<!-- facts-table:begin: the middle column comes from data/facts.yml (make facts-table); edit the other two -->

| write | renders today | use it for |
| --- | --- | --- |
| `{{ product }}` | `?` | the product's name |
| `{{ support.team }}` | `?` | the support team's name |
| `{{ support.phone }}` | `?` | the support number as a link |
| `{{ support.phone.text }}` | `?` | the number as plain text |
| `{{ support.phone.tel }}` | `?` | the number as a link address |
| `{{ support.phone.e164 }}` | `?` | the number in international form |
| `{{ review_window }}` | `?` | how long customers have to review their data |
| `{{ training.signup_url }}` | `?` | the sign-up address |

<!-- facts-table:end -->

Some text after it.
"""


def project_copy(tmp_path: Path) -> Path:
    """The files the table is made from, with the fixture facts (tests/fixtures/facts.yml), a reference with a
    table of their names, and the table made from them."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "facts_table.py", root / "scripts" / "facts_table.py")
    (root / "WRITING-REFERENCE.md").write_text(REFERENCE, encoding="utf-8")
    (root / "data").mkdir()
    shutil.copy(FIXTURE_FACTS, root / "data" / "facts.yml")
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    assert run(root).returncode == 0
    return root


def change_phone(root: Path) -> str:
    """Give the support phone another valid number, whatever it is now; the new number."""
    facts = root / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    current = re.search(r'^    number: "(\+\d+)"', text, re.MULTILINE)
    assert current, 'the support phone number is written as number: "+..."'
    new = NEW_PHONE if current[1] != NEW_PHONE else "+18885550199"
    facts.write_text(text.replace(current[0], f'    number: "{new}"', 1), encoding="utf-8")
    return new


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/facts_table.py", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_row_names_a_fact_and_every_fact_view_has_a_row() -> None:
    rows = table((ROOT / "WRITING-REFERENCE.md").read_text(encoding="utf-8"))
    assert len(rows) >= 17
    # The script renders every name in the page sandbox; an unknown name would stop it.
    completed = run(ROOT, "--check")
    assert completed.returncode in (0, 1) and completed.stderr == "", completed.stderr
    assert {"{{ product }}", "{{ training.signup_url }}", *PHONE_ROWS} <= set(rows)
    assert set(template_variables(load_facts(ROOT / "data" / "facts.yml", "data/facts.yml"))) == {
        name.strip("{} ").split(".")[0] for name in rows
    }


def test_a_changed_fact_is_reported_with_the_command_that_fixes_it_and_the_command_fixes_it(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    assert run(root, "--check").returncode == 0
    before = (root / "WRITING-REFERENCE.md").read_text(encoding="utf-8")
    change_phone(root)

    stale = run(root, "--check")
    lines = before.splitlines()
    where = {
        name: next(i for i, line in enumerate(lines, 1) if line.startswith(f"| `{name}` |")) for name in PHONE_ROWS
    }
    assert stale.returncode == 1
    shows = "WRITING-REFERENCE.md:{}:1: the facts table shows {} for {}, data/facts.yml renders {} -> {}"
    fix = "run `make facts-table`"
    assert stale.stdout.splitlines() == [
        shows.format(
            where["{{ support.phone }}"],
            "`[1-800-555-2546 ext. 2](tel:+1-800-555-2546;ext=2)`",
            "{{ support.phone }}",
            "`[1-888-555-0123 ext. 2](tel:+1-888-555-0123;ext=2)`",
            fix,
        ),
        shows.format(
            where["{{ support.phone.text }}"],
            "`1-800-555-2546 ext. 2`",
            "{{ support.phone.text }}",
            "`1-888-555-0123 ext. 2`",
            fix,
        ),
        shows.format(
            where["{{ support.phone.tel }}"],
            "`tel:+1-800-555-2546;ext=2`",
            "{{ support.phone.tel }}",
            "`tel:+1-888-555-0123;ext=2`",
            fix,
        ),
        shows.format(
            where["{{ support.phone.e164 }}"], "`+18005552546`", "{{ support.phone.e164 }}", "`+18885550123`", fix
        ),
    ]
    assert (root / "WRITING-REFERENCE.md").read_text(encoding="utf-8") == before  # --check writes nothing

    fixed = run(root)
    assert (fixed.returncode, fixed.stdout) == (
        0,
        "WRITING-REFERENCE.md: the facts table now shows what data/facts.yml renders (4 value(s) updated)\n",
    )
    after = (root / "WRITING-REFERENCE.md").read_text(encoding="utf-8")
    old_rows, new_rows = table(before), table(after)
    assert new_rows["{{ support.phone.e164 }}"] == ("`+18885550123`", old_rows["{{ support.phone.e164 }}"][1])
    # Only the middle column of the four phone rows changed; everything else is as the writers left it.
    changed = [a for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert [line.split(" | ")[0] for line in changed] == [f"| `{name}`" for name in PHONE_ROWS]
    assert {name: use for name, (_, use) in new_rows.items()} == {name: use for name, (_, use) in old_rows.items()}
    assert run(root, "--check").returncode == 0


def test_placeholder_facts_are_marked_in_the_table_from_the_facts_file(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    facts = root / "data" / "facts.yml"
    document = yaml.safe_load(facts.read_text(encoding="utf-8"))
    assert "training.signup_url" in document["placeholders"]
    assert table((root / "WRITING-REFERENCE.md").read_text(encoding="utf-8"))["{{ training.signup_url }}"][0] == (
        "`https://example.com/firststeps-sign-up` (placeholder, see below)"
    )
    # The real address arrives: the writer fills it in and deletes its placeholder line.
    text = facts.read_text(encoding="utf-8")
    text = text.replace("https://example.com/firststeps-sign-up", "https://lawdesk.example/training")
    facts.write_text(text.replace("  - training.signup_url\n", ""), encoding="utf-8")
    assert run(root).returncode == 0
    shown = table((root / "WRITING-REFERENCE.md").read_text(encoding="utf-8"))["{{ training.signup_url }}"][0]
    assert shown == "`https://lawdesk.example/training`"


def test_a_broken_table_or_an_unknown_name_is_reported_not_a_traceback(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    guide = root / "WRITING-REFERENCE.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("| `{{ product }}` |", "| `{{ prodcut }}` |"), encoding="utf-8")
    result = run(root, "--check")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "WRITING-REFERENCE.md: a name in the facts table does not render ('prodcut' is undefined)"
        " -> fix or remove its row\n"
    )
    guide.write_text(text.replace("<!-- facts-table:end -->\n", ""), encoding="utf-8")
    result = run(root)
    assert result.stderr == (
        "WRITING-REFERENCE.md:1:1: the facts table must sit between one '<!-- facts-table:begin ... -->' line and one"
        " '<!-- facts-table:end -->' line -> restore the two marker lines around it\n"
    )
    assert guide.read_text(encoding="utf-8") == text.replace("<!-- facts-table:end -->\n", "")


def test_a_new_phone_number_never_fails_the_tests(tmp_path: Path) -> None:
    """A copy of the project whose phone number changed: the tests that read the guide and the facts pass, and
    lint passes (`make test` is lint, then the tests); only the table check asks for `make facts-table`."""
    root = tmp_path / "project"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in files.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)
    change_phone(root)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)  # as a writer's clone has it
    if (ROOT.parent / "shared").is_dir():  # the source text that test_content.py compares pages with
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    modules = guide_tests()
    assert {"tests/test_fact_drift.py", "tests/test_facts.py", "tests/test_front_matter.py"} <= set(modules)
    this_test = (
        f"{Path(__file__).relative_to(ROOT).as_posix()}::{test_a_new_phone_number_never_fails_the_tests.__name__}"
    )
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *modules,
         "--deselect", this_test],
        cwd=root, capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert re.search(r"^\d+ passed", tests.stdout.splitlines()[-1]), tests.stdout[-500:]
    bin_dir = Path(sys.executable).parent
    for command in (
        [sys.executable, "scripts/check_lock.py"],
        [sys.executable, "scripts/lint_markdown.py"],
        [str(bin_dir / "codespell"), "--config", ".codespellrc"],
    ):
        lint = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300, env=env)
        assert lint.returncode == 0, (command, lint.stdout, lint.stderr)
    check = run(root, "--check")
    assert check.returncode == 1
    assert [line.rsplit(" -> ", 1)[1] for line in check.stdout.splitlines()] == ["run `make facts-table`"] * 4
