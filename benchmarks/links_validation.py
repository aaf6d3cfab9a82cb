"""The link check's pure logic on a large synthetic link graph: no MkDocs, no HTML, just judging.

Builds a site of P pages (in folders of 50, six anchors each, plus one image
per folder) and L links spread over them, written the way MkDocs leaves them
in the HTML: page links rewritten to relative URLs with an anchor, same-page
anchors, images and external URLs, plus a few broken links (each with a
"did you mean"). Times building the index once, judging every link (which
also fills the link graph) and finding orphans, for growing sizes, so the
growth is visible. Figures only, no pass/fail:

    .venv/bin/python benchmarks/links_validation.py            # up to 100,000 links on 10,000 pages
    .venv/bin/python benchmarks/links_validation.py --sizes 10000:100000 20000:200000
"""

from __future__ import annotations

import argparse
import gc
import random
import time

from mkdocs.utils import get_relative_url

from helpcenter.links.content import HtmlLink, PageContent
from helpcenter.links.judge import PageToCheck, check_site, find_orphans
from helpcenter.links.site import SiteFile, SiteIndex

PAGES_PER_FOLDER = 50
ANCHORS_PER_PAGE = 6
BROKEN_PER_10K_LINKS = 2


def synthetic_site(pages: int, links: int, seed: int = 3) -> tuple[list[SiteFile], list[PageToCheck], list[str]]:
    rng = random.Random(seed)
    files = []
    for number in range(pages):
        folder = f"section-{number // PAGES_PER_FOLDER:03d}"
        files.append(SiteFile(f"{folder}/article-{number:05d}.md", f"{folder}/article-{number:05d}/"))
    images = [
        SiteFile(f"section-{folder:03d}/img/screen.png", f"section-{folder:03d}/img/screen.png", is_page=False)
        for folder in range(pages // PAGES_PER_FOLDER + 1)
    ]
    anchors = [f"question-{n}" for n in range(ANCHORS_PER_PAGE)]
    per_page = links // pages
    broken = links * BROKEN_PER_10K_LINKS // 10_000
    checks = []
    for number, page in enumerate(files):
        page_links = []
        for slot in range(per_page):
            kind = slot % 10
            if kind < 7:  # another article, usually nearby, with an anchor
                near = number + rng.randint(-PAGES_PER_FOLDER, PAGES_PER_FOLDER)
                target = files[near % pages] if rng.random() < 0.6 else files[rng.randrange(pages)]
                href = f"{get_relative_url(target.url, page.url)}#{rng.choice(anchors)}"
                page_links.append(HtmlLink("a", href))
            elif kind == 7:
                page_links.append(HtmlLink("a", f"#{rng.choice(anchors)}"))
            elif kind == 8:
                image = images[number // PAGES_PER_FOLDER]
                page_links.append(HtmlLink("img", get_relative_url(image.url, page.url)))
            else:
                page_links.append(HtmlLink("a", f"https://example.com/{rng.randrange(500)}"))
        checks.append(PageToCheck(page.src_path, PageContent(frozenset(anchors), tuple(page_links))))
    # Broken links, as MkDocs leaves them: written Markdown paths that do not exist (typos of real pages).
    for _ in range(broken):
        at = rng.randrange(pages)
        typo = files[rng.randrange(pages)].src_path.replace("article", "articel")  # codespell:ignore articel
        content = checks[at].content
        bad = HtmlLink("a", get_relative_url(typo, files[at].src_path))
        checks[at] = PageToCheck(checks[at].src_path, PageContent(content.ids, (*content.links, bad)))
    nav = [file.src_path for file in files[: pages // 2]]
    return files + images, checks, nav


def measure(pages: int, links: int) -> dict[str, float]:
    files, checks, nav = synthetic_site(pages, links)
    total_links = sum(len(page.content.links) for page in checks)
    gc.collect()
    started = time.perf_counter()
    index = SiteIndex(files, site_url="https://help.example.com/")
    indexed = time.perf_counter()
    result = check_site(index, checks)
    judged = time.perf_counter()
    orphans = find_orphans(index, result.graph, nav)
    finished = time.perf_counter()
    return {
        "pages": pages,
        "links": total_links,
        "problems": len(result.problems),
        "orphans": len(orphans),
        "index": indexed - started,
        "judge": judged - indexed,
        "orphan_search": finished - judged,
        "total": finished - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["2500:25000", "5000:50000", "10000:100000"],
        help="PAGES:LINKS pairs, smallest first",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is shown")
    args = parser.parse_args()
    print(
        f"{'pages':>7} {'links':>8} {'broken':>7} {'index s':>8} {'judge s':>8} {'orphans s':>9} {'total s':>8}  growth"
    )
    previous = None
    for size in args.sizes:
        pages, links = (int(part) for part in size.split(":"))
        best = min((measure(pages, links) for _ in range(args.repeat)), key=lambda run: run["total"])
        growth = ""
        if previous:
            growth = f"x{best['total'] / previous['total']:.2f} time for x{best['links'] / previous['links']:.2f} links"
        print(
            f"{best['pages']:>7,} {best['links']:>8,} {best['problems']:>7,} {best['index']:>8.3f}"
            f" {best['judge']:>8.3f} {best['orphan_search']:>9.3f} {best['total']:>8.3f}  {growth}"
        )
        previous = best
    if previous:
        rate = previous["links"] / previous["total"]
        print(
            f"\n{previous['links']:,} links on {previous['pages']:,} pages judged in {previous['total']:.3f} s"
            f" ({rate:,.0f} links/s)"
        )


if __name__ == "__main__":
    main()
