"""Every file the site publishes besides its pages: only types that run no script on the site's origin.

Nothing here knows about MkDocs. MkDocs copies every file under docs/ into the
site as it is, and a browser runs an ``.html`` page, an ``.xml`` file with a
stylesheet, a ``.js`` file a page points a worker at, or an SVG with a
``<script>`` with the site's origin: its cookies, its storage, its readers.
A ``<meta>`` Content-Security-Policy protects none of them.

`judge_file` allows a short list of types (raster images, PDF, audio, video,
fonts), the CSS and JavaScript mkdocs.yml lists as the site's own, and SVG
drawings that an XML parser finds free of scripts, event handlers,
``foreignObject``, HTML and references to anything outside the drawing.
Anything else stops the build at the file, with what to do instead.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from xml.parsers import expat

from helpcenter.findings import Finding

RASTER = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp"})
DOCUMENTS = frozenset({".pdf"})
MEDIA = frozenset({".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".m4v", ".webm", ".ogv", ".vtt"})
FONTS = frozenset({".woff", ".woff2", ".ttf", ".otf"})
STATIC_TYPES = RASTER | DOCUMENTS | MEDIA | FONTS
CODE_TYPES = frozenset({".css", ".js", ".mjs", ".javascript"})

_TYPES = "images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF, audio, video and fonts"
_PAGE = "write it as a Markdown page (.md); for a download readers keep, save it as PDF"
_BLOCKED = {
    **dict.fromkeys(
        (".html", ".htm", ".xhtml", ".shtml", ".xht", ".mht", ".mhtml", ".svgz"),
        f"a page in HTML runs its scripts with the help center's address, beyond what the build checks -> {_PAGE}",
    ),
    **dict.fromkeys(
        (".xml", ".xsl", ".xslt", ".rss", ".atom"),
        f"an XML file can carry a stylesheet that runs script with the help center's address -> {_PAGE}",
    ),
}

SVG_NS = "http://www.w3.org/2000/svg"
# Elements that run script, embed a document or hold HTML; in any namespace, in any letter case.
_ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"})
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "discard"})
_EXTERNAL_URL = re.compile(r"url\(\s*(?![\s'\"]*#)|@import", re.IGNORECASE)
# A raster picture inside the drawing is still only a picture.
_EMBEDDED_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp);", re.IGNORECASE)
_REDRAW = "export the drawing again as plain SVG, or save it as PNG"


def own_assets(listed: Iterable[str]) -> frozenset[str]:
    """The site's own CSS and JavaScript under docs/ (paths from docs/): what mkdocs.yml lists, without queries."""
    return frozenset(posixpath.normpath(str(path).split("?", 1)[0].split("#", 1)[0]).lstrip("/") for path in listed)


def judge_file(src_uri: str, shown: str, own: frozenset[str], content: Callable[[], bytes]) -> list[Finding]:
    """What stops a file (published as ``src_uri``, shown as ``shown``) from being served on the site's origin.

    ``content`` reads the file, for the types whose content is judged."""
    suffix = posixpath.splitext(src_uri)[1].lower()
    if suffix in STATIC_TYPES:
        return []
    if suffix == ".svg":
        return svg_problems(content(), shown)
    if suffix in CODE_TYPES:
        if src_uri in own:
            return []
        kind, setting = ("stylesheet", "extra_css") if suffix == ".css" else ("script", "extra_javascript")
        return [
            _whole(
                shown,
                "file-type-not-allowed",
                f"a {kind} mkdocs.yml does not list as the site's own: any page or worker could load it with the help"
                f" center's address -> delete it; the site's own {kind}s live under docs/assets/, listed in"
                f" {setting} in mkdocs.yml, reviewed by a developer",
            )
        ]
    if suffix in _BLOCKED:
        return [_whole(shown, "file-type-not-allowed", _BLOCKED[suffix])]
    what = f"'{suffix}' files are" if suffix else "files without an extension are"
    return [
        _whole(
            shown,
            "file-type-not-allowed",
            f"{what} not among the types the help center publishes ({_TYPES}) -> save it as one of those,"
            " or ask a developer to add its type to hooks/helpcenter/security/static_files.py after review",
        )
    ]


