"""Page integrity: problems that MkDocs lets through silently, or turns into a traceback.

Nothing here knows about MkDocs. Each function takes a page's source or its
rendered HTML and returns located findings:

- `decode_page`: a file that is not valid UTF-8 (MkDocs would stop with a traceback);
- `control_characters`: invisible control characters (YAML front matter would stop with a traceback);
- `empty_page`: a page with nothing to read;
- `duplicate_ids`: two elements of one page with the same id (the second is unreachable by link);
- `duplicate_titles`: two pages of one nav section with the same title (readers cannot tell them apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.text import BIDI_CONTROLS, Lines, bidi_name, mask_code, position

_BOM = b"\xef\xbb\xbf"


def decode_page(data: bytes, path: str) -> tuple[str, Finding | None]:
    """The text of a page and, if it is not valid UTF-8, a finding at the first bad byte.

    Bad bytes become U+FFFD so the rest of the build can still run (and show the
    page under ``mkdocs serve``); the finding fails the strict build.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        start = error.start
    line_start = data.rfind(b"\n", 0, start) + 1
    if line_start == 0 and data.startswith(_BOM):
        line_start = len(_BOM)
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    byte = data[start]
    legacy = bytes([byte]).decode("cp1252", errors="replace")
    guess = f" ('{legacy}' in Windows-1252)" if legacy.isprintable() and legacy != "\ufffd" else ""
    finding = Finding(
        path,
        line,
        column,
        "not-utf8",
        f"byte 0x{byte:02x}{guess} is not valid UTF-8 -> save the file with the UTF-8 encoding"
        " (in VS Code: 'Reopen with Encoding', then 'Save with Encoding', UTF-8)",
    )
    return data.decode("utf-8-sig", errors="replace"), finding


# Invisible characters that no page needs (tab, newline and carriage return aside); YAML
# refuses them outright. They arrive by pasting from word processors and PDFs.
# Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, ...) show text in another order than it is read.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def control_characters(text: str, path: str) -> tuple[str, list[Finding]]:
    """The text without invisible control characters, and a finding at each one."""
    if not _CONTROL.search(text):
        return text, []
    lines = Lines(text)
    findings = []
    for match in _CONTROL.finditer(text):
        if match[0] in BIDI_CONTROLS:
            code = "bidi-control"
            message = (
                f"{bidi_name(match[0])} is invisible and changes the order the text after it is shown in, so a"
                " link or a name can read as another -> delete it"
            )
        else:
            code = "control-character"
            message = (
                f"U+{ord(match[0]):04X} is an invisible control character (often pasted from a word processor)"
                " -> delete it"
            )
        findings.append(Finding(path, *lines.position(match.start()), code, message))
    return _CONTROL.sub("", text), findings


_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


def empty_page(html: str, path: str) -> Finding | None:
    """A finding if the rendered page has nothing in it (comments and whitespace do not count)."""
    if _COMMENTS.sub("", html).strip():
        return None
    return Finding(
        path,
        1,
        1,
        "empty-page",
        "this page has no content -> write the article, or delete the file and its nav entry",
    )


# --- duplicate ids --------------------------------------------------------------


def _id_pattern(anchor: str) -> re.Pattern[str]:
    escaped = re.escape(anchor)
    # attr_list ({#id}, {: #id .class }) or an HTML id attribute.
    return re.compile(rf"\{{[^}}\n]*#{escaped}(?=[\s}}])|\bid\s*=\s*[\"']?{escaped}(?=[\"'\s>])")


def duplicate_ids(tree: HtmlTree, source: str, path: str) -> list[Finding]:
    """One finding per repeated id, at the repeat in ``source`` (the whole file, front matter included)."""
    seen: dict[str, int] = {}
    findings = []
    masked: str | None = None
    for element in tree.elements:
        anchor = element.get("id")
        if not anchor:
            continue
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] < 2:
            continue
        masked = mask_code(source) if masked is None else masked
        written = list(_id_pattern(anchor).finditer(masked))
        here = written[seen[anchor] - 1] if len(written) >= seen[anchor] else None
        first = written[0] if written else None
        line, column = position(source, here.start()) if here else (1, None)
        where = f" on line {position(source, first.start())[0]}" if first and first is not here else ""
        findings.append(
            Finding(
                path,
                line,
                column,
                "duplicate-anchor",
                f"'#{anchor}' is already used{where} -> give this one another id;"
                f" links to '#{anchor}' only ever reach the first",
            )
        )
    return findings


# --- duplicate titles in a nav section ---------------------------------------------


@dataclass(frozen=True)
class TitledPage:
    path: str  # as the writer sees it: docs/billing/x.md
    title: str
    source: str  # the page's text


def title_position(source: str) -> tuple[int, int | None]:
    """Where a page's title is written: its front-matter ``title:``, else its first ``# `` heading, else line 1."""
    masked = mask_code(source)
    for pattern in (r"^title[ \t]*:", r"^#[ \t]+\S"):
        match = re.search(pattern, masked, re.MULTILINE)
        if match:
            return position(source, match.start())
    return 1, None


def _normal(title: str) -> str:
    return " ".join(title.split()).casefold()


def duplicate_titles(sections: Mapping[str, Iterable[TitledPage]]) -> list[Finding]:
    """A warning for each page whose title repeats an earlier sibling's in the same nav section."""
    findings = []
    for section, pages in sections.items():
        first: dict[str, TitledPage] = {}
        for page in pages:
            earlier = first.setdefault(_normal(page.title), page)
            if earlier is page:
                continue
            line, column = title_position(page.source)
            findings.append(
                Finding(
                    page.path,
                    line,
                    column,
                    "duplicate-title",
                    f"'{page.title}' is also the title of {earlier.path} in the section '{section}'"
                    " -> give each page of a section its own title, so readers can tell them apart",
                    severity="warning",
                )
            )
    return findings
