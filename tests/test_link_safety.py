"""Links that are not what they look like, or lead off the web, are located errors nobody can silence.

``file:`` and ``//host`` links, look-alike host names (IDN homographs) and
bidi control characters (U+202E RIGHT-TO-LEFT OVERRIDE, in links and in text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.links.safety import host_problem, risky_link
from helpcenter.pages.integrity import control_characters
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
FILE = (
    "opens a file on the reader's own computer, not one the site publishes -> put the file under docs/ and link to"
    " it there, or link to an https:// address"
)
NO_SCHEME = "has no scheme, so it becomes file: when the page is opened from disk -> write"
LOOK_ALIKE = "the way look-alike sites imitate real ones -> check the address, and type the host name in plain letters"
RLO = "U+202E (RIGHT-TO-LEFT OVERRIDE)"
BIDI_TEXT = (
    f"{RLO} is invisible and changes the order the text after it is shown in, so a link or a name can read as"
    " another -> delete it"
)
PAYPAL = "p\u0430ypal.com"  # a Cyrillic "a"
APPLE = "\u0430\u0440\u0440\u04cf\u0435.com"  # every letter Cyrillic


@pytest.mark.parametrize(
    ("href", "code", "message"),
    [
        ("file:///etc/passwd", "file-link", f"`file:///etc/passwd` {FILE}"),
        ("FILE://server/share/x.pdf", "file-link", f"`FILE://server/share/x.pdf` {FILE}"),
        (" \tfile:C:/x", "file-link", f"` \tfile:C:/x` {FILE}"),
        ("//evil.example/x", "protocol-relative-link", f"`//evil.example/x` {NO_SCHEME} `https://evil.example/x`"),
        ("/\\evil.example/x", "protocol-relative-link", f"`/\\evil.example/x` {NO_SCHEME} `https://evil.example/x`"),
        ("\\\\server\\share", "protocol-relative-link", f"`\\\\server\\share` {NO_SCHEME} `https://server/share`"),
        ("/\t/evil.example", "protocol-relative-link", f"`/\t/evil.example` {NO_SCHEME} `https://evil.example`"),
        (
            f"https://{PAYPAL}/login",
            "mixed-script-host",
            f"`https://{PAYPAL}/login`: the host name mixes Cyrillic and Latin letters ({PAYPAL}, really"
            f" xn--pypal-4ve.com), {LOOK_ALIKE}",
        ),
        (
            f"https://{APPLE}/",
            "mixed-script-host",
            f"`https://{APPLE}/`: the host name is written in Cyrillic letters that look like Latin ones ({APPLE},"
            f" really xn--80ak6aa92e.com), {LOOK_ALIKE}",
        ),
        (
            "https://xn--80ak6aa92e.com/",
            "mixed-script-host",
            f"`https://xn--80ak6aa92e.com/`: the host name is written in Cyrillic letters that look like Latin ones"
            f" ({APPLE}, really xn--80ak6aa92e.com), {LOOK_ALIKE}",
        ),
        (
            "https://example.com/invoice\u202egpj.exe",
            "bidi-control",
            f"`https://example.com/invoice<U+202E>gpj.exe` holds {RLO}, an invisible character that changes the"
            " order text is shown in, so the link can read as another -> delete it",
        ),
    ],
)
def test_risky_links(href: str, code: str, message: str) -> None:
    assert risky_link(href) == (code, message)


@pytest.mark.parametrize(
    "href",
    [
        "https://help.example.com/x",
        "../billing/send-an-invoice.md#steps",
        "mailto:help@example.com",
        "tel:+18005552546",
        "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/",  # a real Russian name: not all look-alikes
        "https://\u6771\u4eac-tokyo.jp/",  # Han with Latin is an allowed mix
        "https://m\u00fcnchen.de/",  # Latin with an accent is Latin
        "https://xn--mnchen-3ya.de/",
        "ht\ttps://example.com/",  # browsers drop the tab: plain https
    ],
)
def test_ordinary_links_pass(href: str) -> None:
    assert risky_link(href) is None


def test_host_problem_reads_every_label() -> None:
    assert host_problem("docs.example.com") is None
    assert (
        host_problem(f"www.{PAYPAL}")
        == f"mixes Cyrillic and Latin letters (www.{PAYPAL}, really www.xn--pypal-4ve.com)"
    )


def test_bidi_controls_in_text_are_found_and_removed() -> None:
    text, findings = control_characters("a\nb \u202ec\u2066d\n", "docs/a.md")
    assert text == "a\nb cd\n"
    assert [str(finding) for finding in findings] == [
        f"docs/a.md:2:3: bidi-control {BIDI_TEXT}",
        "docs/a.md:2:5: bidi-control U+2066 (LEFT-TO-RIGHT ISOLATE) is invisible and changes the order the text"
        " after it is shown in, so a link or a name can read as another -> delete it",
    ]


def article(body: str) -> str:
    return f"---\ntitle: Links\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


def test_the_build_locates_each_link_at_its_markdown_line_and_nothing_silences_them(tmp_path: Path) -> None:
    body = (
        "See [the file](file:///etc/passwd) here.\n\n"
        'And [a share](//evil.example/x){ data-linkcheck="ignore" }.\n\n'
        f"Pay at [PayPal](https://{PAYPAL}/).\n\n"
        '<a href="\\\\server\\share">share</a>\n\n'
        "Download [invoice\u202egpj.exe](https://example.com/invoice\u202egpj.exe).\n\n"
        "Text with \u202e inside.\n"
    )
    silenced = "---\ntitle: Silenced\ndescription: A page for a test.\nreviewed: 2026-01-01\nlinkcheck: false\n---\n\n[x](file:///etc/hosts)\n"
    result = build_site(tmp_path, {"index.md": HOME, "links.md": article(body), "silenced.md": silenced})
    assert not result.ok
    assert sorted(result.problems) == sorted(
        [
            f"docs/links.md:7:5: file-link `file:///etc/passwd` {FILE}",
            f"docs/links.md:9:5: protocol-relative-link `//evil.example/x` {NO_SCHEME} `https://evil.example/x`",
            f"docs/links.md:11:8: mixed-script-host `https://{PAYPAL}/`: the host name mixes Cyrillic and Latin"
            f" letters ({PAYPAL}, really xn--pypal-4ve.com), {LOOK_ALIKE}",
            f"docs/links.md:13:1: protocol-relative-link `\\\\server\\share` {NO_SCHEME} `https://server/share`",
            # The page is built without the bidi controls, so the link is reported once, as text.
            f"docs/links.md:15:18: bidi-control {BIDI_TEXT}",
            f"docs/links.md:15:55: bidi-control {BIDI_TEXT}",
            f"docs/links.md:17:11: bidi-control {BIDI_TEXT}",
            f"docs/silenced.md:8:1: file-link `file:///etc/hosts` {FILE}",
        ]
    )


def test_a_link_from_a_snippet_with_a_bidi_control_is_reported(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {
            "index.md": HOME,
            "page.md": article('Intro.\n\n--8<-- "link.md"\n'),
            "_snippets/link.md": "[invoice](https://example.com/invoice\u202egpj.exe)\n",
        },
        nav=["index.md", "page.md"],
        config={"not_in_nav": "_snippets/*", "exclude_docs": "_snippets/"},
    )
    assert result.problems == [
        f"docs/page.md:9:1: bidi-control `https://example.com/invoice<U+202E>gpj.exe` holds {RLO}, an invisible"
        " character that changes the order text is shown in, so the link can read as another -> delete it"
    ]
