"""Markdown lint and spelling: Material and pymdown syntax passes, real mistakes are reported at file:LINE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitebuilder import ROOT

LINT = [sys.executable, str(ROOT / "scripts" / "lint_markdown.py")]
CODESPELL = [str(Path(sys.executable).parent / "codespell"), "--config", str(ROOT / ".codespellrc")]
FRONT = "---\ntitle: A page\ndescription: A page.\n---\n\n"  # the body starts on line 6

MATERIAL_PAGE = (
    FRONT
    + """\
{## A note for writers, hidden from readers. ##}
Intro with {{ product }} and a key: press ++ctrl+s++.

{## A longer note
that spans two lines. ##}

## A question? {#a-question}

!!! note "Heads up"
    Body of the note, with **bold**.

??? tip "More"
    Hidden tip.

=== "First"

    - One
    - Two

=== "Second"

    Text.

- [ ] Task one
- [x] Task two

1. Step one.
2. Step two.
    - Nested detail.

<div class="grid cards" markdown>

- **[Card](x.md)**

    Text.

</div>

| Column | Other |
| --- | --- |
| a | b |

Term
:   Definition.

Text with a footnote.[^1]

[^1]: The footnote.

*[HTML]: Hyper Text Markup Language

```text
Verbatim {{ support.phone }}
```

A sentence that is much longer than eighty characters, because the house style puts one sentence on each line.

See [the billing guide](../billing/send-an-invoice.md#outstanding-balances).

--8<-- "contact.md"
"""
)


def lint(tmp_path: Path, text: str) -> list[str]:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    completed = subprocess.run([*LINT, str(page)], capture_output=True, text=True, check=False)
    assert completed.returncode == (1 if completed.stdout else 0)
    return [line.removeprefix(f"{page}:") for line in completed.stdout.splitlines()]


def test_material_and_pymdown_syntax_passes(tmp_path: Path) -> None:
    assert lint(tmp_path, MATERIAL_PAGE) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# A second title\n", "6:1: MD025 Multiple top-level headings in the same document (single-title,single-h1)"),
        (
            "- One\n  - Two spaces do not nest\n",
            "7:3: PML101 Anchored list indentation [Expected: 4, Actual=2] (list-anchored-indent)",
        ),
        (
            "1. One\n   - Three spaces do not nest\n",
            "7:4: PML101 Anchored list indentation [Expected: 4, Actual=3] (list-anchored-indent)",
        ),
        (
            "* Star bullet\n",
            "6:1: MD004 Inconsistent Unordered List Start style [Expected: dash; Actual: asterisk] (ul-style)",
        ),
        ("Text  \nafter a hard break.\n", "6:5: MD009 Trailing spaces [Expected: 0; Actual: 2] (no-trailing-spaces)"),
        ("Go to https://example.com now.\n", "6:7: MD034 Bare URL used (no-bare-urls)"),
        ("<script>alert(1)</script>\n", "6:1: MD033 Inline HTML [Element: script] (no-inline-html)"),
        (
            "## Steps\n\nText.\n\n### Deeper\n\n##### Too deep\n",
            "12:1: MD001 Heading levels should only increment by one level at a time. [Expected: h4; Actual: h5]"
            " (heading-increment,header-increment)",
        ),
        ("Read [here](x.md).\n", "6:6: MD059 Link text should be descriptive. (descriptive-link-text)"),
    ],
)
def test_real_mistakes_are_reported_on_their_line(tmp_path: Path, body: str, expected: str) -> None:
    assert lint(tmp_path, FRONT + body) == [expected]


def test_the_sites_pages_and_guides_are_lint_clean() -> None:
    completed = subprocess.run(LINT, capture_output=True, text=True, check=False, cwd=ROOT)
    assert (completed.returncode, completed.stdout) == (0, "")


def test_spelling_mistakes_are_reported_with_file_and_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(FRONT + "You will recieve an email.\nAn ore tenus motion.\n", encoding="utf-8")
    completed = subprocess.run([*CODESPELL, str(page)], capture_output=True, text=True, check=False, cwd=ROOT)
    # "ore" is in the project word list (codespell-words.txt); "recieve" is a typo.
    assert completed.stdout.splitlines() == [f"{page}:6: recieve ==> receive"]
    assert completed.returncode != 0


def test_the_project_is_spelled_correctly() -> None:
    completed = subprocess.run(CODESPELL, capture_output=True, text=True, check=False, cwd=ROOT)
    assert (completed.returncode, completed.stdout) == (0, "")
