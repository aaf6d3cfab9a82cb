"""Two audiences, one source: the writers' preview has their chrome, the readers' site has none and no placeholder."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from helpcenter.facts.model import parse_facts_document
from helpcenter.pages.publishing import ModeError, build_mode, is_placeholder_url
from sitebuilder import ROOT, build_site, real_config

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
ARTICLE = "---\ntitle: An article\ndescription: A page for a test.\nreviewed: 2026-01-01\n---\n\nText.\n"
PUBLISH = {"HELPCENTER_MODE": "publish"}
REAL = {
    "site_url": "https://help.lawfirm-software.net/",
    "repo_url": "https://github.com/lawfirm-software/help-center",
    "extra": {**real_config()["extra"], "feedback": {"endpoint": "https://feedback.lawfirm-software.net"}},
}


def confirmed_facts() -> str:
    """The real facts with every placeholder confirmed (its list emptied)."""
    text = (ROOT / "data" / "facts.yml").read_text(encoding="utf-8")
    return text[: text.index("\nplaceholders:")] + "\nplaceholders: []\n"


def line_of(path: Path, needle: str) -> int:
    return next(number for number, text in enumerate(path.read_text().split("\n"), 1) if needle in text)


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://help.example.com/", True),
        ("https://feedback.example.org", True),
        ("https://docs.firm.example/", True),
        ("https://github.com/example/help-center", True),
        ("https://github.com/lawfirm-software/help-center", False),
        ("https://help.lawfirm-software.net/", False),
        ("/feedback", False),
        (None, False),
    ],
)
def test_placeholder_addresses(url: str | None, placeholder: bool) -> None:
    assert is_placeholder_url(url) is placeholder


def test_the_mode_comes_from_the_environment() -> None:
    assert build_mode({}) == "preview"
    assert build_mode({"HELPCENTER_MODE": "Publish"}) == "publish"
    with pytest.raises(ModeError, match=r"^HELPCENTER_MODE='live' is not a build mode -> use 'publish'"):
        build_mode({"HELPCENTER_MODE": "live"})


def test_publishing_refuses_every_placeholder_at_its_line(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": HOME, "a.md": ARTICLE}, env=PUBLISH)
    assert not result.ok
    config = tmp_path / "mkdocs.yml"
    document = parse_facts_document((tmp_path / "data" / "facts.yml").read_text(encoding="utf-8"), "data/facts.yml")
    assert len(document.placeholders) >= 3  # the fixture's stand-ins, each refused at its line
    assert sorted(result.problems) == sorted(
        [
            f"mkdocs.yml:{line_of(config, 'site_url:')}:11: placeholder site_url is still the placeholder"
            " 'https://help.example.com/' -> set the address the site is published at before publishing",
            f"mkdocs.yml:{line_of(config, 'repo_url:')}:11: placeholder repo_url is still the placeholder"
            " 'https://github.com/example/help-center' -> set where the site's source lives before publishing",
            f"mkdocs.yml:{line_of(config, 'endpoint:')}:15: placeholder extra.feedback.endpoint is still the"
            " placeholder 'https://feedback.example.com' -> set the address the feedback service is deployed at"
            " before publishing",
            *(
                f"data/facts.yml:{line}:{column}: placeholder fact '{path}' is still a placeholder -> set"
                " its real value, then remove its line from `placeholders:`"
                for path in document.placeholders
                for line, column in [document.where(path)]
            ),
        ]
    )
    assert "Traceback" not in result.output


def chrome(site: Path) -> tuple[list[str], list[str]]:
    """The edit pencils and repository links of an article."""
    root = lxml.html.parse(str(site / "a" / "index.html")).getroot()
    return root.xpath('//a[@rel and contains(@rel, "edit")]/@href'), root.xpath(
        '//a[contains(@class, "md-source")]/@href'
    )


def test_the_preview_has_the_writers_chrome(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": HOME, "a.md": ARTICLE})
    assert result.ok, result.output
    edit, source = chrome(result.site_dir)
    assert edit == ["https://github.com/example/help-center/edit/main/docs/a.md"]
    assert set(source) == {"https://github.com/example/help-center"}


def test_the_published_site_has_none_of_it(tmp_path: Path) -> None:
    result = build_site(
        tmp_path, {"index.md": HOME, "a.md": ARTICLE}, config=REAL, facts=confirmed_facts(), env=PUBLISH
    )
    assert result.ok, result.output
    assert chrome(result.site_dir) == ([], [])
    for page in result.site_dir.rglob("*.html"):
        assert "github.com" not in page.read_text(encoding="utf-8"), page
