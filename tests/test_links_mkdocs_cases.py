"""The link cases of MkDocs' own test suite, on a fixture site: each one still caught, once, at its line.

MkDocs' link validation is off in mkdocs.yml (it would say the same without a
line); the build's own link check must catch everything MkDocs' tests expect
it to (mkdocs/tests/structure/page_tests.py, RelativePathExtensionTests, and
mkdocs/tests/build_tests.py, the anchor and draft cases), and accept every link
those tests render without a warning. Each case is a page of one site; a test
reads only its own page's findings.
"""

from __future__ import annotations

import pytest

from sitebuilder import BuildResult, build_site


def page(title: str, *body: str, article: bool = True) -> str:
    """A page with valid front matter; an article's body starts on line 7, another page's on line 6."""
    reviewed = ["reviewed: 2026-11-01"] if article else []
    meta = ["---", f"title: {title}", "description: A page of MkDocs' link cases.", *reviewed, "---", ""]
    return "\n".join([*meta, *body]) + "\n"


PAGES = {
    "index.md": page("Home", "[Cases](cases/index.md)", article=False),
    "cases/index.md": page("Cases", "Every case links here.", article=False),
    "about.md": page("About", "# About"),
    "non-index.md": page("Non-index", "## Hash {#hash}"),
    "file name.md": page("File name", "A file name with a space."),
    "sub2/index.md": page("Sub two", "## Hash {#hash}", article=False),
    "sub2/non-index.md": page("Sub two page", "## Hash {#hash}"),
    "foo/bar.md": page("Foo bar", "Text."),
    # Links MkDocs renders without a warning (test_relative_html_link and the tests after it).
    "good.md": page(
        "Good",
        "[a](non-index.md) [b](index.md) [c](sub2/index.md) [d](sub2/non-index.md) [e](file%20name.md)",
        "",
        "[f](non-index.md#hash) [g](sub2/index.md#hash) [h](sub2/non-index.md#hash) [i](#here) ![j](image.png)",
        "",
        "[k](foo/bar/Dockerfile) [l](https://example.com/index.md) <mail@example.com>",
        "",
        "## Here {#here}",
    ),
    "sub2/good.md": page("Sub two good", "[a](../index.md) ![b](../image.png) [c](non-index.md#hash)"),
    # test_bad_relative_doc_link
    "bad-relative.md": page("Bad relative", "[link](non-existent.md)"),
    "sub/bad-relative.md": page("Sub bad relative", "[link](../non-existent.md)"),
    # test_relative_slash_link_with_suggestion
    "foo/index.md": page("Foo", "[link](../about/)", article=False),
    "foo/slash.md": page("Slash", "[link](../#example)"),
    # test_self_anchor_link_with_suggestion
    "self-anchor.md": page("Self anchor", "[link](./#test)", "", "## Test two {#test2}"),
    # test_absolute_self_anchor_link_with_suggestion, test_absolute_link_with_suggestion, test_absolute_win_local_path
    "absolute.md": page(
        "Absolute", "[link](/index#test)", "", "[absolute link](/about.md)", "", "[local path](\\image.png)"
    ),
    # test_image_link_with_suggestion
    "foo/image-link.md": page("Image link", "![image](../picture.png)", "", "![image](/image.png)"),
    # test_invalid_email_link
    "email.md": page("Email", "[contact](mail@example.com)"),
    # build_tests: test_anchor_warning, test_anchor_no_warning_with_html, test_anchor_warning_and_query
    "test/foo.md": page("Test foo", "## page1 heading", "", "[bar](bar.md#page1-heading)"),
    "test/bar.md": page("Test bar", "## page2 heading", "", "[aaa](#a)", "", '<a id="heading2">hi</a>'),
    "test/html-anchor.md": page("HTML anchor", "[bar](bar.md#heading2)"),
    "test/query.md": page(
        "Query",
        "[bar1](bar.md?test#page2-heading), [bar2](bar.md?test#headingno), [bar3](bar.md?test), [self4](?test),"
        " [self5](?test#hi)",
    ),
    # build_tests: test_anchor_warning_for_footnote
    "test/footnote.md": page("Footnote", "test[^1]", "", "[^1]: footnote1", "[^2]: footnote2"),
    # build_tests: test_draft_pages_with_invalid_links
    "draft/foo.md": page("Draft foo", "[bar](bar.md)"),
    "draft/bar.md": page("Draft bar", "[baz](baz.md), [nonexistent](nonexistent.md)"),
    "draft/baz.md": page("Draft baz", "[foo](foo.md)"),
}
FILES = {
    "docs/image.png": b"\x89PNG\r\n",
    "docs/foo/picture.png": b"\x89PNG\r\n",
    "docs/foo/bar/Dockerfile": "FROM x\n",
}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    nav = [name for name in sorted(PAGES) if not name.startswith("draft/") or name == "draft/foo.md"]
    config = {"draft_docs": "draft/ba*.md\n"}
    return build_site(tmp_path_factory.mktemp("mkdocs-cases"), PAGES, nav=nav, config=config, extra_files=FILES)


def findings(result: BuildResult, name: str) -> list[str]:
    return [problem for problem in result.problems if problem.startswith(f"docs/{name}:")]


def test_mkdocs_own_messages_are_off_and_each_problem_is_reported_once(cases: BuildResult) -> None:
    assert not cases.ok
    assert "Doc file" not in cases.output
    assert len(cases.problems) == len(set(cases.problems))


