"""What the service does so that a reader's personal details are never stored, and can be found to be deleted.

`mask` runs on every comment and search query before it is stored, whatever the
client (the site's search box masks queries too, but curl does not): e-mail
addresses become ``[email]`` and phone numbers or other long runs of digits
``[number]``, the same words the search box uses. Both passes are linear.

`fold` is the caseless form used to find a reader's text when they ask for it
to be deleted: Unicode case folding after compatibility normalisation, so
"ZOË MÜLLER" finds "zoë müller" and "STRASSE" finds "straße".
"""

from __future__ import annotations

import re
import unicodedata

EMAIL = "[email]"
NUMBER = "[number]"
MIN_DIGITS = 7  # a phone number without its area code; shorter runs are step numbers, years, amounts

_WORD = re.compile(r"\S+")
_OPENING = "(<[{\"'"
_CLOSING = ".,;:!?)>]}\"'"  # the punctuation around a word stays outside what is masked
# A run that starts and ends with a digit, with the separators phone numbers are written with in between.
# Each match ends at the run's last digit and the scan goes on after it: linear in the text's length.
_DIGITS = re.compile(r"\+?\d(?:[\d().\-/ \t]*\d)?")
_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")


def _email(match: re.Match[str]) -> str:
    text = match.group()
    opened = text.lstrip(_OPENING)
    word = opened.rstrip(_CLOSING)
    at = word.find("@")
    if not 0 < at < len(word) - 1:
        return text
    return text[: len(text) - len(opened)] + EMAIL + opened[len(word) :]


def _number(match: re.Match[str]) -> str:
    run = match.group()
    if sum(character.isdigit() for character in run) < MIN_DIGITS or _DATE.fullmatch(run):
        return run
    return NUMBER


def mask(text: str) -> str:
    """``text`` with e-mail addresses and phone or account numbers replaced by ``[email]`` and ``[number]``."""
    if "@" in text:
        text = _WORD.sub(_email, text)
    if len(_DIGIT.findall(text)) >= MIN_DIGITS:  # most comments have no long number: skip the second pass
        text = _DIGITS.sub(_number, text)
    return text


def fold(text: str) -> str:
    """The caseless form of ``text`` (Unicode's compatibility caseless match)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
