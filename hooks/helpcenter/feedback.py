"""The "Was this article helpful?" widget: its settings, where it appears, and what it links to.

Nothing here knows about MkDocs. `parse_settings` validates the ``extra.feedback``
block of mkdocs.yml; `widget_for` decides, per page, whether the widget shows
and with which data (the browser side is docs/assets/javascripts/feedback.js).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from helpcenter.pages import is_article


class FeedbackConfigError(ValueError):
    """``extra.feedback`` in mkdocs.yml is unusable; the message says how to fix it."""


@dataclass(frozen=True)
class Reason:
    value: str  # what the endpoint receives
    label: str  # what the reader sees


# The follow-up reasons after a "No", in the order readers see them. The values
# are what the feedback service stores (do not change them); the labels are ours.
REASONS = (
    Reason("confusing-or-wrong", "It is unclear, or something in it is wrong"),
    Reason("not-what-i-was-looking-for", "It does not answer my question"),
    Reason("dislike-functionality", "I don't like how this feature works"),
)


@dataclass(frozen=True)
class FeedbackSettings:
    endpoint: str | None  # JSON POST target; None: readers get the report link instead
    new_issue_url: str | None  # e.g. https://github.com/org/repo/issues/new
    version: str  # identifies the build, e.g. the commit; "" when unknown


@dataclass(frozen=True)
class FeedbackWidget:
    """What the template needs for one page."""

    page_key: str  # remembers the vote per page in localStorage
    title: str
    url: str
    endpoint: str | None
    version: str
    report_url: str | None
    reasons: tuple[Reason, ...] = REASONS


_GIT_HOSTS = {"github.com": "/issues/new", "gitlab.com": "/-/issues/new"}


def new_issue_url(repo_url: str | None) -> str | None:
    """The "new issue" address of a GitHub or GitLab repository, else None."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    suffix = _GIT_HOSTS.get(parts.netloc.lower())
    path = parts.path.rstrip("/").removesuffix(".git")
    if suffix is None or path.count("/") < 2:
        return None
    return f"https://{parts.netloc}{path}{suffix}"


def feedback_settings(endpoint: str | None, repo_url: str | None, version: str) -> FeedbackSettings:
    """Where readers' answers go: the validated endpoint, else the repository's new-issue page."""
    issues = new_issue_url(repo_url)
    if endpoint is None and issues is None:
        raise FeedbackConfigError(
            "readers' feedback has nowhere to go: extra.feedback.endpoint is not set and repo_url is not a GitHub"
            " or GitLab repository -> set extra.feedback.endpoint in mkdocs.yml"
        )
    return FeedbackSettings(endpoint=endpoint, new_issue_url=issues, version=version)


def report_url(new_issue: str, title: str, page_url: str) -> str:
    """A new-issue link prefilled with the page's title and address."""
    query = {"title": f"Feedback: {title}", "body": f"Page: {page_url}\n\nWhat is wrong or missing?\n"}
    if "gitlab" in urlsplit(new_issue).netloc:
        query = {f"issue[{key}]": value for key, value in query.items()}
    return f"{new_issue}?{urlencode(query)}"


def shows_widget(src_path: str, *, is_homepage: bool, hidden: Sequence[str] = ()) -> bool:
    """Articles only: not the home page, not section index pages, not pages that hide it."""
    return is_article(src_path) and not is_homepage and "feedback" not in hidden


def widget_for(
    settings: FeedbackSettings, *, src_path: str, url: str, title: str, is_homepage: bool, hidden: Sequence[str] = ()
) -> FeedbackWidget | None:
    if not shows_widget(src_path, is_homepage=is_homepage, hidden=hidden):
        return None
    report = None
    if settings.endpoint is None and settings.new_issue_url:
        report = report_url(settings.new_issue_url, title, url)
    return FeedbackWidget(
        page_key=src_path.replace("\\", "/"),
        title=title,
        url=url,
        endpoint=settings.endpoint,
        version=settings.version,
        report_url=report,
    )


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
