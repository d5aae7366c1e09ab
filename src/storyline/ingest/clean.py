"""Find the article text inside scraped pages: which lines are news, which are junk.

Each line is tested by :func:`storyline.junk.junk_reason` (web vocabulary, shape,
credits, captions, notes, promotions, another script or language than the cluster's);
here is what depends on the page and the cluster: the cluster's script and language,
a line repeated inside a document, equal to its headline, or a short line that recurs
across documents (site furniture), and datelines, update labels and trailing credits
trimmed from a kept line. The result keeps offsets: each kept line is a
:class:`Block` of the article's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from storyline.data import Article, Block
from storyline.junk import LINE_WORD, junk_reason, language_of, script_of
from storyline.text import outside_quotes

# "SOCHI, Russia -", "LOS ANGELES (CBSLA.com) —", wire copy's "LONDON (AP) _", a place in
# title case before a long dash ("Meadow Lake, Saskatchewan –"), and the day the page
# prints before its text ("Tuesday, January 18, 2005Through a telethon, ...")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ ]{1,30})?\s*(?:\([A-Za-z][\w.&' -]{0,30}\))?"
    r"\s*(?:[–—-]+|_)\s+"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}, [A-Z][a-z.]+(?: [A-Z][a-z]+){0,3}\s+[–—]\s+"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December) \d{1,2}, \d{4}\s*(?=[A-Z]))"
)
_HERE = re.compile(r"\bhere\b", re.IGNORECASE)  # ... which the dateline's place may be
# An update's label before the news it adds: "UPDATE:", "Update, 8:46 p.m.:",
# "7 PM EASTERN UPDATE:", "Update, July 7th, 6:40PM ET:" (a colon inside a time is not its end)
_UPDATE_LABEL = re.compile(
    r"^(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[a-z]+\s+)?)?updated?\b(?:[^:\n]|:(?=\d)){0,40}:\s+",
    re.IGNORECASE,
)
_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?\"”’'])\s+(?:[–—-]+\s*[A-Z][^–—.!?\"”]{0,60}"  # "- Jo Biddle, AFP /"
    r"|\((?:[a-z]{1,6}[-/]?)+\))$"  # a wire desk's initials: "(mc/bk)", "(jo-pa-ls-jh)"
)
SHORT_REPEATED_WORDS = 15  # a line this short seen in two documents is site furniture
SCRIPT_SAMPLE_CHARS = 1_000_000


def clean(articles: Sequence[Article]) -> list[list[Block]]:
    """Return, for each article, the spans of its text that are article prose."""
    clean_one = cleaner(articles)
    return [clean_one(doc) for doc in range(len(articles))]


def cleaner(articles: Sequence[Article]) -> Callable[[int], list[Block]]:
    """The cleaning of one article of this cluster, by its number: what makes a line junk
    depends on the cluster (its script and language, lines several documents share), so
    that is read first; the articles can then be cleaned one by one (and a progress bar
    move)."""
    lines = [_lines(a.text) for a in articles]
    script, language = _dominant_script_and_language(articles)
    shared = _lines_in_several_documents(articles, lines)

    def clean_one(doc: int) -> list[Block]:
        return _clean_one(articles[doc], lines[doc], script, language, shared)

    return clean_one


def _clean_one(
    article: Article,
    lines: list[tuple[int, int]],
    script: str,
    language: str,
    shared: set[str],
) -> list[Block]:
    seen: set[str] = set()
    title = _norm(article.title or "")
    blocks = []
    for start, end in lines:
        block = _trim(article.text, start, end)
        line = article.text[block.start : block.end]
        key = _norm(line)
        if (
            junk_reason(line, script, language) is None
            and key not in seen
            and key != title
            and not (key in shared and len(line.split()) <= SHORT_REPEATED_WORDS)
        ):
            blocks.append(block)
            seen.add(key)
    return blocks


def _trim(text: str, start: int, end: int) -> Block:
    """Cut a leading dateline ("SOCHI, Russia -") or update label ("UPDATE:") and a trailing
    credit ("- Jo Biddle, AFP /"). A dateline stays when the text says "here" outside a
    quotation ("PRAGUE, April 20 (Xinhua) -- ... arrived here today"): it names the place."""
    line = text[start:end]
    dateline = _DATELINE.match(line)
    if dateline and outside_quotes(_HERE, line[dateline.end() :]):
        dateline = None
    if label := dateline or _UPDATE_LABEL.match(line):
        start += label.end()
    if credit := _TRAILING_CREDIT.search(text[start:end]):
        end = start + credit.start()
    return Block(start, end)


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines, stripped of surrounding white space."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            spans.append((start, start + len(stripped)))
    return spans


def _norm(line: str) -> str:
    return " ".join(LINE_WORD.findall(line.lower()))


def _lines_in_several_documents(
    articles: Sequence[Article], lines: list[list[tuple[int, int]]]
) -> set[str]:
    counts: Counter[str] = Counter()
    for article, spans in zip(articles, lines, strict=True):
        counts.update({_norm(article.text[s:e]) for s, e in spans})
    return {key for key, count in counts.items() if count > 1 and key}


def _dominant_script_and_language(articles: Sequence[Article]) -> tuple[str, str]:
    """From the start of every article, about a megabyte in all (a bigger sample tells
    no more, and a 50 MB cluster would spend a minute on it)."""
    per_article = min(5000, max(200, SCRIPT_SAMPLE_CHARS // max(1, len(articles))))
    sample = "\n".join(a.text[:per_article] for a in articles)
    return script_of(sample) or "LATIN", language_of(sample) or "en"
