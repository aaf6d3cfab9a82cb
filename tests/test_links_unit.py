"""The link check's plain functions: scanning, mapping, resolving, judging, the graph. No MkDocs build."""

from __future__ import annotations

import pytest

from helpcenter.htmltree import HtmlTree
from helpcenter.links.content import HtmlLink, PageContent, page_content, strip_silence_marks
from helpcenter.links.graph import LinkGraph
from helpcenter.links.judge import LinkJudge, PageToCheck, check_site, find_orphans, page_silence
from helpcenter.links.locate import locate_links, match_links
from helpcenter.links.nav import NavEntry, check_nav_entry, nav_entries
from helpcenter.links.scan import SourceMap, scan_links
from helpcenter.links.site import SiteFile, SiteIndex
from helpcenter.links.written import judge_written, may_be_unresolved
from helpcenter.text import mask_code

# --- scanning Markdown ---------------------------------------------------------------


def positions(markdown: str) -> list[tuple[int, int, str, str]]:
    return [(link.line, link.column, link.kind, link.target) for link in scan_links(markdown)]


def test_scan_finds_every_kind_of_link_with_its_line_and_column() -> None:
    markdown = "\n".join(
        [
            "# Title",
            "",
            'See [the bill](../billing/send-an-invoice.md#outstanding-balances "Title") and ![shot](img/a.png).',
            "Reference [link][ref], collapsed [ref][] and shortcut [ref]; mail <help@example.com>.",
            '<a href="raw.md#x" class="y">raw</a> and <img alt="" src=\'pic.png\'> and <https://example.com/x>.',
            "",
            "[ref]: <ref target.md>",
        ]
    )
    assert positions(markdown) == [
        (3, 5, "link", "../billing/send-an-invoice.md#outstanding-balances"),
        (3, 80, "image", "img/a.png"),
        (4, 11, "reference", "ref target.md"),
        (4, 34, "reference", "ref target.md"),
        (4, 55, "reference", "ref target.md"),
        (4, 67, "autolink", "mailto:help@example.com"),
        (5, 1, "html", "raw.md#x"),
        (5, 42, "html", "pic.png"),
        (5, 73, "autolink", "https://example.com/x"),
    ]


def test_scan_skips_code_and_comments_but_not_admonitions_or_tabs() -> None:
    markdown = "\n".join(
        [
            "`[span](a.md)` and ``[double `tick`](b.md)``",  # 1
            "```markdown",  # 2
            "[fenced](c.md)",  # 3
            "```",  # 4
            "<!-- [comment](d.md) -->",  # 5
            "!!! note",  # 6
            "    [in admonition](e.md)",  # 7
            '=== "Tab"',  # 8
            "    ~~~",  # 9
            "    [fenced in tab](f.md)",  # 10
            "    ~~~",  # 11
            "    [in tab](g.md)",  # 12
        ]
    )
    assert positions(markdown) == [(7, 5, "link", "e.md"), (12, 5, "link", "g.md")]


def test_scan_handles_nesting_escapes_angle_brackets_and_wrapped_text() -> None:
    markdown = "\n".join(
        [
            "[![badge](b.png)](out.md) \\[not](x.md) [a\\_b](with\\_escape.md)",
            "[text that",
            "wraps](wrapped.md) [spaced](<my page.md>) [parens](page_(1).md)",
        ]
    )
    assert positions(markdown) == [
        (1, 1, "link", "out.md"),
        (1, 2, "image", "b.png"),
        (1, 40, "link", "with_escape.md"),
        (2, 1, "link", "wrapped.md"),
        (3, 20, "link", "my page.md"),
        (3, 43, "link", "page_(1).md"),
    ]


def test_masking_keeps_every_offset() -> None:
    markdown = "a `code` b\n```\nx\n```\n<!-- c -->"
    masked = mask_code(markdown, comments=True)
    assert len(masked) == len(markdown)
    assert masked.split("\n")[0] == "a        b"
    assert masked.count("\n") == markdown.count("\n")


def test_unclosed_constructs_do_not_raise_or_invent_links() -> None:
    assert positions("[open](never closed\n\n[x](") == []
    assert positions("```\n[in an unclosed fence](a.md)") == []


# --- mapping rendered Markdown back to the source ------------------------------------


