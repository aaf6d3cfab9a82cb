"""Two clean builds of one commit are byte-identical: every date comes from git, never from the clock."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import struct
import subprocess
from pathlib import Path

from sitebuilder import ROOT, build


def clone(source: Path, destination: Path) -> Path:
    """A clean clone of the current commit (uncommitted work in the checkout does not leak in)."""
    subprocess.run(["git", "clone", "--quiet", "--local", str(source), str(destination)], check=True)
    return destination


def commit_epoch(checkout: Path) -> str:
    # What `make build` and the deploy workflow export as SOURCE_DATE_EPOCH.
    return subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=checkout, capture_output=True, text=True, check=True
    ).stdout.strip()


def digests(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_two_clean_builds_of_one_commit_are_byte_identical(tmp_path: Path) -> None:
    one_checkout = clone(ROOT, tmp_path / "one")
    two_checkout = clone(one_checkout, tmp_path / "elsewhere" / "two")  # the same commit, surely
    epoch = commit_epoch(one_checkout)
    # Two checkouts in different places, built by separate processes (their own hash seeds).
    first = build(one_checkout / "mkdocs.yml", env={"SOURCE_DATE_EPOCH": epoch})
    second = build(two_checkout / "mkdocs.yml", env={"SOURCE_DATE_EPOCH": epoch})
    assert first.ok and second.ok, first.output + second.output
    one, two = digests(first.site_dir), digests(second.site_dir)
    assert len(one) > 20
    assert one == two, sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))

    # Neither where it was built from nor where it was built to shows in the output.
    for path in first.site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert str(tmp_path) not in text and str(ROOT) not in text, path

    # The sitemap's dates and its gzip header are the commit's, not today's.
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    sitemap = (first.site_dir / "sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {day.isoformat().encode()}
    compressed = (first.site_dir / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(compressed) == sitemap
    (gzip_mtime,) = struct.unpack("<I", compressed[4:8])  # RFC 1952: MTIME, bytes 4 to 7
    assert gzip_mtime == int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())
