"""The search index as the build writes it (hooks/helpcenter/search/shards.py), read back for tests.

``search/search_index.json`` is a manifest naming the folder of this build's
shards; the worker (overrides/assets/javascripts/search-worker.js) fetches
the files of that folder by name. These helpers give the tests the same files,
as {name: JSON text}, from a built site or straight from an index.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from helpcenter.search.shards import build_shards


def version(manifest: Mapping[str, Any]) -> str:
    return str(manifest["config"]["hc"]["index"])


def files_of(index: Mapping[str, Any]) -> dict[str, str]:
    """The worker's files for our index (helpcenter/search/index.py's shape), by name in their folder."""
    built = build_shards(index)
    folder = version(json.loads(built["search_index.json"])) + "/"
    return {name.removeprefix(folder): data.decode("utf-8") for name, data in built.items() if name.startswith(folder)}


def site_files(site_dir: Path) -> dict[str, str]:
    """The worker's files of a built site, by name in their folder."""
    search = site_dir / "search"
    folder = search / version(json.loads((search / "search_index.json").read_text(encoding="utf-8")))
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8") for path in folder.rglob("*.json")}


def site_docs(site_dir: Path) -> list[dict[str, str]]:
    """Every doc of a built site's index, in order: location, title and (plain) text."""
    files = site_files(site_dir)
    shards = sorted((name for name in files if name.startswith("d/")), key=lambda name: int(name[2:-5]))
    return [
        {"location": location, "title": title, "text": text}
        for name in shards
        for location, title, text in json.loads(files[name])
    ]


def site_core(site_dir: Path) -> dict[str, Any]:
    core: dict[str, Any] = json.loads(site_files(site_dir)["core.json"])
    return core
