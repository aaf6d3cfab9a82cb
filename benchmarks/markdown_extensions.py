"""What each Markdown extension of mkdocs.yml costs, on synthetic articles.

Markdown to HTML is the largest part of our build (benchmarks/README.md). This
converts the synthetic articles (benchmarks/synthetic.py, the same text the
scale benchmark builds) with Python-Markdown: with no extension, then adding
the extensions of the real mkdocs.yml one at a time, in their order, and prints
the CPU time each one adds. (Leaving one out at a time misleads: superfences
and inlinehilite do more work without the highlight settings they share.)
Macros are left unrendered: their braces are plain text here. MkDocs makes a
new Markdown instance per page; so does this. Figures only:

    .venv/bin/python benchmarks/markdown_extensions.py
    .venv/bin/python benchmarks/markdown_extensions.py --articles 800 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Sequence
from typing import Any

import markdown
from synthetic import pages_and_nav

from sitebuilder import real_config


def configured_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extension names of mkdocs.yml, in order, and their settings."""
    names: list[str] = []
    settings: dict[str, dict[str, Any]] = {}
    for entry in real_config().get("markdown_extensions", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings[name] = dict(options or {})
    # Synthetic pages include no snippets; the real base path does not exist here.
    settings.get("pymdownx.snippets", {}).update(base_path=["."], check_paths=False)
    return names, settings


def body(page: str) -> str:
    """The Markdown after the front matter, as MkDocs hands it to Python-Markdown."""
    return page.split("---", 2)[2] if page.startswith("---") else page


def convert_all(pages: Sequence[str], names: list[str], settings: dict[str, dict[str, Any]]) -> float:
    """CPU seconds to convert every page, a fresh Markdown instance each, as MkDocs does."""
    configs = {name: settings[name] for name in names if settings.get(name)}
    gc.collect()
    gc.disable()  # a collection landing in one run and not another is most of the noise
    try:
        started = time.process_time()
        for page in pages:
            markdown.Markdown(extensions=names, extension_configs=configs).convert(page)
        return time.process_time() - started
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400, help="synthetic articles to convert")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the fastest counts")
    options = parser.parse_args()

    generated, _ = pages_and_nav(options.articles)
    pages = [body(text) for path, text in sorted(generated.items()) if not path.endswith("index.md")]
    names, settings = configured_extensions()

    def fastest(subset: list[str]) -> float:
        return min(convert_all(pages, subset, settings) for _ in range(options.repeat))

    convert_all(pages[:5], names, settings)  # imports every extension's modules: not part of any figure
    everything = fastest(names)
    bare = fastest([])
    per_page = 1000 / len(pages)
    print(f"{len(pages)} synthetic articles, fastest of {options.repeat} runs, CPU time")
    print(f"  all {len(names)} extensions      {everything:6.2f} s  {everything * per_page:5.2f} ms per article")
    print(f"  no extension            {bare:6.2f} s  {bare * per_page:5.2f} ms per article")
    print("\nwhat each extension adds to the ones above it (mkdocs.yml order):")
    previous = bare
    for count, name in enumerate(names, start=1):
        now = everything if count == len(names) else fastest(names[:count])
        print(f"  {name:<26} {now - previous:+6.2f} s  {(now - previous) / everything:+6.1%} of all")
        previous = now
    print("\na difference of a few percent is noise: compare runs, or raise --articles and --repeat")


if __name__ == "__main__":
    main()
