"""WRITING-REFERENCE.md explains every code the build can print, and every message links to its explanation.

The codes are read from the build's own code (hooks/): every string a finding
is made with, and every kebab-case string literal, less the few that are not
codes. A new code without a heading in the reference fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpcenter.findings import REFERENCE, Finding
from sitebuilder import ROOT, build_site

KEBAB = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
# Kebab-case strings of the build that are not message codes: feedback reasons (their labels are the
# readers'), attribute, class and header names, a heading id, git and encoding names.
NOT_CODES = frozenset(
    {
        "confusing-or-wrong",
        "not-what-i-was-looking-for",
        "dislike-functionality",
        "data-clipboard",
        "data-md",
        "data-linkcheck",
        "faq-index",
        "hc-help",
        "hc-pagelist",
        "hc-updated",
        "http-equiv",
        "md-source-file",
        "merge-base",
        "strict-origin-when-cross-origin",
        "not-found",
        "review-window",
        "rev-parse",
        "utf-8",
        "utf-8-sig",
    }
)


def build_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "hooks").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEBAB.match(node.value):
                codes.add(node.value)
            # Codes of one word ("placeholder") only show where a finding is made.
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                written = node.args[3] if len(node.args) > 3 else None
                written = next((kw.value for kw in node.keywords if kw.arg == "code"), written)
                if isinstance(written, ast.Constant) and isinstance(written.value, str):
                    codes.add(written.value)
    return codes - NOT_CODES


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces as -)."""
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE):
        text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
        anchors.add(text.replace(" ", "-"))
    return anchors


def test_every_code_the_build_can_print_has_its_heading_in_the_reference() -> None:
    codes = build_codes()
    assert {"page-not-found", "template-error", "placeholder", "tab-character", "redirect-target-missing"} <= codes
    anchors = github_anchors((ROOT / REFERENCE).read_text(encoding="utf-8"))
    assert sorted(codes - anchors) == [], f"codes with no heading in {REFERENCE}: add a `#### \\`code\\`` for each"


def test_every_link_within_the_writers_guides_leads_to_a_heading() -> None:
    for guide in ("CONTRIBUTING.md", REFERENCE):
        text = re.sub(r"`[^`\n]*`", "", (ROOT / guide).read_text(encoding="utf-8"))  # examples in code are not links
        for target, anchor in re.findall(r"\]\((WRITING-REFERENCE\.md|CONTRIBUTING\.md)?#([\w-]+)\)", text):
            linked = (ROOT / (target or guide)).read_text(encoding="utf-8")
            assert anchor in github_anchors(linked), f"{guide}: #{anchor} is no heading of {target or guide}"


def test_a_build_message_ends_with_where_its_code_is_explained(tmp_path: Path) -> None:
    pages = {
        "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nRead [the guide](gude.md).\n",
        "guide.md": "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2026-01-01\n---\n\nText.\n",
    }
    result = build_site(tmp_path, pages)
    assert not result.ok
    (line,) = [line for line in result.output.splitlines() if "page-not-found" in line]
    assert line.endswith(
        "-> fix the path, or create the page (did you mean `guide.md`?) (see WRITING-REFERENCE.md#page-not-found)"
    )


def test_a_pull_request_annotation_links_to_the_explanation_in_the_repository() -> None:
    finding = Finding("docs/a.md", 3, 5, "page-not-found", "`b.md` does not exist -> fix the path")
    environ = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "firm/help", "GITHUB_SHA": "abc123"}
    assert finding.github_annotation(environ) == (
        "::error file=docs/a.md,line=3,col=5,title=page-not-found::page-not-found `b.md` does not exist -> fix the"
        " path (see https://github.com/firm/help/blob/abc123/WRITING-REFERENCE.md#page-not-found)"
    )
    assert finding.github_annotation({}).endswith("(see WRITING-REFERENCE.md#page-not-found)")


def test_the_first_article_path_is_short() -> None:
    """CONTRIBUTING.md takes a writer to a pull request in at most 800 words; the rest is in the reference."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    path = guide.split("\n## Other everyday tasks", 1)[0]
    assert "### 5. Open a pull request" in path
    assert len(path.split()) <= 800, len(path.split())
