"""The people readers deal with: one name per role, and only the routes the facts give (fixture facts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.model import load_facts, role_views
from sitebuilder import FIXTURE_FACTS, build_site

FACTS = load_facts(FIXTURE_FACTS, "data/facts.yml")
CHECKER = DriftChecker.from_facts(FACTS)
ROLES = role_views(FACTS)
PATH = "docs/page.md"
FRONT = "---\ntitle: A page\ndescription: A page.\n---\n\n"  # the body starts on line 6
TEAM = FACTS.support.team


def drift(body: str) -> list[str]:
    return [str(finding) for finding in CHECKER.check(FRONT + body, PATH)]


@pytest.mark.parametrize("key", sorted(ROLES))
def test_a_role_name_typed_by_hand_asks_for_its_macro(key: str) -> None:
    name = ROLES[key].name
    assert drift(f"Then your {name.upper()} helps.\n") == [
        f'{PATH}:6:11: fact-drift "{name.upper()}" is the {name}\'s name fact -> write {{{{ roles.{key} }}}}'
    ]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("migrations team", "migration_team"),
        ("Migration Department", "migration_team"),
        ("import team", "migration_team"),
    ],
)
def test_another_name_for_a_role_points_to_the_one_name(written: str, key: str) -> None:
    # The fixture's names share a word with these: the role with the most words in common, a group for a group.
    assert drift(f"Ask the {written} first.\n") == [
        f'{PATH}:6:9: fact-drift "{written}" is another name for the {ROLES[key].name} -> write'
        f" {{{{ roles.{key} }}}} (one name per role)"
    ]


def test_another_name_for_support_points_to_its_proper_name() -> None:
    assert drift("Our support team is there.\n") == [
        f'{PATH}:6:5: fact-drift "support team" is another name for {TEAM} -> write {{{{ support.team }}}}'
        " (one name per role)"
    ]


def test_people_the_facts_do_not_define_are_refused() -> None:
    defined = ", ".join(["{{ support.team }}", *(f"{{{{ roles.{key} }}}}" for key in ROLES)])
    assert drift("Email your account manager.\n") == [
        f'{PATH}:6:12: fact-drift "account manager" names people data/facts.yml does not define -> send readers'
        f" only to the people it defines: {defined}"
    ]


def test_the_readers_own_people_and_macros_pass() -> None:
    body = (
        "Agree with your team and your billing staff.\n"
        "Raise it with your {{ roles.migration_team }} and call {{ support.team }}.\n"
        "`migration team` in code, and {## a migration team note ##}.\n"
    )
    assert drift(body) == []


def test_a_route_to_someone_readers_cannot_reach_says_what_to_do() -> None:
    unreachable = [key for key, role in ROLES.items() if not role.reached_by_readers]
    reachable = ", ".join(
        ["{{ support.team }}", *(f"{{{{ roles.{key} }}}}" for key, role in ROLES.items() if role.reached_by_readers)]
    )
    assert unreachable, "the fixture facts have a role readers cannot reach"
    key = unreachable[0]
    assert drift(f"Intro.\n\nIf in doubt, contact your dedicated {{{{ roles.{key} }}}}.\n") == [
        f'{PATH}:8:14: fact-drift "contact your dedicated {{{{ roles.{key} }}}}": data/facts.yml gives readers no'
        f" way to reach the {ROLES[key].name} -> say what they do (their `does`), or send readers to someone they"
        f" can reach: {reachable}"
    ]


def test_a_deliberate_name_keeps_its_line() -> None:
    assert drift("Our former migrations team. {## fact-ok: history ##}\n") == []


def test_the_build_reports_a_role_at_its_line(tmp_path: Path) -> None:
    page = "---\ntitle: A page\ndescription: A page.\nreviewed: 2026-01-01\n---\n\nCall the customer success manager.\n"
    result = build_site(tmp_path, {"index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n", "a.md": page})
    assert not result.ok
    assert any(
        problem.startswith('docs/a.md:7:10: fact-drift "customer success manager" names people')
        for problem in result.problems
    ), result.output
