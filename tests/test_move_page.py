"""Moving, renaming and deleting a page in one command (`make move`, `make delete`, scripts/move_page.py).

Unit tests of the rewriting (hooks/helpcenter/pages/moving.py) on small texts,
then the command on a fixture site in a git repository: every name of the page
follows it, the strict build passes with no other edit, and the old address
redirects readers (anchor included) under the site's Content-Security-Policy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpcenter.pages.moving import (
    Change,
    MoveError,
    Relocation,
    dangling_links,
    rewrite_config,
    rewrite_links,
    rewrite_related,
)
from sitebuilder import ROOT, build, build_site, make_site

MOVE = Relocation("guides/old.md", "topics/new.md")

# --- links ---------------------------------------------------------------------------------------


def links(text: str, page: str = "guides/other.md", new_page: str | None = None, relocation: Relocation = MOVE) -> str:
    return rewrite_links(text, page=page, new_page=new_page or page, relocation=relocation).text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("[a](old.md)", "[a](../topics/new.md)"),
        ("[a](old.md#steps)", "[a](../topics/new.md#steps)"),
        ("[a](./old.md)", "[a](../topics/new.md)"),
        ("[a](../guides/old.md)", "[a](../topics/new.md)"),
        ('[a](old.md "The title")', '[a](../topics/new.md "The title")'),
        ("[a](<old.md>)", "[a](<../topics/new.md>)"),
        ("![shot](old.md)", "![shot](../topics/new.md)"),
        ("[a][ref]\n\n[ref]: old.md#x", "[a][ref]\n\n[ref]: ../topics/new.md#x"),
        ('[a](old.md){ data-linkcheck="ignore" }', '[a](../topics/new.md){ data-linkcheck="ignore" }'),
    ],
    ids=["plain", "anchor", "dot", "climbing", "title", "angle", "image", "reference", "attr-list"],
)
def test_links_to_the_page_follow_it(written: str, expected: str) -> None:
    assert links(f"Intro.\n\n{written}\n") == f"Intro.\n\n{expected}\n"


@pytest.mark.parametrize(
    "written",
    [
        "`[a](old.md)`",
        "```markdown\n[a](old.md)\n```",
        "<!-- [a](old.md) -->",
        "[a](https://example.com/old.md)",
        "[a](old.md.bak)",
        "[a](/guides/old.md)",
        "[a](#old)",
        "[a](other/old.md)",
        "[a]({{ training.signup_url }})",
    ],
    ids=["code-span", "fence", "comment", "other-site", "other-file", "absolute", "same-page", "other-folder", "fact"],
)
def test_what_is_not_a_link_to_the_page_stays(written: str) -> None:
    text = f"Intro.\n\n{written}\n"
    assert links(text) == text


def test_the_moved_pages_own_links_are_recomputed_from_its_new_folder() -> None:
    text = "[x](other.md) [self](old.md#a) [img](img/a.png) [web](https://example.com) [top](../index.md#t)\n"
    moved = rewrite_links(text, page="guides/old.md", new_page="topics/new.md", relocation=MOVE)
    assert moved.text == (
        "[x](../guides/other.md) [self](new.md#a) [img](../guides/img/a.png) [web](https://example.com)"
        " [top](../index.md#t)\n"
    )
    assert moved.changes == (
        Change(1, "other.md", "../guides/other.md"),
        Change(1, "old.md#a", "new.md#a"),
        Change(1, "img/a.png", "../guides/img/a.png"),
    )


def test_a_replaced_pages_links_lose_their_anchor_and_a_deleted_pages_links_are_listed() -> None:
    replaced = Relocation("guides/old.md", "guides/other.md", replaced=True)
    assert links("[a](old.md#steps)\n", page="guides/third.md", relocation=replaced) == "[a](other.md)\n"
    gone = Relocation("guides/old.md", None)
    text = "One.\n\nSee [a](old.md#steps).\n"
    assert links(text, relocation=gone) == text
    assert dangling_links(text, page="guides/other.md", gone="guides/old.md") == [Change(3, "old.md#steps", "")]


# --- related ----------------------------------------------------------------------------------------

FRONT = "---\ntitle: T\nrelated:\n  - guides/old.md\n  - 'guides/third.md'\nreviewed: 2026-01-01\n---\n\nText.\n"


def test_related_entries_follow_the_page() -> None:
    moved = rewrite_related(FRONT, old="guides/old.md", new="topics/new.md")
    assert moved.text == FRONT.replace("  - guides/old.md", "  - topics/new.md")
    assert moved.changes == (Change(4, "guides/old.md", "topics/new.md"),)
    quoted = rewrite_related(FRONT, old="guides/third.md", new="topics/third.md")
    assert "  - 'topics/third.md'\n" in quoted.text
    flow = "---\ntitle: T\nrelated: [guides/old.md, guides/third.md]\n---\n"
    assert rewrite_related(flow, old="guides/old.md", new="a/b.md").text == flow.replace("guides/old.md", "a/b.md")


def test_related_entries_of_a_deleted_page_go() -> None:
    assert rewrite_related(FRONT, old="guides/old.md", new=None).text == FRONT.replace("  - guides/old.md\n", "")
    # The replacement is listed already: the old entry goes rather than listing it twice.
    assert rewrite_related(FRONT, old="guides/old.md", new="guides/third.md").text == FRONT.replace(
        "  - guides/old.md\n", ""
    )
    with pytest.raises(MoveError, match="one '- ' entry per line"):
        rewrite_related("---\nrelated: [guides/old.md, a.md]\n---\n", old="guides/old.md", new=None)
    # The last entry goes with its key: an empty `related:` is not a list.
    alone = "---\ntitle: T\nrelated:\n  - guides/old.md\nreviewed: 2026-01-01\n---\n\nText.\n"
    assert rewrite_related(alone, old="guides/old.md", new=None).text == alone.replace(
        "related:\n  - guides/old.md\n", ""
    )
    flow = "---\ntitle: T\nrelated: [guides/old.md]\n---\n"
    assert rewrite_related(flow, old="guides/old.md", new=None).text == "---\ntitle: T\n---\n"


# --- mkdocs.yml ------------------------------------------------------------------------------------------

CONFIG = """\
site_name: Test # a comment that stays
plugins:
  - search
  - redirects:
      redirect_maps:
        guides/older.md: guides/old.md#steps