def locate(source: str, rendered: str) -> list[tuple[int, int]]:
    mapping = SourceMap(source, rendered)
    return [mapping.locate(link) for link in scan_links(rendered)]


def test_without_macros_positions_are_unchanged() -> None:
    text = "intro\n\n[a](a.md)"
    assert locate(text, text) == [(3, 1)]


def test_lines_a_macro_did_not_touch_keep_their_place_after_a_longer_expansion() -> None:
    source = "Intro\n\n{{ not_migrated() }}\n\nThen [b](b.md)."
    rendered = "Intro\n\n- one\n- two\n- three\n\nThen [b](b.md)."
    assert locate(source, rendered) == [(5, 6)]


def test_a_link_written_on_a_line_that_also_has_a_macro_points_at_the_link() -> None:
    source = "{{ product }} bills: see [the bill](bill.md)."
    rendered = "Lawdesk bills: see [the bill](bill.md)."
    assert locate(source, rendered) == [(1, 26)]


def test_a_link_whose_target_a_macro_wrote_points_at_the_macro_call() -> None:
    source = 'Intro.\n{% set guide = "bill.md" %}\nRead [the guide]({{ guide }}).\nEnd.'
    rendered = "Intro.\n\nRead [the guide](bill.md).\nEnd."
    assert locate(source, rendered) == [(3, 18)]


def test_the_call_inside_the_link_is_chosen_over_an_earlier_one_on_the_line() -> None:
    source = "Join the {{ training.program }}: [sign up]({{ training.signup_url }})."
    rendered = "Join the QuickStart: [sign up](https://example.com/signup)."
    assert locate(source, rendered) == [(1, 44)]


def test_a_link_a_macro_produced_whole_points_at_the_macro_call() -> None:
    source = 'First.\n\nSee: {{ "Intro\\n\\n- [one](billing/" ~ "gone.md)" }}\n\nLast [x](x.md).'
    rendered = "First.\n\nSee: Intro\n\n- [one](billing/gone.md)\n\nLast [x](x.md)."
    assert locate(source, rendered) == [(3, 6), (5, 6)]


def test_links_from_a_loop_point_at_the_loop() -> None:
    source = "Pages:\n\n{% for p in pages %}\n- [{{ p }}]({{ p }}.md)\n{% endfor %}\nDone."
    rendered = "Pages:\n\n\n- [a](a.md)\n\n- [b](b.md)\n\nDone."
    assert locate(source, rendered) == [(4, 4), (4, 4)]


# --- reading the HTML ------------------------------------------------------------------


def test_page_content_sees_ids_from_every_source_and_every_url_attribute() -> None:
    html = """
    <h2 id="heading">H<a class="headerlink" href="#heading">¶</a></h2>
    <div class="tabbed-set" data-tabs="1:2"><input id="__tabbed_1_1" type="radio">
    <label for="__tabbed_1_1">A</label></div>
    <p id="para">x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>
    <a name="legacy"></a><img src="a.png" srcset="a-2x.png 2x, a-3x.png 3x">
    <video src="v.mp4" poster="p.jpg"></video><object data="doc.pdf"></object>
    <a href="x.md" data-linkcheck="ignore">x</a><!-- <a href="comment.md"></a> -->
    """
    content = page_content(HtmlTree(html))
    assert content.ids >= {"heading", "__tabbed_1_1", "para", "fnref:1", "legacy"}
    assert [(link.tag, link.href, link.silenced) for link in content.links] == [
        ("a", "#heading", False),
        ("a", "#fn:1", False),
        ("img", "a.png", False),
        ("img", "a-2x.png", False),
        ("img", "a-3x.png", False),
        ("video", "v.mp4", False),
        ("video", "p.jpg", False),
        ("object", "doc.pdf", False),
        ("a", "x.md", True),
    ]


def test_page_content_of_nothing() -> None:
    assert page_content(HtmlTree("")) == PageContent(frozenset(), ())
    assert page_content(HtmlTree("   \n")) == PageContent(frozenset(), ())


def test_silence_marks_do_not_reach_readers() -> None:
    html = '<a href="x.md" data-linkcheck="ignore">x</a><img data-linkcheck=ignore src="a.png">'
    assert strip_silence_marks(html) == '<a href="x.md">x</a><img src="a.png">'


# --- judging -----------------------------------------------------------------------------


