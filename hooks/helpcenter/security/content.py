"""Content security: pages carry no code, and the site ships a Content-Security-Policy that proves it.

Nothing here knows about MkDocs.

- `scan_content` reads a page's content as a browser parses it (so Markdown
  links, attr_list attributes, raw HTML and macro output are all covered) and
  returns what an article may not carry: anything off an allowlist of the HTML
  Markdown writes, and among what is allowed, ``javascript:``/``data:`` links,
  frames from hosts off the allowlist, and (as warnings) plain ``http://``.
- `locate` turns those into findings at the line and column of the page source.
- `check_output` reads each finished page and finds any script or event handler
  that is not the site's own (`ScriptAllowlist`, made from the theme's files and
  templates, never from the output).
- `add_rel_noopener` gives every external link ``rel="noopener noreferrer"``.
- `content_security_policy` allows those scripts and nothing else, and
  `insert_policy` puts it in a ``<meta http-equiv>`` at the top of ``<head>``.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from helpcenter.findings import Finding, Severity
from helpcenter.htmltree import Element, HtmlTree, inside
from helpcenter.security.theme_names import NO_THEME_NAMES, ThemeNames
from helpcenter.text import Lines, mask_code

# Attributes that hold a URL the browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"})
CODE_SCHEMES = ("javascript:", "vbscript:")
PLUGIN_ELEMENTS = frozenset({"object", "embed", "applet"})
FRAME_ELEMENTS = frozenset({"iframe", "frame", "frameset"})
# Elements that load a resource into the page (CSP limits these to the site itself).
LOADING_ELEMENTS = frozenset({"img", "audio", "video", "source", "track", "link", "input"})
_NO_NAVIGATION = "-> link to a page of the help center or to an https:// address"

# What Markdown and its extensions write, and what a help article needs. Anything
# else in a page is refused, whatever it does: an allowlist, not a list of known
# dangers, so markup a browser reads differently (<svg><style>, <noscript>,
# <math>) never gets the benefit of the doubt.
ALLOWED_ELEMENTS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del"),
        *("details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "picture"),
        *("pre", "q", "s", "samp", "section", "small", "source", "span", "strong", "sub", "summary", "sup"),
        *("table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "u", "ul", "var", "wbr"),
        *("audio", "video", "iframe"),
        # The document the content is parsed into: allowed, but never with attributes.
        *("html", "head", "body"),
    }
)
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden"})
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "rel", "target", "hreflang", "type", "download"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes", "align"}),
    # Task lists (checkbox) and content tabs (radio) are inputs; other kinds are forms.
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "headers", "abbr"}),
    "col": frozenset({"span", "align"}),
    "colgroup": frozenset({"span", "align"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "iframe": frozenset(
        {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "frameborder", "sandbox"}
    ),
    "video": frozenset({"src", "controls", "width", "height", "poster", "preload", "muted", "loop", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "source": frozenset({"src", "type", "srcset", "sizes", "media"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
}
_INPUT_TYPES = frozenset({"checkbox", "radio"})
# The theme's script acts on these data attributes: a page must not fake its components.
_THEME_DATA = ("data-md", "data-clipboard")
_DOCUMENT = frozenset({"html", "head", "body"})


@dataclass(frozen=True)
class ContentProblem:
    """Something in a page's HTML, before it is located in the source."""

    needles: tuple[str, ...]  # regular expressions that find it in the Markdown source, best first
    code: str
    message: str
    severity: Severity = "error"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scheme_text(value: str) -> str:
    # Browsers ignore ASCII whitespace and control characters in a URL's scheme.
    return re.sub(r"[\x00-\x20]", "", value).lower()


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _attribute_needle(name: str) -> str:
    return rf"(?i)(?<![\w-]){re.escape(name)}\s*="


def _value_needle(value: str) -> str:
    """The value as written in the source: each character may also be written as an HTML entity
    (``&#106;`` for ``j``, ``&#x09;`` for a tab inside the scheme), which the parser has already decoded."""
    parts = []
    for char in value.strip()[:40]:
        code = ord(char)
        parts.append(rf"(?:{re.escape(char)}|&\#0*{code};?|&\#[xX]0*{code:x};?|&[A-Za-z][A-Za-z0-9]{{1,31}};)")
    return "(?i)" + "".join(parts)


@dataclass(frozen=True)
class _Scan:
    """What a page's content is judged against."""

    frame_hosts: frozenset[str]
    site_host: str
    theme: ThemeNames

    @property
    def hosts_text(self) -> str:
        return ", ".join(sorted(self.frame_hosts)) or "none yet"


