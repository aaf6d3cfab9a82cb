"""The facts file: schema, loading with located errors, and reader-facing views.

Nothing here knows about MkDocs. `load_facts` turns ``data/facts.yml`` into a
validated `Facts` model or raises `FactsError` whose message points at the
offending line; `template_variables` turns the model into the small objects
that page macros and theme templates render.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    PositiveInt,
    ValidationError,
)

from helpcenter.yamlsource import YamlProblem, duplicate_keys, load_located


class FactsError(Exception):
    """A problem with the facts file, already phrased for a writer."""


def _valid_phone(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"{number!r} is not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{number!r} is not a valid phone number")
    canonical = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if canonical != number:
        raise ValueError(f"write the number in E.164 form, {canonical!r}")
    return number


NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    # Unknown keys are typos until proven otherwise.
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhoneFact(_Strict):
    number: Annotated[str, AfterValidator(_valid_phone)]
    extension: Annotated[str, Field(pattern=r"^[0-9]{1,6}$")] | None = None


class SupportFact(_Strict):
    team: NonEmpty
    phone: PhoneFact


class ContactFact(_Strict):
    team: NonEmpty  # who fixes imported data during the window
    via: NonEmpty  # the person readers reach them through


class ReviewWindowFact(_Strict):
    length: PositiveInt
    unit: Literal["business days", "calendar days"]
    starts: NonEmpty
    contact: ContactFact


class NotMigratedItem(_Strict):
    item: NonEmpty
    includes: list[NonEmpty] = []


class MigrationFact(_Strict):
    not_migrated: Annotated[list[NotMigratedItem], Field(min_length=1)]
    outstanding_balances: NonEmpty
    default_numbering: Literal["automatic", "manual"]


class TrainingFact(_Strict):
    program: NonEmpty
    signup_url: HttpUrl


class AnnouncementFact(_Strict):
    kind: NonEmpty
    title: NonEmpty
    url: HttpUrl
    cta: NonEmpty
    expires: dt.date


class Facts(_Strict):
    product: NonEmpty
    support: SupportFact
    review_window: ReviewWindowFact
    migration: MigrationFact
    training: TrainingFact
    announcement: AnnouncementFact | None = None


# --- loading ---------------------------------------------------------------

Location = tuple[int, int]


def _key_locations(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Location]:
    """Map every key path of a composed YAML document to its 1-based line and column."""
    found: dict[tuple[Any, ...], Location] = {path: (node.start_mark.line + 1, node.start_mark.column + 1)}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            found.update(_key_locations(value_node, child))
            # Point at the key itself: that is where a writer looks.
            found[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.update(_key_locations(item, (*path, index)))
    return found


def _nearest_location(locations: dict[tuple[Any, ...], Location], path: tuple[Any, ...]) -> Location:
    while path and path not in locations:
        path = path[:-1]
    return locations.get(path, (1, 1))


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


# The top-level key that lists facts whose value is not known yet; it is not a fact itself.
PLACEHOLDERS_KEY = "placeholders"


@dataclass(frozen=True)
class FactsDocument:
    """The validated facts, which of them are placeholders, and where each one is written."""

    facts: Facts
    # Dotted fact paths (``training.signup_url``) whose value is a stand-in, in the file's order.
    placeholders: tuple[str, ...]
    # Dotted fact path -> 1-based (line, column) of its key in the facts file.
    locations: dict[str, Location]

    def is_placeholder(self, path: str) -> bool:
        """True if ``path`` or a fact that contains it (``announcement`` for ``announcement.url``) is listed."""
        return any(path == entry or path.startswith(f"{entry}.") for entry in self.placeholders)

    def where(self, path: str) -> Location:
        """Where the fact ``path`` is written; raises KeyError for a path that is not in the file."""
        return self.locations[path]


def _fact_paths(node: yaml.Node, prefix: str = "") -> dict[str, Location]:
    """Every fact a placeholder may name: the dotted paths of mapping keys (list items are parts of one fact)."""
    found: dict[str, Location] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node.value, str) or (not prefix and key_node.value == PLACEHOLDERS_KEY):
                continue
            path = f"{prefix}.{key_node.value}" if prefix else key_node.value
            found[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            found.update(_fact_paths(value_node, path))
    return found


def _placeholders(document: yaml.MappingNode, display_path: str) -> tuple[tuple[str, ...], list[str]]:
    """The ``placeholders:`` list, and a located problem for each entry that does not name a fact once."""
    node = next((value for key, value in document.value if key.value == PLACEHOLDERS_KEY), None)
    if node is None:
        return (), []
    where = f"{display_path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    if not isinstance(node, yaml.SequenceNode):
        return (), [
            f"{where}: '{PLACEHOLDERS_KEY}' must be a list of fact paths -> write one fact per line,"
            " like '  - training.signup_url'"
        ]
    known = _fact_paths(document)
    found: list[str] = []
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for item in node.value:
        line, column = item.start_mark.line + 1, item.start_mark.column + 1
        where = f"{display_path}:{line}:{column}"
        if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value.strip():
            shown = f"'{item.value}'" if isinstance(item, yaml.ScalarNode) else "a list or mapping"
            problems.append(
                f"{where}: placeholder entry {shown} is not a fact path -> write one fact's dotted path,"
                " like 'training.signup_url'"
            )
            continue
        entry = item.value.strip()
        if entry in first_line:
            problems.append(
                f"{where}: placeholder '{entry}' is written twice (first on line {first_line[entry]})"
                " -> keep one of them"
            )
            continue
        first_line[entry] = line
        if entry not in known:
            close = difflib.get_close_matches(entry, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                f"{where}: placeholder '{entry}' names no fact in this file -> write the dotted path of a fact"
                f" in this file, or remove the entry{hint}"
            )
            continue
        found.append(entry)
    return tuple(found), problems


def parse_facts(text: str, display_path: str) -> Facts:
    """Validate facts given as YAML text; errors name ``display_path:LINE:COL`` and the key."""
    return parse_facts_document(text, display_path).facts


def parse_facts_document(text: str, display_path: str) -> FactsDocument:
    """`parse_facts`, keeping the placeholders and where each fact is written."""
    try:
        document, data = load_located(text)
    except YamlProblem as error:
        raise FactsError(
            f"{display_path}:{error.line}:{error.column}: the facts file is not valid YAML: {error.reason}"
            f" -> {error.fix or 'fix the YAML syntax there'}"
        ) from None
    if not isinstance(document, yaml.MappingNode):
        raise FactsError(f"{display_path}:1:1: the facts file must be a mapping of fact names to values")
    duplicates = duplicate_keys(document)
    if duplicates:
        raise FactsError(
            "\n".join(
                f"{display_path}:{mark.line + 1}:{mark.column + 1}: fact '{_dotted(path)}' is written twice"
                f" (first on line {first}) -> keep one of them"
                for path, mark, first in duplicates
            )
        )
    locations = _key_locations(document)
    placeholders, problems = _placeholders(document, display_path)
    data = {key: value for key, value in data.items() if key != PLACEHOLDERS_KEY}
    try:
        facts = Facts.model_validate(data)
    except ValidationError as error:
        for issue in error.errors():
            path = tuple(issue["loc"])
            line, column = _nearest_location(locations, path)
            problems.append(f"{display_path}:{line}:{column}: fact '{_dotted(path)}': {_explain(issue, path)}")
        problems.sort(key=_line_of_problem)
    if problems:
        raise FactsError("\n".join(problems)) from None
    return FactsDocument(facts=facts, placeholders=placeholders, locations=_fact_paths(document))


def _line_of_problem(problem: str) -> int:
    # "data/facts.yml:LINE:COL: ..." -> LINE, so problems read top to bottom.
    return int(problem.split(":", 2)[1])


def _known_names(path: tuple[Any, ...]) -> list[str]:
    """The field names allowed beside the last part of ``path``."""
    model: Any = Facts
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return []
        model = _model_of(field.annotation)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside ``Model``, ``Model | None`` or ``list[Model]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_of(argument)
        if found is not None:
            return found
    return None


def _explain(issue: dict[str, Any], path: tuple[Any, ...]) -> str:
    kind = issue["type"]
    if kind == "missing":
        return "is missing -> add it (see CONTRIBUTING.md, 'Facts')"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(path[-1]), _known_names(path), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"is not a known fact -> remove it, or add it to the schema in hooks/helpcenter/facts.py{hint}"
    message = issue["msg"].removeprefix("Value error, ")
    if kind == "value_error":
        return f"{message} -> correct the value"  # our validators already quote the value
    return f"{message} (got {issue.get('input')!r}) -> correct the value"


def load_facts(path: Path, display_path: str) -> Facts:
    """Read and validate the facts file, or raise `FactsError` saying what to do."""
    return load_facts_document(path, display_path).facts


def load_facts_document(path: Path, display_path: str) -> FactsDocument:
    """`load_facts`, keeping the placeholders and where each fact is written (for the publishing build)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FactsError(
            f"{display_path}: the facts file does not exist -> create it, or fix `facts_file` in mkdocs.yml"
        ) from None
    except UnicodeDecodeError as error:
        raise FactsError(
            f"{display_path}: the facts file is not UTF-8 ({error.reason} at byte {error.start}) -> save it as UTF-8"
        ) from None
    return parse_facts_document(text, display_path)


