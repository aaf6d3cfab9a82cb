"""FAQ pages (front matter ``faq: true``): the question index and the FAQPage structured data, from one reading.

Writers put ``{{ question_index() }}`` where the index belongs; after Markdown
conversion the page's question headings are read once from its HTML tree and
both the index and the schema.org ``FAQPage`` JSON-LD come from them. Templates
get the JSON-LD as ``hc_jsonld`` (overrides/main.html puts it in the page head).
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from helpcenter.article_end.faq import (
    INDEX_PLACEHOLDER,
    extract_questions,
    faq_jsonld,
    heading_line,
    index_html,
    jsonld_script_text,
    unanswered,
)
from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.pages.source import PageSource
from helpcenter.rendering.sandbox import block
from jobs.build import Setup
from jobs.macros import ProjectMacro


def macros() -> dict[str, ProjectMacro]:
    return {"question_index": ProjectMacro(lambda: block("question_index", INDEX_PLACEHOLDER), block=True)}


def fill_index(
    setup: Setup, page: Page, source: PageSource | None, tree: HtmlTree, html: str
) -> tuple[str, str | None, list[Finding]]:
    """The page with its question index, its JSON-LD, and what is missing."""
    if not page.meta.get("faq"):
        return html, None, []
    questions = extract_questions(tree)
    data = faq_jsonld(questions)
    path = setup.project.display(page.file.src_uri)
    text = source.text if source is not None else ""
    findings = [
        Finding(
            path,
            heading_line(text, question),
            None,
            "faq-answer-missing",
            f"the question '{question.text}' has no answer -> write the answer below its heading",
        )
        for question in unanswered(questions)
    ]
    jsonld = jsonld_script_text(data) if data is not None else None
    if INDEX_PLACEHOLDER not in html:
        message = "this FAQ page has no question index -> add {{ question_index() }} after the intro"
        findings.append(Finding(path, 1, None, "faq-index-missing", message, "warning"))
        return html, jsonld, findings
    return html.replace(INDEX_PLACEHOLDER, index_html(questions), 1), jsonld, findings
