"""Files the build must never publish: symlinks out of docs/, loops, bad names, case-only twins.

MkDocs follows symlinks when it lists docs/ and copies their targets into the
site; pymdownx.snippets inlines them. The tree is checked before MkDocs reads
anything, each problem at its path, and nothing is built.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpcenter.security.docs_tree import check_tree, check_trees
from sitebuilder import build_site, real_config

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"

OUTSIDE = "-> put a copy of what the page needs under docs/, or delete the link"
DANGLING = "-> point it at a file under docs/, or delete it"


def _project(tmp_path: Path) -> Path:
    """A project with a checkout's .git/config next to docs/, as CI has it."""
    project = tmp_path / "project"
    (project / "docs" / "guide").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(HOME)
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0"\n')
    return project


def _problems(project: Path) -> list[str]:
    return [str(finding) for finding in check_tree(project / "docs", shown="docs", project=project)]


def test_a_link_to_a_system_file_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    os.symlink("/etc/passwd", project / "docs" / "passwd.md")
    os.symlink("/proc/self/environ", project / "docs" / "guide" / "environ.txt")
    assert _problems(project) == [
        f"docs/guide/environ.txt: symlink-outside a symlink to '/proc/self/environ', outside docs/: the build would"
        f" publish that file {OUTSIDE}",
        f"docs/passwd.md: symlink-outside a symlink to '/etc/passwd', outside docs/: the build would publish that"
        f" file {OUTSIDE}",
    ]


def test_a_relative_link_that_climbs_to_the_checkout_token_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    os.symlink("../../.git/config", project / "docs" / "guide" / "config.md")
    assert _problems(project) == [
        "docs/guide/config.md: symlink-outside a symlink to '../../.git/config' (.git/config), outside docs/: the"
        f" build would publish that file {OUTSIDE}"
    ]


def test_a_linked_folder_outside_docs_is_refused_without_reading_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.md").write_text("private\n")
    os.symlink("nowhere", shared / "broken")
    os.symlink(shared, project / "docs" / "shared")
    assert _problems(project) == [
        f"docs/shared: symlink-outside a symlink to '{shared}', a folder outside docs/: the build would publish"
        f" everything in it {OUTSIDE}"
    ]


def test_a_dangling_link_and_a_link_loop(tmp_path: Path) -> None:
    project = _project(tmp_path)
    os.symlink("missing.md", project / "docs" / "guide" / "gone.md")
    os.symlink("self.md", project / "docs" / "self.md")
    os.symlink("b.md", project / "docs" / "a.md")
    os.symlink("a.md", project / "docs" / "b.md")
    assert _problems(project) == [
        "docs/a.md: symlink-loop a symlink to 'b.md' that leads back to itself -> delete the link",
        "docs/b.md: symlink-loop a symlink to 'a.md' that leads back to itself -> delete the link",
        f"docs/guide/gone.md: symlink-dangling a symlink to 'missing.md', which does not exist {DANGLING}",
        "docs/self.md: symlink-loop a symlink to 'self.md' that leads back to itself -> delete the link",
    ]


def test_a_dangling_link_inside_a_linked_folder_inside_docs(tmp_path: Path) -> None:
    project = _project(tmp_path)
    os.symlink("nowhere.md", project / "docs" / "guide" / "broken.md")
    os.symlink("guide", project / "docs" / "alias")
    assert _problems(project) == [
        f"docs/guide/broken.md: symlink-dangling a symlink to 'nowhere.md', which does not exist {DANGLING}"
    ]


FOLDER_LOOP = (
    "the build would walk in circles or copy the same pages over and over -> link to files, not to that folder,"
    " or copy it"
)


