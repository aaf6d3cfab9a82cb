"""Rendering one page's text in the page sandbox, as the build does, without a build."""

from __future__ import annotations

from collections.abc import Mapping

import jinja2

from helpcenter.facts.model import load_facts, template_variables
from helpcenter.rendering.sandbox import TemplateProblem, explain_template_error, sandboxed_copy
from sitebuilder import FIXTURE_FACTS


def fixture_facts() -> dict[str, object]:
    """The frozen facts of tests/fixtures/facts.yml, as pages see them."""
    return template_variables(load_facts(FIXTURE_FACTS, "data/facts.yml"))


def render(source: str, variables: Mapping[str, object]) -> TemplateProblem | str:
    """Render like the hook does, returning the problem the hook would report (or the output)."""
    problems: list[TemplateProblem] = []
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined, comment_start_string="{##", comment_end_string="##}")
    env = sandboxed_copy(plain, {"not_migrated": lambda: "- Documents"})

    def report(error: BaseException, text: str, names: Mapping[str, object]) -> str:
        problems.append(explain_template_error(error, text, names))
        return "(failed)"

    env.report = report
    output = env.from_string(source).render(**variables)
    return problems[0] if problems else output
