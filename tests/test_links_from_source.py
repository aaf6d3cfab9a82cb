"""Links are judged from the Markdown file that wrote them, as MkDocs does, and each problem is reported once.

Two cases from MkDocs' own test suite, built with this project's config: an image
that only resolves from the page's address (``foo/bar/`` + ``../image.png``),
and a page address where the ``.md`` path belongs. MkDocs notices both but says
so without a line; the build reports them at their line, with MkDocs' own "did
you mean", and keeps MkDocs' unlocated message out of the log.
"""

from __future__ import annotations

from pathlib import Path

from helpcenter.links.check import SourceComplaint, is_link_message, source_complaint
from sitebuilder import build_site


def page(title: str, body: str = "Text.", *, article: bool = True) -> str:
    reviewed = "reviewed: 2026-01-01\n" if article else ""
    return f"---\ntitle: {title}\ndescription: A page for a test.\n{reviewed}---\n\n{body}\n"


def test_links_that_only_work_from_the_page_address(tmp_path: Path) -> None:
    pages = {
        "index.md": page("Home", "[Bar](foo/bar.md)", article=False),
        "foo/bar.md": page("Bar", "![image](../image.png)\n\n[link](../about/)"),
        "foo/about.md": page("About"),
    }
    result = build_site(tmp_path, pages, extra_files={"docs/foo/image.png": b"\x89PNG\r\n"})
    assert not result.ok
    assert result.problems == [
        "docs/foo/bar.md:7:1: missing-asset `../image.png` does not exist relative to this file (it would be"
        " image.png); it only works from the page's address, and breaks when the page moves -> write the path"
        " from this Markdown file (did you mean `image.png`?)",
        "docs/foo/bar.md:9:1: unrecognized-link `../about/` is a page address, which MkDocs does not check or"
        " rewrite: it breaks when this page or its target moves -> link to the target's Markdown file, relative"
        " to this one (did you mean `about.md`?)",
    ]
    assert "Doc file" not in result.output  # MkDocs' unlocated line is not repeated


def test_a_broken_link_is_reported_once(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": page("Home", "[Gone](gone.md)", article=False)})
    assert result.problems == [
        "docs/index.md:6:1: page-not-found `gone.md` points to gone.md, which does not exist -> fix the path, or"
        " create the page"
    ]
    assert "Doc file" not in result.output


def test_mkdocs_messages_are_read_as_mkdocs_writes_them() -> None:
    """The contract with MkDocs' wording (mkdocs/structure/pages.py): a change fails here, by name."""
    assert source_complaint(
        "Doc file 'foo/bar.md' contains a link '../image.png', but the target 'image.png' is not found among"
        " documentation files. Did you mean 'image.png'?"
    ) == SourceComplaint("foo/bar.md", "../image.png", "not-found", "image.png", "image.png")
    assert source_complaint(
        "Doc file 'foo/bar.md' contains an unrecognized relative link '../about/', it was left as is."
    ) == SourceComplaint("foo/bar.md", "../about/", "unrecognized", None, None)
    assert source_complaint(
        "Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files."
    ) == SourceComplaint("a.md", "b.md", "not-found", None, None)
    assert is_link_message("Doc file 'a.md' contains an absolute link '/x/', it was left as is.")
    assert is_link_message(
        "Doc file 'a.md' contains a link 'b.md#x', but the doc 'b.md' does not contain an anchor '#x'."
    )
    assert not is_link_message("Building documentation to directory: site")