def test_folder_links_that_walk_in_circles_or_multiply(tmp_path: Path) -> None:
    project = _project(tmp_path)
    os.symlink("..", project / "docs" / "guide" / "up")
    os.symlink(".", project / "docs" / "here")
    (project / "docs" / "x").mkdir()
    os.symlink("../guide", project / "docs" / "x" / "to-guide")
    assert _problems(project) == [
        f"docs/guide/up: symlink-loop a symlink to the folder '..', which holds a folder symlink itself"
        f" (docs/guide/up): {FOLDER_LOOP}",
        f"docs/here: symlink-loop a symlink to the folder '.', which holds a folder symlink itself (docs/guide/up):"
        f" {FOLDER_LOOP}",
        f"docs/x/to-guide: symlink-loop a symlink to the folder '../guide', which holds a folder symlink itself"
        f" (docs/guide/up): {FOLDER_LOOP}",
    ]


def test_links_inside_docs_are_fine(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "docs" / "guide" / "logo.svg").write_text("<svg/>")
    os.symlink("guide/logo.svg", project / "docs" / "logo.svg")
    os.symlink("guide", project / "docs" / "alias")
    assert _problems(project) == []


def test_bad_names_case_twins_and_pipes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    docs = project / "docs"
    (docs / "Readme.md").write_text(HOME)
    (docs / "readme.md").write_text(HOME)
    (docs / "Guide").mkdir()
    (docs / "caf\u00e9.md").write_text(HOME)
    (docs / "cafe\u0301.md").write_text(HOME)
    (docs / "a\n::error file=x.md::forged.md").write_text(HOME)
    (docs / "invoice\u202egpj.md").write_text(HOME)
    os.mkfifo(docs / "pipe.md")
    assert _problems(project) == [
        "docs/a\\n::error file=x.md::forged.md: bad-file-name the name holds a line break or control character"
        " (U+000A), which break links and build logs -> rename it with letters, digits and hyphens",
        "docs/caf\u00e9.md: case-collision 'caf\u00e9.md' and 'cafe\u0301.md' differ only in letter case (or"
        " accents written two ways): on Windows and macOS disks one replaces the other, and links to them break"
        " -> rename or merge one of them",
        "docs/guide: case-collision 'guide' and 'Guide' differ only in letter case (or accents written two ways):"
        " on Windows and macOS disks one replaces the other, and links to them break -> rename or merge one of"
        " them",
        "docs/invoice\\u202egpj.md: bad-file-name the name holds a line break or control character (U+202E),"
        " which break links and build logs -> rename it with letters, digits and hyphens",
        "docs/pipe.md: special-file is not a file or a folder (a pipe, socket or device), which a build would"
        " hang reading -> delete it",
        "docs/readme.md: case-collision 'readme.md' and 'Readme.md' differ only in letter case (or accents"
        " written two ways): on Windows and macOS disks one replaces the other, and links to them break"
        " -> rename or merge one of them",
    ]


def test_a_folder_inside_another_is_checked_once(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "docs" / "_snippets").mkdir()
    os.symlink("/etc/passwd", project / "docs" / "_snippets" / "passwd.md")
    findings = check_trees([(project / "docs" / "_snippets", "docs/_snippets"), (project / "docs", "docs")])
    assert [finding.path for finding in findings] == ["docs/_snippets/passwd.md"]


