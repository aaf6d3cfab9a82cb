"""MkDocs hook: find shared facts typed by hand into page sources, and name the macro to use instead.

The patterns come from data/facts.yml (helpcenter/fact_drift.py), so a changed
fact is recognised in its new form with no edit here. Every Markdown file under
docs/ is read as written, snippets included; what macros produce is never seen.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from helpcenter.fact_drift import DriftChecker
from helpcenter.facts import FactsError, load_facts
from helpcenter.findings import display_path, log_findings
from helpcenter.sources import source_text

log = logging.getLogger("mkdocs.plugins.fact_drift")

DEFAULT_FACTS_FILE = "data/facts.yml"


class _State:
    checker: DriftChecker | None = None


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    name = config.extra.get("helpcenter", {}).get("facts_file", DEFAULT_FACTS_FILE)
    try:
        facts = load_facts(Path(config.config_file_path).parent / name, name)
    except FactsError as error:
        raise PluginError(str(error)) from None
    state.checker = DriftChecker.from_facts(facts)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    checker = state.checker
    if checker is None:
        raise PluginError("fact_drift: on_config did not run")
    project_dir = os.path.dirname(config.config_file_path)
    findings = []
    # Every Markdown source, excluded ones too: snippets are pasted into pages.
    for file in files:
        if not file.src_uri.endswith(".md") or file.abs_src_path is None:
            continue
        try:
            source = source_text(file)
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable page is reported by MkDocs itself
        findings.extend(checker.check(source, display_path(project_dir, config.docs_dir, file.src_uri)))
    log_findings(log, findings)
    return files
