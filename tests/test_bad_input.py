"""The bad-input matrix: every mistake a writer can make stops the build (or warns) with one located line.

Each case builds a tiny site with the real mkdocs.yml, hooks and --strict, and
asserts the exact list of problems (file, line, column, code, message) and that
no Python traceback reached the log. Facts-file mistakes are in test_facts.py,
template-injection payloads in test_sandbox.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder import FIXTURE_FACTS, ROOT, BuildResult, build_site, real_config

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"


def article(body: str, *, title: str = "An article", extra: str = "") -> str:
    """A page whose front matter passes the front-matter check; its body starts on line 7."""
    return f"---\ntitle: {title}\ndescription: An article for a test.\nreviewed: 2026-01-01\n{extra}---\n\n{body}"


def build(tmp_path: Path, pages: dict[str, str], **options: object) -> BuildResult:
    result = build_site(tmp_path, {"index.md": HOME, **pages}, **options)
    assert "Traceback" not in result.output, result.output
    return result


def line_in(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# --- facts (the rest of them: test_facts.py) -----------------------------------------


def test_malformed_facts_yaml(tmp_path: Path) -> None:
    facts = FIXTURE_FACTS.read_text(encoding="utf-8").replace("product: Lawdesk", "product: [Lawdesk")
    result = build(tmp_path, {}, facts=facts)
    assert not result.ok
    line = next(n for n, text in enumerate(facts.splitlines(), 1) if text.startswith("product:"))
    assert result.problems == [
        f"data/facts.yml:{line}:10: the facts file is not valid YAML: this [ is never closed -> end the list with ]"
        " on the same line, or write one '- ' item per line instead"
    ]


# --- front matter -----------------------------------------------------------------


def test_malformed_front_matter(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": "---\ntitle: Bills: the basics\ndescription: x\n---\n\nBody.\n"})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:2:13: front-matter-yaml the front matter cannot be read: the value of `title:` contains ': ',"
        ' which YAML reads as another key -> put the value in quotes: title: "Bills: the basics"'
    ]


def test_front_matter_key_that_would_replace_a_fact(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("Our product is {{ product }}.\n", extra="product: Acme\n")})
    assert not result.ok
    assert result.problems[-1] == (
        "docs/a.md:5:1: front-matter-reserved 'product' would replace the fact or macro of that name on this page"
        " -> rename the key"
    )


def test_retired_ignore_macros_key_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("Text.\n", extra="ignore_macros: true\n")})
    assert not result.ok
    assert result.problems[-1] == (
        "docs/a.md:5:1: front-matter-reserved 'ignore_macros' is no longer supported -> delete it;"
        " to show template syntax, put it in `code`"
    )


# --- templates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Call {{ support.phone }.\n",
            "docs/a.md:7:6: template-error this {{ has no }} -> end it with }} on the same line, as in"
            " {{ support.phone }} (to show braces to readers, put them in `code`)",
        ),
        (
            "Intro.\n\n{% if product %}\nText.\n",
            "docs/a.md:9:1: template-error this {% if %} is never closed -> add {% endif %} after the text it covers",
        ),
        (
            "Intro.\n\n{{ not_migrated(2) }}\n",
            "docs/a.md:9:4: template-error macro 'not_migrated' failed: TypeError: not_migrated() takes"
            " 0 positional arguments but 1 was given -> check its arguments",
        ),
    ],
    ids=["unbalanced-braces", "unclosed-block", "macro-wrong-arguments"],
)
def test_template_errors_are_located(tmp_path: Path, body: str, expected: str) -> None:
    result = build(tmp_path, {"a.md": article(body)})
    assert not result.ok
    assert result.problems == [expected]


def test_a_template_error_in_the_title_points_at_the_title(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("Text.\n", title='"Calling {{ support.tem }}"')})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:2:20: template-error unknown fact 'support.tem' -> use a name defined in data/facts.yml"
        " (did you mean 'support.team'?)"
    ]


RAISING_MACRO = """
from mkdocs.plugins import event_priority


@event_priority(100)
def on_config(config):
    def fee_schedule(plan):
        raise ValueError(f"no fee schedule for plan {plan!r}")

    config.plugins["macros"].register_macros({"fee_schedule": fee_schedule})
    return config