ANCHORS = {
    "index.md": frozenset({"topics"}),
    "billing/index.md": frozenset(),
    "billing/send-an-invoice.md": frozenset({"outstanding-balances", "__tabbed_1_1", "generate-the-bill"}),
    "matters/renumber-matters.md": frozenset({"manual-numbering"}),
    "landing.md": frozenset(),
}


def site() -> SiteIndex:
    files = [
        SiteFile("index.md", ""),
        SiteFile("billing/index.md", "billing/"),
        SiteFile("billing/send-an-invoice.md", "billing/send-an-invoice/"),
        SiteFile("billing/img/invoice.png", "billing/img/invoice.png", is_page=False),
        SiteFile("matters/renumber-matters.md", "matters/renumber-matters/"),
        SiteFile("drafts/upcoming.md", "drafts/upcoming/", inclusion="excluded"),
        SiteFile("wip.md", "wip/", inclusion="draft"),
        SiteFile("landing.md", "landing/", inclusion="not_in_nav"),
    ]
    return SiteIndex(files, site_url="https://help.example.com/")


BILL = SiteFile("billing/send-an-invoice.md", "billing/send-an-invoice/")
HOME = SiteFile("index.md", "")


def judge(href: str, page: SiteFile = BILL, tag: str = "a") -> object:
    return LinkJudge(site(), ANCHORS).check(page, HtmlLink(tag, href))


@pytest.mark.parametrize(
    "href",
    [
        "../",  # the home page, as MkDocs rewrites index.md
        "../../",  # from a page to the site root
        "./",
        "#outstanding-balances",
        "#__tabbed_1_1",
        "#top",
        "#",
        "",
        "../../matters/renumber-matters/#manual-numbering",
        "../../matters/renumber-matters/index.html#manual-numbering",
        "../img/invoice.png",
        "../../landing/",  # not_in_nav pages are published
        "../?q=1",
        "mailto:help@example.com",
        "tel:+18005552546",
        "data:image/png;base64,AAAA",
    ],
)
def test_links_that_work_are_accepted(href: str) -> None:
    assert judge(href) is None


@pytest.mark.parametrize("href", ["https://www.clio.com/training/", "HTTP://EXAMPLE.COM"])
def test_web_urls_of_other_sites_are_left_for_the_external_check(href: str) -> None:
    assert judge(href) == "external"


def test_a_link_without_a_scheme_is_refused_before_any_other_check() -> None:
    # Protocol-relative: https on the site, file: when the page is saved to disk (helpcenter/links/safety.py).
    assert judge("//cdn.example.org/x.js") == (
        "protocol-relative-link",
        "`//cdn.example.org/x.js` has no scheme, so it becomes file: when the page is opened from disk -> write"
        " `https://cdn.example.org/x.js`",
    )


def test_page_not_found_suggests_the_closest_page() -> None:
    assert judge("send-an-invoce.md") == (
        "page-not-found",
        "`send-an-invoce.md` points to billing/send-an-invoce.md, which does not exist -> fix the path,"
        " or create the page (did you mean `send-an-invoice.md`?)",
    )


def test_a_page_that_moved_is_found_by_its_file_name() -> None:
    assert judge("renumber-matters.md#manual-numbering") == (
        "page-not-found",
        "`renumber-matters.md#manual-numbering` points to billing/renumber-matters.md, which does not exist"
        " -> fix the path, or create the page (did you mean `../matters/renumber-matters.md#manual-numbering`?)",
    )


def test_a_url_written_by_hand_that_leads_nowhere() -> None:
    assert judge("../matters/", page=BILL) == (
        "page-not-found",
        "`../matters/` leads to no page from here -> link to the page's Markdown file, relative to this one"
        " (did you mean `../matters/renumber-matters.md`?)",
    )


def test_anchor_not_found_on_another_page_and_on_this_page() -> None:
    assert judge("../../matters/renumber-matters/#manual") == (
        "anchor-not-found",
        "`../matters/renumber-matters.md#manual`: matters/renumber-matters.md has no anchor `#manual` -> link to"
        " an existing heading or {#id} (did you mean `../matters/renumber-matters.md#manual-numbering`?)",
    )
    assert judge("#Outstanding-Balances") == (
        "anchor-not-found",
        "this page has no anchor `#Outstanding-Balances` -> link to an existing heading or {#id}"
        " (did you mean `#outstanding-balances`?)",
    )


