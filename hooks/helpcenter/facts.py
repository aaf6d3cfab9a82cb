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

from helpcenter.yamlsource import YamlProblem, duplicate_keys, key_locations, load_located


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


class ReviewWindowFact(_Strict):
    length: PositiveInt
    unit: Literal["business days", "calendar days"]
    starts: NonEmpty
    contact: NonEmpty


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


def _nearest_location(locations: dict[tuple[Any, ...], Location], path: tuple[Any, ...]) -> Location:
    while path and path not in locations:
        path = path[:-1]
    return locations.get(path, (1, 1))


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def parse_facts(text: str, display_path: str) -> Facts:
    """Validate facts given as YAML text; errors name ``display_path:LINE:COL`` and the key."""
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
    locations = key_locations(document)
    try:
        return Facts.model_validate(data)
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            path = tuple(issue["loc"])
            line, column = _nearest_location(locations, path)
            problems.append(f"{display_path}:{line}:{column}: fact '{_dotted(path)}': {_explain(issue, path)}")
        raise FactsError("\n".join(problems)) from None


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
    return parse_facts(text, display_path)


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
class ReviewWindowView:
    """``str()`` reads "three business days"."""

    length: int
    unit: str
    starts: str
    contact: str

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
        "review_window": ReviewWindowView(window.length, window.unit, window.starts, window.contact),
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
