"""Fill the "renders today" column of the writers' facts table (WRITING-REFERENCE.md) from data/facts.yml.

    python scripts/facts_table.py           # rewrite the column (`make facts-table`)
    python scripts/facts_table.py --check   # only say whether it is current (CI)

The table sits between the `facts-table` markers in WRITING-REFERENCE.md. Its
"write" and "use it for" columns are written by hand; this renders each name
of the "write" column with the facts, in the sandbox pages are rendered in, and
writes the result into the middle column, marking placeholder facts. A fact's
value is typed once, in data/facts.yml: after changing it, run this (pre-commit
does it for you). A stale table never fails `make check` or `make test`; the pull request
workflow reports it with the command that fixes it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jinja2

from helpcenter.facts.model import FactsError, load_facts_document, template_variables
from helpcenter.rendering.sandbox import sandboxed_copy

ROOT = Path(__file__).resolve().parents[1]

GUIDE = "WRITING-REFERENCE.md"
FACTS = "data/facts.yml"
BEGIN = "<!-- facts-table:begin"
END = "<!-- facts-table:end -->"
FIX = "run `make facts-table`"
ROW = re.compile(r"^\| `(?P<name>\{\{ [\w.]+ \}\})` \| (?P<shown>.*?) \| (?P<use>.*) \|$")


class GuideError(Exception):
    pass


def _refuse(error: BaseException, source: str, variables: object) -> str:
    raise GuideError(str(error))


def render_names(facts_path: Path, names: list[str]) -> dict[str, str]:
    """What each ``{{ name }}`` renders in a page, with these facts: the same views, in the page sandbox."""
    document = load_facts_document(facts_path, FACTS)
    env = sandboxed_copy(jinja2.Environment(undefined=jinja2.StrictUndefined), {})
    env.report = _refuse
    variables = template_variables(document.facts)
    shown = {}
    for name in names:
        rendered = env.from_string(name).render(**variables)
        shown[name] = cell(rendered) + (" (placeholder, see below)" if document.shows_placeholder(name[3:-3]) else "")
    return shown


def cell(text: str) -> str:
    """``text`` as a code span in a table cell."""
    text = " ".join(text.split())
    ticks = "``" if "`" in text else "`"
    pad = " " if ticks == "``" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}".replace("|", "\\|")


def table_span(lines: list[str]) -> tuple[int, int]:
    """Indices of the marker lines around the table."""
    begins = [index for index, line in enumerate(lines) if line.startswith(BEGIN)]
    ends = [index for index, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise GuideError(
            f"{GUIDE}:1:1: the facts table must sit between one '{BEGIN} ... -->' line and one '{END}' line"
            " -> restore the two marker lines around it"
        )
    return begins[0], ends[0]


def updated_guide(guide: str, facts_path: Path) -> tuple[str, list[str]]:
    """The guide with today's values in the table, and one located line per value that changed."""
    lines = guide.split("\n")
    begin, end = table_span(lines)
    rows = {index: ROW.match(lines[index]) for index in range(begin + 1, end)}
    names = [match["name"] for match in rows.values() if match]
    if not names:
        raise GuideError(f"{GUIDE}:{begin + 1}:1: no table rows between the facts-table markers -> restore the table")
    try:
        shown = render_names(facts_path, names)
    except GuideError as error:
        raise GuideError(
            f"{GUIDE}: a name in the facts table does not render ({error}) -> fix or remove its row"
        ) from None
    changes = []
    for index, match in rows.items():
        if match is None or match["shown"] == shown[match["name"]]:
            continue
        name = match["name"]
        changes.append(
            f"{GUIDE}:{index + 1}:1: the facts table shows {match['shown']} for {name}, {FACTS} renders"
            f" {shown[name]} -> {FIX}"
        )
        lines[index] = f"| `{name}` | {shown[name]} | {match['use']} |"
    return "\n".join(lines), changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the table is not current")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    guide_path = args.root / GUIDE
    try:
        guide = guide_path.read_text(encoding="utf-8")
        text, changes = updated_guide(guide, args.root / FACTS)
    except (GuideError, FactsError) as error:
        print(error, file=sys.stderr)
        return 1
    if args.check:
        for change in changes:
            print(change)
        return 1 if changes else 0
    if changes:
        guide_path.write_text(text, encoding="utf-8")
        print(f"{GUIDE}: the facts table now shows what {FACTS} renders ({len(changes)} value(s) updated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