def scan_content(
    tree: HtmlTree, *, iframe_hosts: Iterable[str], site_host: str, theme: ThemeNames = NO_THEME_NAMES
) -> list[ContentProblem]:
    """Everything in a page's content that could run code, load foreign content, leak readers or take over
    the theme's own elements."""
    scan = _Scan(frozenset(host.lower() for host in iframe_hosts), site_host, theme)
    problems: list[ContentProblem] = []
    for element in tree.elements:
        problem = _element_problem(element, scan)
        if problem is not None:
            problems.append(problem)
        for name, raw_value in element.attributes.items():
            problem = _attribute_problem(element, name.lower(), raw_value or "", scan)
            if problem is not None:
                problems.append(problem)
    return problems


_SIMPLE_ELEMENTS = {
    "script": (
        "script-tag",
        "<script> would run code in readers' browsers -> remove it; behaviour belongs in the theme (overrides/),"
        " reviewed by a developer",
    ),
    "base": ("base-tag", "<base> changes where every link on the page goes -> remove it"),
    "meta": (
        "meta-tag",
        "<meta> in a page can redirect readers or change the page's security policy -> remove it;"
        " page metadata goes in the front matter",
    ),
}


def _element_problem(element: Element, scan: _Scan) -> ContentProblem | None:
    tag = element.tag
    if tag in _SIMPLE_ELEMENTS:
        code, message = _SIMPLE_ELEMENTS[tag]
        return ContentProblem((rf"(?i)<{tag}\b",), code, message)
    if tag in PLUGIN_ELEMENTS:
        message = f"<{tag}> embeds a plugin or foreign document -> link to the file instead"
        return ContentProblem((rf"(?i)<{tag}\b",), "plugin-element", message)
    if tag in FRAME_ELEMENTS:
        return _frame_problem(element, scan)
    if tag not in ALLOWED_ELEMENTS:
        return _element_not_allowed(tag)
    if tag == "input" and (element.get("type") or "").lower() not in _INPUT_TYPES:
        return _element_not_allowed("form")
    return None


def _frame_problem(element: Element, scan: _Scan) -> ContentProblem | None:
    tag = element.tag
    source = element.get("src") or ""
    if element.get("srcdoc") is not None:
        return ContentProblem(
            (_attribute_needle("srcdoc"),),
            "iframe-srcdoc",
            "an iframe with srcdoc runs arbitrary HTML -> embed a page from an allowed host instead",
        )
    if source.strip().lower().startswith("https://") and _host(source) in scan.frame_hosts:
        return None
    return ContentProblem(
        (_value_needle(source), rf"(?i)<{tag}\b") if source.strip() else (rf"(?i)<{tag}\b",),
        "iframe-host",
        f"<{tag}> from '{_short(source) or '(no src)'}' is not allowed: frames must be https:// from an"
        f" allowed host ({scan.hosts_text}) -> embed from one of them, or, after review, add the host"
        " to extra.helpcenter.iframe_hosts in mkdocs.yml",
    )


def _attribute_problem(element: Element, name: str, value: str, scan: _Scan) -> ContentProblem | None:
    tag = element.tag
    if name.startswith("on"):
        return ContentProblem(
            (_attribute_needle(name),),
            "event-handler",
            f"'{name}' would run code when readers use the page -> remove the attribute; pages cannot carry JavaScript",
        )
    if tag in ALLOWED_ELEMENTS and not _attribute_allowed(tag, name):
        return _attribute_not_allowed(tag, name)
    if name in _NAMING_ATTRIBUTES:
        return _theme_name_problem(element, name, value, scan.theme)
    if name in URL_ATTRIBUTES or name == "srcset":
        return _url_problem(tag, name, value, scan.site_host)
    return None


# An element's own id and name, and the id a label points at: the theme finds its elements by these.
_NAMING_ATTRIBUTES = frozenset({"id", "name", "for"})


