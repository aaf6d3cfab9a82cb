"""A page's source, read once: its text, where its body starts, and its front matter with locations.

Nothing here knows about MkDocs. `read_page` turns the bytes of one Markdown
file into a `PageSource` that every check of the build shares, so a page is
opened once, decoded once and its front matter parsed once. The text is the
readable text: bytes that are not UTF-8 become U+FFFD and invisible control
characters are removed, each with a located finding, so one bad character
never stops the rest of the build with a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from helpcenter.findings import Finding
from helpcenter.pages.front_matter import FrontMatterError, ParsedFrontMatter, parse_front_matter
from helpcenter.pages.integrity import control_characters, decode_page
from helpcenter.text import Lines

# As MkDocs reads it (mkdocs.utils.meta): a '---' line, YAML, then '---' or '...'.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def body_line_offset(text: str) -> int:
    """How many lines of the file come before the body MkDocs hands to hooks.

    MkDocs strips the YAML front matter and the blank lines after it; adding
    this offset turns a line of the body into a line of the file the writer edits.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0
    rest = text[match.end() :]
    blank_lines = len(rest) - len(rest.lstrip("\n"))
    return text.count("\n", 0, match.end()) + blank_lines


@dataclass(frozen=True, eq=False)
class PageSource:
    """One Markdown file of docs/ as the build reads it."""

    src_uri: str  # relative to docs/, e.g. "billing/generate-a-bill.md"
    path: str  # as the writer sees it, e.g. "docs/billing/generate-a-bill.md"
    text: str  # the whole file, readable (see the module docstring)
    problems: tuple[Finding, ...] = ()  # why the text was changed
    front_matter: ParsedFrontMatter | None = None
    front_matter_error: FrontMatterError | None = None
    body_offset: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "body_offset", body_line_offset(self.text.replace("\r\n", "\n")))

    @property
    def meta(self) -> dict[str, object]:
        """The front matter as data ({} when it is missing or broken)."""
        return self.front_matter.data if self.front_matter is not None else {}

    @cached_property
    def body(self) -> str:
        """The text after the front matter, as MkDocs hands it to Markdown."""
        return "\n".join(self.text.replace("\r\n", "\n").split("\n")[self.body_offset :])

    @cached_property
    def for_mkdocs(self) -> str:
        """The text MkDocs reads: front matter this build could not read safely is left out, lines kept.

        MkDocs parses front matter again with a YAML reader that has no bounds
        (an alias bomb would hang it); the finding already fails the build.
        """
        if self.front_matter_error is None or self.front_matter_error.code != "front-matter-yaml":
            return self.text
        match = _FRONT_MATTER.match(self.text)
        if not match:
            return self.text
        inner = match[0].split("\n")
        return "\n".join(["---", *([""] * (len(inner) - 3)), "---", ""]) + self.text[match.end() :]

    @cached_property
    def lines(self) -> Lines:
        return Lines(self.text)

    def key_line(self, key: str) -> int:
        """The line where a top-level front-matter key is written, else 1."""
        if self.front_matter is None or key not in self.front_matter.data:
            return 1
        return self.front_matter.where((key,))[0]


def read_page(data: bytes, *, src_uri: str, path: str) -> PageSource:
    """Decode a page and parse its front matter, turning every problem into a finding."""
    text, not_utf8 = decode_page(data, path)
    text, controls = control_characters(text, path)
    problems = (*([not_utf8] if not_utf8 else []), *controls)
    front_matter: ParsedFrontMatter | None = None
    error: FrontMatterError | None = None
    try:
        front_matter = parse_front_matter(text)
    except FrontMatterError as problem:
        error = problem
    return PageSource(
        src_uri=src_uri,
        path=path,
        text=text,
        problems=problems,
        front_matter=front_matter,
        front_matter_error=error,
    )
