"""Links that are not what they look like, or lead off the web: judged before any other link check.

Nothing here knows about MkDocs; helpcenter/links/judge.py asks `risky_link` about
every link a page emits (helpcenter/pages/integrity.py finds bidi controls in page text).

- ``file:`` links open a file on the reader's own computer (or a share on
  their network), never something the site publishes.
- ``//host/path`` (and ``\\\\host``, ``/\\host``, which browsers read the same
  way) takes its scheme from the page, so the same link is https on the site
  and file: when the page is saved to disk.
- A host name that mixes scripts (paypal.com with a Cyrillic U+0430 for its
  first "a") or is written in another script's Latin look-alikes (apple.com
  spelled in Cyrillic) imitates another site: the IDN homograph attack.
- Bidi control characters (U+202E RIGHT-TO-LEFT OVERRIDE, ...) make text show
  in another order than it is read, so a link or a file name can read as
  something else.

Writers cannot silence these (``data-linkcheck="ignore"`` or front matter).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from helpcenter.text import BIDI_CONTROLS, bidi_name

BIDI_PATTERN = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
CODES = frozenset({"file-link", "protocol-relative-link", "mixed-script-host", "bidi-control"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_WEB = ("http", "https")
# Scripts that legitimately share one label with Latin letters (as browsers' IDN display policies allow).
_ALLOWED_MIXES = (
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "CJK", "HANGUL"}),
    frozenset({"LATIN", "CJK", "BOPOMOFO"}),
)
# Letters of other scripts that look like Latin letters, as host names are written (lower case).
_LOOK_ALIKES = frozenset(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb"  # Cyrillic
    "\u04cf\u051b\u051d\u04af\u0432\u043a\u043c\u043d\u0442\u050d"  # Cyrillic
    "\u03b1\u03bf\u03b9\u03c1\u03c5\u03bd\u03ba\u03c4\u03c7\u03b5\u03b7\u03f2\u03f3"  # Greek
    "\u0585\u057d\u0578\u0570\u0566\u0581"  # Armenian
)


def _shown(url: str, limit: int = 80) -> str:
    url = BIDI_PATTERN.sub(lambda match: f"<U+{ord(match[0]):04X}>", url)
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _normalised(href: str) -> str:
    # As the URL standard reads an href: leading and trailing C0 controls and spaces go, tabs and
    # newlines anywhere go, and a backslash counts as a slash.
    return re.sub(r"[\t\n\r]", "", re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", href)).replace("\\", "/")


def _script(character: str) -> str | None:
    if character.isascii():
        return "LATIN" if character.isalpha() else None
    if not character.isalpha():
        return None  # digits, hyphens, combining marks belong to every script
    return unicodedata.name(character, "UNKNOWN").split(" ")[0]


def _unicode_label(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            return label
    return label


def host_problem(host: str) -> str | None:
    """Why a host name imitates another site, or None."""
    labels = [_unicode_label(label) for label in host.lower().split(".")]
    shown = ".".join(labels)
    try:
        ascii_form = shown.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_form = ""
    if ascii_form and ascii_form != shown:
        shown = f"{shown}, really {ascii_form}"
    for label in labels:
        scripts = {script for script in map(_script, label) if script}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _ALLOWED_MIXES):
            named = " and ".join(sorted(script.title() for script in scripts))
            return f"mixes {named} letters ({shown})"
        letters = [character for character in label if character.isalpha()]
        if scripts and scripts != {"LATIN"} and letters and all(letter in _LOOK_ALIKES for letter in letters):
            (script,) = scripts
            return f"is written in {script.title()} letters that look like Latin ones ({shown})"
    return None


def risky_link(href: str) -> tuple[str, str] | None:
    """``(code, message)`` for a link that is not what it looks like or leads off the web, else None."""
    bidi = BIDI_PATTERN.search(href)
    if bidi:
        return (
            "bidi-control",
            f"`{_shown(href)}` holds {bidi_name(bidi[0])}, an invisible character that changes the order text is"
            " shown in, so the link can read as another -> delete it",
        )
    url = _normalised(href)
    scheme = _SCHEME.match(url)
    if scheme and scheme[1].lower() == "file":
        return (
            "file-link",
            f"`{_shown(href)}` opens a file on the reader's own computer, not one the site publishes -> put the file"
            " under docs/ and link to it there, or link to an https:// address",
        )
    if url.startswith("//"):
        return (
            "protocol-relative-link",
            f"`{_shown(href)}` has no scheme, so it becomes file: when the page is opened from disk -> write"
            f" `https:{_shown(url)}`",
        )
    if scheme and scheme[1].lower() in _WEB:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        problem = host_problem(host)
        if problem:
            return (
                "mixed-script-host",
                f"`{_shown(href)}`: the host name {problem}, the way look-alike sites imitate real ones -> check the"
                " address, and type the host name in plain letters",
            )
    return None