def _theme_name_problem(element: Element, name: str, value: str, theme: ThemeNames) -> ContentProblem | None:
    owner = theme.owner(value.strip(), as_name=name == "name")
    # Code highlighting numbers its lines with the theme's own ids (__codelineno-0-1), inside <pre>.
    if owner is None or (owner != value.strip() and inside(element.node, _CODE_BLOCK)):
        return None
    written = _value_needle(value).removeprefix("(?i)")
    needles = (rf"(?i)(?<![\w-]){name}\s*=\s*[\"']?{written}", rf"(?i)\{{[^}}\n]*#{written}", f"(?i){written}")
    what = f"'{value}' is" if owner == value.strip() else f"'{value}' starts with '{owner}', which is"
    return ContentProblem(
        needles,
        "theme-id",
        f"{what} the theme's own {'name' if name == 'name' else 'id'}: its scripts find their elements by it,"
        f" and a page using it takes them over -> choose another {'name' if name == 'name' else 'id'}"
        f"{_other_id(value, owner)}",
    )


_CODE_BLOCK = frozenset({"pre"})


def _other_id(value: str, owner: str) -> str:
    if owner != value.strip():
        return ""
    suggestion = owner.strip("_-:").removeprefix("hc-")
    return f" (did you mean '{suggestion}'?)" if suggestion and suggestion != owner else ""


def _url_problem(tag: str, name: str, value: str, site_host: str) -> ContentProblem | None:
    scheme = _scheme_text(value)
    if scheme.startswith(CODE_SCHEMES):
        return ContentProblem(
            (_value_needle(value), r"(?i)(?:java|vb)\s*script\s*:"),
            "unsafe-url",
            f"'{_short(value)}' would run code when followed {_NO_NAVIGATION}",
        )
    if scheme.startswith("data:") and not (tag == "img" and name == "src"):
        return ContentProblem(
            (_value_needle(value), r"(?i)\bdata\s*:"),
            "unsafe-url",
            f"'{_short(value)}' (a data: URL) can carry a whole page or script {_NO_NAVIGATION}",
        )
    if scheme.startswith("http:"):
        secure = "https:" + value.strip()[5:]
        return ContentProblem(
            (_value_needle(value),),
            "insecure-link",
            f"'{_short(value)}' is not encrypted -> use '{_short(secure)}' if that site supports it",
            severity="warning",
        )
    loads = name in ("src", "srcset", "poster") or (tag == "link" and name == "href")
    if tag in LOADING_ELEMENTS and loads and scheme.startswith("https:") and _host(value) not in ("", site_host):
        return ContentProblem(
            (_value_needle(value),),
            "external-resource",
            f"<{tag}> loads '{_short(value)}' from another host, which the site's Content-Security-Policy"
            " blocks (and which tells that host who reads the page) -> save the file under docs/"
            " and link to it there",
        )
    return None


def _attribute_allowed(tag: str, name: str) -> bool:
    if tag in _DOCUMENT:
        return False  # only content that wrote <body ...> or <html ...> gives these attributes
    if name in GLOBAL_ATTRIBUTES or name in ELEMENT_ATTRIBUTES.get(tag, ()) or name.startswith("aria-"):
        return True
    return name.startswith("data-") and not name.startswith(_THEME_DATA)


_FORM_ELEMENTS = frozenset({"form", "button", "textarea", "select", "option", "fieldset", "output"})


def _element_not_allowed(tag: str) -> ContentProblem:
    needles = (rf"(?i)<{re.escape(tag)}\b",) if tag != "form" else (r"(?i)<(?:form|input|button|textarea|select)\b",)
    if tag in ("svg", "math"):
        fix = f"save it as an image file under docs/ and show it with ![what it shows](file.{tag})"
        return ContentProblem(needles, "html-not-allowed", f"<{tag}> is not allowed in an article -> {fix}")
    if tag == "style":
        return _inline_style(needles)
    if tag in _FORM_ELEMENTS:
        return ContentProblem(
            needles,
            "html-not-allowed",
            "a form in an article could ask readers for their data -> remove it; readers reach us through"
            " the support phone and the feedback widget",
        )
    return ContentProblem(
        needles,
        "html-not-allowed",
        f"<{tag}> is not allowed in an article -> remove it, or write the same in Markdown"
        " (WRITING-REFERENCE.md#raw-html lists the HTML an article may use)",
    )


def _inline_style(needles: tuple[str, ...]) -> ContentProblem:
    return ContentProblem(
        needles,
        "inline-style",
        "inline styles are blocked by the site's Content-Security-Policy (a page could cover the screen with a fake"
        " message) -> use the theme's Markdown (admonitions, tables, lists); a new look belongs in"
        " docs/assets/stylesheets/helpcenter.css, reviewed by a developer",
    )


