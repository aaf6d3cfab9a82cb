"""Content security: pages carry no code, links to other hosts do not leak, every page ships a Content-Security-Policy.

- Page content, as a browser parses it: a located error for anything off the
  allowlist of what articles may contain (scripts, handlers, <svg>, forms,
  inline styles, ...), for ``javascript:``/``data:`` links and for frames
  from hosts not listed in ``extra.helpcenter.iframe_hosts``; a warning for
  plain ``http://``.
- Finished pages: any script or event handler that is not the site's own stops
  the build, located at the source that wrote it; ``rel="noopener noreferrer"``
  on links to other hosts; a policy that allows exactly the site's own scripts.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, normalize_url

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.pages.source import PageSource
from helpcenter.security.content import (
    OutputProblem,
    ScriptAllowlist,
    add_rel_noopener,
    check_output,
    content_security_policy,
    insert_policy,
    locate,
    origin,
    scan_content,
    template_scripts,
)
from jobs.build import Build

THEME_SCRIPTS = "partials/javascripts/"


def _site_host(build: Build) -> str:
    return (urlsplit(build.site_url or "").hostname or "").lower()


def check_html(build: Build, page: Page, source: PageSource | None, tree: HtmlTree) -> None:
    problems = scan_content(tree, iframe_hosts=build.settings.helpcenter.iframe_hosts, site_host=_site_host(build))
    if problems:
        path = build.project.display(page.file.src_uri)
        build.report.add(locate(problems, source.text if source else "", path))


def know_theme(build: Build, env: Environment, config: MkDocsConfig) -> None:
    """The scripts a page may carry, from the theme's files and templates and mkdocs.yml's extra_javascript."""
    sources = {normalize_url(str(script)) for script in config.extra_javascript}
    for folder in config.theme.dirs:
        scripts = Path(folder) / "assets" / "javascripts"
        if scripts.is_dir():
            sources.update(path.relative_to(folder).as_posix() for path in scripts.rglob("*.js"))
    partials = env.list_templates(filter_func=lambda name: name.startswith(THEME_SCRIPTS))
    features = config.theme.get("features") or []

    def inline_scripts_for(base_url: str) -> list[str]:
        return [
            body
            for name in partials
            for body in template_scripts(
                env.get_template(name).render(config=config, base_url=base_url, features=features, page=None)
            )
        ]

    build.scripts = ScriptAllowlist(sources, inline_scripts_for)


def secure_page(build: Build, page: Page, output: str) -> str:
    base_url = get_relative_url(".", page.url)
    source = build.sources.get(page.file.src_uri)
    return _secure(
        build,
        output,
        page_url=page.url,
        base_url=base_url,
        structured_data=build.faq_jsonld.get(page.file.src_uri),
        where=build.project.display(page.file.src_uri),
        source=source,
    )


def secure_template(build: Build, name: str, output: str) -> str:
    # As MkDocs renders error pages: URLs from the site's root path, so they work at any address.
    base_url = urlsplit(build.site_url or "/").path if name == "404.html" else get_relative_url(".", name)
    return _secure(build, output, page_url=name, base_url=base_url, structured_data=None, where=name, source=None)


def _secure(
    build: Build,
    output: str,
    *,
    page_url: str,
    base_url: str,
    structured_data: str | None,
    where: str,
    source: PageSource | None,
) -> str:
    allowed = build.scripts
    if allowed is None:
        return output
    problems = check_output(
        output, page_url=page_url, base_url=base_url, allowed=allowed, structured_data=structured_data
    )
    for problem in problems:
        finding = _origin(build, problem, where, source)
        if finding is not None:
            build.report.add([finding])
    output = add_rel_noopener(output, _site_host(build))
    if build.serving:
        return output  # `mkdocs serve` injects a live-reload script no policy can know in advance
    return insert_policy(output, page_policy(build, base_url))


def page_policy(build: Build, base_url: str) -> str:
    """The Content-Security-Policy of a page whose way to the site's root is ``base_url``."""
    allowed = build.scripts
    hashes = allowed.inline_hashes(base_url) if allowed is not None else frozenset()
    endpoint = build.settings.feedback.endpoint
    # The feedback widget POSTs to its endpoint, so the policy must let it connect there.
    connect = [found for found in [origin(endpoint)] if found] if endpoint else []
    frames = build.settings.helpcenter.iframe_hosts
    return content_security_policy(hashes, frame_hosts=frames, connect_origins=connect)


def _origin(build: Build, problem: OutputProblem, where: str, source: PageSource | None) -> Finding | None:
    """The source that wrote it: a page (its body or front matter), the facts file, mkdocs.yml, else the theme.

    None when a check of that source already reported that line: the problem is reported once, where it is.
    """
    evidence = problem.evidence.strip()
    others = (other for other in build.sources.values() if other is not source)
    candidates = [
        *((page.path, page.text) for page in ([source] if source is not None else [])),
        *((page.path, page.text) for page in others),
        (build.settings.helpcenter.facts_file, build.facts_text),
        (build.project.config_name, build.config_text),
    ]
    for path, text in candidates:
        index = text.find(evidence) if evidence else -1
        if index < 0:
            continue
        line = text.count("\n", 0, index) + 1
        if build.report.reported_at(path, line):
            return None
        column = index - text.rfind("\n", 0, index)
        return Finding(path, line, column, "script-not-allowed", f"{problem.message} -> remove it from here")
    return Finding(
        where,
        1,
        1,
        "script-not-allowed",
        f"{problem.message} (from the theme or a hook, not this page)"
        " -> ask a developer to check overrides/ and hooks/",
    )
