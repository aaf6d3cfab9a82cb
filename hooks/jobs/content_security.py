"""Content security: pages carry no code, links to other hosts do not leak, every page ships a Content-Security-Policy.

- Page content, as a browser parses it: a located error for anything off the
  allowlist of what articles may contain (scripts, handlers, <svg>, forms,
  inline styles, ...), for ``javascript:``/``data:`` links and for frames
  from hosts not listed in ``extra.helpcenter.iframe_hosts``; a warning for
  plain ``http://``; an error for an id or name the theme's own templates and
  scripts use (``__config``, ``__search``, ...), which would take over the theme.
- Finished pages: any script or event handler that is not the site's own stops
  the build, located at the source that wrote it; ``rel="noopener noreferrer"``
  on links to other hosts; a policy that allows exactly the site's own scripts.
- The site: a ``_headers`` file with that policy, ``frame-ancestors 'none'``
  and the other security headers for every file (hooks/DEPLOYING.md).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
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
from helpcenter.security.headers import HEADERS_FILE, headers_file
from helpcenter.security.theme_names import ThemeNames, collect_theme_names
from jobs.build import Build, Setup

THEME_SCRIPTS = "partials/javascripts/"


def _site_host(setup: Setup) -> str:
    return (urlsplit(setup.site_url or "").hostname or "").lower()


def know_theme_names(setup: Setup, config: MkDocsConfig, files: Files) -> ThemeNames:
    """The ids and names the theme's templates and scripts (Material's, overrides/, extra_javascript) use."""
    folders = [Path(folder) for folder in config.theme.dirs]
    templates = [path for folder in folders for path in folder.rglob("*.html")]
    scripts = [
        path.read_text(encoding="utf-8", errors="replace")
        for folder in folders
        for path in (folder / "assets" / "javascripts").rglob("*.js")
    ]
    for script in config.extra_javascript:
        file = files.get_file_from_path(normalize_url(str(script)))
        if file is not None and file.src_dir == str(setup.project.docs_dir):
            data = file.content_bytes
            file.content_bytes = data  # MkDocs writes these bytes: a file under docs/ is opened once
            scripts.append(data.decode("utf-8", errors="replace"))
    return collect_theme_names(templates, scripts)


def check_html(setup: Setup, theme: ThemeNames, page: Page, source: PageSource | None, tree: HtmlTree) -> list[Finding]:
    problems = scan_content(
        tree, iframe_hosts=setup.settings.helpcenter.iframe_hosts, site_host=_site_host(setup), theme=theme
    )
    if not problems:
        return []
    return locate(problems, source.text if source else "", setup.project.display(page.file.src_uri))


def know_theme(env: Environment, config: MkDocsConfig) -> ScriptAllowlist:
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

    return ScriptAllowlist(sources, inline_scripts_for)


def secure_page(build: Build, page: Page, output: str) -> str:
    base_url = get_relative_url(".", page.url)
    source = build.sources.of(page.file.src_uri)
    rendered = build.pages.get(page.file.src_uri)
    return _secure(
        build,
        output,
        page_url=page.url,
        base_url=base_url,
        structured_data=rendered.faq_jsonld if rendered is not None else None,
        where=build.setup.project.display(page.file.src_uri),
        source=source,
    )


def know_page_depth(build: Build, page: Page) -> None:
    """A finished page taken from the cache: its depth's inline scripts still go into site/_headers' policy."""
    if not build.setup.serving:
        build.scripts.inline_hashes(get_relative_url(".", page.url))


def secure_template(build: Build, name: str, output: str) -> str:
    # As MkDocs renders error pages: URLs from the site's root path, so they work at any address.
    base_url = urlsplit(build.setup.site_url or "/").path if name == "404.html" else get_relative_url(".", name)
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
    problems = check_output(
        output, page_url=page_url, base_url=base_url, allowed=allowed, structured_data=structured_data
    )
    for problem in problems:
        finding = _origin(build, problem, where, source)
        if finding is not None:
            build.report.add([finding])
    output = add_rel_noopener(output, _site_host(build.setup))
    if build.setup.serving:
        return output  # `mkdocs serve` injects a live-reload script no policy can know in advance
    return insert_policy(output, _policy(build.setup, allowed.inline_hashes(base_url)))


def page_policy(build: Build, base_url: str) -> str:
    """The ``<meta>`` policy of a page whose way to the site's root is ``base_url`` (a redirect page's too)."""
    return _policy(build.setup, build.scripts.inline_hashes(base_url))


def _policy(setup: Setup, script_hashes: frozenset[str], *, header: bool = False) -> str:
    endpoint = setup.settings.feedback.endpoint
    # The feedback widget POSTs to its endpoint, so the policy must let it connect there.
    connect = [found for found in [origin(endpoint)] if found] if endpoint else []
    frames = setup.settings.helpcenter.iframe_hosts
    return content_security_policy(script_hashes, frame_hosts=frames, connect_origins=connect, header=header)


def write_headers(build: Build, config: MkDocsConfig) -> None:
    """The site's ``_headers``: the policy (every page depth's inline scripts) and the other security headers,
    for every file the host serves: SVGs, the search worker and the rest, which no ``<meta>`` reaches."""
    if build.setup.serving:
        return
    policy = _policy(build.setup, build.scripts.all_inline_hashes(), header=True)
    (Path(config.site_dir) / HEADERS_FILE).write_text(headers_file(policy), encoding="utf-8")


def _origin(build: Build, problem: OutputProblem, where: str, source: PageSource | None) -> Finding | None:
    """The source that wrote it: a page (its body or front matter), the facts file, mkdocs.yml, else the theme.

    None when a check of that source already reported that line: the problem is reported once, where it is.
    """
    evidence = problem.evidence.strip()
    others = (other for other in build.sources.pages.values() if other is not source)
    candidates = [
        *((page.path, page.text) for page in ([source] if source is not None else [])),
        *((page.path, page.text) for page in others),
        (build.setup.settings.helpcenter.facts_file, build.facts.document.text),
        (build.setup.project.config_name, build.setup.config_text),
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
