"""Moving or deleting a page: every place that names it, rewritten as text (`make move`, `make delete`).

Nothing here knows about MkDocs or git; scripts/move_page.py is the command
line. A page is named in four kinds of place, and each keeps its layout and
comments because only the name itself is replaced:

- links in Markdown (inline links and images, reference definitions), written
  relative to the linking file, with or without ``#anchor``; the moved page's
  own relative links are recomputed from its new folder;
- ``related:`` entries in front matter (paths under docs/);
- mkdocs.yml: nav entries (moved to the end of the new folder's nav section
  when the folder changes), settings that name the page, and ``redirect_maps``
  of mkdocs-redirects, which gets a line from the old address to the new one.

Code blocks, code spans, HTML comments and template tags are never touched:
an example of a link is not a link, and a fact's address is not a page.
Paths are docs-relative POSIX paths (``billing/a.md``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

import yaml

from helpcenter.link_syntax import INLINE_START, REFERENCE_DEFINITION, inline_destination
from helpcenter.pages.redirects import redirect_maps_node
from helpcenter.text import Lines, mask_code


class MoveError(Exception):
    """A move or delete this module cannot carry out, phrased for a writer."""


@dataclass(frozen=True)
class Change:
    """One rewritten name: where (1-based line of the file as it was) and what became what."""

    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Rewrite:
    text: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Relocation:
    """A page that moves (``new``: its new path), is replaced (``new``: another page, ``replaced``), or goes."""

    old: str  # docs-relative, e.g. "billing/a.md"
    new: str | None  # where links to it now point; None: nowhere
    replaced: bool = False  # ``new`` is another page: anchors into the old one are dropped

    def target(self, path: str) -> str | None:
        """Where a link to ``path`` now points: None when unchanged, "" when nowhere."""
        if path != self.old:
            return None
        return self.new or ""


# --- paths ---------------------------------------------------------------------------------------


def relative_link(from_page: str, to_path: str) -> str:
    """The link from the page ``from_page`` to the file ``to_path``, both docs-relative."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _split(target: str) -> tuple[str, str]:
    """``path`` and what follows it (``?query``, ``#anchor``)."""
    cut = min((index for index in (target.find("?"), target.find("#")) if index >= 0), default=len(target))
    return target[:cut], target[cut:]


def resolve(page: str, target: str) -> tuple[str, str] | None:
    """The docs-relative file a link of ``page`` points to, and its ``#anchor`` part; None for anything else
    (other sites, ``mailto:``, ``/absolute`` addresses, same-page anchors, links that climb out of docs/)."""
    if not target or _SCHEME.match(target) or target.startswith(("/", "#", "\\")):
        return None
    path, suffix = _split(target)
    if not path:
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    if resolved == ".." or resolved.startswith("../"):
        return None
    return resolved, suffix


# --- links in Markdown -----------------------------------------------------------------------------