extra:
  helpcenter:
    search:
      popular: [guides/old.md]
nav:
  - index.md
  - Guides:
      - guides/index.md
      - guides/old.md
      - Third: guides/third.md
  - Topics:
      - topics/index.md
"""


def test_mkdocs_yml_follows_the_page_and_redirects_its_old_address() -> None:
    moved = rewrite_config(CONFIG, MOVE)
    assert moved.text == (
        CONFIG.replace(
            "guides/older.md: guides/old.md#steps",
            "guides/older.md: topics/new.md#steps\n        guides/old.md: topics/new.md",
        )
        .replace("popular: [guides/old.md]", "popular: [topics/new.md]")
        .replace("      - guides/old.md\n", "")
        .replace("      - topics/index.md\n", "      - topics/index.md\n      - topics/new.md\n")
    )
    assert yaml.safe_load(moved.text)["nav"][2] == {"Topics": ["topics/index.md", "topics/new.md"]}


def test_a_rename_keeps_the_nav_entry_in_its_place() -> None:
    renamed = rewrite_config(CONFIG, Relocation("guides/third.md", "guides/fourth.md"))
    nav = yaml.safe_load(renamed.text)["nav"]
    assert nav[1] == {"Guides": ["guides/index.md", "guides/old.md", {"Third": "guides/fourth.md"}]}
    assert yaml.safe_load(renamed.text)["plugins"][1]["redirects"]["redirect_maps"]["guides/third.md"] == (
        "guides/fourth.md"
    )


def test_moving_a_page_back_to_an_old_address_drops_that_redirect() -> None:
    back = rewrite_config(CONFIG, Relocation("guides/old.md", "guides/older.md"))
    maps = yaml.safe_load(back.text)["plugins"][1]["redirects"]["redirect_maps"]
    assert maps == {"guides/old.md": "guides/older.md"}


def test_deleting_a_page_removes_its_nav_entry_and_redirects_to_the_replacement() -> None:
    replaced = rewrite_config(CONFIG, Relocation("guides/old.md", "guides/third.md", replaced=True))
    data = yaml.safe_load(replaced.text)
    assert data["nav"][1] == {"Guides": ["guides/index.md", {"Third": "guides/third.md"}]}
    assert data["plugins"][1]["redirects"]["redirect_maps"] == {
        "guides/older.md": "guides/third.md",
        "guides/old.md": "guides/third.md",
    }
    gone = yaml.safe_load(rewrite_config(CONFIG, Relocation("guides/old.md", None)).text)
    assert gone["nav"][1] == {"Guides": ["guides/index.md", {"Third": "guides/third.md"}]}
    assert gone["extra"]["helpcenter"]["search"]["popular"] == []
    assert gone["plugins"][1]["redirects"]["redirect_maps"] is None


def test_without_the_redirects_plugin_a_move_says_what_to_add() -> None:
    with pytest.raises(MoveError, match="no `redirects` plugin"):
        rewrite_config("site_name: x\nnav:\n  - guides/old.md\n", MOVE)


# --- the command, on a fixture site in git ---------------------------------------------------------------


def page(title: str, body: str, *, article: bool = True, extra: str = "") -> str:
    reviewed = "reviewed: 2026-01-01\n" if article else ""
    return f"---\ntitle: {title}\ndescription: {title} for a test.\n{reviewed}{extra}---\n\n{body}\n"


PAGES = {
    "index.md": page("Home", "[Guides](guides/index.md) and [Topics](topics/index.md).", article=False),
    "guides/index.md": page("Guides", "The guides.", article=False),
    "guides/old.md": page("Old", "## Steps {#steps}\n\nSee [the other](other.md) and ![a](img/a.png).", extra=""),
    "guides/other.md": page("Other", "Read [the steps](old.md#steps).", extra="related:\n  - guides/old.md\n"),
    "topics/index.md": page("Topics", "The topics.", article=False),
    "topics/first.md": page("First", "Back to [the old page](../guides/old.md)."),
}
NAV = [
    "index.md",
    {"Guides": ["guides/index.md", "guides/old.md", "guides/other.md"]},
    {"Topics": ["topics/index.md", "topics/first.md"]},
]
PNG = (ROOT / "docs" / "assets" / "images" / "favicon.svg").read_bytes()


def git(root: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=test@example.com", "-c", "user.name=Test", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = make_site(tmp_path, PAGES, nav=NAV, extra_files={"docs/guides/img/a.png": PNG})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "site")
    return config


def command(config: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "move_page.py"), "-f", str(config), *arguments],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        check=False,
    )


def test_a_move_is_one_command_and_the_site_builds(site: Path) -> None:
    root = site.parent
    done = command(site, "move", "docs/guides/old.md", "docs/topics/moved.md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Moved docs/guides/old.md to docs/topics/moved.md"
    assert "docs/guides/other.md:9: link old.md#steps -> ../topics/moved.md#steps" in done.stdout
    assert "docs/guides/other.md:6: related guides/old.md -> topics/moved.md" in done.stdout
    assert done.stdout.splitlines()[-1] == "Next: make check"
    status = git(root, "status", "--short", "docs/guides/old.md", "docs/topics/moved.md").split()
    assert status[0].startswith("R") and status[1:] == ["docs/guides/old.md", "->", "docs/topics/moved.md"]
    result = build(site)
    assert result.ok, result.output
    assert result.problems == []
    nav = yaml.safe_load(site.read_text(encoding="utf-8"))["nav"]
    assert nav[2] == {"Topics": ["topics/index.md", "topics/first.md", "topics/moved.md"]}
    # The old address sends readers on, anchor included (the site's own script, no inline one), under the
    # policy every page of its depth gets.
    redirect = (result.site_dir / "guides" / "old" / "index.html").read_text(encoding="utf-8")
    document = lxml.html.fromstring(redirect)
    assert document.xpath('//meta[@http-equiv="refresh"]/@content') == ["0; url=../../topics/moved/"]
    assert document.xpath('//link[@rel="canonical"]/@href') == ["../../topics/moved/"]
    assert document.xpath("//script/@src") == ["../../assets/javascripts/redirect.js"]
    assert document.xpath("//script/text()") == []
    assert (result.site_dir / "assets" / "javascripts" / "redirect.js").is_file()
    policy = document.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    page = (result.site_dir / "guides" / "other" / "index.html").read_text(encoding="utf-8")
    assert policy == lxml.html.fromstring(page).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]


def test_a_rename_takes_the_make_variables_from_the_environment(site: Path) -> None:
    done = command(site, "move", env={"FROM": "guides/other.md", "TO": "guides/another.md"})
    assert done.returncode == 0, done.stderr
    assert build(site).ok


def test_a_delete_with_a_replacement_leaves_a_working_site(site: Path) -> None:
    done = command(site, "delete", "docs/guides/old.md", "--instead", "docs/guides/other.md")
    assert done.returncode == 0, done.stderr
    assert not (site.parent / "docs" / "guides" / "old.md").exists()
    result = build(site)
    assert result.ok, result.output
    assert "refresh" in (result.site_dir / "guides" / "old" / "index.html").read_text(encoding="utf-8")


def test_a_delete_without_a_replacement_lists_the_links_to_fix(site: Path) -> None:
    done = command(site, "delete", env={"PAGE": "docs/guides/old.md"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-4:] == [
        "Fix these links (each pointed to the deleted page):",
        "docs/guides/other.md:9: link `old.md#steps` points to the deleted page -> link to another page",
        "docs/topics/first.md:7: link `../guides/old.md` points to the deleted page -> link to another page",
        "Next: make check",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("move", "docs/guides/olt.md", "docs/guides/x.md"),
            "FROM: docs/guides/olt.md does not exist (did you mean docs/guides/old.md?)",
        ),
        (
            ("move", "docs/guides/old.md", "docs/guides/other.md"),
            "TO: docs/guides/other.md already exists -> choose another name",
        ),
        (
            ("move", "docs/guides/old.md", "../outside.md"),
            "TO=../outside.md is outside docs/ -> give a page's path, like docs/section/page.md",
        ),
        (
            ("move", "docs/guides/old.md", "docs/nowhere/x.md"),
            "TO: there is no section docs/nowhere/ -> use one of: docs/guides/, docs/topics/",
        ),
        (
            ("move", "docs/guides/old.md", "docs/guides/New Page.md"),
            "TO: the file name 'New Page.md' is not a file name -> use lowercase letters, digits and hyphens"
            " only, at most 80 characters (did you mean 'new-page'?)",
        ),
        (
            ("move", "docs/guides/index.md", "docs/topics/x.md"),
            "FROM: docs/guides/index.md is a section's own page -> a section moves with its folder; ask a developer",
        ),
        (("move", "docs/guides/old.md", ""), "no TO given -> add TO=docs/section/page.md"),
        (
            ("delete", "docs/guides/old.md", "--instead", "docs/guides/old.md"),
            "INSTEAD is the page being deleted -> name another page, or leave INSTEAD out",
        ),
    ],
    ids=["missing", "taken", "outside", "no-section", "bad-name", "index", "empty", "self"],
)
def test_a_request_that_cannot_be_done_changes_nothing_and_says_why(
    site: Path, arguments: tuple[str, ...], message: str
) -> None:
    done = command(site, *arguments)
    assert (done.returncode, done.stderr) == (2, f"make {arguments[0]}: {message}\n")
    assert git(site.parent, "status", "--short") == ""


# --- redirects the build checks ----------------------------------------------------------------------------


def test_a_redirect_that_cannot_work_is_located_in_mkdocs_yml(tmp_path: Path) -> None:
    pages = {"index.md": page("Home", "Hello.", article=False), "a.md": page("A", "Text.")}
    plugins = [
        "search",
        {
            "macros": {
                "on_undefined": "strict",
                "on_error_fail": True,
                "j2_comment_start_string": "{##",
                "j2_comment_end_string": "##}",
            }
        },
        {"redirects": {"redirect_maps": {"gone.md": "b.md", "a.md": "index.md"}}},
    ]
    result = build_site(tmp_path, pages, config={"plugins": plugins})
    assert not result.ok
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    gone, over = lines.index("      gone.md: b.md") + 1, lines.index("      a.md: index.md") + 1
    assert result.problems == [
        f"mkdocs.yml:{gone}:16: redirect-target-missing `b.md` is not a page of the site, so readers of `gone.md`"
        " would land nowhere -> write the path under docs/ of the page that replaced it (did you mean `a.md`?)",
        f"mkdocs.yml:{over}:7: redirect-over-page `a.md` is a page of the site, so a redirect from its address would"
        " replace it -> remove this line (the page is back at its old address)",
    ]
