"""Create a new article with correct front matter and add it to the nav (`make article`).

    make article TITLE="How to export your contacts" SECTION=billing
    make article TITLE="Questions about exports" SECTION=billing KIND=faq
    make article TITLE="..." SECTION=billing DESCRIPTION="One sentence." TAGS=billing,payments

KIND is howto (steps, the default) or faq (questions and their answers). Each
option can also come from the environment (TITLE, SECTION, KIND, DESCRIPTION,
TAGS, SLUG), which is how `make article` passes them. The section's page lists
the new article by itself, from the nav.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import yaml

from helpcenter.pages.front_matter import FrontMatterError, TagsError, load_tags, parse_front_matter
from helpcenter.pages.scaffold import (
    ScaffoldError,
    add_to_nav,
    article_text,
    check_kind,
    check_section,
    check_slug,
    default_description,
    resolve_tags,
    slug_for,
)

ROOT = Path(__file__).resolve().parents[1]


def _settings(config_file: Path) -> tuple[Path, str]:
    """docs_dir and the tag list's name, read without importing the site's plugins."""

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold tags such as !ENV or !!python/name: keep them opaque.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    docs_dir = config_file.parent / (config.get("docs_dir") or "docs")
    helpcenter = (config.get("extra") or {}).get("helpcenter") or {}
    return docs_dir, helpcenter.get("tags_file", "data/tags.yml")


def _section_tags(index: Path) -> list[str]:
    try:
        tags = parse_front_matter(index.read_text(encoding="utf-8")).data.get("tags") or []
    except (OSError, FrontMatterError):
        return []
    return [tag for tag in tags if isinstance(tag, str)]


def create_article(
    *,
    config_file: Path,
    title: str,
    section: str,
    today: dt.date,
    description: str = "",
    tags: str = "",
    slug: str = "",
    kind: str = "howto",
) -> list[str]:
    """Write the page and update the nav; return what to tell the writer. Raises ScaffoldError."""
    kind = check_kind(kind)
    docs_dir, tags_file = _settings(config_file)
    sections = sorted(path.parent.name for path in docs_dir.glob("*/index.md"))
    section = section.strip().strip("/")
    check_section(section, sections)
    name = check_slug(slug) if slug.strip() else slug_for(title)
    page = f"{section}/{name}.md"
    target = docs_dir / page
    # Belt and braces: whatever the checks above let through, the page stays inside its section of docs/.
    if target.resolve().parent != (docs_dir / section).resolve() or not target.resolve().is_relative_to(
        docs_dir.resolve()
    ):
        raise ScaffoldError(f"docs/{page} would be written outside docs/{section}/ -> use a plain SLUG")
    if target.exists():
        raise ScaffoldError(f"docs/{page} already exists -> choose another title, or SLUG=another-name")
    known_tags = load_tags(config_file.parent / tags_file, tags_file)
    chosen = resolve_tags(tags.split(","), _section_tags(docs_dir / section / "index.md"), known_tags)
    text = article_text(
        title=title,
        description=description.strip() or default_description(title),
        tags=chosen,
        reviewed=today,
        kind=kind,
    )
    nav = add_to_nav(config_file.read_text(encoding="utf-8"), section=section, page=page)

    target.write_text(text, encoding="utf-8")
    if nav.section_title is not None:
        temporary = config_file.with_name(config_file.name + ".tmp")
        temporary.write_text(nav.text, encoding="utf-8")
        temporary.replace(config_file)
    shown = os.path.relpath(target, Path.cwd()) if target.is_relative_to(Path.cwd()) else str(target)
    told = [f"Created {shown}"]
    if nav.section_title is not None:
        told.append(
            f"Added it to the nav in {config_file.name} (line {nav.line}), at the end of '{nav.section_title}'."
        )
        told.append("The section's page lists it by itself (from the nav): add it to no other list.")
    if not description.strip():
        told.append("Next: replace the description in its front matter with one sentence about the article.")
    told.append("Then write the article and preview it with: make serve")
    return told


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    environ = os.environ
    parser.add_argument("--title", default=environ.get("TITLE", ""), help='e.g. "How to export your contacts"')
    parser.add_argument("--section", default=environ.get("SECTION", ""), help="a folder of docs/, e.g. billing")
    parser.add_argument("--kind", default=environ.get("KIND", ""), help="howto (steps, the default) or faq")
    parser.add_argument("--description", default=environ.get("DESCRIPTION", ""), help="one sentence, <= 160 characters")
    parser.add_argument("--tags", default=environ.get("TAGS", ""), help="comma-separated, from data/tags.yml")
    parser.add_argument("--slug", default=environ.get("SLUG", ""), help="file name if not the one made from the title")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="the site's mkdocs.yml")
    # The review date is the writer's today, not SOURCE_DATE_EPOCH (which pins build output to a commit).
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the 'reviewed' date")
    args = parser.parse_args(argv)
    if not args.title.strip():
        print('usage: make article TITLE="How to ..." SECTION=billing [KIND=faq]', file=sys.stderr)
        return 2
    try:
        told = create_article(
            config_file=Path(args.config_file),
            title=args.title,
            section=args.section,
            today=args.today,
            description=args.description,
            tags=args.tags,
            slug=args.slug,
            kind=args.kind,
        )
    except (ScaffoldError, TagsError) as error:
        print(f"make article: {error}", file=sys.stderr)
        return 2
    print("\n".join(told))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
