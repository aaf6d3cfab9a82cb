"""What a reader downloads: an article page's first load, and a first search, gzipped as a static host serves them.

A first load is the page's HTML plus every stylesheet, script, icon, image and
font it references (CSS ``url()`` included) and the search worker, which
Material's bundle starts on every first load (and the sitemap, which instant
navigation fetches). Search is measured in Chromium (benchmarks/search_fetches.py):
what the page load fetches for it (the manifest search/search_index.json and the
worker), and what focusing the box and a first query fetch of the index's shards
(hooks/helpcenter/search/shards.py); for the real site and for synthetic help
centers (benchmarks/synthetic.py). Figures only, no pass/fail:

    .venv/bin/python benchmarks/weight.py                      # the real site, 2,000 and 5,000 synthetic articles
    .venv/bin/python benchmarks/weight.py --synthetic 0        # the real site only
    .venv/bin/python benchmarks/weight.py --synthetic 500 --synthetic 1000
    .venv/bin/python benchmarks/weight.py --site site/ billing/generate-a-bill/
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from playwright.sync_api import sync_playwright
from search_fetches import CHROMIUM, CHROMIUM_ARGS, first_search
from site_tools import build_real_site, run_build, transfer_size
from synthetic import write_site

DEFAULT_PAGES = ["after-import/post-import-faq/", "billing/generate-a-bill/"]
SYNTHETIC_ARTICLES = [2000, 5000]
QUERIES = ["how do i create a bill", "invoyce", "matter numbering settings"]  # a question, a typo, words
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(site: Path, page_url: str, reference: str) -> Path | None:
    """The built file a reference on ``page_url`` points to, or None if it is external or inline."""
    parts = urlsplit(urljoin(f"http://site/{page_url}", reference))
    if parts.netloc != "site" or reference.startswith(("data:", "#")):
        return None
    path = parts.path.lstrip("/")
    target = site / path
    return target / "index.html" if target.is_dir() else target


def _config(site: Path, page_url: str) -> dict[str, object]:
    tree = lxml.html.fromstring((site / page_url / "index.html").read_bytes())
    return next((json.loads(text) for text in tree.xpath("//script[@id='__config']/text()")), {})


def search_worker(site: Path, page_url: str) -> Path | None:
    """The search worker the page's configuration names (ours, or Material's own)."""
    reference = _config(site, page_url).get("search")
    target = _local(site, page_url, reference) if isinstance(reference, str) else None
    return target if target is not None and target.is_file() else None


def first_load(site: Path, page_url: str) -> list[Path]:
    """Every file the page's first load fetches, in order, without repeats; the search index excluded."""
    page = site / page_url / "index.html"
    tree = lxml.html.fromstring(page.read_bytes())
    references = [
        *tree.xpath("//link[contains(concat(' ', @rel, ' '), ' stylesheet ')]/@href"),
        *tree.xpath("//link[contains(concat(' ', @rel, ' '), ' icon ')]/@href"),
        *tree.xpath("//link[@rel='modulepreload' or @rel='preload']/@href"),
        *tree.xpath("//script/@src"),
        *tree.xpath("//img/@src"),
    ]
    for text in tree.xpath("//script[@id='__config']/text()"):
        config = json.loads(text)
        if config.get("search"):
            references.append(config["search"])
        # Instant navigation fetches the sitemap on load, to know which links it may take over.
        if "navigation.instant" in (config.get("features") or []):
            references.append(f"{config.get('base', '.')}/sitemap.xml")
    files = [page]
    for reference in references:
        target = _local(site, page_url, reference)
        if target is None or not target.is_file() or target in files:
            continue
        files.append(target)
        if target.suffix == ".css":
            css_url = target.relative_to(site).as_posix()
            for inner in CSS_URL.findall(target.read_text(encoding="utf-8", errors="replace")):
                nested = _local(site, css_url, inner)
                if nested is not None and nested.is_file() and nested not in files:
                    files.append(nested)
    return [f for f in files if f.name != "search_index.json"]


