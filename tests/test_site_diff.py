"""`make diff`: fixture repositories with two commits each, compared as a reader reads them.

Each test builds its base commit (from a git worktree) and its working tree,
and asserts the pages and the words the review reports. Facts are the
fixture's (tests/fixtures/facts.yml); new values are made up here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from gitrepo import commit_all, git, init
from helpcenter.facts.model import PhoneView, number_in_words, parse_facts
from helpcenter.review.readable import ReadablePage, read_page
from helpcenter.review.report import NOTHING, code, groups, html_report, hunks, markdown, terminal
from helpcenter.review.run import Review, review
from helpcenter.review.sitediff import (
    Gone,
    PageChange,
    PartDiff,
    SearchChange,
    Side,
    SiteDiff,
    SynonymChange,
    compare,
    diff_words,
)
from helpcenter.review.usage import FactUsage
from sitebuilder import FIXTURE_FACTS, ROOT, make_site, real_config

FACTS = yaml.safe_load(FIXTURE_FACTS.read_text(encoding="utf-8"))
OLD_VIEWS = parse_facts(FIXTURE_FACTS.read_text(encoding="utf-8"), "data/facts.yml")
NEW_NUMBER = "+12025550143"  # not the fixture's: a made-up number of the right shape


def article(title: str, body: str, **front: object) -> str:
    meta = {"title": title, "description": f"About {title.lower()}.", "reviewed": "2026-01-01", **front}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body


HOME = article("Home", "Welcome.\n")


def facts_with(change: Callable[[dict[str, Any]], None]) -> str:
    facts = yaml.safe_load(FIXTURE_FACTS.read_text(encoding="utf-8"))
    change(facts)
    return yaml.safe_dump(facts, sort_keys=False)


def write(repo: Path, pages: Mapping[str, str], **options: Any) -> None:
    """The project as one commit has it: docs/ and data/ written afresh."""
    for folder in ("docs", "data"):
        shutil.rmtree(repo / folder, ignore_errors=True)
    make_site(repo, pages, **options)


def two_commits(
    tmp_path: Path, before: Mapping[str, str], after: Mapping[str, str], **options: Any
) -> tuple[Path, Review]:
    """A repository whose first commit has ``before`` and second ``after`` (``options_after``: make_site's options
    for the second commit only), reviewed as `make diff BASE=HEAD~1` would."""
    options_after = options.pop("options_after", {})
    repo = init(tmp_path / "repo")
    write(repo, before, **options)
    commit_all(repo, "base", "2025-01-02T10:00:00+00:00")
    write(repo, after, **{**options, **options_after})
    commit_all(repo, "change", "2025-03-04T10:00:00+00:00")
    return repo, review(repo, tmp_path / "out", "HEAD~1")


def changed_words(part: PartDiff) -> list[tuple[str, str]]:
    """Each change of a part as (words that went, words that came)."""
    found = []
    for op in part.ops:
        if op.kind != "equal":
            went = " ".join(word.text for word in part.old_words[op.old[0] : op.old[1]])
            came = " ".join(word.text for word in part.new_words[op.new[0] : op.new[1]])
            found.append((went, came))
    return found


def changes_by_page(diff: SiteDiff) -> dict[str, dict[str, list[tuple[str, str]]]]:
    return {change.url: {part.part: changed_words(part) for part in change.parts} for change in diff.changed}


# --- a fact changes -------------------------------------------------------------------------------------------

WINDOW_PAGE = "Check your data within {{ review_window }} of the import.\n"


def test_a_fact_change_reports_old_and_new_and_the_three_pages_that_render_it(tmp_path: Path) -> None:
    pages = {
        "index.md": HOME,
        "one.md": article("One", WINDOW_PAGE),
        "two.md": article("Two", "Intro.\n\n" + WINDOW_PAGE),
        "three.md": article("Three", WINDOW_PAGE),
        "other.md": article("Other", "Nothing about time.\n"),
    }
    old_length = FACTS["review_window"]["length"]
    new_length = old_length + 2
    facts = facts_with(lambda facts: facts["review_window"].update(length=new_length))
    _repo, done = two_commits(tmp_path, pages, pages, options_after={"facts": facts})
    diff = done.diff

    (fact,) = diff.facts
    assert (fact.fact, fact.old, fact.new) == ("review_window.length", str(old_length), str(new_length))
    assert [(page.url, page.title, page.where) for page in fact.pages] == [
        ("one/", "One", ("docs/one.md:7",)),
        ("three/", "Three", ("docs/three.md:7",)),
        ("two/", "Two", ("docs/two.md:9",)),
    ]
    words = (number_in_words(old_length), number_in_words(new_length))
    assert changes_by_page(diff) == {url: {"Body": [words]} for url in ("one/", "three/", "two/")}
    assert [change.facts for change in diff.changed] == [("review_window.length",)] * 3
    assert len(groups(diff.changed)) == 1  # one change, on three pages
    assert not (diff.added or diff.removed or diff.moved or diff.everywhere or diff.search or diff.synonyms)

    summary = done.markdown.read_text(encoding="utf-8")
    assert f"### Fact `review_window.length`: {old_length} → {new_length}" in summary
    assert "Rendered on 3 pages:" in summary
    for url in ("one", "two", "three"):
        assert f"`/{url}/`" in summary
    assert f"<del>{words[0]}</del> <ins>{words[1]}</ins>" in summary
    text = terminal(diff)
    assert f"Fact review_window.length: {old_length} -> {new_length}" in text
    assert f"[-{words[0]}-] {{+{words[1]}+}}" in text


def test_a_new_phone_number_lists_every_page_that_shows_it_as_fact_usage_does(tmp_path: Path) -> None:
    pages = {
        "index.md": HOME,
        "call.md": article("Call us", "Call {{ support.team }} at {{ support.phone }}.\n"),
        "quiet.md": article("Quiet", "No phone here.\n"),
    }
    facts = facts_with(lambda facts: facts["support"]["phone"].update(number=NEW_NUMBER))
    repo, done = two_commits(tmp_path, pages, pages, options_after={"facts": facts})
    diff = done.diff
    old_text = PhoneView.of(OLD_VIEWS.support.phone).text
    new_text = PhoneView.of(parse_facts(facts, "data/facts.yml").support.phone).text

    (fact,) = diff.facts
    assert (fact.fact, fact.old, fact.new) == (
        "support.phone.number",
        f'"{FACTS["support"]["phone"]["number"]}"',
        f'"{NEW_NUMBER}"',
    )
    # The page text, "Still need help?" on articles, and the search's "Still stuck? Call ..." on every page.
    assert [page.url for page in fact.pages] == ["", "404.html", "call/", "quiet/"]
    assert dict((page.url, page.where[0]) for page in fact.pages)["call/"] == "docs/call.md:7"
    changes = changes_by_page(diff)
    assert set(changes) == {"404.html", "call/", "quiet/"}  # the 404 page offers the phone too
    assert set(changes["call/"]) == {"Body", "Still need help?"}
    old_words, new_words = old_text.split(), new_text.split()
    changed_number = [(old, new) for old, new in zip(old_words, new_words, strict=True) if old != new]
    assert changes["call/"]["Body"] == changed_number
    assert changes["quiet/"]["Still need help?"] == changes["call/"]["Still need help?"]
    assert all(change == changed_number[0] for change in changes["quiet/"]["Still need help?"])
    (everywhere,) = diff.everywhere
    assert changed_words(everywhere) == changed_number

    # `make fact-usage FACT=support.phone` names the same pages.
    usage = FactUsage.from_json((tmp_path / "out" / "head" / "fact-usage.json").read_text(), "usage")
    (entry,) = usage.entries("support.phone")
    assert [page.url for page in entry.pages] == [page.url for page in fact.pages]
    summary = done.markdown.read_text(encoding="utf-8")
    for page in fact.pages:
        assert f"`/{page.url}`" in summary
    # The base was built in a worktree of its own, removed afterwards.
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


# --- snippets, templates ----------------------------------------------------------------------------------------


def test_a_snippet_change_reports_the_pages_that_include_it(tmp_path: Path) -> None:
    pages = {
        "index.md": HOME,
        "a.md": article("A", 'Before.\n\n--8<-- "hours.md"\n'),
        "b.md": article("B", '--8<-- "hours.md"\n\nAfter.\n'),
        "c.md": article("C", "No snippet.\n"),
    }
    snippet = {"_snippets/hours.md": "We answer from nine to five on weekdays.\n"}
    changed = {"_snippets/hours.md": "We answer from eight to six on weekdays.\n"}
    config = {"exclude_docs": "_snippets/\n"}
    _repo, done = two_commits(tmp_path, {**pages, **snippet}, {**pages, **changed}, config=config)
    expected = {"Body": [("nine", "eight"), ("five", "six")]}
    assert changes_by_page(done.diff) == {"a/": expected, "b/": expected}
    assert not (done.diff.facts or done.diff.added or done.diff.removed or done.diff.everywhere)


def test_a_template_change_reports_every_page_it_renders_once(tmp_path: Path) -> None:
    pages = {"index.md": HOME, "a.md": article("A", "Text.\n"), "b.md": article("B", "Text.\n")}
    repo = init(tmp_path / "repo")
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    theme = {**yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"], "custom_dir": "overrides"}
    make_site(repo, pages, config={"theme": theme})
    commit_all(repo, "base", "2025-01-02T10:00:00+00:00")
    partial = repo / "overrides" / "partials" / "hc-help.html"
    text = partial.read_text(encoding="utf-8")
    assert text.count("Call {{ support.team | e }} at") == 1
    partial.write_text(text.replace("Call {{ support.team | e }} at", "Phone {{ support.team | e }} on"), "utf-8")
    commit_all(repo, "template", "2025-03-04T10:00:00+00:00")
    diff = review(repo, tmp_path / "out", "HEAD~1").diff
    expected = {"Still need help?": [("Call", "Phone"), ("at", "on")]}
    assert changes_by_page(diff) == {"a/": expected, "b/": expected}  # articles; the home page has no such block
    assert [[change.url for change in group] for group in groups(diff.changed)] == [["a/", "b/"]]
    text = terminal(diff)
    assert "the same change on 1 more pages:" in text


# --- moves, whitespace ------------------------------------------------------------------------------------------


# What mkdocs-redirects writes at a moved page's old address (its HTML_TEMPLATE), for the page that moved there.
REDIRECT = """<!doctype html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <title>Redirecting...</title>
    <link rel="canonical" href="../guides/one/">
    <meta name="robots" content="noindex">
    <script>var anchor=window.location.hash.substr(1);location.href="../guides/one/"+(anchor?"#"+anchor:"")</script>
    <meta http-equiv="refresh" content="0; url=../guides/one/">
