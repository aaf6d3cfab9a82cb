"""What a reader reads on a built page, as text: for the readability and copied-text checks.

Article prose is the writer's text as rendered (facts filled in): the body of
``article.md-content__inner`` without

- headings, admonition titles and tab labels: they are labels, not sentences,
  and a heading has no full stop, so it would be glued to the next sentence;
- code (``pre``, ``code``): shown exactly as typed, not prose;
- the question index of FAQ pages: it repeats the headings;
- what the theme adds after the text (last updated, related lists, "Still need
  help?", feedback) and the edit button: the same on every article, and not
  written by the page's writer. `theme_text` returns the "Still need help?" block
  so it can be checked on its own.

Each paragraph, list item and table cell is one unit: a unit without a final
full stop (a list item, usually) is ended with one, as a reader pauses there.
Without this, Flesch-Kincaid would read a whole list as one long sentence.
"""

from __future__ import annotations

import re

import lxml.html

BLOCKS = ("p", "li", "td", "th", "dt", "dd", "summary", "blockquote")
DROPPED = (
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "script", "style", "nav",
    "p.admonition-title", "summary", ".tabbed-labels", ".headerlink", ".md-content__button",
    ".hc-updated", ".hc-pagelist", ".hc-help", ".hc-feedback",
)  # fmt: skip
QUESTION_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BREAK = "\u2029"  # between units (the source's own line breaks are just spaces)


def _article(html: str) -> lxml.html.HtmlElement:
    found = lxml.html.fromstring(html).find_class("md-content__inner")
    assert found, "the page has no article"
    return found[0]


def _units(root: lxml.html.HtmlElement) -> list[str]:
    """The text of ``root`` as units: one per block element, each ended with punctuation."""
    for element in root.iter(*BLOCKS):
        element.text = _BREAK + (element.text or "")
        element.tail = _BREAK + (element.tail or "")
    units = []
    for line in root.text_content().split(_BREAK):
        text = " ".join(line.split())
        if text:
            units.append(text if text[-1] in ".?!:" else f"{text}.")
    return units


def _xpath(selector: str) -> str:
    """``tag``, ``.class`` or ``tag.class`` as XPath (the only selectors used here)."""
    tag, _, name = selector.partition(".")
    has_class = f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" if name else ""
    return f".//{tag or '*'}{has_class}"


def _drop(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for element in root.xpath(_xpath(selector)):
            element.drop_tree()


def article_prose(html: str) -> str:
    """The writer's sentences on a built page, one unit per line."""
    root = _article(html)
    _drop(root, DROPPED)
    return "\n".join(_units(root))


def theme_text(html: str) -> str:
    """The "Still need help?" block's text without its heading and the feedback widget."""
    root = _article(html)
    found = root.xpath(_xpath(".hc-help"))
    if not found:
        return ""
    block = found[0]
    _drop(block, ("h2", ".hc-feedback"))
    return "\n".join(_units(block))


def reader_text(html: str) -> str:
    """Everything the reader sees in the article, headings that ask a question left out.

    For the copied-text check: the seed's questions may be kept as headings
    (and the FAQ's question index repeats them); everything else counts,
    including what the theme adds (feedback labels, "Still need help?").
    """
    root = _article(html)
    for element in root.iter(*QUESTION_HEADINGS):
        if element.text_content().rstrip("¶ ").endswith("?"):
            element.drop_tree()
    _drop(root, (".faq-index", ".headerlink", "script", "style"))
    # Form controls' visible labels are text nodes; buttons too. Split blocks so words of
    # two elements never run together.
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words, with typographic apostrophes as plain ones: how runs are compared."""
    return WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def copied_runs(text: list[str], source: list[str], length: int) -> list[str]:
    """Each longest stretch of ``text`` in which every ``length`` words in a row also stand in a row in ``source``."""
    grams = {tuple(source[i : i + length]) for i in range(len(source) - length + 1)}
    runs: list[str] = []
    start = end = -1
    for i in range(len(text) - length + 1):
        if tuple(text[i : i + length]) not in grams:
            continue
        if i > end - length + 1 or start < 0:  # not overlapping the current run: close it
            if start >= 0:
                runs.append(" ".join(text[start:end]))
            start = i
        end = i + length
    if start >= 0:
        runs.append(" ".join(text[start:end]))
    return runs