def link_destinations(markdown: str) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of every link destination outside code, comments and template tags, in order
    (a destination a macro writes, ``({{ training.signup_url }})``, is a fact's, not a page's)."""
    masked = mask_code(markdown, comments=True, templates=True)
    spans = []
    for match in INLINE_START.finditer(masked):
        if match.start() > 0 and masked[match.start() - 1] == "\\":
            continue
        found = inline_destination(masked, match.end())
        if found is not None and found[1] > found[0]:
            spans.append(found[:2])
    for match in REFERENCE_DEFINITION.finditer(masked):
        group = "angle" if match["angle"] is not None else "bare"
        spans.append((match.start(group), match.end(group)))
    yield from sorted(spans)


def rewrite_links(markdown: str, *, page: str, new_page: str, relocation: Relocation) -> Rewrite:
    """``markdown`` of ``page`` (at ``new_page`` after the move) with each link to the relocated page rewritten.

    When the page itself moves (``new_page != page``) every relative link of it is recomputed too.
    """
    lines = Lines(markdown)
    pieces: list[str] = []
    changes: list[Change] = []
    cursor = 0
    for start, end in link_destinations(markdown):
        written = markdown[start:end]
        found = resolve(page, written)
        if found is None:
            continue
        path, suffix = found
        moved_to = relocation.target(path)
        if moved_to == "" or (moved_to is None and new_page == page):
            continue  # unchanged, or pointing at a page that is gone (see `dangling_links`)
        if moved_to and relocation.replaced and suffix.startswith("#"):
            suffix = ""  # the replacing page has its own headings
        after = relative_link(new_page, moved_to or path) + suffix
        if after == written:
            continue
        pieces += [markdown[cursor:start], after]
        cursor = end
        changes.append(Change(lines.position(start)[0], written, after))
    pieces.append(markdown[cursor:])
    return Rewrite("".join(pieces), tuple(changes))


def dangling_links(markdown: str, *, page: str, gone: str) -> list[Change]:
    """Links of ``page`` that point at ``gone``, a page deleted without a replacement."""
    lines = Lines(markdown)
    found = []
    for start, end in link_destinations(markdown):
        written = markdown[start:end]
        resolved = resolve(page, written)
        if resolved is not None and resolved[0] == gone:
            found.append(Change(lines.position(start)[0], written, ""))
    return found


# --- front matter ----------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _replace_scalars(text: str, replacements: list[tuple[yaml.ScalarNode, str | None]], offset: int = 0) -> str:
    """``text`` with each scalar's span replaced by its new value (None: the whole line of the entry removed)."""
    for node, value in sorted(replacements, key=lambda item: item[0].start_mark.index, reverse=True):
        start, end = node.start_mark.index + offset, node.end_mark.index + offset
        before = text[:start].rstrip(" ")
        if value is None and before.endswith(("[", ",")):
            # An item of a [flow, list]: it goes with one of its commas, the rest of the line stays.
            after = text[end:]
            stripped = after.lstrip(" ")
            if stripped.startswith(","):
                text = text[:start] + stripped[1:].lstrip(" ")
            elif before.endswith(","):
                text = before[:-1] + after
            else:
                text = text[:start] + after
            continue
        if value is None:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            text = text[:line_start] + text[line_end + 1 if line_end >= 0 else len(text) :]
            continue
        quote = text[start] if text[start] in "'\"" else ""
        text = text[:start] + f"{quote}{value}{quote}" + text[end:]
    return text


def rewrite_related(source: str, *, old: str, new: str | None) -> Rewrite:
    """``related:`` entries naming ``old`` become ``new`` (removed when ``new`` is None or already listed)."""
    match = _FRONT_MATTER.match(source)
    found = _related_list(match["yaml"]) if match is not None and old in match["yaml"] else None
    if match is None or found is None:
        return Rewrite(source, ())
    key, related = found
    hits = [item for item in related.value if isinstance(item, yaml.ScalarNode) and item.value == old]
    if not hits:
        return Rewrite(source, ())
    if any(isinstance(item, yaml.ScalarNode) and item.value == new for item in related.value):
        new = None  # the replacement is listed already: the old entry just goes
    changes = tuple(Change(item.start_mark.line + 2, old, new or "(removed)") for item in hits)
    if new is None and len(hits) == len(related.value):
        # Nothing left to list: the key goes too (an empty `related:` is not a list).
        lines = source.split("\n")
        first = key.start_mark.line + 1  # the front matter's YAML starts on the file's second line
        del lines[first : _last_line(related) + 2]
        return Rewrite("\n".join(lines), changes)
    if new is None and related.flow_style:
        raise MoveError(f"write the `related:` list with one '- ' entry per line, then remove '{old}' from it")
    text = _replace_scalars(source, [(item, new) for item in hits], offset=match.start("yaml"))
    return Rewrite(text, changes)


