"""The shape of the build: each docs file opened once, mkdocs-macros reached through one adapter, no state kept.

hooks/pipeline.py is the only hook; a `Build` made at on_config holds each phase's result.
These tests watch the real build from outside: an audit hook counts the files
it opens, and two builds in one process (as `mkdocs serve` rebuilds) must not
see each other's facts.
"""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs_macros.plugin import MacrosPlugin

from jobs.macros import CONTRACT, contract_problems
from jobs.setup import build_of
from sitebuilder import ROOT, make_site

# Runs a strict build of the real site in a child process and reports every file it opened.
COUNT_OPENS = """
import json, os, sys
opened = []
def audit(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.fsdecode(args[0]))
sys.addaudithook(audit)
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(config)
print(json.dumps(opened))
"""


def test_each_docs_file_is_opened_once(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, str(ROOT / "mkdocs.yml"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    docs = (ROOT / "docs").resolve()
    opens = Counter(
        Path(path).resolve().relative_to(docs).as_posix()
        for path in json.loads(completed.stdout.splitlines()[-1])
        if Path(path).resolve().is_relative_to(docs) and Path(path).resolve().is_file()
    )
    pages = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    assert pages, "the real site has pages"
    assert {page: opens[page] for page in pages} == dict.fromkeys(pages, 1)
    assert max(opens.values()) == 1, [name for name, count in opens.items() if count > 1]


def test_the_contract_with_mkdocs_macros_holds() -> None:
    """What hooks/jobs/macros.py uses of mkdocs-macros: a new version without it fails here, by name."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["macros"]
    plugin.on_config(config)  # mkdocs-macros makes its environment here; the adapter runs after it
    assert contract_problems(plugin) == []


def test_a_broken_contract_is_named() -> None:
    class Older:
        env = page = variables = markdown = macros = pre_macro_functions = post_macro_functions = None

    assert contract_problems(Older()) == ["_env", "_add_macros"]


def test_the_contract_names_everything_the_adapter_reads_of_mkdocs_macros() -> None:
    """Every attribute hooks/jobs/macros.py reads or sets on the plugin (``plugin``) or on the object it hands
    pre-macro functions (``env``) is in CONTRACT, so the contract test above covers all of it."""
    tree = ast.parse((ROOT / "hooks" / "jobs" / "macros.py").read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("plugin", "env")
    }
    assert used == set(CONTRACT)


HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nCall {{ support.phone }}.\n"


def test_two_builds_in_one_process_share_nothing(tmp_path: Path) -> None:
    """`mkdocs serve` builds again in the same process: a changed fact shows, and no fact leaks into
    mkdocs-macros' class-level registry (which never forgets)."""
    config_file = make_site(tmp_path, {"index.md": HOME})
    facts = tmp_path / "data" / "facts.yml"
    for number, expected in (('"+18005552546"', "1-800-555-2546"), ('"+18005550199"', "1-800-555-0199")):
        facts.write_text(facts.read_text(encoding="utf-8").replace('"+18005552546"', number), encoding="utf-8")
        config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
        mkdocs_build(config)
        assert expected in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "support" not in MacrosPlugin._add_variables


def test_each_rendered_page_is_a_plain_value(tmp_path: Path) -> None:
    """What a page's render produces can be kept between builds: it pickles, and comes back equal."""
    pages = {
        "index.md": HOME + "\n[Guide](guide.md)\n",
        "guide.md": "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2026-01-01\n---\n\n## Steps\n\n"
        "[Home](index.md)\n",
    }
    config = load_config(str(make_site(tmp_path, pages)), site_dir=str(tmp_path / "site"))
    mkdocs_build(config)
    rendered = build_of(config).pages
    assert sorted(rendered) == ["guide.md", "index.md"]
    assert rendered["guide.md"].content.ids >= {"steps"}
    for page in rendered.values():
        assert pickle.loads(pickle.dumps(page)) == page