def test_case_mismatch_is_reported_whatever_the_disk() -> None:
    assert judge("Send-An-Invoice.md") == (
        "case-mismatch",
        "`Send-An-Invoice.md` differs in letter case from billing/send-an-invoice.md: it works on a"
        " case-insensitive disk but 404s on the web server -> write `send-an-invoice.md`",
    )
    assert judge("img/Invoice.png", tag="img")[0] == "case-mismatch"  # type: ignore[index]
    assert judge("../../Billing/", tag="a")[0] == "case-mismatch"  # type: ignore[index]


def test_excluded_and_draft_targets() -> None:
    assert judge("../drafts/upcoming.md") == (
        "excluded-target",
        "`../drafts/upcoming.md` points to drafts/upcoming.md, which is excluded from the build (exclude_docs),"
        " so readers get a 404 -> link to a published page",
    )
    # MkDocs rewrites links to excluded pages into URLs: judged the same.
    assert judge("../../wip/")[1].endswith(
        "which is a draft (draft_docs), so readers get a 404 -> link to a published page"
    )  # type: ignore[index]


def test_absolute_links_to_this_site() -> None:
    assert judge("/billing/") == (
        "absolute-link",
        "`/billing/` is an absolute link to this site: it escapes this check and breaks when the site is served"
        " from a sub-path -> link to the Markdown file, relative to this page (did you mean `index.md`?)",
    )
    verdict = judge("https://help.example.com/matters/renumber-matters/#manual-numbering")
    assert verdict[0] == "absolute-link"  # type: ignore[index]
    assert verdict[1].endswith("(did you mean `../matters/renumber-matters.md#manual-numbering`?)")  # type: ignore[index]


def test_missing_asset_suggests_the_closest_file() -> None:
    assert judge("../img/invoce.png", tag="img") == (
        "missing-asset",
        "`../img/invoce.png` points to img/invoce.png, which does not exist -> add the"
        " file under docs/, or fix the path (did you mean `img/invoice.png`?)",
    )


def test_links_out_of_docs() -> None:
    assert judge("../../README.md")[0] == "outside-docs"  # type: ignore[index]
    assert judge("../../../../etc/", page=BILL)[0] == "outside-docs"  # type: ignore[index]
    assert judge("../../logo.png", tag="img")[0] == "outside-docs"  # type: ignore[index]


def test_source_paths_in_raw_html_are_not_rewritten_by_mkdocs() -> None:
    assert judge("../matters/renumber-matters.md") == (
        "raw-html-path",
        "`../matters/renumber-matters.md` is a source path inside raw HTML, which MkDocs does not rewrite, so it"
        " 404s on the published site -> write it as a Markdown link, or use the page URL"
        " `../../matters/renumber-matters/`",
    )
    assert judge("img/invoice.png", tag="img")[0] == "raw-html-path"  # type: ignore[index]


def test_percent_encoded_paths_and_anchors_are_decoded() -> None:
    index = SiteIndex([SiteFile("a b.md", "a b/"), SiteFile("x.md", "x/")])
    judge = LinkJudge(index, {"a b.md": frozenset({"é"})})
    assert judge.check(SiteFile("x.md", "x/"), HtmlLink("a", "../a%20b/#%C3%A9")) is None


def test_flat_urls_without_directory_urls() -> None:
    index = SiteIndex([SiteFile("index.md", "index.html"), SiteFile("billing/x.md", "billing/x.html")])
    judge = LinkJudge(index, {"index.md": frozenset({"top-id"})})
    page = SiteFile("billing/x.md", "billing/x.html")
    assert judge.check(page, HtmlLink("a", "../index.html#top-id")) is None
    assert judge.check(page, HtmlLink("a", "../index.html#nope"))[0] == "anchor-not-found"  # type: ignore[index]


# --- the whole site: graph, orphans, silencing ------------------------------------------------


