"""Lighthouse scores of the real site's FAQ page (mobile preset), served like a static host on 127.0.0.1.

Builds the site strictly into a temporary folder, serves it with gzip
(benchmarks/site_tools.py), runs npm ``lighthouse`` (pinned in
benchmarks/lighthouse/package-lock.json, installed into the git-ignored
.cache/lighthouse on first use) with Debian's Chromium, and prints the four
category scores and every audit that cost points:

    make lighthouse
    .venv/bin/python benchmarks/lighthouse.py --runs 3 billing/generate-a-bill/
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from site_tools import ROOT, build_real_site, serve

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from chromium import CHROMIUM, CHROMIUM_ARGS

PACKAGE = Path(__file__).with_name("lighthouse")
INSTALL = ROOT / ".cache" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")


def lighthouse_binary() -> Path:
    """The pinned Lighthouse, installed with `npm ci` when missing or when the lock file changed."""
    binary = INSTALL / "node_modules" / ".bin" / "lighthouse"
    lock = PACKAGE / "package-lock.json"
    installed_lock = INSTALL / "package-lock.json"
    if binary.exists() and installed_lock.exists() and installed_lock.read_bytes() == lock.read_bytes():
        return binary
    if shutil.which("npm") is None:
        sys.exit("npm is not installed -> apt-get install -y npm (Lighthouse needs Node.js 18.16 or later)")
    INSTALL.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGE / "package.json", INSTALL / "package.json")
    shutil.copy(lock, installed_lock)
    print("installing Lighthouse into .cache/lighthouse (npm ci) ...", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=INSTALL, check=True)
    return binary


def chrome_path() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or str(CHROMIUM)
    if not Path(found).exists():
        sys.exit("Chromium not found -> apt-get install -y chromium, or set CHROME_PATH")
    return found


def run_lighthouse(binary: Path, url: str, report: Path) -> dict[str, Any]:
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse failed:\n{completed.stdout}{completed.stderr}")
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def lost_points(result: dict[str, Any], category: str) -> list[str]:
    """The weighted audits of a category that did not pass, with what Lighthouse says about them."""
    audits = result["audits"]
    found = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.append(f"{audit['id']}: {audit['title']}{shown}, score {audit['score']:.2f}")
            items = (audit.get("details") or {}).get("items") or []
            found.extend(f"    {item['node']['snippet']}" for item in items[:5] if isinstance(item.get("node"), dict))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", nargs="?", default="after-import/post-import-faq/", help="page URL under the site")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs; the median score of each category counts")
    parser.add_argument("--site", type=Path, help="a built site; default: build the real site strictly first")
    options = parser.parse_args()
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory(prefix="helpcenter-lighthouse-") as scratch:
        site = options.site or build_real_site(Path(scratch) / "site")
        with serve(site) as base:
            url = base + options.page.lstrip("/")
            results = [run_lighthouse(binary, url, Path(scratch) / f"report-{n}.json") for n in range(options.runs)]
    print(f"Lighthouse {results[0]['lighthouseVersion']}, mobile preset, {url} ({options.runs} run(s), median)")
    for category in CATEGORIES:
        scores = [round(100 * r["categories"][category]["score"]) for r in results]
        print(f"  {results[0]['categories'][category]['title']:<16} {statistics.median(scores):>5g}   runs: {scores}")
    last = results[-1]
    metrics = ", ".join(f"{last['audits'][m]['title']} {last['audits'][m]['displayValue']}" for m in METRICS)
    print(f"  metrics (last run): {metrics}")
    for category in CATEGORIES:
        for line in lost_points(last, category):
            print(f"  {category}: {line}")


if __name__ == "__main__":
    main()
