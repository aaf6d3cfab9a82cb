"""The search index cut into files a reader's browser fetches only when it searches, and only those it needs.

Material's bundle fetches ``search/search_index.json`` on every page load and
posts it to the search worker, so that file becomes a small manifest: Material's
config (its highlighter needs the separator) and the name of this build's index
folder. Everything else sits in ``search/<version>/`` (the version is a hash of
the content, so a new build never mixes with a cached old one, and the same
content always gives the same bytes):

- ``core.json``: what every search needs: the number of docs, their average
  length, how many docs each page has (a page's doc, then its sections), the
  docs' text lengths and boosts, the synonym groups, and the lists of shards;
- ``p/<key>.json``: postings by stem, sharded by stem prefix (a prefix takes
  its own shard when its postings grow large): per doc its heading code and
  how often the stem is in its text;
- ``v/<key>.json``: the site's words by first letter, with their stem and how
  much they are used (typos, the word being typed, "did you mean");
- ``t/<key>.json``: for typos in a word's first letter: by a word's second
  letter, its tail (the word without its first letter) -> the first letters
  that make site words with it;
- ``d/<n>.json``: location, title and text of the docs of a run of pages,
  fetched only for the results shown.

The worker (overrides/assets/javascripts/search-worker.js) analyses words the
same way as `words_of` here: the two are checked against each other on the
real site's text (tests/browser/test_browser_search_engine.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- words, as the worker reads them ------------------------------------------

# codespell:ignore-begin
_STOP_WORDS = (
    "a about after all also am an and any are as at be been being but by can could did do does for from get gets "
    "got had has have having he her here hers him his how i id if im in into is it its ive just me my myself nor "
    "of off on or our ours please she should so some such than that thats the their them then there these they "
    "this those to too us very was we were what whats when where which while who whom whos why will with would "
    "you your yours"
)
_NEGATION_WORDS = (
    "not no never cannot cant unable dont doesnt didnt isnt arent wasnt werent wont wouldnt couldnt shouldnt "
    "hasnt havent hadnt"
)
STOP = frozenset(_STOP_WORDS.split())  # the worker's STOP, word for word
NEGATIONS = frozenset(_NEGATION_WORDS.split())  # the worker's NEGATIONS
# codespell:ignore-end

# [\p{L}\p{N}]+ followed by apostrophe-letters parts, as the worker's WORD.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouy]")


def fold(word: str) -> str:
    """Lower case, accents off, apostrophes out, negations as "not" ("Firm's" -> "firm", "can't" -> "not")."""
    decomposed = unicodedata.normalize("NFD", word)
    folded = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()
    folded = folded.replace("\u2019", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    folded = folded.replace("'", "")
    return "not" if folded in NEGATIONS else folded


def stem(word: str) -> str:
    """A light English stem: plurals, -ing, -ed, -ly, -ation and a final e (invoices, invoiced -> invoic).

    The worker's `stem` step for step (a browser test compares them on the real site's words)."""
    if len(word) <= 3 or re.search(r"[0-9]", word):
        return word
    w = _without_ing_or_ed(_singular(word))
    if w.endswith("ly") and len(w) >= 7:
        w = w[:-2]
    if w.endswith("ation") and len(w) > 7:
        w = f"{w[:-5]}ate"
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return f"{w[:-3]}y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _without_ing_or_ed(w: str) -> str:
    for suffix in ("ing", "ed"):
        rest = w[: -len(suffix)]
        if w.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            doubled = rest[-1] == rest[-2] and rest[-1] not in "aeiouylsz"
            return rest[:-1] if doubled and len(rest) > 3 else rest
    return w


def words_of(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return [fold(token) for token in _WORD.findall(text)]


def meaningful(word: str) -> bool:
    return len(word) > 1 and word not in STOP


def content_stems(text: str) -> set[str]:
    """The stems of a heading's words that carry meaning (all of them if every one is a stop word)."""
    words = words_of(text)
    content = [word for word in words if meaningful(word)]
    return {stem(word) for word in content or words}


def _unescape(text: str) -> str:
    """The index's text is HTML-escaped text without tags (helpcenter/search/index.py)."""
    return re.sub(r"&(amp|lt|gt);", lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], text)


# --- the shards ---------------------------------------------------------------

