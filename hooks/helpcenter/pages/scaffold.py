"""A new article: its file name, its starting text, and its place in the nav.

Nothing here knows about MkDocs. scripts/new_article.py (``make article``) is
the command-line front; these functions do the work and are unit-tested.

mkdocs.yml is edited as text, one inserted line, so its comments and layout
survive; PyYAML only tells us where the section's nav entries are.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from helpcenter.pages.front_matter import DESCRIPTION_MAX


class ScaffoldError(Exception):
    """A request the scaffold cannot carry out, phrased for a writer."""


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80


def slug_for(title: str) -> str:
    """The file name stem for a title: kebab-case, named by the task ("How to generate a bill" -> generate-a-bill)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"^\s*how\s+(?:to|do\s+i)\s+", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r} -> use letters or digits in it")
    if len(slug) > SLUG_MAX:  # file systems refuse names over 255 bytes; readers' URLs stay readable
        slug = slug[: SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    return slug


def check_slug(slug: str) -> str:
    """A writer's SLUG, refused unless it is a plain kebab-case file name (no folders, no ``..``)."""
    name = slug.strip().removesuffix(".md")
    if not SLUG.fullmatch(name) or len(name) > SLUG_MAX:
        try:
            suggestion = slug_for(name)
        except ScaffoldError:
            suggestion = ""
        hint = f" (did you mean '{suggestion}'?)" if suggestion and suggestion != name else ""
        raise ScaffoldError(
            f"SLUG {slug!r} is not a file name -> use lowercase letters, digits and hyphens only,"
            f" at most {SLUG_MAX} characters{hint}"
        )
    return name


# The skeletons' stand-in sentences: a build refuses a page that still has one (helpcenter/pages/unfinished.py).
INTRO = "Start with one or two sentences that say what this article helps the reader do."
NEEDS = "What the reader needs first."
FIRST_STEP = "The first step."
NEXT_STEP = "The next step."
FAQ_INTRO = "Start with one or two sentences that say which questions this page answers."
FIRST_QUESTION = "The first question readers ask, in their words?"
FIRST_ANSWER = "The first answer, in two or three short sentences."
NEXT_QUESTION = "The next question readers ask?"
NEXT_ANSWER = "The next answer."
PLACEHOLDER_SENTENCES = (
    INTRO,
    NEEDS,
    FIRST_STEP,
    NEXT_STEP,
    FAQ_INTRO,
    FIRST_QUESTION,
    FIRST_ANSWER,
    NEXT_QUESTION,
    NEXT_ANSWER,
)
KINDS = ("howto", "faq")  # `make article KIND=...`: a how-to (steps) or an FAQ page (questions)


def default_description(title: str) -> str:
    description = f"{title.strip().rstrip('.?!')}, step by step."
    return description if len(description) <= DESCRIPTION_MAX else description[: DESCRIPTION_MAX - 1].rstrip() + "."


def _yaml_scalar(text: str) -> str:
    # Quote only when YAML would misread the text (a colon, a leading symbol, "yes", ...).
    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=1000).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def check_kind(kind: str) -> str:
    name = kind.strip().lower() or "howto"
    if name not in KINDS:
        close = difflib.get_close_matches(name, KINDS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScaffoldError(
            f"there is no kind of article '{kind}' -> use KIND=howto (steps) or KIND=faq (questions){hint}"
        )
    return name


_HOWTO_BODY = [
    INTRO,
    "",
    "## Before you start {#before-you-start}",
    "",
    f"- {NEEDS}",
    "",
    "## Steps {#steps}",
    "",
    f"1. {FIRST_STEP}",
    f"2. {NEXT_STEP}",
    "",
]
# An FAQ page: the question index after the intro, each question a `##` heading ending in "?" (faq: true).
_FAQ_BODY = [
    FAQ_INTRO,
    "",
    "{{ question_index() }}",
    "",
    f"## {FIRST_QUESTION} {{#first-question}}",
    "",
    FIRST_ANSWER,
    "",
    f"## {NEXT_QUESTION} {{#next-question}}",
    "",
    NEXT_ANSWER,
    "",
]


def article_text(*, title: str, description: str, tags: Sequence[str], reviewed: dt.date, kind: str = "howto") -> str:
    """The starting Markdown of an article (a how-to, or an FAQ page): valid front matter and a skeleton to fill in."""
    kind = check_kind(kind)
    if not title.strip():
        raise ScaffoldError('the title is empty -> give one, e.g. TITLE="How to export your contacts"')
    if len(description) > DESCRIPTION_MAX:
        raise ScaffoldError(
            f"the description is {len(description)} characters long -> shorten it to at most {DESCRIPTION_MAX}"
        )
    lines = ["---", f"title: {_yaml_scalar(title.strip())}", f"description: {_yaml_scalar(description)}"]
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {tag}" for tag in tags)
    if kind == "faq":
        lines.append("faq: true")
    lines += [
        "# Other articles to read next, as paths under docs/ (as the nav in mkdocs.yml writes them):",
        "# related:",
        "#   - section/another-article.md",
        f"reviewed: {reviewed.isoformat()}",
        "---",
        "",
        "{## Say who this is for and what they will have done by the end. Facts such as the support phone",
        "   come from their names, never typed by hand: see WRITING-REFERENCE.md#facts. ##}",
        *(_FAQ_BODY if kind == "faq" else _HOWTO_BODY),
    ]
    return "\n".join(lines)


def resolve_tags(requested: Sequence[str], section_tags: Sequence[str], known: Mapping[str, str]) -> list[str]:
    """The tags to write: the requested ones (each must be known), else the section's first tag."""
    tags = [tag.strip() for tag in requested if tag.strip()] or list(section_tags[:1])
    for tag in tags:
        if tag not in known:
            close = difflib.get_close_matches(tag, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScaffoldError(f"the tag '{tag}' is not in data/tags.yml -> use a listed tag{hint}")
    return tags


def check_section(section: str, sections: Sequence[str]) -> None:
    if section not in sections:
        close = difflib.get_close_matches(section, list(sections), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScaffoldError(
            f"there is no section '{section}' -> use one of: {', '.join(sections)}{hint}"
            if section
            else f"no section given -> add SECTION=..., one of: {', '.join(sections)}"
        )


# --- the nav ---------------------------------------------------------------------


@dataclass(frozen=True)
class NavInsertion:
    text: str  # the whole new mkdocs.yml
    section_title: str | None  # the nav section the page went into
    line: int  # 1-based line of the new entry


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [scalar for item in node.value for scalar in _scalars(item)]
    if isinstance(node, yaml.MappingNode):
        return [scalar for _, value in node.value for scalar in _scalars(value)]
    return []


def add_to_nav(config_text: str, *, section: str, page: str) -> NavInsertion:
    """Insert ``page`` (e.g. ``billing/export.md``) as the last entry of the nav section holding ``section/`` pages."""
    try:
        document = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise ScaffoldError(f"mkdocs.yml is not valid YAML ({error}) -> fix it first") from None
    if not isinstance(document, yaml.MappingNode):
        raise ScaffoldError("mkdocs.yml is not a mapping -> fix it first")
    nav = next((value for key, value in document.value if key.value == "nav"), None)
    if nav is None:
        # No nav: MkDocs lists every page by itself.
        return NavInsertion(config_text, None, 0)
    if not isinstance(nav, yaml.SequenceNode):
        raise ScaffoldError("the nav in mkdocs.yml is not a list -> fix it first")
    if any(scalar.value == page for scalar in _scalars(nav)):
        raise ScaffoldError(f"'{page}' is already in the nav of mkdocs.yml")
    prefix = f"{section}/"
    for item in nav.value:
        if not (isinstance(item, yaml.MappingNode) and len(item.value) == 1):
            continue
        title_node, entries = item.value[0]
        if not isinstance(entries, yaml.SequenceNode) or not entries.value:
            continue
        if not any(scalar.value.startswith(prefix) for scalar in _scalars(entries)):
            continue
        lines = config_text.split("\n")
        last = entries.value[-1]
        # A block mapping ends where the next entry starts; its last scalar ends on its own last line.
        end = (_scalars(last) or [last])[-1].end_mark
        insert_at = end.line if end.column > 0 else end.line - 1  # 0-based index of the entry's last line
        first_line = lines[entries.value[0].start_mark.line]
        indent = re.match(r"^(\s*)-", first_line)
        if indent is None:
            raise ScaffoldError(f"the '{title_node.value}' section of the nav is not a '- ' list -> fix it first")
        lines.insert(insert_at + 1, f"{indent[1]}- {page}")
        return NavInsertion("\n".join(lines), str(title_node.value), insert_at + 2)
    raise ScaffoldError(
        f"no nav section of mkdocs.yml lists pages of docs/{section}/ -> add one, e.g."
        f" '- Title:' with '- {section}/index.md' under it"
    )
