"""FAQ pages: read the questions from the rendered page, then build its question index.

A FAQ page's questions are its ``<h2>`` headings. The index at the top of the
page is generated from those same headings and their ids, so its wording and
its targets can never drift from the answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import lxml.html

INDEX_PLACEHOLDER = '<nav class="faq-index" data-faq-index aria-label="Questions on this page"></nav>'


@dataclass(frozen=True)
class Question:
    anchor: str
    text: str  # the heading as a reader sees it
    answer_html: str  # everything up to the next question
    answer_text: str


def _heading_text(heading: lxml.html.HtmlElement) -> str:
    # Leave out the permalink ("¶") that the toc extension appends.
    parts = [heading.text or ""]
    for child in heading:
        if "headerlink" not in (child.get("class") or ""):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def extract_questions(page_html: str) -> list[Question]:
    """Every ``<h2 id=...>`` of a rendered page with the content that answers it."""
    if not page_html.strip():
        return []
    root = lxml.html.fragment_fromstring(page_html, create_parent="div")
    questions: list[Question] = []
    current: tuple[str, str] | None = None
    answer: list[lxml.html.HtmlElement] = []

    def close() -> None:
        if current is not None:
            answer_html = "".join(lxml.html.tostring(part, encoding="unicode") for part in answer)
            answer_text = " ".join(" ".join(part.text_content() for part in answer).split())
            questions.append(Question(current[0], current[1], answer_html, answer_text))

    for element in root:
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if element.tag == "h2" and element.get("id"):
            close()
            current, answer = (element.get("id"), _heading_text(element)), []
        elif element.tag in ("h1", "h2"):
            close()
            current, answer = None, []
        elif current is not None:
            answer.append(element)
    close()
    return questions


def index_html(questions: list[Question]) -> str:
    """The question index: a list of links to each answer, in page order."""
    items = "".join(f'<li><a href="#{html.escape(q.anchor)}">{html.escape(q.text)}</a></li>' for q in questions)
    return INDEX_PLACEHOLDER.replace("></nav>", f"><ol>{items}</ol></nav>")