def test_check_site_builds_the_graph_and_honours_silences() -> None:
    index = site()
    pages = [
        PageToCheck("index.md", PageContent(frozenset({"topics"}), (HtmlLink("a", "billing/"),))),
        PageToCheck(
            "billing/send-an-invoice.md",
            PageContent(
                frozenset({"outstanding-balances"}),
                (
                    HtmlLink("a", "../../"),
                    HtmlLink("a", "#outstanding-balances"),  # itself: not an edge
                    HtmlLink("a", "nope.md", silenced=True),
                    HtmlLink("img", "../img/invoice.png"),  # not a page: not an edge
                    HtmlLink("a", "https://example.com/"),
                ),
            ),
        ),
        PageToCheck("billing/index.md", PageContent(frozenset(), (HtmlLink("a", "gone.md"),)), ignore_all=True),
    ]
    result = check_site(index, pages)
    assert result.links == 7
    assert result.external == (("billing/send-an-invoice.md", 4, "https://example.com/"),)
    assert [(p.page, p.link, p.code, p.silenced) for p in result.problems] == [
        ("billing/send-an-invoice.md", 2, "page-not-found", 'data-linkcheck="ignore" on the link'),
        ("billing/index.md", 0, "page-not-found", "front matter `linkcheck`"),
    ]
    assert result.graph.linking_to("index.md") == ["billing/send-an-invoice.md"]
    assert result.graph.linking_to("billing/index.md") == ["index.md"]
    assert result.graph.linking_to("billing/send-an-invoice.md") == []


def test_a_draft_page_links_nobody_in_the_graph() -> None:
    # `mkdocs serve` previews drafts, but the published site has no such page to link from.
    pages = [PageToCheck("wip.md", PageContent(frozenset(), (HtmlLink("a", "../billing/"),)))]
    assert check_site(site(), pages).graph.linking_to("billing/index.md") == []


def test_orphans_are_pages_no_page_reachable_from_the_nav_links_to() -> None:
    index = SiteIndex(
        [SiteFile(p, p[:-3] + "/") for p in ("index.md", "a.md", "b.md", "c.md", "d.md")]
        + [SiteFile("gone.md", "gone/", inclusion="excluded")]
    )
    # b is reached through a, which is in the nav; c and d only link to each other.
    graph = LinkGraph.of([("a.md", "b.md"), ("c.md", "d.md"), ("d.md", "c.md")])
    assert find_orphans(index, graph, ["a.md"]) == ["c.md", "d.md"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (frozenset(), False, None)),
        (True, (frozenset(), False, None)),
        (False, (frozenset(), True, None)),
        ({"ignore": ["orphan-page"]}, (frozenset({"orphan-page"}), False, None)),
        ({"ignore": "orphan-page"}, (frozenset({"orphan-page"}), False, None)),
    ],
)
def test_page_silence_values(value: object, expected: object) -> None:
    assert page_silence(value) == expected


def test_page_silence_mistakes_are_explained() -> None:
    assert page_silence({"ignore": ["orphan"]})[2] == (
        "`linkcheck: ignore` names an unknown code `orphan` -> use one of page-not-found, anchor-not-found,"
        " case-mismatch, excluded-target, absolute-link, missing-asset, unrecognized-link, outside-docs,"
        " raw-html-path, orphan-page (did you mean `orphan-page`?)"
    )
    assert page_silence("off")[2] == (
        "`linkcheck` must be `false` or `{ignore: [code, ...]}` -> fix the front matter (see hooks/README.md)"
    )


# --- locating HTML links in the Markdown ----------------------------------------------------


def test_html_links_pair_with_the_markdown_that_wrote_them_in_order() -> None:
    assert match_links(
        [("b#", "../b/"), ("a#", "../a/"), ("a#", "../a/"), ("x.md", "x.md"), ("z", "z")],
        [("a#", "a.md"), ("b#", "b.md"), ("a#", "a.md"), ("x.md", "x.md")],
    ) == [1, 0, 2, 3, None]


def test_locate_links_maps_rewritten_urls_back_to_the_markdown() -> None:
    index = site()
    rendered = "Intro.\n\n[bill](send-an-invoice.md#nope) and [home](../index.md).\n\n[gone](gone.md)"
    links = (HtmlLink("a", "../../"), HtmlLink("a", "./#nope"), HtmlLink("a", "gone.md"), HtmlLink("a", "#fn:1"))
    assert locate_links(index, BILL, links, scan_links(rendered), rendered, rendered) == [
        (3, 37, "../index.md"),
        (3, 1, "send-an-invoice.md#nope"),
        (5, 1, "gone.md"),
        (1, 1, None),
    ]