def _whole(shown: str, code: str, message: str) -> Finding:
    return Finding(shown, 0, None, code, message)  # line 0: the file as a whole


# --- SVG ---------------------------------------------------------------------------------------------


class _Refused(Exception):
    pass


class _SvgReader:
    """One pass of expat (an XML parser, as a browser reads an .svg file) noting what the drawing must not hold.

    Expat fetches nothing; entities and DTDs are refused, so nothing is expanded into the drawing."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.problems: list[tuple[int, int, str]] = []
        self._style: list[str] | None = None
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartDoctypeDeclHandler = self._doctype

    def _add(self, message: str) -> None:
        self.problems.append((self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1, message))

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        for message in _element_problems(namespace, local, attributes):
            self._add(message)
        self._style = [] if local.lower() == "style" else None

    def _end(self, name: str) -> None:
        if self._style is not None and _EXTERNAL_URL.search("".join(self._style)):
            self._add(f"<style> loads something from outside the drawing -> {_REDRAW}")
        self._style = None

    def _text(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    def _instruction(self, target: str, data: str) -> None:
        self._add(f"<?{target} ...?> can load a stylesheet from elsewhere -> {_REDRAW}")

    def _doctype(self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
        # A public DTD (as drawing tools write it) is never fetched; declarations of its own are expanded.
        if has_internal_subset:
            self._add(f"the file declares its own entities, which a browser expands into the drawing -> {_REDRAW}")
            raise _Refused  # read no further: the declarations could expand without bound


def svg_problems(data: bytes, shown: str) -> list[Finding]:
    """Everything in an SVG file that could run script, show HTML or load something from elsewhere."""
    reader = _SvgReader()
    try:
        reader.parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as error:
        message = f"not a well-formed SVG file ({expat.ErrorString(error.code)}) -> {_REDRAW}"
        reader.problems.append((error.lineno, error.offset + 1, message))
    return [Finding(shown, line, column, "svg-not-allowed", message) for line, column, message in reader.problems]


def _element_problems(namespace: str, local: str, attributes: dict[str, str]) -> Iterator[str]:
    name = local.lower()
    if name in _ACTIVE_ELEMENTS:
        what = "runs script" if name in ("script", "handler", "listener") else "embeds HTML or another document"
        yield f"<{local}> {what} when the file is opened -> {_REDRAW}"
    elif namespace != SVG_NS:
        yield f"<{local}> is not SVG (namespace '{namespace or 'none'}') -> {_REDRAW}"
    if name in _ANIMATIONS and _is_reference(attributes.get("attributeName", "")):
        yield f"<{local}> changes a link of the drawing, which can make it run script -> {_REDRAW}"
    for attribute, value in attributes.items():
        yield from _attribute_problems(attribute.rpartition(" ")[2], value)


def _is_reference(name: str) -> bool:
    local = name.split(":")[-1].strip().lower()
    return local in ("href", "src") or local.startswith("on")


def _attribute_problems(name: str, value: str) -> Iterator[str]:
    local = name.lower()
    target = value.strip()
    if local.startswith("on"):
        yield f"'{name}' runs script when a reader opens or touches the drawing -> {_REDRAW}"
    elif local in ("href", "src") and not target.startswith("#") and not _EMBEDDED_PICTURE.match(target):
        shown = target[:60] or "(empty)"
        yield f"'{name}' points outside the drawing ('{shown}') -> keep everything inside it; {_REDRAW}"
    elif _EXTERNAL_URL.search(value):
        yield f"'{name}' loads something from outside the drawing -> {_REDRAW}"
