"""The project's settings in mkdocs.yml: one schema, and a typo stops the build at its line with a "did you mean"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpcenter.settings import Settings, SettingsError, parse_settings
from sitebuilder import build_site, real_config

CONFIG = """\
site_name: Help
extra:
  helpcenter:
    facts_file: data/facts.yml
    tag_file: data/tags.yml
    iframe_host: [www.youtube-nocookie.com]
    stale:
      after_days: a year
      warn_in_build: "yes"
    links:
      report: 5
    iframe_hosts: ["https://video.example/"]
  feedback:
    endpoint: ftp://x/y
    endpiont: /api
"""


def parse(text: str) -> Settings:
    return parse_settings(yaml.safe_load(text)["extra"], config_text=text, config_name="mkdocs.yml")


def test_every_problem_is_located_in_plain_english() -> None:
    with pytest.raises(SettingsError) as raised:
        parse(CONFIG)
    assert str(raised.value).split("\n") == [
        "mkdocs.yml:5:5: extra.helpcenter.tag_file: `tag_file` is not a known setting; did you mean `tags_file`?"
        " -> remove it or correct it",
        "mkdocs.yml:6:5: extra.helpcenter.iframe_host: `iframe_host` is not a known setting; did you mean"
        " `iframe_hosts`? -> remove it or correct it",
        "mkdocs.yml:8:7: extra.helpcenter.stale.after_days: must be a whole number (got 'a year')"
        " -> write digits only, e.g. 3",
        "mkdocs.yml:9:7: extra.helpcenter.stale.warn_in_build: must be true or false (got 'yes')"
        " -> write true or false",
        'mkdocs.yml:11:7: extra.helpcenter.links.report: must be text, but 5 is a number -> put it in quotes: "5"',
        "mkdocs.yml:12:20: extra.helpcenter.iframe_hosts[0]: 'https://video.example/' is not a host name"
        " -> write the name alone, e.g. www.youtube-nocookie.com",
        "mkdocs.yml:14:5: extra.feedback.endpoint: 'ftp://x/y' is not an http(s) address or a path starting"
        " with '/' -> e.g. https://feedback.example.com or /feedback on the site's own host",
        "mkdocs.yml:15:5: extra.feedback.endpiont: `endpiont` is not a known setting; did you mean `endpoint`?"
        " -> remove it or correct it",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"helpcenter": {"stale": {"after_days": 0}}},
            "extra.helpcenter.stale.after_days: must be more than 0 (got 0)",
        ),
        ({"feedback": ["/api"]}, "extra.feedback: must be a group of 'key: value' lines"),
        (
            {"helpcenter": {"links": {"reprot": "x.json"}}},
            "extra.helpcenter.links.reprot: `reprot` is not a known setting",
        ),
    ],
)
def test_other_mistakes(extra: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=f"^mkdocs.yml:1:1: {re.escape(message)}"):
        parse_settings(extra, config_text="", config_name="mkdocs.yml")


def test_defaults_when_a_block_is_absent_or_empty() -> None:
    settings = parse_settings({"helpcenter": None, "feedback": {}}, config_text="", config_name="mkdocs.yml")
    assert settings.helpcenter.facts_file == "data/facts.yml"
    assert (settings.helpcenter.stale.after_days, settings.helpcenter.stale.warn_in_build) == (365, False)
    assert settings.helpcenter.iframe_hosts == [] and settings.feedback.endpoint is None


def test_the_real_settings_are_valid() -> None:
    settings = parse_settings(real_config()["extra"], config_text="", config_name="mkdocs.yml")
    assert settings.helpcenter.tags_file == "data/tags.yml"


def test_a_typo_stops_a_strict_build_at_its_line(tmp_path: Path) -> None:
    extra = real_config()["extra"]
    extra["helpcenter"]["iframe_host"] = ["www.youtube-nocookie.com"]
    page = "---\ntitle: Home\ndescription: Home page.\n---\n\n# Home\n"
    result = build_site(tmp_path, {"index.md": page}, config={"extra": extra})
    assert not result.ok
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = lines.index("    iframe_host:") + 1
    assert (
        f"mkdocs.yml:{line}:5: extra.helpcenter.iframe_host: `iframe_host` is not a known setting; did you mean"
        " `iframe_hosts`? -> remove it or correct it"
    ) in result.output
    assert "Traceback" not in result.output
