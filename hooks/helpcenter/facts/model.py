"""The facts file: schema, loading with located errors, and reader-facing views.

Nothing here knows about MkDocs. `load_facts` turns ``data/facts.yml`` into a
validated `Facts` model or raises `FactsError` whose message points at the
offending line; `template_variables` turns the model into the small objects
that page macros and theme templates render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PositiveInt,
    ValidationError,
)

from helpcenter.schema import dotted, explain
from helpcenter.security.theme_text import markup_problem
from helpcenter.text import did_you_mean, suggest
from helpcenter.yamlsource import YamlProblem, duplicate_keys, key_locations, load_located, nearest_location


class FactsError(Exception):
    """A problem with the facts file, already phrased for a writer."""


def _phone_as_text(value: Any) -> Any:
    # YAML reads +18888582546 without quotes as the number 18888582546.
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f'{value} is read as a number, not a phone number -> put the number in quotes: "+{value}"')
    return value


def _valid_phone(number: str) -> str:
    example = 'for example "+18005550123"'
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        raise ValueError(
            f"{number!r} is not a phone number this build can read -> write it with a plus sign and the country"
            f" code, digits only, {example}"
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{number!r} is not a valid phone number -> check the digits, {example}")
    canonical = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if canonical != number:
        raise ValueError(f'{number!r} has spaces or signs in it -> write it as "{canonical}"')
    return number


def _valid_extension(extension: str) -> str:
    if not (extension.isascii() and extension.isdigit() and len(extension) <= 6):
        raise ValueError(f'{extension!r} is not an extension -> write its digits only, in quotes, for example "2"')
    return extension


NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    # Unknown keys are typos until proven otherwise.
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhoneFact(_Strict):
    number: Annotated[str, BeforeValidator(_phone_as_text), AfterValidator(_valid_phone)]
    extension: Annotated[str, AfterValidator(_valid_extension)] | None = None


class SupportFact(_Strict):
    team: NonEmpty
    does: NonEmpty  # what the source sends readers to Support for
    phone: PhoneFact


class RoleFact(_Strict):
    name: NonEmpty  # the one name readers see, without "your"/"the": "migration team"
    does: NonEmpty  # what the source says they do, as a verb phrase
    reached_by_readers: bool = False  # may pages send readers to them?


class RolesFact(_Strict):
    migration_specialist: RoleFact
    migration_team: RoleFact
    onboarding_specialist: RoleFact


class GuideFact(_Strict):
    title: NonEmpty
    url: HttpUrl


class ReviewWindowFact(_Strict):
    length: PositiveInt
    unit: Literal["business days", "calendar days"]
    starts: NonEmpty


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
    roles: RolesFact
    migration: MigrationFact
    training: TrainingFact
    # Keyed by a name pages use: ``{{ guides.generate_a_bill }}``.
    guides: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], GuideFact] = {}
    announcement: AnnouncementFact | None = None


# --- loading ---------------------------------------------------------------


# The top-level key that lists facts whose value is not known yet; it is not a fact itself.
PLACEHOLDERS_KEY = "placeholders"


@dataclass(frozen=True)
class FactsDocument:
    """The validated facts, which of them are placeholders, and where each one is written."""

    facts: Facts
    # Dotted fact paths (``training.signup_url``) whose value is a stand-in, in the file's order.
    placeholders: tuple[str, ...]
    # Dotted fact path -> 1-based (line, column) of its key in the facts file.
    locations: dict[str, tuple[int, int]]
    text: str = ""  # the file as written

    def is_placeholder(self, path: str) -> bool:
        """True if ``path`` or a fact that contains it (``announcement`` for ``announcement.url``) is listed."""
        return any(path == entry or path.startswith(f"{entry}.") for entry in self.placeholders)

    def shows_placeholder(self, path: str) -> bool:
        """True if rendering ``path`` shows a placeholder: it is one, or it holds one (a guide and its ``url``)."""
        return self.is_placeholder(path) or any(entry.startswith(f"{path}.") for entry in self.placeholders)

    def where(self, path: str) -> tuple[int, int]:
        """Where the fact ``path`` is written; raises KeyError for a path that is not in the file."""
        return self.locations[path]


def _fact_paths(document: yaml.MappingNode) -> dict[str, tuple[int, int]]:
    """Every fact a placeholder may name: the dotted paths of mapping keys (list items are parts of one fact)."""
    return {
        ".".join(path): where
        for path, where in key_locations(document).items()
        if path and path[0] != PLACEHOLDERS_KEY and all(isinstance(part, str) for part in path)
    }


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
            hint = did_you_mean(suggest(entry, known))
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
                f"{display_path}:{mark.line + 1}:{mark.column + 1}: fact '{dotted(path)}' is written twice"
                f" (first on line {first}) -> keep one of them"
                for path, mark, first in duplicates
            )
        )
    placeholders, problems = _placeholders(document, display_path)
    data = {key: value for key, value in data.items() if key != PLACEHOLDERS_KEY}
    try:
        facts = Facts.model_validate(data)
    except ValidationError as error:
        locations = key_locations(document)
        unknown_fix = "remove it, or add it to the schema in hooks/helpcenter/facts/model.py"
        for problem in explain(error, Facts, noun="fact", unknown_fix=unknown_fix):
            line, column = nearest_location(locations, problem.path)
            message = problem.message
            if message == "is missing -> add it":
                message = "is missing -> add it (see WRITING-REFERENCE.md#facts)"
            problems.append(f"{display_path}:{line}:{column}: fact '{dotted(problem.path)}': {message}")
    problems.extend(_markup_problems(document, data, display_path))
    if problems:
        problems.sort(key=_line_of_problem)
        raise FactsError("\n".join(problems)) from None
    return FactsDocument(facts=facts, placeholders=placeholders, locations=_fact_paths(document), text=text)


def _markup_problems(document: yaml.MappingNode, data: Any, display_path: str) -> list[str]:
    """Facts are text: markup in one would reach readers as HTML (pages and the theme print facts as they are)."""
    locations = key_locations(document)
    problems = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, str) and (problem := markup_problem(value, quotes=False)):
            line, column = nearest_location(locations, path)
            problems.append(f"{display_path}:{line}:{column}: fact '{dotted(path)}' {problem}")
    return problems


def _line_of_problem(problem: str) -> tuple[int, int]:
    # "data/facts.yml:LINE:COL: ..." -> (LINE, COL), so problems read top to bottom.
    _, line, column, _ = problem.split(":", 3)
    return int(line), int(column)


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
    does: str
    phone: PhoneView


@dataclass(frozen=True)
class RoleView:
    """One of the people a reader deals with; ``str()`` is the name ("migration team")."""

    name: str
    does: str
    reached_by_readers: bool

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class GuideView:
    """A vendor guide; ``str()`` is a Markdown link to it, titled."""

    title: str
    url: str

    def __str__(self) -> str:
        return f"[{self.title}]({self.url})"


@dataclass(frozen=True)
class ReviewWindowView:
    """``str()`` reads "three business days"."""

    length: int
    unit: str
    starts: str

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
    """The not-migrated data as a Markdown list, nested where an item has parts (a block macro writes it)."""
    return not_migrated_list(facts.migration.not_migrated)


def not_migrated_list(items: Sequence[NotMigratedItem]) -> str:
    """`not_migrated_markdown` of the items themselves (the build reads them through its recording views)."""
    lines = []
    for entry in items:
        lines.append(f"- {entry.item}")
        lines.extend(f"    - {part}" for part in entry.includes)
    return "\n".join(lines)


def role_views(facts: Facts) -> dict[str, RoleView]:
    """Each role by its key (``migration_team``), as pages write it: ``{{ roles.migration_team }}``."""
    roles = {key: getattr(facts.roles, key) for key in RolesFact.model_fields}
    return {key: RoleView(role.name, role.does, role.reached_by_readers) for key, role in roles.items()}


def template_variables(facts: Facts) -> dict[str, object]:
    """The names writers use in pages, e.g. ``{{ support.phone }}``."""
    window = facts.review_window
    support = facts.support
    return {
        "product": facts.product,
        "support": SupportView(team=support.team, does=support.does, phone=PhoneView.of(support.phone)),
        "review_window": ReviewWindowView(window.length, window.unit, window.starts),
        "roles": role_views(facts),
        "guides": {key: GuideView(guide.title, str(guide.url)) for key, guide in facts.guides.items()},
        "migration": MigrationView(
            not_migrated=tuple(facts.migration.not_migrated),
            outstanding_balances=facts.migration.outstanding_balances,
            default_numbering=facts.migration.default_numbering,
        ),
        "training": TrainingView(program=facts.training.program, signup_url=str(facts.training.signup_url)),
    }


# The announcement's ``id`` is made of these facts (a new title or expiry shows the bar again).
ANNOUNCEMENT_DERIVED = {"id": ("title", "expires")}


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
