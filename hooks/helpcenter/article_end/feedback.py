"""The "Was this article helpful?" widget: where it appears, what it sends, and the page manifest.

Nothing here knows about MkDocs. `widget_for` decides, per page, whether the
widget shows; the manifest functions write the list of articles the feedback
service accepts votes for (feedback/feedback_service/pages.py reads it). The
endpoint is a setting (`helpcenter.settings`); the browser side is
docs/assets/javascripts/feedback.js.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpcenter.articles import is_article

MANIFEST_NAME = "feedback-pages.json"  # in the built site, for a deployed service to fetch
MANIFEST_CACHE = Path(".cache") / "feedback" / "pages.json"  # in the project, for the local service
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Reason:
    value: str  # what the service receives: these values are the contract with feedback_service
    label: str  # what the reader sees


# The follow-up reasons after a "No", in the order readers see them.
REASONS = (
    Reason("confusing-or-wrong", "It is unclear, or something in it is wrong"),
    Reason("not-what-i-was-looking-for", "It does not answer my question"),
    Reason("dislike-functionality", "I don't like how this feature works"),
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


def manifest_json(site_url: str, pages: Sequence[ManifestPage]) -> str:
    """Deterministic (sorted, no dates), so two builds of one commit stay byte-identical."""
    data = {
        "format": MANIFEST_FORMAT,
        "site_url": site_url,
        "pages": [{"url": page.url, "title": page.title, "src": page.src} for page in sorted(pages)],
        # The widget's words for each reason: the service's report shows readers' words, not codes.
        "reasons": [{"value": reason.value, "label": reason.label} for reason in REASONS],
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
