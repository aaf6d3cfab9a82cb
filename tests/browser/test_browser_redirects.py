"""A moved page's old address, in a real browser: the reader lands on the new page, at the same #anchor.

The redirect page (mkdocs-redirects) runs one inline script to carry the anchor,
under the Content-Security-Policy the build gives it (hooks/jobs/redirects.py):
a policy that blocked the script would show as a console error, which fails the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from siteserver import serve

from conftest import Browse
from sitebuilder import ROOT, build, make_site

pytestmark = pytest.mark.browser

PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\n[New](guides/new.md)\n",
    "guides/new.md": "---\ntitle: New\ndescription: New.\nreviewed: 2026-01-01\n---\n\nIntro.\n\n"
    + "\n\n".join(f"Paragraph {number}." for number in range(60))
    + "\n\n## Steps {#steps}\n\nThe steps.\n",
}
PLUGINS = [
    "search",
    {
        "macros": {
            "on_undefined": "strict",
            "on_error_fail": True,
            "j2_comment_start_string": "{##",
            "j2_comment_end_string": "##}",
        }
    },
    {"redirects": {"redirect_maps": {"guides/old.md": "guides/new.md"}}},
]


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("moved")
    config = make_site(root, PAGES, config={"plugins": PLUGINS})
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")  # the theme's own files
    result = build(config)
    assert result.ok, result.output
    with serve(result.site_dir) as url:
        yield url


def test_the_old_address_leads_to_the_new_page_and_its_anchor(browse: Browse, moved_site: str) -> None:
    page, _ = browse()
    page.goto(f"{moved_site}guides/old/#steps")
    expect(page).to_have_url(f"{moved_site}guides/new/#steps")
    expect(page.locator("h2#steps")).to_be_in_viewport()


def test_the_old_address_without_an_anchor(browse: Browse, moved_site: str) -> None:
    page, _ = browse()
    page.goto(f"{moved_site}guides/old/")
    expect(page).to_have_url(f"{moved_site}guides/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("New")
