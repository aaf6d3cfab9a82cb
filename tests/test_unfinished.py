"""What a writer leaves for themselves never reaches readers: a {# note #}, the scaffold's stand-ins."""

from __future__ import annotations

from pathlib import Path

from sitebuilder import build, build_site, make_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"


def article(body: str, description: str = "A page for a test.") -> str:
    return f"---\ntitle: Export your contacts\ndescription: {description}\nreviewed: 2026-01-01\n---\n\n{body}"


def test_a_jinja_style_comment_stops_the_build_and_never_reaches_the_page(tmp_path: Path) -> None:
    body = (
        "Intro.\n\n{# Written from the product team's notes; screenshots to follow. #}\n\n"
        "## Heading {#heading}\n\nText {: #text }\n\n`{# in code #}` is fine.\n"
    )
    result = build_site(tmp_path, {"index.md": HOME, "a.md": article(body)})
    assert not result.ok
    assert result.problems == [
        "docs/a.md:9:1: comment-form '{# Written from the product team's notes; … #}' is not a comment in these"
        " pages, so readers would see it -> write it {## like this ##}"
    ]


def test_the_preview_leaves_the_note_out(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": HOME, "a.md": article("Intro.\n\n{# a private note #}\n\nEnd.\n")})
    # Not strict, as `make serve` builds: the page is built, without the note.
    completed = build(config, strict=False)
    html = (completed.site_dir / "a" / "index.html").read_text(encoding="utf-8")
    assert "private note" not in html and "End." in html


def test_the_scaffold_description_is_a_stand_in(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": HOME, "a.md": article("Text.\n", "Export your contacts, step by step.")})
    assert result.problems == [
        "docs/a.md:3:1: scaffold-text the description is still the new-article scaffold's stand-in -> replace the"
        " placeholder with one sentence that says what this article helps the reader do"
    ]
