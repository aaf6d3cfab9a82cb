"""The people a reader deals with: one name each, and only the routes the facts give.

data/facts.yml defines the roles (``roles:``, and Clio Support under ``support:``)
with the one name readers see. A page names them with their macros, so a new name
reaches every page at once. This module builds the rules that hold pages to that:

- a role's name typed by hand ("migration team") -> its macro;
- another name for the vendor's people ("migrations team", "support team",
  "account manager") -> the role it most likely means, or, when it means none,
  a reminder that pages send readers only to the people the facts define;
- a page that tells readers to contact a role the facts give no way to reach
  ("contact your {{ roles.migration_specialist }}") -> what to write instead.

Words are matched only as vendor roles: a word about the vendor's side
(``migration``, ``onboarding``, ``support``, the product's name...) before a word
for people (``team``, ``specialist``, ``manager``...). "Your team" and
"your billing staff" are the reader's own people and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from helpcenter.facts.model import Facts, role_views
from helpcenter.facts.rules import DriftRule, Span, contains_all, either, phrase, regex_finder

# Words that put a group of people on the vendor's side of an import.
_VENDOR_WORDS = (
    "migration",
    "migrations",
    "import",
    "conversion",
    "onboarding",
    "implementation",
    "training",
    "support",
    "customer",
    "success",
    "account",
    "technical",
    "tech",
    "help",
)
# Words for people: a group, then a person.
_GROUPS = ("team", "teams", "department", "desk", "crew")
_PEOPLE = (
    "specialist",
    "specialists",
    "manager",
    "managers",
    "representative",
    "representatives",
    "rep",
    "reps",
    "agent",
    "agents",
    "consultant",
    "consultants",
    "coordinator",
    "coordinators",
    "adviser",
    "advisor",
    "advisers",
    "advisors",
    "expert",
    "experts",
)
# What readers are told to do to reach someone.
_CONTACT_VERBS = (
    r"call|phone|ring|contact|e-?mail|message|ask|tell|reach(?:\s+out\s+to)?|write\s+to|talk\s+to"
    r"|speak\s+(?:to|with)|get\s+in\s+touch\s+with|raise\s+(?:it|them|this|these|problems?|changes?)\s+with"
)


@dataclass(frozen=True)
class _Role:
    macro: str  # "{{ roles.migration_team }}"
    name: str  # "migration team"
    reachable: bool

    def stems(self) -> set[str]:
        return {_stem(word) for word in self.name.lower().split()}


def _squeeze(macro: str) -> str:
    return re.sub(r"\s+", "", macro)


def _the(name: str) -> str:
    """ "the migration team", but "Clio Support": a proper name takes no article."""
    return name if any(word[:1].isupper() for word in name.split()) else f"the {name}"


# Words that mean the same side of the work, for "did you mean": an "import team" is the migration team.
_SAME_SIDE = {
    "import": "migration",
    "conversion": "migration",
    "implementation": "onboarding",
    "help": "support",
    "technical": "support",
    "tech": "support",
}


def _stem(word: str) -> str:
    word = word.removesuffix("s")
    return _SAME_SIDE.get(word, word)


def _roles(facts: Facts) -> list[_Role]:
    roles = [_Role("{{ support.team }}", facts.support.team, reachable=True)]
    roles += [
        _Role(f"{{{{ roles.{key} }}}}", view.name, view.reached_by_readers) for key, view in role_views(facts).items()
    ]
    return roles


def _closest(phrase_found: str, roles: list[_Role]) -> _Role | None:
    """The role another name most likely means: the most words in common that are not "team" or "specialist",
    then the most words in common, then a group for a group."""
    words = {_stem(word) for word in phrase_found.lower().split()}
    nouns = {_stem(word) for word in (*_GROUPS, *_PEOPLE)}
    is_group = phrase_found.lower().split()[-1] in _GROUPS

    def score(role: _Role) -> tuple[int, int, bool]:
        common = words & role.stems()
        return len(common - nouns), len(common), (role.name.lower().split()[-1] in _GROUPS) == is_group

    best = max(roles, key=score)
    return best if score(best)[0] > 0 else None


def _defined(roles: list[_Role]) -> str:
    return ", ".join(role.macro for role in roles)


def _other_names_rule(facts: Facts, roles: list[_Role]) -> DriftRule:
    names = {role.name.lower() for role in roles}
    vendor = either(*(re.escape(word) for word in (*_VENDOR_WORDS, facts.product.lower())))
    people = either(*(re.escape(word) for word in (*_GROUPS, *_PEOPLE)))
    pattern = re.compile(rf"\b(?:{vendor})(?:['\u2019]s)?\s+(?:{vendor}\s+)?(?:{people})\b", re.IGNORECASE)

    def find(prose: str) -> Iterable[Span]:
        for match in pattern.finditer(prose):
            if " ".join(match[0].lower().split()) not in names:
                yield match.start(), match.end(), match[0]

    def explain(found: str) -> str:
        role = _closest(found, roles)
        if role is None:
            return (
                f'"{found}" names people data/facts.yml does not define -> send readers only to the people it'
                f" defines: {_defined(roles)}"
            )
        return f'"{found}" is another name for {_the(role.name)} -> write {role.macro} (one name per role)'

    return DriftRule("a role", "", find, clue=contains_all((*_GROUPS, *_PEOPLE)), explain=explain)


def _typed_name_rule(role: _Role) -> DriftRule:
    pattern = re.compile(rf"\b{phrase(role.name)}\b", re.IGNORECASE)
    return DriftRule(f"the {role.name}'s name", role.macro, regex_finder(pattern), clue=contains_all((role.name,)))


def _unreachable_rule(roles: list[_Role]) -> DriftRule | None:
    unreachable = [role for role in roles if not role.reachable]
    reachable = [role for role in roles if role.reachable]
    if not unreachable:
        return None
    by_macro = {_squeeze(role.macro): role for role in unreachable}
    macros = either(*(re.escape(role.macro[2:-2].strip()) for role in unreachable))
    pattern = re.compile(
        rf"\b(?:{_CONTACT_VERBS})\s+(?:(?:your|the|a|an)\s+)?(?:dedicated\s+)?\{{\{{\s*(?:{macros})\s*\}}\}}",
        re.IGNORECASE,
    )

    def explain(found: str) -> str:
        macro = re.search(r"\{\{.*?\}\}", found)
        role = by_macro.get(_squeeze(macro[0])) if macro else None
        who = _the(role.name) if role else "them"
        return (
            f'"{found}": data/facts.yml gives readers no way to reach {who} -> say what they do'
            f" (their `does`), or send readers to someone they can reach: {_defined(reachable)}"
        )

    return DriftRule(
        "a route",
        "",
        regex_finder(pattern),
        clue=contains_all(("{{",)),
        reads="macros",
        explain=explain,
    )


def role_rules(facts: Facts, *, names_only: bool = False) -> list[DriftRule]:
    """The rules for the people readers deal with, built from the facts' roles (``names_only``: the names typed
    by hand, for the facts before their last change)."""
    roles = _roles(facts)
    # Clio Support's name has its own rule with the fact values (hooks/helpcenter/facts/drift.py).
    rules = [_typed_name_rule(role) for role in roles[1:]]
    if names_only:
        return rules
    rules.append(_other_names_rule(facts, roles))
    unreachable = _unreachable_rule(roles)
    if unreachable is not None:
        rules.append(unreachable)
    return rules