def test_the_check_is_linear(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for index in range(300):
        folder = project / "docs" / f"f{index}"
        folder.mkdir()
        os.symlink(f"../f{(index + 1) % 300}", folder / "next")
    problems = _problems(project)
    assert len(problems) == 300 and all(" symlink-loop " in problem for problem in problems)


# --- a real build: every problem listed, nothing read, nothing published ---------------------------


def test_the_build_stops_before_anything_is_copied(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.md").write_text("private\n")
    os.symlink("nowhere", shared / "broken")
    (project / "docs" / "_snippets").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n")
    os.symlink("/etc/passwd", project / "docs" / "passwd.md")
    os.symlink("/proc/self/environ", project / "docs" / "environ.txt")
    os.symlink("../.git/config", project / "docs" / "config.md")
    os.symlink("/etc/passwd", project / "docs" / "_snippets" / "users.md")
    os.symlink(shared, project / "docs" / "shared")
    os.symlink("missing.md", project / "docs" / "gone.md")
    page = '---\ntitle: Users\ndescription: Who uses it.\nreviewed: 2026-01-01\n---\n\n--8<-- "users.md"\n'
    result = build_site(project, {"index.md": HOME, "users.md": page}, nav=["index.md", "users.md"])
    assert not result.ok
    assert "Traceback" not in result.output
    assert result.problems == [
        f"docs/_snippets/users.md: symlink-outside a symlink to '/etc/passwd', outside docs/: the build would"
        f" publish that file {OUTSIDE}",
        f"docs/config.md: symlink-outside a symlink to '../.git/config' (.git/config), outside docs/: the build"
        f" would publish that file {OUTSIDE}",
        f"docs/environ.txt: symlink-outside a symlink to '/proc/self/environ', outside docs/: the build would"
        f" publish that file {OUTSIDE}",
        f"docs/gone.md: symlink-dangling a symlink to 'missing.md', which does not exist {DANGLING}",
        f"docs/passwd.md: symlink-outside a symlink to '/etc/passwd', outside docs/: the build would publish that"
        f" file {OUTSIDE}",
        f"docs/shared: symlink-outside a symlink to '{shared}', a folder outside docs/: the build would publish"
        f" everything in it {OUTSIDE}",
        "6 files above cannot be published safely; nothing was built",
    ]
    assert not result.site_dir.exists()
    assert "root:" not in result.output


def test_a_link_in_a_snippet_folder_outside_docs_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "snippets").mkdir(parents=True)
    os.symlink("/etc/passwd", project / "snippets" / "users.md")
    page = '---\ntitle: Users\ndescription: Who uses it.\nreviewed: 2026-01-01\n---\n\n--8<-- "users.md"\n'
    snippets = {"pymdownx.snippets": {"base_path": ["snippets"], "check_paths": True}}
    extensions = [
        snippets if isinstance(entry, dict) and "pymdownx.snippets" in entry else entry
        for entry in real_config()["markdown_extensions"]
    ]
    result = build_site(project, {"index.md": HOME, "users.md": page}, config={"markdown_extensions": extensions})
    assert result.problems == [
        "snippets/users.md: symlink-outside a symlink to '/etc/passwd', outside snippets/: the build would publish"
        " that file -> put a copy of what the page needs under snippets/, or delete the link",
        "1 file above cannot be published safely; nothing was built",
    ]
    assert not result.site_dir.exists()


def test_a_huge_page_or_data_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "docs" / "huge.md").write_text("x" * 1_000_001)
    (project / "docs" / "guide" / "big.yml").write_text("#" * 2_000_000)
    (project / "docs" / "guide" / "photo.png").write_bytes(b"\0" * 2_000_000)  # media may be large
    (project / "docs" / "limit.md").write_text("x" * 1_000_000)
    assert _problems(project) == [
        "docs/guide/big.yml: file-too-large 2,000,000 bytes, more than the 1,000,000 a page or data file may have"
        " -> split it into several",
        "docs/huge.md: file-too-large 1,000,001 bytes, more than the 1,000,000 a page or data file may have"
        " -> split it into several",
    ]


def test_pages_differing_only_in_case_stop_the_build(tmp_path: Path) -> None:
    page = "---\ntitle: {}\ndescription: A page.\nreviewed: 2026-01-01\n---\n\nText.\n"
    result = build_site(
        tmp_path,
        {"index.md": HOME, "Readme.md": page.format("One"), "readme.md": page.format("Two")},
    )
    assert result.problems == [
        "docs/readme.md: case-collision 'readme.md' and 'Readme.md' differ only in letter case (or accents written"
        " two ways): on Windows and macOS disks one replaces the other, and links to them break -> rename or merge"
        " one of them",
        "1 file above cannot be published safely; nothing was built",
    ]
