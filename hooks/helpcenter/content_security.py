"""Content security: pages carry no code, and the site ships a Content-Security-Policy that proves it.

Nothing here knows about MkDocs.

- `scan_content` reads a page's rendered HTML (so Markdown links, attr_list
  attributes, raw HTML and macro output are all covered) and returns what must
  not be there: scripts, event handlers, ``javascript:``/``data:`` links, frames
  from hosts off the allowlist, plugins, and (as warnings) plain ``http://``.
- `locate` turns those into findings at the line and column of the page source.
- `add_rel_noopener` gives every external link ``rel="noopener noreferrer"``.
- `content_security_policy` builds the policy for one output page from the
  inline scripts the theme really emitted (their SHA-256 hashes), and
  `insert_policy` puts it in a ``<meta http-equiv>`` at the top of ``<head>``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from helpcenter.findings import Finding, Severity
from helpcenter.htmltree import HtmlTree
from helpcenter.text import Lines, mask_code

# Attributes that hold a URL the browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"})
CODE_SCHEMES = ("javascript:", "vbscript:")
PLUGIN_ELEMENTS = frozenset({"object", "embed", "applet"})
FRAME_ELEMENTS = frozenset({"iframe", "frame", "frameset"})
# Elements that load a resource into the page (CSP limits these to the site itself).
LOADING_ELEMENTS = frozenset({"img", "audio", "video", "source", "track", "link", "input"})
_NO_NAVIGATION = "-> link to a page of the help center or to an https:// address"


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
    return re.escape(value.strip()[:80])


def scan_content(tree: HtmlTree, *, iframe_hosts: Iterable[str], site_host: str) -> list[ContentProblem]:
    """Everything in a page's content that could run code, load foreign content, or leak readers."""
    allowed_frames = {host.lower() for host in iframe_hosts}
    hosts_text = ", ".join(sorted(allowed_frames)) or "none yet"
    problems: list[ContentProblem] = []
    for element in tree.elements:
        tag = element.tag
        if tag == "script":
            problems.append(
                ContentProblem(
                    (r"(?i)<script\b",),
                    "script-tag",
                    "<script> would run code in readers' browsers -> remove it; behaviour belongs in the theme"
                    " (overrides/), reviewed by a developer",
                )
            )
        elif tag in PLUGIN_ELEMENTS:
            problems.append(
                ContentProblem(
                    (rf"(?i)<{tag}\b",),
                    "plugin-element",
                    f"<{tag}> embeds a plugin or foreign document -> link to the file instead",
                )
            )
        elif tag == "base":
            problems.append(
                ContentProblem(
                    (r"(?i)<base\b",), "base-tag", "<base> changes where every link on the page goes -> remove it"
                )
            )
        elif tag == "meta":
            problems.append(
                ContentProblem(
                    (r"(?i)<meta\b",),
                    "meta-tag",
                    "<meta> in a page can redirect readers or change the page's security policy -> remove it;"
                    " page metadata goes in the front matter",
                )
            )
        elif tag in FRAME_ELEMENTS:
            source = element.get("src") or ""
            host = _host(source)
            if element.get("srcdoc") is not None:
                problems.append(
                    ContentProblem(
                        (_attribute_needle("srcdoc"),),
                        "iframe-srcdoc",
                        "an iframe with srcdoc runs arbitrary HTML -> embed a page from an allowed host instead",
                    )
                )
            elif not source.strip().lower().startswith("https://") or host not in allowed_frames:
                problems.append(
                    ContentProblem(
                        (_value_needle(source), rf"(?i)<{tag}\b") if source.strip() else (rf"(?i)<{tag}\b",),
                        "iframe-host",
                        f"<{tag}> from '{_short(source) or '(no src)'}' is not allowed: frames must be https:// from an"
                        f" allowed host ({hosts_text}) -> embed from one of them, or, after review, add the host"
                        " to extra.helpcenter.iframe_hosts in mkdocs.yml",
                    )
                )
        for name, raw_value in element.attributes.items():
            name = name.lower()
            value = raw_value or ""
            if name.startswith("on"):
                problems.append(
                    ContentProblem(
                        (_attribute_needle(name),),
                        "event-handler",
                        f"'{name}' would run code when readers use the page -> remove the attribute;"
                        " pages cannot carry JavaScript",
                    )
                )
                continue
            if name not in URL_ATTRIBUTES and name != "srcset":
                continue
            scheme = _scheme_text(value)
            if scheme.startswith(CODE_SCHEMES):
                problems.append(
                    ContentProblem(
                        (_value_needle(value), r"(?i)(?:java|vb)\s*script\s*:"),
                        "unsafe-url",
                        f"'{_short(value)}' would run code when followed {_NO_NAVIGATION}",
                    )
                )
            elif scheme.startswith("data:") and not (tag == "img" and name == "src"):
                problems.append(
                    ContentProblem(
                        (_value_needle(value), r"(?i)\bdata\s*:"),
                        "unsafe-url",
                        f"'{_short(value)}' (a data: URL) can carry a whole page or script {_NO_NAVIGATION}",
                    )
                )
            elif scheme.startswith("http:"):
                secure = "https:" + value.strip()[5:]
                problems.append(
                    ContentProblem(
                        (_value_needle(value),),
                        "insecure-link",
                        f"'{_short(value)}' is not encrypted -> use '{_short(secure)}' if that site supports it",
                        severity="warning",
                    )
                )
            elif (
                tag in LOADING_ELEMENTS
                and (name in ("src", "srcset", "poster") or (tag == "link" and name == "href"))
                and scheme.startswith("https:")
                and _host(value) not in ("", site_host)
            ):
                problems.append(
                    ContentProblem(
                        (_value_needle(value),),
                        "external-resource",
                        f"<{tag}> loads '{_short(value)}' from another host, which the site's Content-Security-Policy"
                        " blocks (and which tells that host who reads the page) -> save the file under docs/"
                        " and link to it there",
                    )
                )
    return problems


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


_INLINE_SCRIPT = re.compile(
    r"<script(?P<attributes>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<body>.*?)</script\s*>", re.I | re.S
)
_DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?(?:application/(?:ld\+)?json|text/template)""", re.I)


def inline_script_hashes(page_html: str) -> list[str]:
    """CSP source expressions (``'sha256-...'``) for the inline scripts of a page, in order, without repeats."""
    hashes: dict[str, None] = {}
    for script in _INLINE_SCRIPT.finditer(page_html):
        if re.search(r"\bsrc\s*=", script["attributes"], re.I) or _DATA_TYPES.search(script["attributes"]):
            continue  # external scripts are covered by 'self'; JSON data blocks never run
        hashes[_script_hash(script["body"])] = None
    return list(hashes)


@functools.lru_cache(maxsize=256)
def _script_hash(body: str) -> str:
    # Cached: the theme's inline scripts are the same on every page.
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def origin(url: str) -> str | None:
    """``https://host[:port]`` of an absolute http(s) URL, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(
    page_html: str, *, frame_hosts: Iterable[str] = (), connect_origins: Iterable[str] = ()
) -> str:
    """The policy for one output page: the site's own files, plus exactly what this page needs.

    Inline scripts are allowed by hash, never by 'unsafe-inline'. Styles allow
    inline, because the theme sets style attributes. Directives that a
    ``<meta>`` policy ignores (frame-ancestors, report-uri, sandbox) are left out.
    """
    scripts = " ".join(["'self'", *inline_script_hashes(page_html)])
    frames = " ".join(f"https://{host}" for host in sorted(set(frame_hosts))) or "'none'"
    connect = " ".join(["'self'", *sorted(set(connect_origins))])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
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