def _attribute_not_allowed(tag: str, name: str) -> ContentProblem:
    if name == "style":
        return _inline_style((_attribute_needle(name),))
    if tag in _DOCUMENT:
        return ContentProblem(
            (rf"(?i)<{tag}\b",),
            "html-not-allowed",
            f"<{tag} {name}=...> would change the whole page, not this article -> remove the tag",
        )
    return ContentProblem(
        (_attribute_needle(name),),
        "html-attribute",
        f"'{name}' on <{tag}> is not allowed in an article -> remove the attribute"
        " (WRITING-REFERENCE.md#raw-html lists the HTML an article may use)",
    )


def locate(problems: Iterable[ContentProblem], source: str, path: str) -> list[Finding]:
    """Findings at the place of each problem in ``source`` (the whole page file), code blocks skipped.

    The n-th problem found with the same needles is placed at the n-th match of
    the first needle that matches often enough; one the source does not show (a
    macro's output, an included snippet) goes on line 1 and says so.
    """
    masked = mask_code(source)
    lines = Lines(source)
    used: dict[tuple[str, ...], int] = {}
    findings = []
    for problem in problems:
        index = used.get(problem.needles, 0)
        used[problem.needles] = index + 1
        found = None
        for needle in problem.needles:
            matches = list(re.finditer(needle, masked))
            if index < len(matches):
                found = matches[index]
                break
        if found is not None:
            line, column = lines.position(found.start())
            message = problem.message
        else:
            line, column = 1, 1
            message = problem.message.replace(" -> ", " (it comes from a macro or a snippet) -> ", 1)
        findings.append(Finding(path, line, column, problem.code, message, problem.severity))
    return findings


# --- the output ---------------------------------------------------------------------

