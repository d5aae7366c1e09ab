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

# A table's row, as a page's reading writes it ("| Kyle Busch | 5040 |"): data, kept for
# the reading, never a sentence, and no evidence of the text's language
TABLE_ROW = re.compile(r"^\|.*$\n?", re.MULTILINE)


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


# Han and kana: Chinese and Japanese are written without spaces between words. Two such
# characters count as a word (a Chinese word has about two), so that a word budget or a
# length rule means about as much there as in a language with spaces.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PIECE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,2}"
    r"|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)  # a pair of such characters, or a run of others


def words(text: str) -> list[str]:
    """Words of ``text``: letters or digits with inner apostrophes; a run of Chinese or
    Japanese characters is cut in pairs."""
    found = TOKEN.findall(text)
    if not _UNSPACED.search(text):
        return found  # most text: no run to cut
    return [piece for token in found for piece in _PIECE.findall(token)]


def count_words(text: str) -> int:
    """How many words ``text`` has: its whitespace-parted tokens, each run of Chinese or
    Japanese characters counting a word for every two characters. The one measure of
    length of budgets, length rules and reports."""
    if not _UNSPACED.search(text):
        return len(text.split())
    return sum(
        max(1, (len(_UNSPACED.findall(token)) + 1) // 2) if _UNSPACED.search(token) else 1
        for token in text.split()
    )


def opener(text: str) -> str:
    """The first word, lower-cased, without leading quotes or punctuation."""
    found = TOKEN.search(text)
    return found.group().lower() if found else ""