@pytest.mark.parametrize("name", ["good.md", "sub2/good.md", "test/html-anchor.md"])
def test_links_mkdocs_accepts_are_accepted(cases: BuildResult, name: str) -> None:
    assert findings(cases, name) == []


def test_a_missing_page(cases: BuildResult) -> None:
    assert findings(cases, "bad-relative.md") == [
        "docs/bad-relative.md:7:1: page-not-found `non-existent.md` points to non-existent.md, which does not exist"
        " -> fix the path, or create the page"
    ]
    assert findings(cases, "sub/bad-relative.md") == [
        "docs/sub/bad-relative.md:7:1: page-not-found `../non-existent.md` points to non-existent.md, which does not"
        " exist -> fix the path, or create the page"
    ]


def test_a_page_address_where_the_markdown_file_belongs(cases: BuildResult) -> None:
    assert findings(cases, "foo/index.md") == [
        "docs/foo/index.md:6:1: unrecognized-link `../about/` is a page address, which MkDocs does not check or"
        " rewrite: it breaks when this page or its target moves -> link to the target's Markdown file, relative to"
        " this one (did you mean `../about.md`?)",
    ]
    assert findings(cases, "foo/slash.md") == [
        "docs/foo/slash.md:7:1: anchor-not-found `index.md#example`: foo/index.md has no anchor `#example` -> link"
        " to an existing heading or {#id}",
    ]


def test_a_missing_anchor_on_this_page(cases: BuildResult) -> None:
    assert findings(cases, "self-anchor.md") == [
        "docs/self-anchor.md:7:1: anchor-not-found this page has no anchor `#test` -> link to an existing heading or"
        " {#id} (did you mean `#test2`?)"
    ]


def test_absolute_links(cases: BuildResult) -> None:
    assert findings(cases, "absolute.md") == [
        "docs/absolute.md:7:1: absolute-link `/index#test` is an absolute link to this site: it escapes this check"
        " and breaks when the site is served from a sub-path -> link to the Markdown file, relative to this page"
        " (did you mean `index.md#test`?)",
        "docs/absolute.md:9:1: absolute-link `/about.md` is an absolute link to this site: it escapes this check"
        " and breaks when the site is served from a sub-path -> link to the Markdown file, relative to this page"
        " (did you mean `about.md`?)",
        "docs/absolute.md:11:1: absolute-link `\\image.png` is an absolute link to this site: it escapes this check"
        " and breaks when the site is served from a sub-path -> link to the Markdown file, relative to this page"
        " (did you mean `image.png`?)",
    ]


def test_an_image_that_only_the_page_address_reaches(cases: BuildResult) -> None:
    assert findings(cases, "foo/image-link.md") == [
        "docs/foo/image-link.md:7:1: missing-asset `../picture.png` does not exist relative to this file (it would"
        " be picture.png); it only works from the page's address, and breaks when the page moves -> write the path"
        " from this Markdown file (did you mean `picture.png`?)",
        "docs/foo/image-link.md:9:1: absolute-link `/image.png` is an absolute link to this site: it escapes this"
        " check and breaks when the site is served from a sub-path -> link to the Markdown file, relative to this"
        " page (did you mean `../image.png`?)",
    ]


def test_an_email_address_written_as_a_path(cases: BuildResult) -> None:
    assert findings(cases, "email.md") == [
        "docs/email.md:7:1: page-not-found `mail@example.com` is an email address written as a path -> write"
        " `mailto:mail@example.com`"
    ]


def test_missing_anchors_on_another_page_and_on_this_one(cases: BuildResult) -> None:
    assert findings(cases, "test/foo.md") == [
        "docs/test/foo.md:9:1: anchor-not-found `bar.md#page1-heading`: test/bar.md has no anchor `#page1-heading`"
        " -> link to an existing heading or {#id} (did you mean `bar.md#page2-heading`?)"
    ]
    assert findings(cases, "test/bar.md") == [
        "docs/test/bar.md:9:1: anchor-not-found this page has no anchor `#a` -> link to an existing heading or {#id}"
    ]


def test_a_query_does_not_hide_a_missing_anchor(cases: BuildResult) -> None:
    assert findings(cases, "test/query.md") == [
        "docs/test/query.md:7:36: anchor-not-found `bar.md#headingno`: test/bar.md has no anchor `#headingno` ->"
        " link to an existing heading or {#id} (did you mean `bar.md#heading2`?)",
        "docs/test/query.md:7:104: anchor-not-found this page has no anchor `#hi` -> link to an existing heading or"
        " {#id}",
    ]


def test_a_footnote_nobody_refers_to(cases: BuildResult) -> None:
    assert findings(cases, "test/footnote.md") == [
        "docs/test/footnote.md:10:1: anchor-not-found the footnote [^2] is never referred to, so its link back to"
        " the text leads nowhere -> refer to it with [^2] in the text, or delete it"
    ]


def test_drafts(cases: BuildResult) -> None:
    assert findings(cases, "draft/foo.md") == [
        "docs/draft/foo.md:7:1: excluded-target `bar.md` points to draft/bar.md, which is a draft (draft_docs), so"
        " readers get a 404 -> link to a published page"
    ]
    assert findings(cases, "draft/bar.md") == []  # `mkdocs build` leaves drafts out: their links do not matter