</head>
<body>
Redirecting...
</body>
</html>
"""


def test_a_moved_page_says_whether_its_old_address_redirects(tmp_path: Path) -> None:
    one = article("First guide", "How to do the first thing, step by step, with care and patience.\n")
    two = article("Second guide", "How to do the second thing, in a few quick steps, then check it.\n")
    before = {"index.md": HOME, "one.md": one, "two.md": two}
    after = {"index.md": HOME, "guides/one.md": one, "guides/two.md": two}
    # As `make move` leaves it: a redirect from the old address in mkdocs-redirects' map.
    plugins = [
        {"redirects": {"redirect_maps": {"one.md": "guides/one.md"}}}
        if isinstance(plugin, dict) and "redirects" in plugin
        else plugin
        for plugin in real_config()["plugins"]
    ]
    _repo, done = two_commits(tmp_path, before, after, options_after={"config": {"plugins": plugins}})
    diff = done.diff
    assert [(move.old_url, move.url, move.redirect, move.found_by) for move in diff.moved] == [
        ("one/", "guides/one/", "guides/one/", "redirect"),
        ("two/", "guides/two/", None, "text"),
    ]
    assert not (diff.added or diff.removed or diff.changed)
    text = terminal(diff)
    assert "  /one/ -> /guides/one/  First guide (the old address redirects there)" in text
    assert (
        "  /two/ -> /guides/two/  Second guide (NOT redirected: bookmarks and links to the old address break)" in text
    )
    assert "- `/two/ -> /guides/two/` Second guide **\\(NOT redirected" in done.markdown.read_text(encoding="utf-8")


def test_a_whitespace_only_change_reports_nothing(tmp_path: Path) -> None:
    body = (
        "A paragraph that runs\nover two lines.\n\n## Steps\n\n- First step.\n- Second step.\n\n"
        "Call {{ support.phone }} when\nstuck.\n"
    )
    reflowed = (
        "A paragraph that runs over two lines.   \n\n\n##   Steps\n\n- First   step.\n\n- Second step.\n\n"
        "Call {{support.phone}}\nwhen stuck.  \n\n\n"
    )
    before = {"index.md": HOME, "page.md": article("Page", body)}
    after = {"index.md": HOME, "page.md": article("Page", reflowed)}
    _repo, done = two_commits(tmp_path, before, after)
    assert done.diff.empty, terminal(done.diff)
    assert terminal(done.diff).splitlines()[1] == NOTHING
    assert NOTHING in done.markdown.read_text(encoding="utf-8")


# --- the reports: escaped, grouped --------------------------------------------------------------------------------


def test_reports_escape_what_the_repository_wrote() -> None:
    title = '<script>alert("x")</script> & *bold* [link](https://example.com) @someone'
    part = diff_words("Body", ["Say <b>hello</b> to <img src=x onerror=alert(1)>."], ["Say hi."])
    diff = SiteDiff(
        "base <i>", "head", 2, changed=(PageChange("a/", "a/", title, (part, diff_words("Title", ["A"], [title]))),)
    )
    page = html_report(diff, lambda url: f"site/{url}index.html")
    assert "<script>" not in page and "<b>" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in page
    summary = markdown(diff)
    assert "<script>" not in summary and "<b>" not in summary and "<img" not in summary
    assert "&lt;script&gt;" in summary
    assert "\\[link\\]\\(https\\:" in summary and "\\*bold\\*" in summary and "\\@someone" in summary
    # Addresses and file:line are code spans, which show what they hold; a backtick cannot end one early.
    assert (code("a`b"), code("`x"), code("<script>")) == ("``a`b``", "`` `x ``", "`<script>`")
    # The report is one file: no script, no stylesheet or image from elsewhere.
    assert not re.search(r"<script|<link|<img", page)


def test_hunks_keep_a_few_words_around_each_change() -> None:
    old = [" ".join(f"w{n}" for n in range(40))]
    new = [old[0].replace("w5 ", "five ").replace("w30 ", "thirty ")]
    found = hunks(diff_words("Body", old, new), context=3)
    assert [[(segment.kind, segment.text) for segment in hunk] for hunk in found] == [
        [("same", "w2 w3 w4"), ("del", "w5"), ("ins", "five"), ("same", "w6 w7 w8")],
        [("same", "w27 w28 w29"), ("del", "w30"), ("ins", "thirty"), ("same", "w31 w32 w33")],
    ]
    assert found[0][0].cut_before and found[0][-1].cut_after


def test_a_redirect_page_is_read_as_a_redirect_wherever_it_points() -> None:
    assert read_page(REDIRECT, "one/").redirect == "guides/one/"
    assert read_page(REDIRECT.replace("../guides/one/", "/x/y/"), "a/b/").redirect == "x/y/"
    refresh = '<html><head><meta http-equiv="Refresh" content="3;URL=\'https://example.com/new\'"></head></html>'
    assert read_page(refresh, "a/").redirect == "https://example.com/new"
    assert read_page("<html><body><article><h1>T</h1><p>x</p></article></body></html>", "a/").redirect is None


def page(url: str, title: str, body: tuple[str, ...] = (), headings: tuple[str, ...] = ()) -> ReadablePage:
    return ReadablePage(url, title, body or (title,), headings, (), (), ())


def test_search_changes_name_titles_headings_and_synonyms_and_removed_pages_their_redirect() -> None:
    old = Side(
        "base",
        {
            "x/": page("x/", "Old title", headings=("Steps", "Why")),
            "gone/": page("gone/", "Gone"),
            "y/": page("y/", "Y"),
        },
        synonyms_text="- [bill, invoice]\n- [call, phone]\n- [trust, retainer]\n",
    )
    new = Side(
        "head",
        {
            "x/": page("x/", "New title", headings=("Steps in order", "Why")),
            "gone/": ReadablePage("gone/", "", (), (), (), (), (), redirect="x/"),
            "new/": page("new/", "Brand new", ("Nothing like the others.",)),
        },
        synonyms_text="- [Bill, invoice, statement]\n- [call]\n- [matter, case]\n",
    )
    diff = compare(old, new)
    assert diff.search == (SearchChange("x/", "Old title", "New title", ("Steps in order",), ("Steps",)),)
    assert diff.synonyms == (
        SynonymChange(("bill", "invoice", "statement"), ("statement",), ()),
        SynonymChange(("call",), (), ("phone",)),
        SynonymChange(("matter", "case"), ("matter", "case"), ()),
        SynonymChange(("trust", "retainer"), (), ("trust", "retainer")),
    )
    assert diff.removed == (Gone("gone/", "Gone", "x/"), Gone("y/", "Y", None))
    assert diff.added == (Gone("new/", "Brand new"),)
    assert [change.url for change in diff.changed] == ["x/"]
    text = terminal(diff)
    assert (
        '  /x/: title "Old title" -> "New title", headings added: "Steps in order", headings removed: "Steps"' in text
    )
    assert "  synonyms [bill, invoice, statement]: added statement" in text
    assert "  synonyms: group removed [trust, retainer]" in text
    assert "  /y/  Y (NOT redirected: bookmarks and links to it break)" in text


def test_the_pull_request_workflow_runs_the_diff_without_secrets_or_write_access() -> None:
    text = (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow.pop(True)
    assert list(triggers) == ["pull_request"] and "pull_request_target" not in text
    assert "secrets." not in text
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["diff"]
    assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    steps = job["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}  # the base commit is in history
    run = next(index for index, step in enumerate(steps) if "make diff" in step.get("run", ""))
    assert re.search(r"make diff BASE=\S+", steps[run]["run"])
    upload = next(
        index for index, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload > run and steps[upload]["if"] == "${{ !cancelled() }}"
    paths = steps[upload]["with"]["path"].split()
    assert {".cache/diff/report.html", ".cache/diff/report.md", ".cache/diff/head/site/"} <= set(paths)
    assert "GITHUB_STEP_SUMMARY" not in steps[run].get("env", {})  # the runner sets it; the script appends to it


def test_the_diff_command_prints_the_summary_and_writes_the_reports(tmp_path: Path) -> None:
    repo = init(tmp_path / "repo")
    make_site(repo, {"index.md": HOME, "a.md": article("A", "Old words.\n")})
    commit_all(repo, "base", "2025-01-02T10:00:00+00:00")
    (repo / "docs" / "a.md").write_text(article("A", "New words.\n"), encoding="utf-8")  # not committed
    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "site_diff.py"), "--root", str(repo)],  # BASE: main's merge base
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert done.returncode == 0, done.stderr
    head = git(repo, "rev-parse", "HEAD")
    assert done.stdout.startswith(
        f"What readers will see: main ({head[:10]}) -> working tree ({head[:10]}) (3 pages)\n"
    )
    assert "  Body: [-Old-] {+New+} words." in done.stdout
    assert done.stdout.rstrip().endswith("Side by side: repo/.cache/diff/report.html")
    assert summary.read_text(encoding="utf-8").startswith("before\n## What readers will see")
    html = (repo / ".cache" / "diff" / "report.html").read_text(encoding="utf-8")
    assert 'href="head/site/a/index.html"' in html
    assert (repo / ".cache" / "diff" / "head" / "site" / "a" / "index.html").is_file()
    assert len(list((repo / ".cache" / "diff").glob("base-*/done"))) == 1  # the base's build, kept for next time

    bad = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "site_diff.py"), "--root", str(repo), "--base", "no-such-branch"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr == (
        "make diff: 'no-such-branch' names no commit here -> use a branch, tag or commit, e.g. BASE=main\n"
    )
