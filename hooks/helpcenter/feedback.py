"""The "Was this article helpful?" widget: its settings, where it appears, and the page manifest.

Nothing here knows about MkDocs. `parse_settings` validates ``extra.feedback``
in mkdocs.yml (the environment variable HELPCENTER_FEEDBACK_ENDPOINT overrides
the endpoint); `widget_for` decides, per page, whether the widget shows; the
manifest functions write the list of articles the feedback service accepts
votes for (feedback/feedback_service/pages.py reads it). The browser side is
docs/assets/javascripts/feedback.js.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from helpcenter.findings import Finding
from helpcenter.pages import is_article

ENDPOINT_VARIABLE = "HELPCENTER_FEEDBACK_ENDPOINT"
MANIFEST_NAME = "feedback-pages.json"  # in the built site, for a deployed service to fetch
MANIFEST_CACHE = Path(".cache") / "feedback" / "pages.json"  # in the project, for the local service
MANIFEST_FORMAT = 1


class FeedbackConfigError(ValueError):
    """``extra.feedback`` (or the environment variable) is unusable; the message says how to fix it.

    ``key`` is where in mkdocs.yml the problem is written, or None when it comes from the environment;
    the location is the key's value, or with ``at_value=False`` the key itself.
    """

    def __init__(self, message: str, key: tuple[str, ...] | None, *, at_value: bool = True) -> None:
        super().__init__(message)
        self.key, self.at_value = key, at_value


@dataclass(frozen=True)
class Reason:
    value: str  # what the service receives: these values are the contract with feedback_service
    label: str  # what the reader sees


# The follow-up reasons after a "No", in the order readers see them.
REASONS = (
    Reason("confusing-or-wrong", "This information is confusing or wrong"),
    Reason("not-what-i-was-looking-for", "This isn't the information that I was looking for"),
    Reason("dislike-functionality", "I don't like this functionality"),
)


@dataclass(frozen=True)
class FeedbackSettings:
    endpoint: str | None  # the service's base URL (it serves {endpoint}/api/votes); None: no vote buttons
    version: str  # identifies the build, e.g. the commit; "" when unknown


@dataclass(frozen=True)
class FeedbackWidget:
    """What the template needs for one page."""

    page_key: str  # remembers the vote per page in localStorage
    title: str
    url: str
    endpoint: str | None
    version: str
    reasons: tuple[Reason, ...] = REASONS


_EXAMPLES = "e.g. https://feedback.example.com or /feedback on the site's own host"


def _valid_endpoint(endpoint: object, key: tuple[str, ...] | None) -> str | None:
    where = "extra.feedback.endpoint" if key else ENDPOINT_VARIABLE
    if endpoint is None or endpoint == "":
        return None
    if not isinstance(endpoint, str):
        raise FeedbackConfigError(f"{where} must be an address, got {endpoint!r} -> write it as a string", key)
    parts = urlsplit(endpoint)
    if parts.query or parts.fragment:
        raise FeedbackConfigError(
            f"{where} {endpoint!r} has a query or fragment -> give the service's base address, {_EXAMPLES}", key
        )
    if parts.scheme in ("https", "http") and parts.netloc:
        return endpoint.rstrip("/")
    if not parts.scheme and not parts.netloc and endpoint.startswith("/"):
        return endpoint.rstrip("/")  # same origin as the site, behind the same reverse proxy
    raise FeedbackConfigError(
        f"{where} {endpoint!r} is not an http(s) address or a path starting with '/' -> {_EXAMPLES}", key
    )


def parse_settings(block: object, version: str, environ: Mapping[str, str]) -> FeedbackSettings:
    """Validate ``extra.feedback`` (absent, empty or a mapping with ``endpoint``); the environment wins."""
    if block is None:
        block = {}
    if not isinstance(block, Mapping):
        raise FeedbackConfigError(
            "extra.feedback must be a mapping -> e.g. `feedback: {endpoint: https://feedback.example.com}`",
            ("extra", "feedback"),
        )
    unknown = sorted(set(block) - {"endpoint"})
    if unknown:
        raise FeedbackConfigError(
            f"extra.feedback has unknown key(s) {', '.join(map(str, unknown))} -> the only key is `endpoint`",
            ("extra", "feedback", unknown[0]),
            at_value=False,
        )
    endpoint = _valid_endpoint(block.get("endpoint"), ("extra", "feedback", "endpoint"))
    override = environ.get(ENDPOINT_VARIABLE, "").strip()
    if override:
        endpoint = _valid_endpoint(override, None)
    return FeedbackSettings(endpoint=endpoint, version=version)


def locate_key(config_text: str, key: Sequence[str], *, at_value: bool = True) -> tuple[int, int]:
    """Line and column of ``key`` (a path of mapping keys) in a YAML file: of its value when that is a
    non-empty scalar and ``at_value``, else of the key; of its deepest written parent if the key itself
    is not written there; 1:1 if the file cannot be parsed."""
    try:
        node = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 1, 1
    where = (1, 1)
    for name in key:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
                scalar = isinstance(value_node, yaml.ScalarNode) and value_node.value
                target = value_node if at_value and scalar else key_node
                where = (target.start_mark.line + 1, target.start_mark.column + 1)
                node = value_node
                break
        else:
            break
    return where


def settings_problem(error: FeedbackConfigError, config_text: str, config_name: str = "mkdocs.yml") -> str:
    """The message for the build log: located in mkdocs.yml, or naming the environment variable."""
    if error.key is None:
        return f"{ENDPOINT_VARIABLE} (environment variable): {error}"
    line, column = locate_key(config_text, error.key, at_value=error.at_value)
    return str(Finding(config_name, line, column, "feedback-setting", str(error)))


def shows_widget(src_path: str, *, is_homepage: bool, hidden: Sequence[str] = ()) -> bool:
    """Articles only: not the home page, not section index pages, not pages that hide it."""
    return is_article(src_path) and not is_homepage and "feedback" not in hidden


def widget_for(
    settings: FeedbackSettings, *, src_path: str, url: str, title: str, is_homepage: bool, hidden: Sequence[str] = ()
) -> FeedbackWidget | None:
    if not shows_widget(src_path, is_homepage=is_homepage, hidden=hidden):
        return None
    return FeedbackWidget(
        page_key=src_path.replace("\\", "/"),
        title=title,
        url=url,
        endpoint=settings.endpoint,
        version=settings.version,
    )


# --- the page manifest ----------------------------------------------------------


@dataclass(frozen=True, order=True)
class ManifestPage:
    url: str  # relative to site_url, as MkDocs' page.url: billing/generate-a-bill/
    title: str
    src: str  # the source under docs/: billing/generate-a-bill.md


def merge_pages(
    previous: Sequence[ManifestPage], rendered: Mapping[str, ManifestPage | None], sources: set[str]
) -> list[ManifestPage]:
    """This build's articles: those rendered now (None: rendered without the widget), plus, for pages a
    dirty `mkdocs serve` rebuild skipped, what the previous manifest said, if the source still exists."""
    pages = {page.src: page for page in previous if page.src in sources and page.src not in rendered}
    pages.update({src: page for src, page in rendered.items() if page is not None})
    return sorted(pages.values())


def read_manifest(path: Path) -> list[ManifestPage]:
    """The pages of an earlier manifest; [] if there is none or it is unreadable (it is rewritten anyway)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [ManifestPage(item["url"], item["title"], item["src"]) for item in data["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def manifest_json(site_url: str, pages: Sequence[ManifestPage]) -> str:
    """Deterministic (sorted, no dates), so two builds of one commit stay byte-identical."""
    data = {
        "format": MANIFEST_FORMAT,
        "site_url": site_url,
        "pages": [{"url": page.url, "title": page.title, "src": page.src} for page in sorted(pages)],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_manifest(targets: Sequence[Path], site_url: str, pages: Sequence[ManifestPage]) -> None:
    text = manifest_json(site_url, pages)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)  # the service never reads a half-written file


_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


def build_version(project_dir: Path, environ: Mapping[str, str]) -> str:
    """The build's identity, stable for a commit: its short hash, else ``SOURCE_DATE_EPOCH``, else "".

    Never the wall clock, so two builds of one commit give the same bytes.
    """
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        completed = None
    commit = completed.stdout.strip() if completed is not None and completed.returncode == 0 else ""
    if _COMMIT.match(commit):
        return commit
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return f"epoch-{epoch}" if epoch.isdigit() else ""
