"""Word-level helpers that hold for any language: words, quotations, printable text.

What depends on a language (stop words, stems, content terms) is :mod:`storyline.language`.
"""

from __future__ import annotations

import re

# A word: letters or digits, with inner apostrophes ("don't", "Putin’s")
WORD = r"[^\W_]+(?:['’][^\W_]+)*"
TOKEN = re.compile(WORD)

# Paired quotation marks inside one paragraph: curly, straight ones taken in pairs, or wire
# copy's ``like this''. A quote opened and not closed runs to the paragraph's end: news
# style for a quote that goes on in the next paragraph, which opens with a mark again.
QUOTE_MARKS = re.compile(r"“[^“”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)|``[^\n]*?(?:''|$)")
OPENING_MARKS = '“"`'  # what a QUOTE_MARKS quote opens on ...
CLOSING_MARKS = "”\"'"  # ... and closes on (wire copy: two apostrophes)
CLOSES = dict(zip(OPENING_MARKS, CLOSING_MARKS, strict=True))  # opening -> its closing mark


# Characters a terminal acts on (ESC opens escape sequences that retitle a window or
# rewrite the screen, BEL rings, CR returns over the line): never printed as text
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters but tab and newline: safe on a terminal."""
    return _CONTROL_CHARACTERS.sub("", text)


def outside_quotes(pattern: re.Pattern[str], text: str) -> bool:
    """True if ``pattern`` matches ``text`` outside its quotations: the text's own words, not
    a speaker's. Most texts do not match at all; only those that do lose their quotations
    and are searched again."""
    return bool(pattern.search(text) and pattern.search(QUOTE_MARKS.sub(" ", text)))


def words(text: str) -> list[str]:
    return TOKEN.findall(text)


def opener(text: str) -> str:
    """The first word, lower-cased, without leading quotes or punctuation."""
    found = TOKEN.search(text)
    return found.group().lower() if found else ""
