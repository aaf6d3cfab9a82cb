"""What a reader downloads: an article page's first load, and a first search, gzipped as a static host serves them.

A first load is the page's HTML plus every stylesheet, script, icon, image and
font it references (CSS ``url()`` included) and the search worker, which
Material's bundle starts on every first load (and the sitemap, which instant
navigation fetches). A first search downloads the search index and the worker
(hooks/jobs/search.py); it is counted for the real site and for a synthetic help
center of 2,000 articles (benchmarks/synthetic.py). Figures only, no pass/fail:

    .venv/bin/python benchmarks/weight.py                  # builds the real site and the synthetic one first
    .venv/bin/python benchmarks/weight.py --synthetic 0    # the real site only
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
from site_tools import build_real_site, run_build, transfer_size
from synthetic import write_site

DEFAULT_PAGES = ["after-import/post-import-faq/", "billing/generate-a-bill/"]
SYNTHETIC_ARTICLES = 2000
SEARCH_TARGET_KB = 100  # the real site's first search
SYNTHETIC_SEARCH_TARGET_KB = 1000  # a first search on the synthetic help center
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


def first_search(site: Path, page_url: str) -> list[Path]:
    """What a reader's first search downloads: the index and the worker."""
    worker = search_worker(site, page_url)
    return [site / "search" / "search_index.json", *([worker] if worker else [])]


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
    report_search(site, pages[0], "the real site", SEARCH_TARGET_KB)


def print_sizes(site: Path, files: list[Path]) -> tuple[int, int]:
    """One line per file, raw and as sent; the totals in bytes."""
    raw_total = sent_total = 0
    for path in files:
        raw, sent = path.stat().st_size, transfer_size(path)
        raw_total, sent_total = raw_total + raw, sent_total + sent
        print(f"  {path.relative_to(site).as_posix():<60} {raw / 1000:>8.1f} {sent / 1000:>8.1f}")
    return raw_total, sent_total


def report_search(site: Path, page_url: str, name: str, target_kb: int) -> None:
    files = [path for path in first_search(site, page_url) if path.is_file()]
    if not files:
        return
    print(f"\na first search on {name} (gzip -6):")
    raw_total, sent_total = print_sizes(site, files)
    print(
        f"  {'total':<60} {raw_total / 1000:>8.1f} {sent_total / 1000:>8.1f}   (target: at most {target_kb:,} kB sent)"
    )


def report_synthetic(articles: int, scratch: Path) -> None:
    config = write_site(scratch / "synthetic", articles, git=False)["ours"]
    site = scratch / "synthetic-site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    run_build(command, config)
    docs = len(json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])
    report_search(
        site, "", f"a synthetic help center of {articles:,} articles ({docs:,} sections)", SYNTHETIC_SEARCH_TARGET_KB
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="page URLs relative to the site root")
    parser.add_argument("--site", type=Path, help="a built site; default: build the real site strictly first")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=SYNTHETIC_ARTICLES,
        metavar="N",
        help="articles of the synthetic site; 0: skip it",
    )
    options = parser.parse_args()
    pages = [page.strip("/") + "/" if page.strip("/") else "" for page in options.pages]
    with tempfile.TemporaryDirectory(prefix="helpcenter-weight-") as scratch:
        report(options.site or build_real_site(Path(scratch) / "site"), pages)
        if options.synthetic:
            report_synthetic(options.synthetic, Path(scratch))
    print("kB = 1,000 bytes")


if __name__ == "__main__":
    main()