def report(site: Path, pages: list[str]) -> None:
    for page_url in pages:
        if not (site / page_url / "index.html").is_file():
            raise SystemExit(f"{page_url}: no such page in {site} -> name a built page, e.g. {DEFAULT_PAGES[0]}")
        files = first_load(site, page_url)
        print(f"\nfirst load of /{page_url} (gzip -6 for text, as a static host serves it):")
        print(f"  {'file':<60} {'raw kB':>8} {'sent kB':>8}")
        raw_total, sent_total = print_sizes(site, files)
        print(f"  {'total':<60} {raw_total / 1000:>8.1f} {sent_total / 1000:>8.1f}   (target: at most 80 kB sent)")
        worker_path = search_worker(site, page_url)
        worker = transfer_size(worker_path) if worker_path in files else 0
        label = "total without the search worker (search only)"
        print(f"  {label:<60} {'':>8} {(sent_total - worker) / 1000:>8.1f}")
    report_search(site, "the real site")


def print_sizes(site: Path, files: list[Path]) -> tuple[int, int]:
    """One line per file, raw and as sent; the totals in bytes."""
    raw_total = sent_total = 0
    for path in files:
        raw, sent = path.stat().st_size, transfer_size(path)
        raw_total, sent_total = raw_total + raw, sent_total + sent
        print(f"  {path.relative_to(site).as_posix():<60} {raw / 1000:>8.1f} {sent / 1000:>8.1f}")
    return raw_total, sent_total


def report_search(site: Path, name: str) -> None:
    """Search bytes before the box is focused, and what focusing it and each query fetch first, in Chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for number, query in enumerate(QUERIES):
                measured = first_search(browser, site, query)
                if not number:
                    print(f"\nsearch on {name} (gzip -6), fetched by the page load, before the box is focused:")
                    raw, sent = print_sizes(site, measured.before_focus)
                    print(f"  {'total':<60} {raw / 1000:>8.1f} {sent / 1000:>8.1f}   (target: under 15 kB sent)")
                files = measured.first_query
                raw = sum(path.stat().st_size for path in files)
                kb_sent = measured.sent(files) / 1000
                print(
                    f"  first query {query!r}: {len(files)} files, {raw / 1000:.1f} kB raw, {kb_sent:.1f} kB sent;"
                    f" results {measured.answer_s * 1000:.0f} ms after the key",
                    flush=True,
                )
        finally:
            browser.close()


def report_synthetic(articles: int, scratch: Path) -> None:
    config = write_site(scratch / f"synthetic-{articles}", articles, git=False)["ours"]
    site = scratch / f"synthetic-site-{articles}"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    run_build(command, config)
    index = sorted((site / "search").glob("*/core.json"))[0].parent
    whole = sum(transfer_size(path) for path in index.rglob("*.json"))
    docs = json.loads((index / "core.json").read_text(encoding="utf-8"))["n"]
    report_search(site, f"a synthetic help center of {articles:,} articles ({docs:,} sections)")
    print(f"  the whole index: {whole / 1000:.1f} kB sent, if every file were fetched")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="page URLs relative to the site root")
    parser.add_argument("--site", type=Path, help="a built site; default: build the real site strictly first")
    parser.add_argument(
        "--synthetic",
        type=int,
        action="append",
        metavar="N",
        help=f"articles of a synthetic site (repeatable; default {SYNTHETIC_ARTICLES}); 0: none",
    )
    options = parser.parse_args()
    pages = [page.strip("/") + "/" if page.strip("/") else "" for page in options.pages]
    with tempfile.TemporaryDirectory(prefix="helpcenter-weight-") as scratch:
        report(options.site or build_real_site(Path(scratch) / "site"), pages)
        for articles in options.synthetic or SYNTHETIC_ARTICLES:
            if articles:
                report_synthetic(articles, Path(scratch))
    print("kB = 1,000 bytes")


if __name__ == "__main__":
    main()
