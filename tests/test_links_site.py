"""The link check in real strict builds: each error class located at its exact file:line:col.

One fixture site holds one page per error class (the pages are independent, so
each test reads only its own page's findings), each with a link written
literally and one that a macro produced. A second site is full of links that
work, in every construct MkDocs and pymdown-extensions offer; the real site
must have no finding at all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpcenter.links.judge import CODES
from jobs.setup import build_of
from sitebuilder import BuildResult, build_site, make_site, real_config

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def page(title: str, *body: str, front: tuple[str, ...] = (), article: bool = True) -> str:
    """A page with valid front matter; with no ``front`` extras its body starts on line 7."""
    meta = ["---", f"title: {title}", "description: A page of the link-check fixture site."]
    meta += ["reviewed: 2026-11-01"] if article else []
    return "\n".join([*meta, *front, "---", "", *body]) + "\n"


BROKEN_PAGES = {
    "index.md": page(
        "Home",
        "# Home",
        "",
        "[Billing](billing/index.md), [a landing page](landing.md) and [Lawdesk](https://www.clio.com/).",
        article=False,
    ),
    "billing/index.md": page("Billing", "# Billing", "", "[Generate a bill](send-an-invoice.md)", article=False),
    "billing/send-an-invoice.md": page(
        "Generate a bill",
        "# Generate a bill",
        "",
        "## Outstanding balances {#outstanding-balances}",
        "",
        "![Invoice](img/invoice.png)",
    ),
    "landing.md": page("Landing", "# Landing", "", "Reached from the home page only."),
    "page-not-found.md": page(
        "Page not found",
        "# Page not found",
        "",
        "Read [the bill](billing/send-an-invoce.md) first.",  # 9
        "",
        '{% set guide = "billing/send-an-invoce.md" %}',
        "Then follow [the guide]({{ guide }}).",  # 12
        "",
        '{{ "Before you start:\\n\\n- [the checklist](billing/send-an-" ~ "invoic.md)" }}',  # 14
    ),
    "anchor-not-found.md": page(
        "Anchor not found",
        "# Anchor not found",
        "",
        "See [the balances](billing/send-an-invoice.md#outstanding) and [the top](#nowhere).",  # 9
        "",
        '{% set section = "outstandng-balances" %}',
        "Again: [the balances](billing/send-an-invoice.md#{{ section }}).",  # 12
    ),
    "case-mismatch.md": page(
        "Case mismatch",
        "# Case mismatch",
        "",
        "Read [the bill](billing/Send-An-Invoice.md).",  # 9
        "",
        "![Invoice](billing/img/Invoice.png)",  # 11
        "",
        '{{ "[Billing](Billing/" ~ "index.md)" }}',  # 13
    ),
    "excluded-target.md": page(
        "Excluded target",
        "# Excluded target",
        "",
        "Soon: [the upcoming release](drafts/upcoming.md) and [work in progress](wip.md).",  # 9
        "",
        '{{ "[Upcoming](drafts/" ~ "upcoming.md)" }}',  # 11
    ),
    "drafts/upcoming.md": page("Upcoming", "# Upcoming"),
    "wip.md": page("Work in progress", "# Work in progress"),
    "absolute-link.md": page(
        "Absolute link",
        "# Absolute link",
        "",
        "Go to [billing](/billing/).",  # 9
        "",
        '{% set site = "https://help.example.com/" %}',
        "Or read [the bill]({{ site }}billing/send-an-invoice/#outstanding-balances).",  # 12
    ),
    "missing-asset.md": page(
        "Missing asset",
        "# Missing asset",
        "",
        "![Invoice](billing/img/invoce.png)",  # 9
        "",
        '<img src="billing/img/invoice.jpg" alt="Invoice">',  # 11
        "",
        '{{ "![Invoice](billing/img/" ~ "invoice.svg)" }}',  # 13
    ),
    "outside-docs.md": page(
        "Outside docs",
        "# Outside docs",
        "",
        "See [the read-me](../README.md) in the repository.",  # 9
        "",
        '{{ "[Licence](../" ~ "LICENSE.md)" }}',  # 11
    ),
    "raw-html-path.md": page(
        "Raw HTML path",
        "# Raw HTML path",
        "",
        '<p>Read <a href="billing/send-an-invoice.md">the bill</a>.</p>',  # 9
        "",
        "{{ '<p><a href=\"billing/' ~ 'index.md\">Billing</a></p>' }}",  # 11
    ),
    "lonely.md": page("Lonely", "# Lonely", "", "Nobody links here."),
    "quiet-orphan.md": page("Quiet orphan", "# Quiet orphan", front=("linkcheck:", "  ignore: [orphan-page]")),
    "silenced.md": page(
        "Silenced",
        "# Silenced",
        "",
        '[A deliberate link](not-written-yet.md){ data-linkcheck="ignore" }',  # 9
    ),
    "page-silenced.md": page("Page silenced", "# Page silenced", "", "[Gone](gone.md)", front=("linkcheck: false",)),
    "bad-setting.md": page("Bad setting", "# Bad setting", front=("linkcheck: sometimes",)),
}
IN_NAV = [
    "index.md",
    "billing/index.md",
    "billing/send-an-invoice.md",
    "page-not-found.md",
    "anchor-not-found.md",
    "case-mismatch.md",
    "excluded-target.md",
    "absolute-link.md",
    "missing-asset.md",
    "outside-docs.md",
    "raw-html-path.md",
    "silenced.md",
    "page-silenced.md",
    "bad-setting.md",
]
BROKEN_NAV = [*IN_NAV, {"Missing": "billing/send-an-invoic.md"}, {"Wrong case": "Billing/Index.md"}]
LINE = re.compile(r"^(?P<path>[\w./-]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[a-z-]+) ")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("broken-links")
    report = root / "reports" / "links.json"
    result = build_site(
        root,
        BROKEN_PAGES,
        nav=BROKEN_NAV,
        config={
            "exclude_docs": "drafts/\n",
            "draft_docs": "wip.md\n",
            "not_in_nav": "landing.md\nlonely.md\nquiet-orphan.md\n",
        },
        extra_files={"docs/billing/img/invoice.png": PNG},
        env={"GITHUB_ACTIONS": "true", "HELPCENTER_LINKS_REPORT": "reports/links.json"},
    )
    return result, report


def link_findings(result: BuildResult, path: str | None = None) -> list[str]:
    """The link check's findings (other hooks' findings left out), optionally for one file."""
    found = []
    for problem in result.problems:
        match = LINE.match(problem)
        if match and match["code"] in {*CODES, "linkcheck-setting"} and (path is None or match["path"] == path):
            found.append(problem)
    return found


def test_the_broken_site_fails_strictly_and_reports_only_real_breakage(broken: tuple[BuildResult, Path]) -> None:
    result, _ = broken
    assert not result.ok
    pages_with_findings = {LINE.match(line)["path"] for line in link_findings(result)}  # type: ignore[index]
    assert pages_with_findings == {
        "docs/page-not-found.md",
        "docs/anchor-not-found.md",
        "docs/case-mismatch.md",
        "docs/excluded-target.md",
        "docs/absolute-link.md",
        "docs/missing-asset.md",
        "docs/outside-docs.md",
        "docs/raw-html-path.md",
        "docs/lonely.md",
        "docs/bad-setting.md",
        "mkdocs.yml",
    }
    # MkDocs' own link checks are info: each broken link is reported once, by the hook.
    assert not [line for line in result.problems if line.startswith("Doc file")]


def test_page_not_found(broken: tuple[BuildResult, Path]) -> None:
    fix = "-> fix the path, or create the page (did you mean `billing/send-an-invoice.md`?)"
    assert link_findings(broken[0], "docs/page-not-found.md") == [
        "docs/page-not-found.md:9:6: page-not-found `billing/send-an-invoce.md` points to"
        f" billing/send-an-invoce.md, which does not exist {fix}",
        # The target came from {{ guide }}: the finding points at that call.
        "docs/page-not-found.md:12:25: page-not-found `billing/send-an-invoce.md` points to"
        f" billing/send-an-invoce.md, which does not exist {fix}",
        # The whole list came from one expression, two lines above the link it produced.
        "docs/page-not-found.md:14:1: page-not-found `billing/send-an-invoic.md` points to"
        f" billing/send-an-invoic.md, which does not exist {fix}",
    ]


def test_anchor_not_found(broken: tuple[BuildResult, Path]) -> None:
    other_page = (
        "billing/send-an-invoice.md has no anchor `#{0}` -> link to an existing heading or {{#id}}"
        " (did you mean `billing/send-an-invoice.md#outstanding-balances`?)"
    )
    assert link_findings(broken[0], "docs/anchor-not-found.md") == [
        "docs/anchor-not-found.md:9:5: anchor-not-found `billing/send-an-invoice.md#outstanding`: "
        + other_page.format("outstanding"),
        "docs/anchor-not-found.md:9:64: anchor-not-found this page has no anchor `#nowhere` -> link to an"
        " existing heading or {#id}",
        "docs/anchor-not-found.md:12:50: anchor-not-found `billing/send-an-invoice.md#outstandng-balances`: "
        + other_page.format("outstandng-balances"),
    ]


def test_case_mismatch(broken: tuple[BuildResult, Path]) -> None:
    disk = "it works on a case-insensitive disk but 404s on the web server"
    assert link_findings(broken[0], "docs/case-mismatch.md") == [
        "docs/case-mismatch.md:9:6: case-mismatch `billing/Send-An-Invoice.md` differs in letter case from"
        f" billing/send-an-invoice.md: {disk} -> write `billing/send-an-invoice.md`",
        "docs/case-mismatch.md:11:1: case-mismatch `billing/img/Invoice.png` differs in letter case from"
        f" billing/img/invoice.png: {disk} -> write `billing/img/invoice.png`",
        "docs/case-mismatch.md:13:1: case-mismatch `Billing/index.md` differs in letter case from"
        f" billing/index.md: {disk} -> write `billing/index.md`",
    ]


def test_excluded_target(broken: tuple[BuildResult, Path]) -> None:
    excluded = (
        "`drafts/upcoming.md` points to drafts/upcoming.md, which is excluded from the build (exclude_docs),"
        " so readers get a 404 -> link to a published page"
    )
    assert link_findings(broken[0], "docs/excluded-target.md") == [
        f"docs/excluded-target.md:9:7: excluded-target {excluded}",
        "docs/excluded-target.md:9:54: excluded-target `wip.md` points to wip.md, which is a draft (draft_docs),"
        " so readers get a 404 -> link to a published page",
        f"docs/excluded-target.md:11:1: excluded-target {excluded}",
    ]


def test_absolute_link(broken: tuple[BuildResult, Path]) -> None:
    why = "is an absolute link to this site: it escapes this check and breaks when the site is served from a sub-path"
    assert link_findings(broken[0], "docs/absolute-link.md") == [
        f"docs/absolute-link.md:9:7: absolute-link `/billing/` {why} -> link to the Markdown file, relative to"
        " this page (did you mean `billing/index.md`?)",
        "docs/absolute-link.md:12:20: absolute-link `https://help.example.com/billing/send-an-invoice/"
        f"#outstanding-balances` {why} -> link to the Markdown file, relative to this page (did you mean"
        " `billing/send-an-invoice.md#outstanding-balances`?)",
    ]


def test_missing_asset(broken: tuple[BuildResult, Path]) -> None:
    fix = "-> add the file under docs/, or fix the path (did you mean `billing/img/invoice.png`?)"
    assert link_findings(broken[0], "docs/missing-asset.md") == [
        "docs/missing-asset.md:9:1: missing-asset `billing/img/invoce.png` points to billing/img/invoce.png,"
        f" which does not exist {fix}",
        "docs/missing-asset.md:11:1: missing-asset `billing/img/invoice.jpg` points to billing/img/invoice.jpg,"
        f" which does not exist {fix}",
        "docs/missing-asset.md:13:1: missing-asset `billing/img/invoice.svg` points to billing/img/invoice.svg,"
        f" which does not exist {fix}",
    ]


def test_outside_docs(broken: tuple[BuildResult, Path]) -> None:
    fix = (
        "climbs out of docs/, and nothing outside docs/ is published -> move the file into docs/, or link to it"
        " on the repository with a full URL"
    )
    assert link_findings(broken[0], "docs/outside-docs.md") == [
        f"docs/outside-docs.md:9:5: outside-docs `../README.md` {fix}",
        f"docs/outside-docs.md:11:1: outside-docs `../LICENSE.md` {fix}",
    ]


def test_raw_html_path(broken: tuple[BuildResult, Path]) -> None:
    why = "is a source path inside raw HTML, which MkDocs does not rewrite, so it 404s on the published site"
    assert link_findings(broken[0], "docs/raw-html-path.md") == [
        f"docs/raw-html-path.md:9:9: raw-html-path `billing/send-an-invoice.md` {why} -> write it as a Markdown"
        " link, or use the page URL `../billing/send-an-invoice/`",
        f"docs/raw-html-path.md:11:1: raw-html-path `billing/index.md` {why} -> write it as a Markdown link, or"
        " use the page URL `../billing/`",
    ]


def test_orphan_page_is_a_warning_unless_silenced(broken: tuple[BuildResult, Path]) -> None:
    result, _ = broken
    assert link_findings(result, "docs/lonely.md") == [
        "docs/lonely.md:1:1: orphan-page no page reachable from the nav links here, so readers cannot find this"
        " page -> add it to `nav` in mkdocs.yml or link to it from a related article"
    ]
    assert "WARNING -  docs/lonely.md:1:1: orphan-page" in result.output
    # landing.md is not in the nav either, but the home page links to it.
    assert link_findings(result, "docs/landing.md") == []
    assert "INFO    -  docs/quiet-orphan.md:1:1: orphan-page" in result.output


def test_nav_entries(broken: tuple[BuildResult, Path]) -> None:
    result, _ = broken
    config_lines = (result.site_dir.parent / "mkdocs.yml").read_text(encoding="utf-8").split("\n")

    def where(text: str) -> str:
        line = next(number for number, line in enumerate(config_lines, 1) if line.endswith(f": {text}"))
        return f"mkdocs.yml:{line}:{config_lines[line - 1].index(text) + 1}"

    assert link_findings(result, "mkdocs.yml") == [
        f"{where('billing/send-an-invoic.md')}: page-not-found nav entry `billing/send-an-invoic.md` is not a"
        " page under docs/ -> fix the path, or create the page (did you mean `billing/send-an-invoice.md`?)",
        f"{where('Billing/Index.md')}: case-mismatch nav entry `Billing/Index.md` differs in letter case from"
        " billing/index.md: it works on a case-insensitive disk but not on the build server -> write"
        " `billing/index.md`",
    ]


def test_silenced_links_are_counted_and_logged_at_info(broken: tuple[BuildResult, Path]) -> None:
    result, _ = broken
    assert link_findings(result, "docs/silenced.md") == []
    assert link_findings(result, "docs/page-silenced.md") == []
    assert (
        "INFO    -  docs/silenced.md:9:1: page-not-found `not-written-yet.md` points to not-written-yet.md, which"
        ' does not exist -> fix the path, or create the page (silenced by data-linkcheck="ignore" on the link)'
    ) in result.output
    assert "INFO    -  docs/page-silenced.md:10:1: page-not-found `gone.md`" in result.output
    assert re.search(
        r"links: checked \d+ links on 17 pages \(1 external, .*\): 24 errors, 1 warnings, 3 silenced", result.output
    )
    published = (result.site_dir / "silenced" / "index.html").read_text(encoding="utf-8")
    assert 'href="not-written-yet.md"' in published
    assert "data-linkcheck" not in published


def test_a_malformed_linkcheck_front_matter_is_located(broken: tuple[BuildResult, Path]) -> None:
    assert link_findings(broken[0], "docs/bad-setting.md") == [
        "docs/bad-setting.md:5:1: linkcheck-setting `linkcheck` must be `false` or `{ignore: [code, ...]}` -> fix"
        " the front matter (see hooks/README.md)"
    ]


def test_github_annotations_put_each_finding_on_its_line(broken: tuple[BuildResult, Path]) -> None:
    result, _ = broken
    assert (
        "::error file=docs/page-not-found.md,line=9,col=6,title=page-not-found::page-not-found"
        " `billing/send-an-invoce.md` points to"
    ) in result.output
    assert "::warning file=docs/lonely.md,line=1,col=1,title=orphan-page::orphan-page" in result.output


def test_json_report(broken: tuple[BuildResult, Path]) -> None:
    result, report_path = broken
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["version"] == 1
    assert len(report["findings"]) == len(link_findings(result))
    assert report["findings"][0] == {
        "path": "docs/absolute-link.md",
        "line": 9,
        "column": 7,
        "code": "absolute-link",
        "message": report["findings"][0]["message"],
        "severity": "error",
    }
    assert {entry["silenced_by"] for entry in report["silenced"]} == {
        'data-linkcheck="ignore" on the link',
        "front matter `linkcheck`",
    }
    assert report["external"] == [
        {"url": "https://www.clio.com/", "locations": [{"path": "docs/index.md", "line": 8, "column": 63}]}
    ]


# --- links that work ---------------------------------------------------------------------

GOOD_PAGES = {
    "index.md": page(
        "Home",
        "# Home",
        "",
        "[Tabs](guide/tabs.md#__tabbed_1_2), [inside a tab](guide/tabs.md#inside-a-tab),",
        "[a raw id](guide/tabs.md#raw-box), [an md_in_html id](guide/tabs.md#card),",
        "[a paragraph id](guide/tabs.md#para), [a named anchor](guide/tabs.md#legacy-name),",
        "[a footnote](guide/tabs.md#fn:note) and [the section](guide/index.md).",
        article=False,
    ),
    "guide/index.md": page(
        "Guide",
        "# Guide",
        "",
        '<a href="tabs/#__tabbed_1_1">The first tab</a> and <a href="../">home</a>.',
        "",
        "| Page | Link |",
        "|---|---|",
        "| Tabs | [open](tabs.md#tabs-demo) |",
        article=False,
    ),
    "guide/tabs.md": page(
        "Tabs",
        "# Tabs {#tabs-demo}",
        "",
        '=== "First"',
        "",
        "    Text in the first tab, with [the second](#__tabbed_1_2).",
        "",
        '=== "Second"',
        "",
        "    ### Inside a tab",
        "",
        "    Back to [the guide](index.md).",
        "",
        '!!! note "A note"',
        "    See [the box](#raw-box) and [the card](#card).",
        "",
        '??? tip "Details"',
        "    [The paragraph](#para), ![a picture](img/pic.png) and a footnote.[^note]",
        "",
        '<div id="raw-box">A raw HTML box.</div>',
        "",
        '<div class="card" id="card" markdown>',
        "Markdown inside HTML, linking [home](../index.md#top).",
        "</div>",
        "",
        "A paragraph with an id.",
        "{: #para }",
        "",
        '<a name="legacy-name"></a>Old anchor.',
        "",
        "[^note]: The footnote, linking [the tabs](#tabs-demo).",
    ),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("good-links")
    return build_site(root, GOOD_PAGES, extra_files={"docs/guide/img/pic.png": PNG})


def test_links_into_tabs_raw_html_footnotes_and_attr_lists_are_accepted(good: BuildResult) -> None:
    assert good.ok, good.output
    assert good.problems == []
    summary = re.search(r"links: checked (\d+) links on 3 pages .*: 0 errors, 0 warnings, 0 silenced", good.output)
    assert summary and int(summary[1]) >= 20


def test_the_real_site_has_no_link_findings(real_site: BuildResult) -> None:
    assert link_findings(real_site) == []
    summary = re.search(
        r"links: checked (\d+) links on (\d+) pages .*: 0 errors, 0 warnings, 0 silenced", real_site.output
    )
    assert summary, real_site.output
    assert int(summary[1]) > 50 and int(summary[2]) >= 10


def test_state_is_reset_between_builds_in_one_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`mkdocs serve` rebuilds in the same process without reloading hooks: nothing may pile up."""
    pages = {
        "index.md": page("Home", "# Home", "", "[Guide](guide.md) and [gone](gone.md).", article=False),
        "guide.md": page("Guide", "# Guide", "", "[Home](index.md)"),
    }
    config_file = make_site(tmp_path, pages)
    reported = []
    for _ in range(2):
        caplog.clear()
        config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
        with caplog.at_level("INFO", logger="mkdocs"), pytest.raises(Abort):
            mkdocs_build(config)
        reported.append([r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.helpcenter"])
        assert build_of(config).links.graph.linking_to("guide.md") == ["index.md"]
    assert reported[0] == reported[1]
    assert [message for message in reported[1] if "page-not-found" in message] == [
        "docs/index.md:8:23: page-not-found `gone.md` points to gone.md, which does not exist -> fix the path, or"
        " create the page (see WRITING-REFERENCE.md#page-not-found)"
    ]


def test_a_broken_setting_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    extra = real_config()["extra"]
    extra["helpcenter"]["links"] = {"reprot": "links.json"}
    result = build_site(tmp_path, {"index.md": page("Home", "# Home", article=False)}, config={"extra": extra})
    assert not result.ok
    line = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n").index("      reprot: links.json") + 1
    assert (
        f"mkdocs.yml:{line}:7: extra.helpcenter.links.reprot: `reprot` is not a known setting; did you mean `report`?"
        " -> remove it or correct it"
    ) in result.output
