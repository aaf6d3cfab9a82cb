"""FAQ pages: read the questions from the rendered page, then build its question index and structured data.

A FAQ page's questions are its ``<h2>`` headings. The index at the top of the
page and the schema.org ``FAQPage`` JSON-LD are both generated from that one
parse (`extract_questions`), so their wording and targets can never drift from
the answers.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from helpcenter.htmltree import HtmlTree, text_of

INDEX_PLACEHOLDER = '<nav class="faq-index" data-faq-index aria-label="Questions on this page"></nav>'


@dataclass(frozen=True)
class Question:
    anchor: str
    text: str  # the heading as a reader sees it
    answer_text: str  # everything up to the next question, as text


_PERMALINK = frozenset({"headerlink"})  # the toc extension's "¶" in each heading


def extract_questions(tree: HtmlTree) -> list[Question]:
    """Every ``<h2 id=...>`` of a rendered page with the content that answers it."""
    questions: list[Question] = []
    current: tuple[str, str] | None = None
    answer: list[str] = []

    def close() -> None:
        if current is not None:
            questions.append(Question(current[0], current[1], " ".join(" ".join(answer).split())))

    for node in tree.top_level():
        tag = node.tag or ""
        anchor = node.attributes.get("id") if tag == "h2" else None
        if anchor:
            close()
            current, answer = (anchor, " ".join(text_of(node, skip_classes=_PERMALINK).split())), []
        elif tag in ("h1", "h2"):
            close()
            current, answer = None, []
        elif current is not None:
            answer.append(text_of(node, skip_classes=_PERMALINK))
    close()
    return questions


def index_html(questions: list[Question]) -> str:
    """The question index: a list of links to each answer, in page order."""
    items = "".join(f'<li><a href="#{html.escape(q.anchor)}">{html.escape(q.text)}</a></li>' for q in questions)
    return INDEX_PLACEHOLDER.replace("></nav>", f"><ol>{items}</ol></nav>")


def faq_jsonld(questions: Sequence[Question]) -> dict[str, Any] | None:
    """schema.org ``FAQPage`` data: one ``Question`` with its ``acceptedAnswer`` per answered question.

    The answer is the visible text under the question (plain text: the page's
    relative links and markup mean nothing outside it). Questions without an
    answer are left out; `unanswered` lets the build report them.
    """
    entities = [
        {"@type": "Question", "name": q.text, "acceptedAnswer": {"@type": "Answer", "text": q.answer_text}}
        for q in questions
        if q.text and q.answer_text
    ]
    if not entities:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}


def unanswered(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if not q.answer_text]


def jsonld_script_text(data: dict[str, Any]) -> str:
    """JSON to put inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` are escaped, so no text from a page can close the
    script element early.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def heading_line(source: str, question: Question) -> int:
    """The 1-based line of ``source`` (a Markdown file) that writes the question's heading; 1 if unknown."""
    anchor = re.compile(r"\{[^}]*#" + re.escape(question.anchor) + r"[\s}]")
    lines = source.splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith("#") and anchor.search(line):
            return number
    for number, line in enumerate(lines, 1):
        if line.startswith("## ") and " ".join(line[3:].split()) == question.text:
            return number
    return 1
