"""Overrides that copy a Material partial must stay copies of the installed Material.

A copied partial silently freezes Material's markup; when Material changes its
own copy, this test says which file to copy again and re-apply our change to.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"

# override -> (Material's text, our text): the only change each override makes.
COPIED_PARTIALS = {
    "partials/search.html": (
        'role="dialog">',
        'role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
}


def body(template: str) -> str:
    """The template without its leading {#- ... -#} comment."""
    return template.split("-#}\n", 1)[1] if template.startswith("{#-") else template


@pytest.mark.parametrize("name", sorted(COPIED_PARTIALS))
def test_copied_partial_matches_material(name: str) -> None:
    theirs, ours = COPIED_PARTIALS[name]
    material_copy = body((MATERIAL_TEMPLATES / name).read_text(encoding="utf-8"))
    our_copy = body((ROOT / "overrides" / name).read_text(encoding="utf-8"))
    assert theirs in material_copy, f"Material's {name} changed: copy it to overrides/{name} again"
    assert our_copy == material_copy.replace(theirs, ours, 1), (
        f"overrides/{name} differs from Material's copy by more than our change: copy Material's again, then re-apply"
    )


def test_search_dialog_has_an_accessible_name(real_site_dir: Path) -> None:
    for page in sorted(real_site_dir.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if "md-content__inner" in html:  # a page, not a moved page's redirect
            dialog = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
            assert dialog in html, page
