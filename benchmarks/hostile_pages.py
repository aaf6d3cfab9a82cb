"""How fast the build stops on the red team's hostile pages (a benchmark, not a test).

    .venv/bin/python benchmarks/hostile_pages.py [--page-seconds 10]

Each case is a two-page fixture site (tests/sitebuilder.py) built strictly in
its own process, as CI builds; printed: wall seconds to the build's end, the
exit code and the first finding. Unbounded, the red team measured ``'<x ' *
8000`` at 46 s, ``'`a ' * 40000`` at 30 s and the 210 KB snippet included ten
times in a snippet included ten times at 103 s and 450 MB. A plain page is the
baseline: the rest is what each case costs beyond a build. Other work on the
machine moves these figures: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' fixture-site builder

from sitebuilder import build_site, real_config  # noqa: E402

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
SNIPPET = "A line of shared text that a writer repeated many times over.\n" * 3400  # 214 KB


def article(body: str) -> str:
    return f"---\ntitle: Hostile\ndescription: A page for a benchmark.\nreviewed: 2026-01-01\n---\n\n{body}"


CASES: dict[str, tuple[dict[str, str], dict[str, Any]]] = {
    "plain page (baseline)": ({"page.md": article("Fine.\n")}, {}),
    "'<x ' * 8000 (html.parser)": ({"page.md": article("Intro.\n\n" + "<x " * 8000 + "\n")}, {}),
    "'`a ' * 40000 (inline code)": ({"page.md": article("Intro.\n\n" + "`a " * 40000 + "\n")}, {}),
    "template loop, 10**10 turns": (
        {"page.md": article("{% set s = 'x' * 100000 %}\n{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}\n")},
        {},
    ),
    "210 KB snippet x10 x10": (
        {
            "page.md": article('Intro.\n\n--8<-- "ten.md"\n'),
            "_snippets/big.md": SNIPPET,
            "_snippets/ten.md": '--8<-- "big.md"\n' * 10,
        },
        {"exclude_docs": "_snippets/\n"},
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page-seconds", type=float, default=None, help="the page budget (default: mkdocs.yml's)")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for name, (pages, config) in CASES.items():
        settings = dict(config)
        if options.page_seconds is not None:
            extra = real_config()["extra"]
            extra["helpcenter"]["page_seconds"] = options.page_seconds
            settings["extra"] = extra
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            result = build_site(Path(folder), {"index.md": HOME, **pages}, nav=["index.md", "page.md"], config=settings)
            elapsed = time.perf_counter() - started
        finding = next((line for line in result.problems if not line.startswith("Error reading")), "")
        print(f"{name:30} {elapsed:6.1f} s  exit {result.returncode}  {finding[:110]}")


if __name__ == "__main__":
    main()
