"""The small text tools every check shares: one code scanner (linear), positions, suggestions."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from helpcenter.text import Lines, did_you_mean, mask_code, position, suggest


def masked_lines(markdown: str) -> list[str]:
    return mask_code(markdown).split("\n")


def test_fences_of_any_length_and_tildes_close_only_on_their_own_kind() -> None:
    markdown = "a\n````md\n```\ninner\n```\n````\nb\n~~~\n{{ x }}\n~~~\nc"
    lines = masked_lines(markdown)
    assert lines[0] == "a" and lines[6] == "b" and lines[10] == "c"
    assert all(not line.strip() for line in lines[1:6] + lines[7:10])


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert masked_lines("a\n```\ncode\nmore") == ["a", "   ", "    ", "    "]


def test_code_spans_of_any_width() -> None:
    assert mask_code("x `a` y ``b ` c`` z") == "x     y           z"
    assert mask_code("a \\`not code` b") == "a \\`not code` b"  # an escaped backtick opens nothing


def test_indented_code_but_not_indented_content() -> None:
    markdown = "Para.\n\n    code {{ x }}\n\n- item\n\n    item text\n\n!!! note\n\n    note text\n"
    lines = masked_lines(markdown)
    assert not lines[2].strip(), "indented after a paragraph: code"
    assert lines[6] == "    item text", "indented under a list item: the item's text"
    assert lines[10] == "    note text", "indented under an admonition: its text"


def test_offsets_and_lines_survive_and_the_fill_can_be_chosen() -> None:
    markdown = "a `b` c\n```\nx\n```"
    assert len(mask_code(markdown)) == len(markdown)
    assert mask_code(markdown, fill="x").split("\n")[0] == "a xxx c"
    assert mask_code("<!-- note --> {{ a }}", comments=True, templates=True).strip() == ""


def cpu_seconds(text: str) -> float:
    """The best of three: CPU time of this process only, so other work on the machine does not count."""
    times = []
    for _ in range(3):
        started = time.process_time()
        mask_code(text)
        times.append(time.process_time() - started)
    return max(min(times), 1e-6)


@pytest.mark.parametrize(
    "hostile",
    [
        lambda size: " ".join("`" * width for width in range(1, size // 40)),  # backtick runs of every width
        lambda size: "`a``b" * (size // 5),
        lambda size: "```\n" * (size // 4),
        lambda size: "    x\n\n" * (size // 8),
    ],
    ids=["runs-of-every-width", "alternating-runs", "fences", "indented-blocks"],
)
def test_the_scan_grows_linearly_on_hostile_text(hostile: Callable[[int], str]) -> None:
    # Eight times the text may take at most three times eight times as long; a quadratic scan takes 64 times.
    small, large = hostile(25_000), hostile(200_000)
    growth = len(large) / len(small)
    assert cpu_seconds(large) / cpu_seconds(small) < 3 * growth


def test_positions() -> None:
    text = "ab\ncd\n\nef"
    lines = Lines(text)
    assert [lines.position(offset) for offset in (0, 3, 6, 7, 8)] == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2)]
    assert position(text, 4) == lines.position(4) == (2, 2)
    assert lines.offset(4) == 7


def test_suggestions() -> None:
    assert suggest("lenght", ["length", "unit"]) == "length"
    assert suggest("zzz", ["length"]) is None
    assert did_you_mean("x.md", quote="`") == " (did you mean `x.md`?)"
    assert did_you_mean(None) == ""