# --- views: what pages and templates render -----------------------------

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_in_words(value: int) -> str:
    """Style guide: spell out zero to ten, use digits above."""
    return _NUMBER_WORDS[value] if 0 <= value < len(_NUMBER_WORDS) else str(value)


@dataclass(frozen=True)
class PhoneView:
    """A phone fact; ``str()`` is a Markdown ``tel:`` link."""

    e164: str
    text: str
    tel: str

    @classmethod
    def of(cls, fact: PhoneFact) -> PhoneView:
        parsed = phonenumbers.parse(fact.number, None)
        if fact.extension:
            parsed.extension = fact.extension
        # "+1 888-858-2546 ext. 2" -> "1-888-858-2546 ext. 2" for North American
        # readers; other countries keep the international form.
        international = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        text = international.removeprefix("+1 ").join(("1-", "")) if parsed.country_code == 1 else international
        tel = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)
        return cls(e164=fact.number, text=text, tel=tel)

    def __str__(self) -> str:
        return f"[{self.text}]({self.tel})"


@dataclass(frozen=True)
class SupportView:
    team: str
    phone: PhoneView


@dataclass(frozen=True)
class ContactView:
    """Who fixes imported data during the window; ``str()`` is the team ("your migration team")."""

    team: str
    via: str

    def __str__(self) -> str:
        return self.team


