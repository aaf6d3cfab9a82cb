"""FAQ pages (front matter ``faq: true``): the question index and the FAQPage structured data, from one reading.

Writers put ``{{ question_index() }}`` where the index belongs; after Markdown
conversion the page's question headings are read once from its HTML tree and
both the index and the schema.org ``FAQPage`` JSON-LD come from them. Templates
get the JSON-LD as ``hc_jsonld`` (overrides/main.html puts it in the page head).
"""

from __future__ import annotations

from typing import Any

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
from helpcenter.rendering.sandbox import block
from jobs.build import Build


def configure(build: Build) -> None:
    build.macros["question_index"] = lambda: block("question_index", INDEX_PLACEHOLDER)
    build.block_macros.add("question_index")


def fill_index(build: Build, page: Page, tree: HtmlTree, html: str) -> str:
    if not page.meta.get("faq"):
        return html
    questions = extract_questions(tree)
    data = faq_jsonld(questions)
    if data is not None:
        build.faq_jsonld[page.file.src_uri] = jsonld_script_text(data)
    path = build.project.display(page.file.src_uri)
    source = build.sources.get(page.file.src_uri)
    text = source.text if source is not None else ""
    build.report.add(
        Finding(
            path,
            heading_line(text, question),
            None,
            "faq-answer-missing",
            f"the question '{question.text}' has no answer -> write the answer below its heading",
        )
        for question in unanswered(questions)
    )
    if INDEX_PLACEHOLDER not in html:
        build.report.add(
            [
                Finding(
                    path,
                    1,
                    None,
                    "faq-index-missing",
                    "this FAQ page has no question index -> add {{ question_index() }} after the intro",
                    "warning",
                )
            ]
        )
        return html
    return html.replace(INDEX_PLACEHOLDER, index_html(questions), 1)


def give_template(build: Build, page: Page, context: dict[str, Any]) -> None:
    context["hc_jsonld"] = build.faq_jsonld.get(page.file.src_uri)
