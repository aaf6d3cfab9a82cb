"""Facts reach pages through macros; mistakes stop the build with the file, line and key."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from sitebuilder import FIXTURE_FACTS, build_site

REAL_FACTS = FIXTURE_FACTS.read_text(encoding="utf-8")
# Four lines of front matter: the body starts on line 5 of each fixture page.
FRONT_MATTER = "---\ntitle: Home\ndescription: A fixture page.\n---\n"


def home(body: str) -> dict[str, str]:
    return {"index.md": FRONT_MATTER + body}


def test_unknown_fact_names_the_page_line_and_suggests(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        home("\nCall us:\n\n{{ support.phonne }} or {{ suport.team }}.\n"),
    )
    assert not result.ok
    assert result.problems == [
        "docs/index.md:8:4: template-error unknown fact 'support.phonne' -> use a name defined in data/facts.yml"
        " (did you mean 'support.phone'?)"
    ]


def test_unknown_top_level_fact(tmp_path: Path) -> None:
    result = build_site(tmp_path, home("The window is {{ review_windw }}.\n"))
    assert not result.ok
    assert result.problems == [
        "docs/index.md:5:18: template-error unknown fact or macro 'review_windw' -> use a name defined in"
        " data/facts.yml or a project macro (did you mean 'review_window'?)"
    ]


def test_malformed_facts_file_names_file_line_and_column(tmp_path: Path) -> None:
    broken = REAL_FACTS.replace("  team: Lawdesk Support\n", "  team: [Lawdesk Support\n")
    result = build_site(tmp_path, home("Hi\n"), facts=broken)
    assert not result.ok
    line = broken.splitlines().index("  team: [Lawdesk Support") + 1
    # PyYAML fails further on, inside the unclosed list; the message points at the '[' that is never closed.
    assert (
        f"data/facts.yml:{line}:9: the facts file is not valid YAML: this [ is never closed -> end the list with ]"
        " on the same line, or write one '- ' item per line instead" in result.output
    )
    assert "Traceback" not in result.output


def test_invalid_phone_names_the_key_and_reason(tmp_path: Path) -> None:
    broken = REAL_FACTS.replace('number: "+18005552546"', 'number: "+15550100"')
    result = build_site(tmp_path, home("Hi\n"), facts=broken)
    assert not result.ok
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "+15550100" in text)
    assert (
        f"data/facts.yml:{line}:5: fact 'support.phone.number': '+15550100' is not a valid phone number"
        ' -> check the digits, for example "+18005550123"' in result.output
    )
    assert "Traceback" not in result.output


def test_missing_fact_names_the_key(tmp_path: Path) -> None:
    broken = REAL_FACTS.replace("  outstanding_balances: draft time entries\n", "")
    result = build_site(tmp_path, home("Hi\n"), facts=broken)
    assert not result.ok
    line = broken.splitlines().index("migration:") + 1
    assert (
        f"data/facts.yml:{line}:1: fact 'migration.outstanding_balances': is missing -> add it"
        " (see WRITING-REFERENCE.md#facts)" in result.output
    )


def test_code_keeps_template_syntax_verbatim(tmp_path: Path) -> None:
    page = """
        Inline `{{ x }}` stays, and so does this block:

        ```jinja
        {{ support.phone }} {% if x %}{# not a comment #}{% endraw %}
        ```

        But prose renders: {{ review_window }}.
        """
    result = build_site(tmp_path, home(dedent(page)))
    assert result.ok, result.output
    html = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "<code>{{ x }}</code>" in html
    assert "{{ support.phone }} {% if x %}{# not a comment #}{% endraw %}" in _text(html)
    assert "But prose renders: four business days." in html


def test_attr_list_anchors_are_not_jinja_comments(tmp_path: Path) -> None:
    result = build_site(tmp_path, home("## A question {#a-question}\n\nText {## a writer's note ##}here.\n"))
    assert result.ok, result.output
    html = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="a-question"' in html
    assert "Text here." in html


def _text(html: str) -> str:
    import lxml.html

    return lxml.html.fromstring(html).text_content()