@dataclass(frozen=True)
class ReviewWindowView:
    """``str()`` reads "three business days"."""

    length: int
    unit: str
    starts: str
    contact: ContactView

    @property
    def text(self) -> str:
        return f"{number_in_words(self.length)} {self.unit}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class MigrationView:
    not_migrated: tuple[NotMigratedItem, ...]
    outstanding_balances: str
    default_numbering: str


@dataclass(frozen=True)
class TrainingView:
    program: str
    signup_url: str


def not_migrated_markdown(facts: Facts) -> str:
    """The not-migrated data as a Markdown list, nested where an item has parts."""
    lines = []
    for entry in facts.migration.not_migrated:
        lines.append(f"- {entry.item}")
        lines.extend(f"    - {part}" for part in entry.includes)
    return "\n".join(lines)


def template_variables(facts: Facts) -> dict[str, object]:
    """The names writers use in pages, e.g. ``{{ support.phone }}``."""
    window = facts.review_window
    return {
        "product": facts.product,
        "support": SupportView(team=facts.support.team, phone=PhoneView.of(facts.support.phone)),
        "review_window": ReviewWindowView(
            window.length, window.unit, window.starts, ContactView(window.contact.team, window.contact.via)
        ),
        "migration": MigrationView(
            not_migrated=tuple(facts.migration.not_migrated),
            outstanding_balances=facts.migration.outstanding_balances,
            default_numbering=facts.migration.default_numbering,
        ),
        "training": TrainingView(program=facts.training.program, signup_url=str(facts.training.signup_url)),
    }


def active_announcement(facts: Facts, today: dt.date) -> dict[str, str] | None:
    """The announcement for theme templates, or None once it has expired."""
    notice = facts.announcement
    if notice is None or today > notice.expires:
        return None
    return {
        "kind": notice.kind,
        "title": notice.title,
        "url": str(notice.url),
        "cta": notice.cta,
        "id": f"{notice.title}|{notice.expires}",
    }
