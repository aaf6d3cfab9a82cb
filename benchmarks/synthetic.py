"""A synthetic help center of N articles that passes the project's own checks.

The site is shaped like a real help center grows: categories hold topics, and
topics hold about twenty articles each, every category and topic with an index
page that lists what it contains (so a pruned nav still reaches every article).
Each article is a little longer than the real site's longest (the FAQ, some 400
words) and has valid front matter (tags from ``data/tags.yml``, ``related``
pages, ``reviewed``), six question headings with explicit anchors, about twelve
cross-links to other articles' anchors, and shared facts written as macros, so
the project's hooks do their real work on it.

The project is written with ``tests/sitebuilder.make_site``, i.e. with the
repository's real ``mkdocs.yml`` (hooks, plugins, extensions, strictness) read at
run time, so the benchmark always measures what ships. Three comparison configs
sit next to it: ``stock`` (plain Material and search, nothing else), ``prune``
(stock with Material's ``navigation.prune``) and ``nohooks`` (ours without the
project's hooks).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sitebuilder import make_site, real_config  # noqa: E402 - needs the path above

ARTICLES_PER_TOPIC = 20
MAX_CATEGORIES = 12
HEADINGS_PER_ARTICLE = 6
LINKS_PER_ARTICLE = 12

CATEGORIES = [
    ("after-import", "After your import", "checking imported records"),
    ("matters", "Matters", "matters"),
    ("billing", "Billing", "bills"),
    ("payments", "Payments", "payments"),
    ("contacts", "Contacts", "contacts"),
    ("calendar", "Calendar and tasks", "calendar entries"),
    ("documents", "Documents", "documents"),
    ("time-tracking", "Time tracking", "time entries"),
    ("reports", "Reports", "reports"),
    ("integrations", "Integrations", "connected apps"),
    ("users", "Users and permissions", "user accounts"),
    ("client-portal", "Client portal", "portal invitations"),
]
ASPECTS = [
    "basics",
    "settings",
    "troubleshooting",
    "imports",
    "templates",
    "automation",
    "sharing",
    "exports",
    "notifications",
    "archiving",
    "custom fields",
    "bulk changes",
    "audit history",
    "mobile app",
    "email",
    "deadlines",
    "approvals",
    "numbering",
    "rates",
    "statements",
    "reminders",
    "tags",
    "filters",
    "search",
    "security",
]
VERBS = [
    "Create",
    "Edit",
    "Review",
    "Archive",
    "Restore",
    "Share",
    "Export",
    "Import",
    "Merge",
    "Delete",
    "Rename",
    "Filter",
    "Sort",
    "Print",
    "Schedule",
    "Approve",
    "Assign",
    "Duplicate",
    "Lock",
    "Find",
]
QUESTIONS = [
    ("Who can change {obj}?", "who-can-change"),
    ("Why does {obj} look different after the import?", "after-the-import"),
    ("How do I undo a change to {obj}?", "undo-a-change"),
    ("What happens to {obj} when a matter closes?", "when-a-matter-closes"),
    ("Can I change {obj} for many records at once?", "many-records"),
    ("Where do I find {obj} on the mobile app?", "mobile-app"),
    ("How long does a change to {obj} take to appear?", "how-long"),
    ("What should I check before I start?", "before-you-start"),
    ("Why is the option greyed out?", "greyed-out"),
    ("How do I get help with {obj}?", "get-help"),
    ("Which reports include {obj}?", "which-reports"),
    ("What if something is missing?", "something-missing"),
]
SENTENCES = [
    "Open {obj} from the main menu and choose the record you want to work on.",
    "Your firm's administrators decide who may change {obj}, so ask them if an option is missing.",
    "Changes are saved as soon as you leave the field, and everyone on the matter sees them.",
    "If a value came across from your old system, check it against your own records first.",
    "Filters at the top of the list narrow it down by client, responsible lawyer or date.",
    "The activity feed keeps a history of who changed what and when.",
    "Most firms review {obj} once a week, so small problems never pile up.",
    "You can keep working while the update runs; a banner tells you when it has finished.",
    "Bulk actions apply to every selected row, so check the selection before you confirm.",
    "Nothing is sent to clients until you choose to share it with them.",
]
TABLE = """
| Setting | Who can change it |
|---|---|
| Visibility | Administrators |
| Default view | Everyone |
"""
STEPS = [
    "Open the record.",
    "Select **Edit** in the top right corner.",
    "Change the fields you need.",
    "Check the preview, then select **Save**.",
    "Tell the people on the matter what changed.",
]
FACT_SENTENCES = [
    "Call {{ support.team }} at {{ support.phone }} if the steps above do not match what you see.",
    "Raise wrong imported values with your {{ roles.migration_team }} within {{ review_window }}.",
    "Outstanding balances arrive as {{ migration.outstanding_balances }}, so check them before you bill.",
    "New to {{ product }}? The {{ training.program }} walks you through the basics.",
    "Everything you set up here stays inside {{ product }}.",
]


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@dataclass
class Article:
    path: str  # under docs/, e.g. "billing/bills-basics/create-bills.md"
    title: str
    obj: str
    questions: list[tuple[str, str]]  # (heading, anchor)
    faq: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, relative href)


@dataclass
class Topic:
    path: str  # folder under docs/
    title: str
    articles: list[Article]


@dataclass
class Category:
    path: str
    title: str
    topics: list[Topic]


def shape(n_articles: int) -> list[int]:
    """Articles per topic; topics are spread over about sqrt(topics) categories."""
    n_topics = max(1, math.ceil(n_articles / ARTICLES_PER_TOPIC))
    sizes = [n_articles // n_topics + (1 if t < n_articles % n_topics else 0) for t in range(n_topics)]
    return sizes


def plan(n_articles: int, seed: int = 6) -> list[Category]:
    """The site's tree: categories, topics and articles with their headings and anchors."""
    rng = random.Random(seed)
    sizes = shape(n_articles)
    n_categories = min(MAX_CATEGORIES, max(1, round(math.sqrt(len(sizes)))))
    categories = [Category(path, title, []) for path, title, _ in CATEGORIES[:n_categories]]
    for t, size in enumerate(sizes):
        category = categories[t % n_categories]
        noun = CATEGORIES[t % n_categories][2]
        round_ = t // n_categories
        aspect = ASPECTS[round_ % len(ASPECTS)] + (f" {round_ // len(ASPECTS) + 1}" if round_ >= len(ASPECTS) else "")
        topic_title = f"{noun.capitalize()}: {aspect}"
        topic_path = f"{category.path}/{slug(noun + ' ' + aspect)}"
        articles = []
        for a in range(size):
            verb = VERBS[a % len(VERBS)]
            extra = f" ({a // len(VERBS) + 1})" if a >= len(VERBS) else ""
            obj = f"{noun} {aspect}"
            title = f"{verb} {obj}{extra}"
            chosen = rng.sample(QUESTIONS, HEADINGS_PER_ARTICLE)
            questions = [(q.format(obj=obj), anchor) for q, anchor in chosen]
            articles.append(Article(f"{topic_path}/{slug(title)}.md", title, obj, questions, faq=a == 0))
        category.topics.append(Topic(topic_path, topic_title, articles))
    everything = [a for c in categories for t in c.topics for a in t.articles]
    by_topic = {a.path: t for c in categories for t in c.topics for a in t.articles}
    for article in everything:
        siblings = [a for a in by_topic[article.path].articles if a is not article]
        near = rng.sample(siblings, min(len(siblings), LINKS_PER_ARTICLE // 2))
        far = rng.sample(everything, LINKS_PER_ARTICLE - len(near))
        for target in near + far:
            if target is article:
                target = everything[(everything.index(article) + 1) % len(everything)]
            _, anchor = rng.choice(target.questions)
            href = os.path.relpath(target.path, os.path.dirname(article.path)).replace(os.sep, "/")
            article.links.append((target.title, f"{href}#{anchor}"))
    return categories


def tags_available() -> list[str]:
    tags_file = ROOT / "data" / "tags.yml"
    if not tags_file.exists():
        return []
    return list(yaml.safe_load(tags_file.read_text(encoding="utf-8")) or {})


def front_matter(fields: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\n"


def article_markdown(
    article: Article, related: list[str], tags: list[str], reviewed: dt.date, rng: random.Random
) -> str:
    meta: dict[str, Any] = {
        "title": article.title,
        "description": f"How to {article.title.lower()}, and answers to common questions about it.",
    }
    if tags:
        meta["tags"] = tags
    meta["related"] = related
    if article.faq:
        meta["faq"] = True
    meta["reviewed"] = reviewed
    out = [front_matter(meta)]
    opening = rng.choice(SENTENCES).format(obj=article.obj)
    out.append(f"This article explains how to work with {article.obj} in {{{{ product }}}}. {opening}\n")
    if article.faq:
        out.append("\n{{ question_index() }}\n")
    links = iter(article.links)
    for number, (heading, anchor) in enumerate(article.questions):
        out.append(f"\n## {heading} {{#{anchor}}}\n\n")
        first, second = (s.format(obj=article.obj) for s in rng.sample(SENTENCES, 2))
        link_a, link_b = next(links, None), next(links, None)
        text = first
        if link_a:
            text += f" For the details, see [{link_a[0]}]({link_a[1]})."
        text += " " + second
        if link_b:
            text += f" Related: [{link_b[0]}]({link_b[1]})."
        out.append(text + "\n")
        out.append("\n" + FACT_SENTENCES[number % len(FACT_SENTENCES)] + "\n")
        if number == 1:
            out.append("\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(STEPS, 1)) + "\n")
        elif number == 2:
            tip = rng.choice(SENTENCES).format(obj=article.obj)
            out.append(f'\n!!! tip "Before you change {article.obj}"\n    {tip}\n')
        elif number == 3:
            out.append(TABLE)
        elif number == 4 and article.faq:
            out.append("\nThe data that does not come across:\n\n{{ not_migrated() }}\n")
    return "".join(out)


def index_markdown(title: str, description: str, tags: list[str], entries: list[tuple[str, str, str]]) -> str:
    meta: dict[str, Any] = {"title": title, "description": description}
    if tags:
        meta["tags"] = tags
    lines = [front_matter(meta), f"{description}\n"]
    lines.extend(f"\n- [{text}]({href}): {blurb}" for text, href, blurb in entries)
    return "".join(lines) + "\n"


def pages_and_nav(n_articles: int, seed: int = 6) -> tuple[dict[str, str], list[Any]]:
    """Markdown of every page (path under docs/ -> text) and the nav, section index pages first."""
    rng = random.Random(seed + 1)
    categories = plan(n_articles, seed)
    tags = tags_available()
    reviewed = dt.date.today() - dt.timedelta(days=7)
    pages: dict[str, str] = {}
    nav: list[Any] = [{"Home": "index.md"}]
    home_entries = []
    for category in categories:
        cat_nav: list[Any] = [f"{category.path}/index.md"]
        cat_entries = []
        for topic in category.topics:
            topic_nav: list[Any] = [f"{topic.path}/index.md"]
            topic_entries = []
            for article in topic.articles:
                related = [a.path for a in rng.sample(topic.articles, min(3, len(topic.articles))) if a is not article]
                article_tags = rng.sample(tags, min(2, len(tags)))
                pages[article.path] = article_markdown(article, related[:2], article_tags, reviewed, rng)
                topic_nav.append(article.path)
                topic_entries.append((article.title, os.path.basename(article.path), f"{article.title.lower()}."))
            pages[f"{topic.path}/index.md"] = index_markdown(
                topic.title, f"Every article about {topic.title.lower()}.", tags[:1], topic_entries
            )
            topic_href = f"{os.path.basename(topic.path)}/index.md"
            cat_nav.append({topic.title: topic_nav})
            cat_entries.append((topic.title, topic_href, f"{len(topic.articles)} articles."))
        pages[f"{category.path}/index.md"] = index_markdown(
            category.title, f"Topics about {category.title.lower()}.", tags[:1], cat_entries
        )
        nav.append({category.title: cat_nav})
        home_entries.append((category.title, f"{category.path}/index.md", f"{len(category.topics)} topics."))
    home = "Guides for every part of the product, by category."
    pages["index.md"] = index_markdown("Help center", home, tags[:1], home_entries)
    return pages, nav


# --- configurations ----------------------------------------------------------------------

STOCK_CONFIG: dict[str, Any] = {
    "site_name": "Help Center (stock)",
    "theme": {"name": "material"},
    "plugins": ["search"],
}

# Stands in for the hooks in the "nohooks" variant: the same page variables and macros, so pages
# render identically, registered through mkdocs-macros' own module mechanism instead of hooks.
NOHOOKS_MODULE = """
from pathlib import Path

from helpcenter.facts.model import load_facts, not_migrated_markdown, template_variables
from helpcenter.rendering.sandbox import block


def define_env(env):
    facts = load_facts(Path(__file__).parent / "data" / "facts.yml", "data/facts.yml")
    env.variables.update(template_variables(facts))
    env.macro(lambda: block("not_migrated", not_migrated_markdown(facts)), "not_migrated")
    env.macro(lambda: "", "question_index")
"""


def _write_config(path: Path, settings: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path


def write_site(root: Path, n_articles: int, *, git: bool = True) -> dict[str, Path]:
    """Write the synthetic project into ``root``; return the config file of each variant."""
    pages, nav = pages_and_nav(n_articles)
    # The site's own static files (stylesheet, scripts, logo, favicon) ship with every build.
    assets = {
        f"docs/{path.relative_to(ROOT / 'docs').as_posix()}": path.read_bytes()
        for path in sorted((ROOT / "docs").rglob("*"))
        if path.is_file() and path.suffix != ".md"
    }
    ours = make_site(root, pages, nav=nav, extra_files=assets)
    settings = yaml.safe_load(ours.read_text(encoding="utf-8"))
    # make_site drops exclude_docs (fixture sites have no snippets); the real site excludes them.
    if "exclude_docs" in real_config():
        settings["exclude_docs"] = real_config()["exclude_docs"]
        _write_config(ours, settings)

    stock = _write_config(root / "mkdocs-stock.yml", {**STOCK_CONFIG, "nav": nav})
    # The one-line fix people try first, for comparison: stock plus Material's navigation.prune.
    prune_theme = {**STOCK_CONFIG["theme"], "features": ["navigation.prune"]}
    prune = _write_config(root / "mkdocs-prune.yml", {**STOCK_CONFIG, "theme": prune_theme, "nav": nav})

    nohooks_settings = {**settings, "hooks": []}
    plugins = []
    for plugin in nohooks_settings.get("plugins", []):
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin = {"macros": {**(plugin["macros"] or {}), "module_name": "bench_macros"}}
        plugins.append(plugin)
    nohooks_settings["plugins"] = plugins
    (root / "bench_macros.py").write_text(NOHOOKS_MODULE, encoding="utf-8")
    nohooks = _write_config(root / "mkdocs-nohooks.yml", nohooks_settings)

    if git:
        _commit(root)
    return {"stock": stock, "prune": prune, "ours": ours, "nohooks": nohooks}


def _commit(root: Path) -> None:
    """One commit, so hooks that read git history (last updated) take their real path."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "synthetic help center"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic help center project.")
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", "--articles", type=int, default=200)
    parser.add_argument("--no-git", action="store_true")
    options = parser.parse_args()
    for name, path in write_site(options.root, options.articles, git=not options.no_git).items():
        print(f"{name}: {path}")
