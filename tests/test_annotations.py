"""GitHub annotations and build-log lines cannot be forged by a file name or a message.

GitHub reads any output line starting with ``::`` as a workflow command. A
finding escapes its message as the rules for command data say (``%``, CR, LF)
and its properties as the rules for property values say (also ``:`` and ``,``),
and prints as one line in the log whatever a file name holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.findings import Finding
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
# What GitHub Actions sets: an annotation links to the code's explanation in the repository at this commit.
ACTIONS = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "firm/help",
    "GITHUB_SHA": "abc123",
}
EXPLAINED = "(see https://github.com/firm/help/blob/abc123/WRITING-REFERENCE.md#{})"


def article(body: str) -> str:
    return f"---\ntitle: A page\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\n{body}"


@pytest.mark.parametrize(
    ("finding", "annotation"),
    [
        (
            Finding("docs/a,line=999,title=fake.md", 7, 5, "page-not-found", "x -> y"),
            "::error file=docs/a%2Cline=999%2Ctitle=fake.md,line=7,col=5,title=page-not-found::page-not-found x -> y"
            " (see WRITING-REFERENCE.md#page-not-found)",
        ),
        (
            Finding("docs/a\n::error file=x.md::forged.md", 1, None, "c", "m", "warning"),
            "::warning file=docs/a%0A%3A%3Aerror file=x.md%3A%3Aforged.md,line=1,title=c::c m"
            " (see WRITING-REFERENCE.md#c)",
        ),
        (
            Finding("docs/a%0A.md", 2, 1, "c,d:e", "100% sure\r\n::error::forged"),
            "::error file=docs/a%250A.md,line=2,col=1,title=c%2Cd%3Ae::c,d:e 100%25 sure%0D%0A::error::forged"
            " (see WRITING-REFERENCE.md#c,d:e)",
        ),
        (
            Finding("docs/link", 0, None, "symlink-outside", "m"),
            "::error file=docs/link,title=symlink-outside::symlink-outside m"
            " (see WRITING-REFERENCE.md#symlink-outside)",
        ),
    ],
)
def test_annotations_escape_data_and_properties(finding: Finding, annotation: str) -> None:
    assert finding.github_annotation({}) == annotation  # outside GitHub: the reference by its path


def test_a_log_line_is_one_line_whatever_the_name_holds() -> None:
    finding = Finding("docs/a\n::error file=x.md::forged\u202e.md", 3, 1, "c", "bad \r\n text\x1b[31m")
    assert str(finding) == "docs/a\\n::error file=x.md::forged\\u202e.md:3:1: c bad \\r\\n text\\x1b[31m"


def test_a_file_name_cannot_add_annotation_properties(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": HOME, "a,line=999,title=fake.md": article("See [it](missing.md).\n")},
        env=ACTIONS,
    )
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=docs/a%2Cline=999%2Ctitle=fake.md,line=7,col=5,title=page-not-found::page-not-found"
        " `missing.md` points to missing.md, which does not exist -> fix the path, or create the page "
        + EXPLAINED.format("page-not-found")
    ]


def test_a_file_name_with_a_line_break_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": HOME, "b\n::error file=x.md::forged.md": article("See [it](missing.md).\n")},
        env=ACTIONS,
    )
    assert not result.ok
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=docs/b%0A%3A%3Aerror file=x.md%3A%3Aforged.md,title=bad-file-name::bad-file-name the name"
        " holds a line break or control character (U+000A), which break links and build logs -> rename it with"
        " letters, digits and hyphens " + EXPLAINED.format("bad-file-name")
    ]
    assert result.problems == [
        "docs/b\\n::error file=x.md::forged.md: bad-file-name the name holds a line break or control character"
        " (U+000A), which break links and build logs -> rename it with letters, digits and hyphens",
        "1 file above cannot be published safely; nothing was built",
    ]
