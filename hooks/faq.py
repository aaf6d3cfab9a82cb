"""MkDocs hook: the question index of FAQ pages (front matter ``faq: true``).

Writers put ``{{ question_index() }}`` where the index belongs; after Markdown
conversion this hook fills it from the page's own question headings.
"""

from __future__ import annotations

import logging

from helpcenter.faq import INDEX_PLACEHOLDER, extract_questions, index_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.faq")


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
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
    if INDEX_PLACEHOLDER not in html:
        log.warning(
            "%s: faq-index-missing this FAQ page has no question index -> add {{ question_index() }} after the intro",
            page.file.src_path,
        )
        return html
    return html.replace(INDEX_PLACEHOLDER, index_html(extract_questions(html)), 1)
