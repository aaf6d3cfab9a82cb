"""Checklists in articles: a reader ticks items, and the ticks are still there when they come back."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from siteserver import serve

from conftest import Browse
from sitebuilder import build_site, project_assets

pytestmark = pytest.mark.browser

HOME = "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n"
CHECKLIST = """---
title: A checklist
description: Things to check.
reviewed: 2026-01-01
---

Tick what you checked.

- [ ] First thing
- [ ] Second thing
- [ ] Third thing
"""


def test_ticks_are_kept_per_item_across_visits(browse: Browse, tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": HOME, "list.md": CHECKLIST}, extra_files=project_assets())
    assert result.ok, result.output
    with serve(result.site_dir) as url:
        page, _ = browse()
        page.goto(url + "list/")
        boxes = page.locator(".task-list-control input[type=checkbox]")
        expect(boxes).to_have_count(3)
        for index in range(3):
            expect(boxes.nth(index)).to_be_enabled()
        page.locator(".task-list-indicator").nth(1).click(force=True)  # drawn by ::before: no box of its own
        expect(boxes.nth(1)).to_be_checked()
        page.reload()
        expect(boxes.nth(1)).to_be_checked()
        expect(boxes.nth(0)).not_to_be_checked()
        # Unticking is kept too.
        page.locator(".task-list-indicator").nth(1).click(force=True)  # drawn by ::before: no box of its own
        page.reload()
        expect(boxes.nth(1)).not_to_be_checked()