def _related_list(front_matter: str) -> tuple[yaml.Node, yaml.SequenceNode] | None:
    """The ``related:`` key and its list in a page's front matter, or None when there is none to rewrite."""
    if not front_matter:
        return None
    try:
        document = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None  # the build reports broken front matter; nothing safe to rewrite
    if not isinstance(document, yaml.MappingNode):
        return None
    key, related = next(((key, value) for key, value in document.value if key.value == "related"), (None, None))
    if key is None or not isinstance(related, yaml.SequenceNode):
        return None
    return key, related


# --- mkdocs.yml ---------------------------------------------------------------------------------------


def _compose(config_text: str) -> yaml.MappingNode:
    try:
        document = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise MoveError(f"mkdocs.yml cannot be read ({error}) -> fix it first") from None
    if not isinstance(document, yaml.MappingNode):
        raise MoveError("mkdocs.yml is not a mapping -> fix it first")
    return document


def _value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((value for name, value in mapping.value if name.value == key), None)


def _scalars_naming(node: yaml.Node, old: str) -> Iterator[yaml.ScalarNode]:
    """Values (never keys: redirect_maps' keys are old addresses, which stay) equal to ``old`` or ``old#anchor``."""
    if isinstance(node, yaml.ScalarNode):
        if node.value == old or node.value.startswith(f"{old}#"):
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars_naming(item, old)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _scalars_naming(value, old)


@dataclass(frozen=True)
class ConfigRewrite:
    text: str
    changes: tuple[Change, ...]


def rewrite_config(config_text: str, relocation: Relocation) -> ConfigRewrite:
    """mkdocs.yml after a page moved, was replaced or went.

    Moved: every value naming the page (nav entries, settings, redirect targets) names its new path, its nav
    entry goes to the nav section of its new folder, and its old address redirects to the new one.
    Replaced or gone: its nav entry is removed; settings and redirect targets name the replacement (or are
    removed); the old address redirects to the replacement, if there is one.
    """
    old, new = relocation.old, relocation.new
    document = _compose(config_text)
    if new is not None and redirect_maps_node(document) is None:
        raise MoveError(
            "mkdocs.yml has no `redirects` plugin with `redirect_maps:` -> add it under `plugins:` (see README)"
        )
    nav = _value(document, "nav")
    in_nav = {id(node) for node in _scalars_naming(nav, old)} if nav is not None else set()
    leaving = relocation.replaced or new is None
    changes: list[Change] = []
    replacements: list[tuple[yaml.ScalarNode, str | None]] = []
    for node in _scalars_naming(document, old):
        anchor = "" if relocation.replaced else node.value[len(old) :]
        value = None if new is None or (leaving and id(node) in in_nav) else new + anchor
        replacements.append((node, value))
        changes.append(Change(node.start_mark.line + 1, node.value, value or "(removed)"))
    text = _replace_scalars(config_text, replacements)
    if new is not None and not relocation.replaced:
        text = _relocate_nav_entry(text, new=new, changes=changes)
    if new is not None:
        text = _add_redirect(text, old=old, new=new, changes=changes)
    return ConfigRewrite(text, tuple(changes))


def _nav_sections(nav: yaml.SequenceNode) -> Iterator[tuple[str, yaml.SequenceNode]]:
    for item in nav.value:
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            title, entries = item.value[0]
            if isinstance(entries, yaml.SequenceNode):
                yield str(title.value), entries


def _folder(path: str) -> str:
    return posixpath.dirname(path)