POSTINGS_SHARD_BYTES = 6_000  # gzipped: a stem prefix whose postings weigh more gets longer prefixes of its own
DOCS_SHARD_BYTES = 6_000  # raw text per docs shard: a run of pages, so neighbouring results share a fetch
MIN_TYPO_LENGTH = 5  # the worker's TYPO_LENGTH: shorter words are never typo candidates


@dataclass
class _Doc:
    location: str
    title: str
    text: str
    boost: float
    length: int = 0
    codes: dict[str, int] = field(default_factory=dict)  # stem -> heading code (0: only in the text)
    counts: dict[str, int] = field(default_factory=dict)  # stem -> uses in the text


def _key(prefix: str) -> str:
    """A shard's file name for a prefix: safe for any letter on any host."""
    return prefix.encode("utf-8").hex() or "_"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def _docs(material_docs: Sequence[Mapping[str, Any]]) -> tuple[list[_Doc], list[int]]:
    """The docs grouped by page (a page's doc first, in the index's order) and the number of docs of each page."""
    by_page: dict[str, list[_Doc]] = {}
    for source in material_docs:
        location = str(source.get("location", ""))
        boost = source.get("boost", 1)
        weight = source.get("w", 1)
        doc = _Doc(
            location=location,
            title=_unescape(str(source.get("title") or "")),
            text=_unescape(str(source.get("text") or "")),
            boost=(boost if isinstance(boost, (int, float)) else 1)
            * (weight if isinstance(weight, (int, float)) else 1),
        )
        by_page.setdefault(location.split("#", 1)[0], []).append(doc)
    docs = [doc for group in by_page.values() for doc in group]
    return docs, [len(group) for group in by_page.values()]


def _heading_code(doc: _Doc, s: str, heading: set[str]) -> int:
    """0: not in the heading; 1: in it, not among its content stems; 2 + 2 * (content stems) + (a question)."""
    if s not in heading:
        return 1
    return 2 + 2 * len(heading) + (1 if re.search(r"\?\s*$", doc.title) else 0)


def _analyse(docs: list[_Doc]) -> dict[str, list[Any]]:
    """Fills each doc's stems and length; returns the vocabulary: word -> [uses, stem]."""
    vocabulary: dict[str, list[Any]] = {}
    for doc in docs:
        heading = content_stems(doc.title)
        for word in words_of(doc.title):
            s = stem(word)
            entry = vocabulary.setdefault(word, [0, s])
            entry[0] += 3
            if s not in doc.codes:
                doc.codes[s] = _heading_code(doc, s, heading)
        for word in words_of(doc.text):
            s = stem(word)
            entry = vocabulary.setdefault(word, [0, s])
            entry[0] += 1
            doc.counts[s] = doc.counts.get(s, 0) + 1
            doc.length += 1
    return vocabulary


def _postings(docs: list[_Doc], wanted: set[str]) -> dict[str, list[int]]:
    """stem -> [doc gap, heading code, uses in the text, ...] with doc numbers as gaps from the previous one.

    Only ``wanted`` stems: a stem only stop words or single letters have is never searched for.
    """
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for index, doc in enumerate(docs):
        for s in sorted((set(doc.codes) | set(doc.counts)) & wanted):
            postings.setdefault(s, []).extend([index - last.get(s, 0), doc.codes.get(s, 0), doc.counts.get(s, 0)])
            last[s] = index
    return postings


def _split(items: Mapping[str, Any], limit: int) -> dict[str, dict[str, Any]]:
    """Items by key prefix: one shard per first letter, longer prefixes where a shard would weigh over ``limit``."""
    shards: dict[str, dict[str, Any]] = {}

    def place(prefix: str, group: dict[str, Any]) -> None:
        if _gzipped(_dumps(group)) <= limit or all(len(key) <= len(prefix) for key in group):
            shards[prefix] = group
            return
        children: dict[str, dict[str, Any]] = {}
        own: dict[str, Any] = {}
        for key, value in group.items():
            if len(key) > len(prefix):
                children.setdefault(key[: len(prefix) + 1], {})[key] = value
            else:
                own[key] = value
        shards[prefix] = own
        for child, members in children.items():
            place(child, members)

    by_letter: dict[str, dict[str, Any]] = {}
    for key, value in items.items():
        by_letter.setdefault(key[:1], {})[key] = value
    for letter, group in by_letter.items():
        place(letter, group)
    return shards