_A_START_TAG = re.compile(r"<a(?=[\s>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
REL_EXTERNAL = ("noopener", "noreferrer")


def is_external(href: str, site_host: str) -> bool:
    url = html_lib.unescape(href).strip()
    return url.lower().startswith(("http://", "https://", "//")) and _host(url) not in ("", site_host)


def add_rel_noopener(page_html: str, site_host: str) -> str:
    """Every ``<a href>`` to another host gets ``rel="noopener noreferrer"`` (existing rel tokens are kept)."""

    def fix(match: re.Match[str]) -> str:
        tag = match[0]
        if "//" not in tag and "&" not in tag:
            return tag  # no absolute URL, even entity-encoded: most tags of a page (nav, toc)
        attributes = {m[1].lower(): m for m in _ATTRIBUTE.finditer(tag[2:-1])}
        href = attributes.get("href")
        if href is None or not is_external(href[2] or href[3] or href[4] or "", site_host):
            return tag
        rel = attributes.get("rel")
        if rel is None:
            return f'{tag[:2]} rel="{" ".join(REL_EXTERNAL)}"{tag[2:]}'
        tokens = (rel[2] or rel[3] or rel[4] or "").split()
        wanted = " ".join([*tokens, *(token for token in REL_EXTERNAL if token not in tokens)])
        start, end = rel.span()
        return f'{tag[: 2 + start]}rel="{wanted}"{tag[2 + end :]}'

    return _A_START_TAG.sub(fix, page_html) if "<a" in page_html else page_html


_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(?P<body>.*?)</script\s*>", re.I | re.S)
_JAVASCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


def script_hash(body: str) -> str:
    """The CSP source expression (``'sha256-...'``) that allows one inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def template_scripts(rendered: str) -> list[str]:
    """The bodies of the inline scripts in a rendered theme template (the project's own, trusted text)."""
    return [match["body"] for match in _INLINE_SCRIPT.finditer(rendered)]


class ScriptAllowlist:
    """The scripts a page of this site may carry: the theme's and the project's files, and the theme's own
    inline scripts, hashed from the theme's templates (never from a page's output)."""

    def __init__(self, sources: Iterable[str], inline_scripts_for: Callable[[str], Iterable[str]]) -> None:
        self.sources = frozenset(sources)  # site paths, e.g. "assets/javascripts/bundle.min.js"
        self._inline_scripts_for = inline_scripts_for  # base_url -> the bodies of the theme's inline scripts
        self._hashes: dict[str, frozenset[str]] = {}

    def all_inline_hashes(self) -> frozenset[str]:
        """The theme's inline scripts of every page depth this build rendered."""
        return frozenset().union(*self._hashes.values())

    def inline_hashes(self, base_url: str) -> frozenset[str]:
        # The theme's inline scripts depend on the page's depth only (its base_url): a few renders per build.
        if base_url not in self._hashes:
            self._hashes[base_url] = frozenset(script_hash(body) for body in self._inline_scripts_for(base_url))
        return self._hashes[base_url]


@dataclass(frozen=True)
class OutputProblem:
    """Something in a finished page that no source of this project should have produced."""

    evidence: str  # text of the offending script or attribute, to find the source that wrote it
    message: str


def _site_path(page_url: str, src: str) -> str | None:
    """A script's ``src`` as a path from the site root, or None for another host."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        return None
    base = page_url if page_url.endswith("/") or not page_url else page_url.rsplit("/", 1)[0] + "/"
    return posixpath.normpath(posixpath.join(base, parts.path)).lstrip("/")


# An event-handler attribute starts after whitespace, "/" or the quote that closed the value before it
# (the tokenizer's rules); text without this has none, so most pages skip the walk over every element.
_HANDLER_LIKE = re.compile(r"""[\s"'/]on[a-z]+\s*=""", re.IGNORECASE)


def check_output(
    page_html: str, *, page_url: str, base_url: str, allowed: ScriptAllowlist, structured_data: str | None
) -> list[OutputProblem]:
    """Every script and event handler in a finished page that is not one of the site's own."""
    problems: list[OutputProblem] = []
    parser = LexborHTMLParser(page_html, scripting=True)
    root = parser.root
    if root is None:
        return problems
    if _HANDLER_LIKE.search(page_html):
        for node in root.traverse(include_text=False):
            for name, value in node.attributes.items():
                if name.lower().startswith("on"):
                    message = f"the finished page has an event handler '{name}' that no template of this site writes"
                    problems.append(OutputProblem(value or name, message))
    for node in parser.css("script"):
        attributes = node.attributes
        body = node.text(deep=True) or ""
        kind = (attributes.get("type") or "").strip().lower()
        src = attributes.get("src")
        if src is not None:
            path = _site_path(page_url, src)
            if path is None or path not in allowed.sources:
                problems.append(
                    OutputProblem(src, f"the finished page loads a script this site does not ship, '{src}'")
                )
        elif kind in _JAVASCRIPT_TYPES:
            if script_hash(body) not in allowed.inline_hashes(base_url):
                problems.append(
                    OutputProblem(
                        body.strip()[:60], "the finished page runs an inline script no template of this site writes"
                    )
                )
        elif kind == "application/json" and attributes.get("id") == "__config":
            continue  # the theme's settings, written by its base template as JSON
        elif kind == "application/ld+json" and structured_data is not None and body == structured_data:
            continue  # the FAQ's structured data, from the same parse as its questions
        else:
            problems.append(
                OutputProblem(
                    body.strip()[:60],
                    f"the finished page has a script of type '{kind}' no template of this site writes",
                )
            )
    return problems


def origin(url: str) -> str | None:
    """``https://host[:port]`` of an absolute http(s) URL, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(
    script_hashes: Iterable[str],
    *,
    frame_hosts: Iterable[str] = (),
    connect_origins: Iterable[str] = (),
    header: bool = False,
) -> str:
    """The policy for one page: the site's own files, and by hash exactly the theme's own inline scripts.

    Never 'unsafe-inline': not for scripts, and not for styles either (the theme
    sets styles from its script files, which the policy does not restrict; a
    style attribute in a page could cover the screen with a fake message).
    ``frame-ancestors``, which a ``<meta>`` policy ignores, only in a ``header``.
    """
    scripts = " ".join(["'self'", *sorted(set(script_hashes))])
    frames = " ".join(f"https://{host}" for host in sorted(set(frame_hosts))) or "'none'"
    connect = " ".join(["'self'", *sorted(set(connect_origins))])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        *(["frame-ancestors 'none'"] if header else []),
    ]
    return "; ".join(directives)


_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def insert_policy(page_html: str, policy: str) -> str:
    """Put the policy right after ``<meta charset>`` (or at the top of ``<head>``), before any script."""
    value = html_lib.escape(policy, quote=False).replace('"', "&quot;")  # the policy's own quotes stay readable
    tag = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    charset = _CHARSET.search(page_html)
    if charset:
        return f"{page_html[: charset.end()]}\n    {tag}{page_html[charset.end() :]}"
    head = re.search(r"<head\b[^>]*>", page_html, re.IGNORECASE)
    if head:
        return f"{page_html[: head.end()]}\n    {tag}{page_html[head.end() :]}"
    return page_html