"""


def test_a_macro_raising_an_error(tmp_path: Path) -> None:
    hooks = [str(ROOT / hook) for hook in real_config()["hooks"]] + [str(tmp_path / "fee_macro.py")]
    result = build(
        tmp_path,
        {"a.md": article("Fees:\n\n  * {{ fee_schedule('gold') }}\n")},
        extra_files={"fee_macro.py": RAISING_MACRO},
        config={"hooks": hooks},
    )
    assert not result.ok
    assert result.problems == [
        "docs/a.md:9:8: template-error macro 'fee_schedule' failed: ValueError: no fee schedule for plan 'gold'"
        " -> check its arguments"
    ]


def test_template_syntax_that_reaches_readers(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("Call {{ support.phone }}.\n", extra="render_macros: false\n")})
    assert not result.ok
    # The front-matter check already refuses the key; this is the last guard, on the HTML itself.
    assert result.problems == [
        "docs/a.md:5:1: front-matter-unknown-key 'render_macros' is not a front-matter key -> remove it or correct"
        " it (WRITING-REFERENCE.md#front-matter lists the keys a page may use)",
        "docs/a.md:8:6: unrendered-macro '{{ support.phone }}' would reach readers as typed -> remove"
        " `render_macros: false` from the front matter, or put the braces in `code`",
    ]


# --- snippets -------------------------------------------------------------------------

SNIPPETS = {"exclude_docs": "_snippets/\n"}


def test_snippet_include_of_a_missing_file(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"a.md": article('Intro.\n\n--8<-- "contact-hour.md"\n')},
        extra_files={"docs/_snippets/contact-hours.md": "Weekdays.\n"},
        config=SNIPPETS,
    )
    assert not result.ok
    assert result.problems == [
        "docs/a.md:9:9: snippet-missing 'contact-hour.md' is not in docs/_snippets -> create it there,"
        " or fix the name (did you mean 'contact-hours.md'?)"
    ]


def test_snippet_missing_inside_a_snippet_names_the_snippet_file(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"a.md": article('Intro.\n\n--8<-- "outer.md"\n')},
        extra_files={"docs/_snippets/outer.md": 'Outer.\n\n  --8<-- "nowhere.md"\n'},
        config=SNIPPETS,
    )
    assert not result.ok
    assert result.problems == [
        "docs/_snippets/outer.md:3:11: snippet-missing 'nowhere.md' is not in docs/_snippets -> create it there,"
        " or fix the name"
    ]


def test_snippet_block_form_and_missing_section(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"a.md": article("Intro.\n\n--8<--\nhours.md:weekend\nphone.md\n--8<--\n")},
        extra_files={"docs/_snippets/hours.md": "Weekdays.\n"},
        config=SNIPPETS,
    )
    assert not result.ok
    assert result.problems == [
        "docs/a.md:10:1: snippet-section-missing 'docs/_snippets/hours.md' has no section 'weekend' -> mark it"
        " there with '--8<-- [start:weekend]' and '--8<-- [end:weekend]', or fix the name",
        "docs/a.md:11:1: snippet-missing 'phone.md' is not in docs/_snippets -> create it there, or fix the name",
    ]


def test_a_macro_inside_a_snippet_is_not_rendered_and_says_why(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"a.md": article('Intro.\n\n--8<-- "call.md"\n')},
        extra_files={"docs/_snippets/call.md": "Call {{ support.phone }}.\n"},
        config=SNIPPETS,
    )
    assert not result.ok
    assert result.problems == [
        "docs/a.md:1:1: unrendered-macro '{{ support.phone }}' would reach readers as typed -> it comes from a"
        " snippet (--8<--), where macros do not work: write that sentence in the page itself"
    ]


def test_a_good_snippet_is_included(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"a.md": article('Intro.\n\n--8<-- "hours.md"\n')},
        extra_files={"docs/_snippets/hours.md": "Open on weekdays.\n"},
        config=SNIPPETS,
    )
    assert result.ok, result.output
    assert "<p>Open on weekdays.</p>" in (result.site_dir / "a" / "index.html").read_text(encoding="utf-8")


# --- links, images, nav (the link checker's messages) --------------------------------


def test_an_image_that_does_not_exist(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("The bill:\n\n![The bill screen](images/bill.png)\n")})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:9:1: missing-asset `images/bill.png` points to images/bill.png, which does not exist"
        " -> add the file under docs/, or fix the path"
    ]


def test_a_nav_entry_to_a_missing_file(tmp_path: Path) -> None:
    result = build(tmp_path, {}, nav=["index.md", {"Billing": "billing/gone.md"}])
    assert not result.ok
    line = line_in(tmp_path / "mkdocs.yml", "billing/gone.md")
    assert result.problems == [
        f"mkdocs.yml:{line}:12: page-not-found nav entry `billing/gone.md` is not a page under docs/"
        " -> fix the path, or create the page"
    ]


# --- page integrity -------------------------------------------------------------------


def test_two_headings_with_the_same_explicit_anchor(tmp_path: Path) -> None:
    body = "## Paying a bill {#pay}\n\nText.\n\n## Paying online {#pay}\n\nText.\n"
    result = build(tmp_path, {"a.md": article(body)})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:11:18: duplicate-anchor '#pay' is already used on line 7 -> give this one another id;"
        " links to '#pay' only ever reach the first"
    ]


def test_a_raw_html_id_that_repeats_a_heading_anchor(tmp_path: Path) -> None:
    body = '## Fees {#fees}\n\nText.\n\n<div id="fees" markdown>\nMore.\n</div>\n'
    result = build(tmp_path, {"a.md": article(body)})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:11:6: duplicate-anchor '#fees' is already used on line 7 -> give this one another id;"
        " links to '#fees' only ever reach the first"
    ]


def test_two_pages_with_the_same_title_in_one_section_warn(tmp_path: Path) -> None:
    pages = {
        "billing/a.md": article("Text.\n", title="Create a bill"),
        "billing/b.md": article("Other text.\n", title="Create a  Bill"),
        "matters/c.md": article("Same title, other section: fine.\n", title="Create a bill"),
    }
    nav = ["index.md", {"Billing": ["billing/a.md", "billing/b.md"]}, {"Matters": ["matters/c.md"]}]
    result = build(tmp_path, pages, nav=nav)
    assert not result.ok  # --strict: warnings fail the build too
    assert result.problems == [
        "docs/billing/b.md:2:1: duplicate-title 'Create a  Bill' is also the title of docs/billing/a.md in the"
        " section 'Billing' -> give each page of a section its own title, so readers can tell them apart"
    ]
    assert "WARNING -  docs/billing/b.md:2:1: duplicate-title" in result.output


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = article("Menu of the caf\xe9.\n").encode("cp1252")
    result = build(tmp_path, {}, extra_files={"docs/cafe.md": source}, nav=["index.md", "cafe.md"])
    assert not result.ok
    assert result.problems == [
        "docs/cafe.md:7:16: not-utf8 byte 0xe9 ('é' in Windows-1252) is not valid UTF-8 -> save the file with"
        " the UTF-8 encoding (in VS Code: 'Reopen with Encoding', then 'Save with Encoding', UTF-8)"
    ]


def test_an_empty_page(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": article("\n\n")})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:1:1: empty-page this page has no content -> write the article, or delete the file and its nav entry"
    ]


def test_an_empty_file(tmp_path: Path) -> None:
    result = build(tmp_path, {"a.md": ""})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:1:1: front-matter-missing this page has no front matter -> start the file with a '---' line,"
        " then 'title:' and 'description:', then another '---' line (see WRITING-REFERENCE.md#front-matter)",
        "docs/a.md:1:1: empty-page this page has no content -> write the article, or delete the file and its nav entry",
    ]


def test_invisible_control_characters(tmp_path: Path) -> None:
    # Pasted from a word processor: YAML front matter would stop the build with a traceback.
    result = build(tmp_path, {"a.md": article("Call us\x0b today.\n", title="Billing\x1f basics")})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:2:15: control-character U+001F is an invisible control character (often pasted from a word"
        " processor) -> delete it",
        "docs/a.md:7:8: control-character U+000B is an invisible control character (often pasted from a word"
        " processor) -> delete it",
    ]
