"""MkDocs hook: the question index and the FAQPage structured data of FAQ pages (front matter ``faq: true``).

Writers put ``{{ question_index() }}`` where the index belongs; after Markdown
conversion this hook reads the page's question headings once and builds both
the index and the schema.org ``FAQPage`` JSON-LD from them. Templates get the
JSON-LD as ``hc_jsonld`` (overrides/main.html puts it in the page head).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.faq import (
    INDEX_PLACEHOLDER,
    extract_questions,
    faq_jsonld,
    heading_line,
    index_html,
    jsonld_script_text,
    unanswered,
)
from helpcenter.findings import Finding, display_path, log_findings

log = logging.getLogger("mkdocs.plugins.faq")

# JSON-LD text per FAQ page (src_uri), collected while pages render.
_jsonld: dict[str, str] = {}


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _jsonld.clear()
    macros = config.plugins.get("macros")
    if macros is not None:
        # Blank lines around it keep the placeholder a raw HTML block.
        macros.register_macros({"question_index": lambda: f"\n{INDEX_PLACEHOLDER}\n"})
    return config


# Before the link checker (priority 0) reads the page, so the index is checked too.
@event_priority(50)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("faq"):
        return html
    questions = extract_questions(html)
    data = faq_jsonld(questions)
    if data is not None:
        _jsonld[page.file.src_uri] = jsonld_script_text(data)
    empty = unanswered(questions)
    if empty:
        source = page.file.content_string
        where = display_path(os.path.dirname(config.config_file_path), config.docs_dir, page.file.src_path)
        findings = [
            Finding(
                where,
                heading_line(source, question),
                None,
                "faq-answer-missing",
                f"the question '{question.text}' has no answer -> write the answer below its heading",
            )
            for question in empty
        ]
        log_findings(log, findings)
    if INDEX_PLACEHOLDER not in html:
        log.warning(
            "%s: faq-index-missing this FAQ page has no question index -> add {{ question_index() }} after the intro",
            page.file.src_path,
        )
        return html
    return html.replace(INDEX_PLACEHOLDER, index_html(questions), 1)


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    context["hc_jsonld"] = _jsonld.get(page.file.src_uri)
    return context