def _relocate_nav_entry(text: str, *, new: str, changes: list[Change]) -> str:
    """A page that changed folder moves to the end of the nav section listing that folder's pages."""
    nav = _value(_compose(text), "nav")
    if not isinstance(nav, yaml.SequenceNode):
        return text
    sections = list(_nav_sections(nav))
    holding = next(((title, entries) for title, entries in sections if _lists(entries, new)), None)
    target = next(
        ((title, entries) for title, entries in sections if _lists_folder(entries, _folder(new), but=new)), None
    )
    if holding is None or target is None or holding[1] is target[1]:
        return text
    entry = next(item for item in holding[1].value if _names(item, new))
    lines = text.split("\n")
    first, last = entry.start_mark.line, _last_line(entry)
    if not lines[first].lstrip().startswith("-"):
        return text  # not a one-item line of its own: leave it where it is
    moved = lines[first : last + 1]
    del lines[first : last + 1]
    text = "\n".join(lines)
    nav = _value(_compose(text), "nav")
    assert isinstance(nav, yaml.SequenceNode)
    title, entries = next((t, e) for t, e in _nav_sections(nav) if t == target[0])
    lines = text.split("\n")
    at = _last_line(entries.value[-1]) + 1
    indent = re.match(r"^\s*", lines[entries.value[0].start_mark.line])
    old_indent = re.match(r"^\s*", moved[0])
    width = len(old_indent[0]) if old_indent else 0
    new_indent = indent[0] if indent else ""
    lines[at:at] = [new_indent + line[width:] for line in moved]
    changes.append(Change(at + 1, f"nav section '{holding[0]}'", f"nav section '{title}'"))
    return "\n".join(lines)


def _names(item: yaml.Node, page: str) -> bool:
    if isinstance(item, yaml.ScalarNode):
        return bool(item.value == page)
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
        value = item.value[0][1]
        return isinstance(value, yaml.ScalarNode) and value.value == page
    return False


def _lists(entries: yaml.SequenceNode, page: str) -> bool:
    return any(_names(item, page) for item in entries.value)


def _page_of(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.ScalarNode):
        return str(item.value)
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and isinstance(item.value[0][1], yaml.ScalarNode):
        return str(item.value[0][1].value)
    return None


def _lists_folder(entries: yaml.SequenceNode, folder: str, *, but: str) -> bool:
    pages = [page for page in map(_page_of, entries.value) if page and page != but and page.endswith(".md")]
    return any(_folder(page) == folder for page in pages)


def _last_line(node: yaml.Node) -> int:
    """0-based index of the last line a block node's text is on."""
    end = node.end_mark
    return end.line if end.column > 0 else end.line - 1


def _add_redirect(text: str, *, old: str, new: str, changes: list[Change]) -> str:
    document = _compose(text)
    maps = redirect_maps_node(document)
    assert maps is not None
    key, mapping = maps
    lines = text.split("\n")
    if isinstance(mapping, yaml.MappingNode) and mapping.flow_style:
        if mapping.value:
            raise MoveError("write `redirect_maps:` in mkdocs.yml with one 'old.md: new.md' line per redirect")
        start, end = mapping.start_mark.index, mapping.end_mark.index  # `redirect_maps: {}`
        indent = " " * (key.start_mark.column + 2)
        changes.append(Change(key.start_mark.line + 2, f"redirect from {old}", new))
        return f"{text[:start].rstrip(' ')}\n{indent}{old}: {new}{text[end:]}"
    entries = list(mapping.value) if isinstance(mapping, yaml.MappingNode) else []
    # The page takes back an address that redirected elsewhere: that redirect goes.
    for entry_key, _value_node in reversed(entries):
        if entry_key.value == new:
            first, last = entry_key.start_mark.line, _last_line(_value_node)
            del lines[first : last + 1]
            changes.append(Change(first + 1, f"redirect from {new}", "(removed: the page is back at that address)"))
            return _add_redirect("\n".join(lines), old=old, new=new, changes=changes)
    if entries:
        indent = " " * entries[0][0].start_mark.column
        at = _last_line(entries[-1][1]) + 1
    else:
        indent = " " * (key.start_mark.column + 2)
        at = key.start_mark.line + 1
    lines.insert(at, f"{indent}{old}: {new}")
    changes.append(Change(at + 1, f"redirect from {old}", new))
    return "\n".join(lines)
