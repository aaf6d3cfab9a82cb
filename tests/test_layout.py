"""The house's layout, from its imports: the floor imports nothing above it, features import only those below.

hooks/helpcenter/ holds feature folders over a floor of shared modules; the
jobs (hooks/jobs/) adapt the features to MkDocs, and hooks/pipeline.py runs the
jobs in order. Arrows run down only: a feature may use the floor and the
features listed before it in `FEATURES`, never one after it; nothing in
helpcenter/ knows about MkDocs or the jobs.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sitebuilder import ROOT

HOOKS = ROOT / "hooks"
# From the bottom up: text rules for untrusted input, the facts, what a page is, rendering it,
# its links, search, what readers see around an article, and the review of a change (make diff).
FEATURES = ("security", "facts", "pages", "rendering", "links", "search", "article_end", "review")


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def level(module: str) -> int | None:
    """The feature's place in `FEATURES`; -1 for the floor; None outside helpcenter."""
    parts = module.split(".")
    if parts[0] != "helpcenter" or len(parts) == 1:
        return None
    return FEATURES.index(parts[1]) if parts[1] in FEATURES else -1


def upward_imports(root: Path) -> list[str]:
    """Every import in helpcenter/ that runs up or sideways, or out to MkDocs or the jobs."""
    wrong = []
    for path in sorted((root / "helpcenter").rglob("*.py")):
        module = module_name(root, path)
        here = level(module)
        for imported in sorted(imports(path)):
            there = level(imported)
            top = imported.split(".")[0]
            # The floor (level -1) imports no feature; a feature imports none after it.
            if top in ("mkdocs", "jobs", "pipeline") or (there is not None and here is not None and there > here):
                wrong.append(f"{module} -> {imported}")
    return wrong


def test_the_floor_and_the_features_import_only_what_is_below_them() -> None:
    assert upward_imports(HOOKS) == []


def test_every_feature_folder_is_placed() -> None:
    folders = {path.name for path in (HOOKS / "helpcenter").iterdir() if (path / "__init__.py").is_file()}
    assert folders == set(FEATURES)


def test_the_jobs_do_not_import_the_pipeline() -> None:
    assert [str(path) for path in (HOOKS / "jobs").rglob("*.py") if "pipeline" in imports(path)] == []


def test_an_upward_import_is_named(tmp_path: Path) -> None:
    for folder in ("helpcenter/facts", "helpcenter/links"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "helpcenter" / "text.py").write_text("from helpcenter.links import judge\n")
    (tmp_path / "helpcenter" / "facts" / "model.py").write_text("from helpcenter.links.judge import x\nimport mkdocs\n")
    assert upward_imports(tmp_path) == [
        "helpcenter.facts.model -> helpcenter.links.judge",
        "helpcenter.facts.model -> helpcenter.links.judge.x",
        "helpcenter.facts.model -> mkdocs",
        "helpcenter.text -> helpcenter.links",
        "helpcenter.text -> helpcenter.links.judge",
    ]