def _vocabulary_shards(vocabulary: Mapping[str, list[Any]]) -> dict[str, list[list[Any]]]:
    """First letter -> [[word, uses, stem if not the word], ...] sorted by word."""
    shards: dict[str, list[list[Any]]] = {}
    for word in sorted(vocabulary):
        uses, s = vocabulary[word]
        shards.setdefault(word[:1], []).append([word, uses] if s == word else [word, uses, s])
    return shards


def _tail_shards(vocabulary: Mapping[str, list[Any]]) -> dict[str, dict[str, str]]:
    """Second letter -> {the word without its first letter: the first letters that make site words with it}."""
    shards: dict[str, dict[str, str]] = {}
    for word in sorted(vocabulary):
        if len(word) < MIN_TYPO_LENGTH:
            continue
        tails = shards.setdefault(word[1], {})
        tails[word[1:]] = tails.get(word[1:], "") + word[0]
    return shards


def _docs_shards(docs: list[_Doc], page_sizes: list[int]) -> tuple[list[list[list[str]]], list[int]]:
    """Runs of pages' docs as [location, title, text]; and the first page of each run."""
    shards: list[list[list[str]]] = []
    starts: list[int] = []
    at = 0
    size = DOCS_SHARD_BYTES
    for page, count in enumerate(page_sizes):
        if size >= DOCS_SHARD_BYTES:
            shards.append([])
            starts.append(page)
            size = 0
        for doc in docs[at : at + count]:
            shards[-1].append([doc.location, doc.title, doc.text])
            size += len(doc.title) + len(doc.text)
        at += count
    return shards, starts


def build_shards(index: Mapping[str, Any]) -> dict[str, bytes]:
    """The files of the search, by path under ``search/``, from our index (helpcenter/search/index.py).

    ``search_index.json`` is the manifest Material's bundle fetches on every page.
    """
    config = dict(index.get("config", {}))
    hc = dict(config.pop("hc", {}))
    docs, page_sizes = _docs(index.get("docs", []))
    vocabulary = _analyse(docs)
    synonyms = hc.get("synonyms", [])
    wanted = {entry[1] for word, entry in vocabulary.items() if meaningful(word)}
    for group in synonyms:
        for term in group:
            wanted |= content_stems(term) | {stem(word) for word in words_of(term)}
    postings = _postings(docs, wanted)
    files: dict[str, bytes] = {}
    posting_shards = _split(postings, POSTINGS_SHARD_BYTES)
    for prefix, group in posting_shards.items():
        files[f"p/{_key(prefix)}.json"] = _dumps(group)
    vocabulary_shards = _vocabulary_shards(vocabulary)
    for letter, entries in vocabulary_shards.items():
        files[f"v/{_key(letter)}.json"] = _dumps(entries)
    for letter, tails in _tail_shards(vocabulary).items():
        files[f"t/{_key(letter)}.json"] = _dumps(tails)
    docs_shards, starts = _docs_shards(docs, page_sizes)
    for number, entries in enumerate(docs_shards):
        files[f"d/{number}.json"] = _dumps(entries)
    total = sum(doc.length for doc in docs)
    core = {
        "n": len(docs),
        "average": total / max(1, len(docs)) or 1,
        "pages": page_sizes,
        "lengths": [doc.length for doc in docs],
        "boosts": {str(i): doc.boost for i, doc in enumerate(docs) if doc.boost != 1},
        "synonyms": synonyms,
        "postings": sorted(posting_shards),
        "words": sorted(vocabulary_shards),
        "tails": sorted({word[1] for word in vocabulary if len(word) >= MIN_TYPO_LENGTH}),
        "docs": starts,
    }
    files["core.json"] = _dumps(core)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path] + b"\0")
    version = digest.hexdigest()[:12]
    shards = {f"{version}/{path}": data for path, data in files.items()}
    manifest = {"config": {**config, "hc": {"index": version}}, "docs": []}
    return {"search_index.json": _dumps(manifest), **shards}


_VERSION = re.compile(r"[0-9a-f]{12}")


def stale_folders(search_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Index folders an earlier build left in ``search_dir`` (a build without cleaning writes over the last one)."""
    current = {name.split("/", 1)[0] for name in files if "/" in name}
    return sorted(
        path
        for path in search_dir.iterdir()
        if path.is_dir() and _VERSION.fullmatch(path.name) and path.name not in current
    )
