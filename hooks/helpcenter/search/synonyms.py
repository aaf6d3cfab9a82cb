"""The synonyms file (``data/synonyms.yml``): groups of words or phrases that mean the same thing to readers.

Writers edit it; the build validates it here and hands the groups to the
search index (helpcenter/search/index.py), where the reader's browser expands
a query with them. Nothing here knows about MkDocs: `parse_synonyms` returns
the groups or raises `SynonymsError`, whose lines read
``data/synonyms.yml:LINE:COL: what is wrong -> how to fix it``.

The file is a list of groups, each a list in brackets::

    - [bill, invoice]
    - [call, phone, talk to someone]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.yamlsource import YamlProblem, load_located

# A build reads at most this much: the whole file travels to every reader's first search.
MAX_BYTES = 64 * 1024
MAX_WORDS = 5  # per phrase
MAX_CHARS = 60  # per word or phrase
_HAS_WORD = re.compile(r"[^\W_]")
_EXAMPLE = "[bill, invoice]"


class SynonymsError(Exception):
    """Problems with the synonyms file, one located line each, already phrased for a writer."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SynonymGroup:
    line: int  # where the group starts in the file
    terms: tuple[str, ...]  # lower case, single spaces, in the file's order


def normalize(term: str) -> str:
    """How a term is compared: NFC, lower case, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", term).casefold().split())


def _where(display_path: str, node: yaml.Node) -> str:
    return f"{display_path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _scalar_problem(node: yaml.Node) -> str | None:
    """Why an entry of a group is not a word or phrase, or None if it is one."""
    if not isinstance(node, yaml.ScalarNode):
        return f"this entry is not a word or phrase -> write plain words, like {_EXAMPLE}"
    quoted = node.style in ("'", '"')
    if node.tag == "tag:yaml.org,2002:str" or quoted:
        return None
    if node.tag == "tag:yaml.org,2002:null":
        return "this entry is empty -> write a word there, or delete it and its comma"
    if node.tag == "tag:yaml.org,2002:bool":
        return f"'{node.value}' is read as yes/no, not as a word -> put it in quotes: \"{node.value}\""
    return f"'{node.value}' is read as a number, not as a word -> put it in quotes: \"{node.value}\""


def _term_problem(term: str) -> str | None:
    if not _HAS_WORD.search(term):
        return f"'{term}' has no letters or digits to search for -> delete it"
    if len(term) > MAX_CHARS:
        return f"'{term[:20]}...' is {len(term)} characters long, more than {MAX_CHARS} -> shorten it"
    words = len(term.split())
    if words > MAX_WORDS:
        return (
            f"'{term}' is {words} words long; a synonym is a word or a phrase of at most {MAX_WORDS} words"
            " -> shorten it"
        )
    return None


def parse_synonyms(text: str, display_path: str) -> tuple[SynonymGroup, ...]:
    """The groups of a synonyms file given as text, or `SynonymsError` with every problem located."""
    document = _document(text, display_path)
    if document is None:
        return ()
    problems: list[str] = []
    groups: list[SynonymGroup] = []
    first_seen: dict[str, int] = {}  # term -> line of the group that has it
    for group_node in document.value:
        group = _group(group_node, display_path, first_seen, problems)
        if group is not None:
            groups.append(group)
    if problems:
        raise SynonymsError(problems)
    return tuple(groups)


def _document(text: str, display_path: str) -> yaml.SequenceNode | None:
    """The file's list of groups (None when it is empty), or `SynonymsError` when it is too big or not a list."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise SynonymsError(
            [
                f"{display_path}:1:1: the synonyms file is {size:,} bytes, more than the {MAX_BYTES:,} a build reads"
                " -> keep the groups readers need and delete the rest"
            ]
        )
    try:
        document, _ = load_located(text)
    except YamlProblem as error:
        raise SynonymsError(
            [
                f"{display_path}:{error.line}:{error.column}: the synonyms file is not valid YAML: {error.reason}"
                f" -> {error.fix or 'fix the YAML syntax there'}"
            ]
        ) from None
    if document is not None and not isinstance(document, yaml.SequenceNode):
        raise SynonymsError(
            [
                f"{_where(display_path, document)}: the synonyms file must be a list of groups, one per line,"
                f' like "- {_EXAMPLE}" -> start each group with "- "'
            ]
        )
    return document


def _group(
    group_node: yaml.Node, display_path: str, first_seen: dict[str, int], problems: list[str]
) -> SynonymGroup | None:
    """One group of two or more terms, or None; what is wrong with it goes to ``problems``."""
    where = _where(display_path, group_node)
    if isinstance(group_node, yaml.ScalarNode) and group_node.tag == "tag:yaml.org,2002:str":
        problems.append(
            f"{where}: this group is one piece of text, '{group_node.value}' -> write its words in brackets,"
            f" separated by commas, like {_EXAMPLE}"
        )
        return None
    if not isinstance(group_node, yaml.SequenceNode):
        problems.append(f"{where}: this group is not a list of words -> write it in brackets, like {_EXAMPLE}")
        return None
    terms = _group_terms(group_node, display_path, first_seen, problems)
    if not group_node.value:
        problems.append(f"{where}: this group is empty -> write two or more words that mean the same, or delete it")
    elif len(group_node.value) == 1 and terms:
        problems.append(
            f"{where}: this group has only one word, '{terms[0]}' -> add a word or phrase that means the same,"
            " or delete the group"
        )
    line = group_node.start_mark.line + 1
    for term in terms:
        first_seen.setdefault(term, line)
    return SynonymGroup(line, tuple(terms)) if len(terms) >= 2 else None


def _group_terms(
    group_node: yaml.SequenceNode, display_path: str, first_seen: dict[str, int], problems: list[str]
) -> list[str]:
    """The group's valid terms, in order; each other entry is a located problem."""
    terms: list[str] = []
    for node in group_node.value:
        problem = _scalar_problem(node)
        term = normalize(node.value) if problem is None else ""
        problem = problem or _term_problem(term)
        if problem is None and term in terms:
            problem = f"'{term}' is already in this group -> delete one of them"
        elif problem is None and term in first_seen:
            problem = f"'{term}' is also in the group on line {first_seen[term]} -> merge the two groups into one"
        if problem:
            problems.append(f"{_where(display_path, node)}: {problem}")
        else:
            terms.append(term)
    return terms


def load_synonyms(path: Path, display_path: str) -> tuple[SynonymGroup, ...]:
    """Read and validate the synonyms file, or raise `SynonymsError` saying what to do."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SynonymsError(
            [
                f"{display_path}: the synonyms file does not exist -> create it (see"
                " WRITING-REFERENCE.md#search-and-synonyms), or fix `extra.helpcenter.search.synonyms_file` in"
                " mkdocs.yml"
            ]
        ) from None
    if len(raw) > MAX_BYTES:
        size = path.stat().st_size
        raise SynonymsError(
            [
                f"{display_path}:1:1: the synonyms file is {size:,} bytes, more than the {MAX_BYTES:,} a build reads"
                " -> keep the groups readers need and delete the rest"
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SynonymsError(
            [
                f"{display_path}: the synonyms file is not UTF-8 ({error.reason} at byte {error.start})"
                " -> save it as UTF-8"
            ]
        ) from None
    return parse_synonyms(text, display_path)
