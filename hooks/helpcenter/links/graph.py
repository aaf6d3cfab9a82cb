"""The link graph: which page links to which, over the whole site, once every link is judged.

Nothing here knows about MkDocs. The judge (`helpcenter.links.judge`) makes the
graph from the links between published pages; "Articles that link here",
orphans and the search's popular articles read it. A `LinkGraph` exists only
once every page is judged, so nothing can read it half-made.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkGraph:
    """Source paths under docs/: each page with the pages it links to, and with those that link to it."""

    outbound: Mapping[str, frozenset[str]]
    inbound: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, edges: Iterable[tuple[str, str]]) -> LinkGraph:
        """The graph of ``(source, target)`` links; a page's links to itself do not count."""
        outbound: dict[str, set[str]] = {}
        inbound: dict[str, set[str]] = {}
        for source, target in edges:
            if source != target:
                outbound.setdefault(source, set()).add(target)
                inbound.setdefault(target, set()).add(source)
        return cls(
            {page: frozenset(targets) for page, targets in outbound.items()},
            {page: frozenset(sources) for page, sources in inbound.items()},
        )

    def linking_to(self, src_path: str) -> list[str]:
        """Source paths of the pages that link to ``src_path`` (itself excluded), sorted."""
        return sorted(self.inbound.get(src_path, ()))

    def reachable(self, roots: Iterable[str]) -> set[str]:
        """Every page reachable from ``roots`` by following links (roots included)."""
        seen = set(roots)
        queue = deque(seen)
        while queue:
            for target in self.outbound.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen
