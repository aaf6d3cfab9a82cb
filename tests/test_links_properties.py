"""Property tests of the link check: random Markdown and random sites.

MkDocs itself is the oracle for URLs: `File.url` says where a page is
published and `get_relative_url` is how MkDocs rewrites a Markdown link, so a
link produced that way to an existing page and anchor must be accepted.
"""

from __future__ import annotations

from html import escape
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from helpcenter.htmltree import HtmlTree
from helpcenter.links.content import HtmlLink, page_content
from helpcenter.links.judge import LinkJudge
from helpcenter.links.locate import locate_links
from helpcenter.links.scan import SourceMap, scan_links
from helpcenter.links.site import SiteFile, SiteIndex

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- random Markdown never breaks the scanner -------------------------------------

MARKDOWN_CHARS = st.sampled_from([*"ab \n\t[]()!<>`~#:=\"'{}%/.\\-_*|^&;", "```", "<a href=", "{{", "](", "\n\n"])
markdown_text = st.lists(MARKDOWN_CHARS, max_size=120).map("".join)


@FAST
@given(markdown_text, markdown_text)
def test_random_markdown_never_raises(source: str, rendered: str) -> None:
    links = scan_links(rendered)
    mapping = SourceMap(source, rendered)
    lines = source.split("\n")
    for link in links:
        line, column = mapping.locate(link)
        assert 1 <= line <= max(len(lines), link.line)
        assert column >= 1


@FAST
@given(markdown_text, st.lists(st.tuples(st.sampled_from(["a", "img"]), st.text(max_size=30)), max_size=8))
def test_locating_random_links_in_random_markdown_never_raises(markdown: str, hrefs: list[tuple[str, str]]) -> None:
    index = SiteIndex([SiteFile("index.md", ""), SiteFile("a/b.md", "a/b/")])
    links = [HtmlLink(tag, href) for tag, href in hrefs]
    located = locate_links(index, SiteFile("a/b.md", "a/b/"), links, scan_links(markdown), markdown, markdown)
    assert len(located) == len(links)


names = st.text(alphabet="abcxyz0123456789-_:./#", min_size=1, max_size=12)


@st.composite
def html_pages(draw: st.DrawFn) -> tuple[str, set[str], list[tuple[str, str]]]:
    """HTML mixing random text and elements with ids and URLs, with the ids and links it holds."""
    html, ids, links = "", set(), []
    for _ in range(draw(st.integers(0, 8))):
        html += escape(draw(st.text(max_size=20)))
        tag = draw(st.sampled_from(["a", "img", "h2", "p"]))
        identifier, url = draw(names), draw(names)
        if tag == "a":
            html += f'<a id="{identifier}" href="{url}">x</a>'
            links.append(("a", url))
        elif tag == "img":
            html += f'<img src="{url}" alt="x" id="{identifier}">'
            links.append(("img", url))
        else:
            html += f'<{tag} id="{identifier}">x</{tag}>'
        ids.add(identifier)
    return html, ids, links


@FAST
@given(html_pages())
def test_a_page_offers_exactly_its_ids_and_uses_exactly_its_links(
    page: tuple[str, set[str], list[tuple[str, str]]],
) -> None:
    html, ids, links = page
    content = page_content(HtmlTree(html))
    assert content.ids == ids
    assert [(link.tag, link.href) for link in content.links] == links


# --- what the scanner finds is exactly what was written ----------------------------

target_text = st.text(alphabet="abcxyz0123456789-_./#", min_size=1, max_size=20)
words = st.text(alphabet="abc xyz,.", max_size=12)


@st.composite
def written_links(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """Markdown mixing plain words and links of every kind, with where each link starts."""
    text = ""
    expected: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(0, 8))):
        text += draw(words) + draw(st.sampled_from([" ", "\n", "\n\n"]))
        kind = draw(st.sampled_from(["inline", "image", "html", "autolink"]))
        target = draw(target_text)
        label = draw(st.text(alphabet="abc xyz", min_size=1, max_size=8))
        piece = {
            "inline": f"[{label}]({target})",
            "image": f"![{label}]({target})",
            "html": f'<a href="{target}">{label}</a>',
            "autolink": f"<https://{target}>",
        }[kind]
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        expected.append((line, column, f"https://{target}" if kind == "autolink" else target))
        text += piece + " "
    return text, expected


@FAST
@given(written_links())
def test_every_written_link_is_found_where_it_was_written(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    markdown, expected = case
    assert [(link.line, link.column, link.target) for link in scan_links(markdown)] == expected


# --- links to pages and anchors that exist are accepted ------------------------------

segment = st.text(alphabet="abcdefgh-", min_size=1, max_size=6)
page_paths = st.lists(
    st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md"),
    min_size=1,
    max_size=12,
    unique=True,
)
anchors = st.lists(st.text(alphabet="abcdefgh-_:0123456789", min_size=1, max_size=10), max_size=5, unique=True)


def site_file(src_path: str) -> SiteFile:
    url = File(src_path, "docs", "site", use_directory_urls=True).url
    return SiteFile(src_path, "" if url == "./" else unquote(url))


Site = tuple[SiteIndex, dict[str, SiteFile], dict[str, frozenset[str]]]


@st.composite
def sites(draw: st.DrawFn) -> Site:
    paths = draw(page_paths)
    files = {path: site_file(path) for path in paths}
    # Two sources can publish to the same URL (a/index.md and a.md): MkDocs refuses that site.
    if len({file.url for file in files.values()}) < len(files):
        paths = list({file.url: path for path, file in files.items()}.values())
        files = {path: files[path] for path in paths}
    return SiteIndex(files.values()), files, {path: frozenset(draw(anchors)) for path in files}


@FAST
@given(sites(), st.data())
def test_links_to_existing_pages_and_anchors_are_accepted(site: Site, data: st.DataObject) -> None:
    index, files, ids = site
    source = files[data.draw(st.sampled_from(sorted(files)))]
    target = files[data.draw(st.sampled_from(sorted(files)))]
    anchor = data.draw(st.sampled_from(["", *sorted(ids[target.src_path])]))
    # What MkDocs writes into the HTML for [text](target.md#anchor).
    href = get_relative_url(target.url or "./", source.url or "./") + (f"#{anchor}" if anchor else "")
    judge = LinkJudge(index, ids)
    assert judge.check(source, HtmlLink("a", href)) is None
    assert judge.edges == [(source.src_path, target.src_path)]


@FAST
@given(sites(), st.data(), segment)
def test_links_to_missing_pages_and_anchors_are_refused(site: Site, data: st.DataObject, missing: str) -> None:
    index, files, ids = site
    source = files[data.draw(st.sampled_from(sorted(files)))]
    target = files[data.draw(st.sampled_from(sorted(files)))]
    judge = LinkJudge(index, ids)
    if f"zz-{missing}" not in ids[target.src_path]:
        href = get_relative_url(target.url or "./", source.url or "./") + f"#zz-{missing}"
        assert judge.check(source, HtmlLink("a", href))[0] == "anchor-not-found"  # type: ignore[index]
    # MkDocs leaves a link to a page that does not exist as written.
    verdict = judge.check(source, HtmlLink("a", f"zz-{missing}.md"))
    assert verdict is not None and verdict != "external"


@FAST
@given(sites(), st.data(), st.text(max_size=40))
def test_random_hrefs_never_raise(site: Site, data: st.DataObject, href: str) -> None:
    index, files, ids = site
    source = files[data.draw(st.sampled_from(sorted(files)))]
    for tag in ("a", "img"):
        LinkJudge(index, ids).check(source, HtmlLink(tag, href))