def test_links_from_a_snippet_point_at_the_snippet_directive() -> None:
    rendered = 'Intro.\n\n--8<-- "shared.md"\n'
    links = (HtmlLink("a", "gone.md"),)
    assert locate_links(site(), BILL, links, scan_links(rendered), rendered, rendered) == [(3, 1, None)]


# --- the nav ------------------------------------------------------------------------------------


def test_nav_entries_are_located_in_mkdocs_yml() -> None:
    text = (
        "site_name: x\nnav:\n  - Home: index.md\n  - Billing:\n      - billing/index.md\n      - https://example.com/\n"
    )
    nav = [{"Home": "index.md"}, {"Billing": ["billing/index.md", "https://example.com/"]}]
    assert nav_entries(text, nav) == [
        NavEntry("index.md", 3, 11),
        NavEntry("billing/index.md", 5, 9),
        NavEntry("https://example.com/", 6, 9),
    ]
    assert nav_entries("nav: !!python/name:x\n", ["a.md"]) == [NavEntry("a.md", 1, 1)]


def test_nav_entries_are_judged_like_links() -> None:
    index = site()
    assert check_nav_entry(index, "billing/send-an-invoice.md") is None
    assert check_nav_entry(index, "https://example.com/") == "external"
    assert check_nav_entry(index, "billing/send-an-invoic.md") == (
        "page-not-found",
        "nav entry `billing/send-an-invoic.md` is not a page under docs/ -> fix the path, or create the page"
        " (did you mean `billing/send-an-invoice.md`?)",
    )
    assert check_nav_entry(index, "Billing/Index.md")[0] == "case-mismatch"  # type: ignore[index]
    assert check_nav_entry(index, "drafts/upcoming.md")[0] == "excluded-target"  # type: ignore[index]
    assert check_nav_entry(index, "/billing/")[0] == "absolute-link"  # type: ignore[index]


# --- Markdown links judged from their file, as MkDocs resolves them ------------------------------


def written(markdown: str, page: SiteFile = BILL) -> list[tuple[int, int, str, str]]:
    problems = judge_written(site(), page, scan_links(markdown))
    return [(p.link.line, p.link.column, p.code, p.message) for p in problems]


def test_links_that_resolve_from_their_file_and_links_mkdocs_leaves_to_the_browser_are_fine() -> None:
    markdown = (
        "[home](../index.md) ![i](img/invoice.png) [w](https://example.com/) [m](mailto:a@b.c) [t](#top)"
        " [abs](/billing/) [gone](gone.md)\n\n"  # the check of the HTML reports those two
        '<a href="../landing/">raw HTML is not rewritten</a> <https://example.com/>'
    )
    assert written(markdown) == []


def test_a_page_address_where_the_markdown_file_belongs() -> None:
    assert written("See [numbering](../../matters/renumber-matters/#manual-numbering).") == [
        (
            1,
            5,
            "unrecognized-link",
            "`../../matters/renumber-matters/#manual-numbering` is a page address, which MkDocs does not check or"
            " rewrite: it breaks when this page or its target moves -> link to the target's Markdown file,"
            " relative to this one (did you mean `../matters/renumber-matters.md#manual-numbering`?)",
        )
    ]
    assert written("[this page](./#outstanding-balances)")[0][3].endswith("(did you mean `#outstanding-balances`?)")


def test_a_file_that_only_the_page_address_reaches() -> None:
    # billing/send-an-invoice.md is published at billing/send-an-invoice/: from there ../img/ is billing/img/.
    assert written("![invoice](../img/invoice.png)") == [
        (
            1,
            1,
            "missing-asset",
            "`../img/invoice.png` does not exist relative to this file (it would be img/invoice.png); it only works"
            " from the page's address, and breaks when the page moves -> write the path from this Markdown file"
            " (did you mean `img/invoice.png`?)",
        )
    ]


def test_a_quick_look_spares_the_scan_only_when_every_target_resolves() -> None:
    index = site()
    assert not may_be_unresolved(index, BILL, "[home](../index.md) ![i](img/invoice.png) [x](https://a.b/) [y](#top)")
    assert not may_be_unresolved(index, BILL, "[gone](gone.md) and [abs](/billing/)")  # the HTML check's
    assert may_be_unresolved(index, BILL, "Text ![invoice](../img/invoice.png 'title') text")
    assert may_be_unresolved(index, BILL, "[numbering][n]\n\n[n]: <../../matters/renumber-matters/>")
