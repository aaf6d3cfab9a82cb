"""A page's source text, read from disk once per version of the file.

Several hooks need the writer's exact text (to locate a finding at its line).
MkDocs' ``File.content_string`` reads the file again on every access, which
cost the hooks together about nine reads per page and build. Setting
``content_string`` would cache it but unset ``abs_src_path``, which
``mkdocs serve --dirty`` and the git dates need, so the cache lives here.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Protocol


class SourceFile(Protocol):
    abs_src_path: str | None

    @property
    def content_string(self) -> str: ...


@lru_cache(maxsize=20_000)
def _read(path: str, modified_ns: int, size: int) -> str:
    with open(path, encoding="utf-8-sig", errors="strict") as source:
        return source.read()


def source_text(file: SourceFile) -> str:
    """``file.content_string``, but read from disk only when the file changed since the last read."""
    path = file.abs_src_path
    if path is None:
        return file.content_string  # set in memory by a hook: no disk read to save
    status = os.stat(path)
    return _read(path, status.st_mtime_ns, status.st_size)
