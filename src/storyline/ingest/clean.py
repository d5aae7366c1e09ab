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
from dataclasses import dataclass
from functools import cache

from storyline.data import Article, Block
from storyline.junk import LINE_WORD, junk_reason, language_of, script_of
from storyline.language import Language, load_language
from storyline.options import Options
from storyline.text import outside_quotes


@dataclass(frozen=True)
class _Rules:
    """A language's patterns for the ends of a line (storyline/languages), compiled once."""

    dateline: re.Pattern[str]  # "SOCHI, Russia -", "LONDON (AP) _"
    here: re.Pattern[str]  # the text calls the dateline's place "here"
    update_label: re.Pattern[str]  # "UPDATE:", "Update, 8:46 p.m.:"
    trailing_credit: re.Pattern[str]  # "- Jo Biddle, AFP /", "(mc/bk)"


@cache
def _rules(lang: Language) -> _Rules:
    return _Rules(
        *(lang.pattern(name) for name in ("dateline", "here", "update_label", "trailing_credit"))
    )


def clean(articles: Sequence[Article], options: Options) -> list[list[Block]]:
    """Return, for each article, the spans of its text that are article prose."""
    clean_one = cleaner(articles, options)
    return [clean_one(doc) for doc in range(len(articles))]


def cleaner(articles: Sequence[Article], options: Options) -> Callable[[int], list[Block]]:
    """The cleaning of one article of this cluster, by its number: what makes a line junk
    depends on the cluster (its script and language, lines several documents share), so
    that is read first; the articles can then be cleaned one by one (and a progress bar
    move)."""
    lines = [_lines(a.text) for a in articles]
    detected = _dominant_script_and_language(articles, options.ingest.script_sample_chars)
    shared = _lines_in_several_documents(articles, lines)

    def clean_one(doc: int) -> list[Block]:
        return _clean_one(articles[doc], lines[doc], options, detected, shared)

    return clean_one


def _clean_one(
    article: Article,
    lines: list[tuple[int, int]],
    options: Options,
    detected: tuple[str, str],
    shared: set[str],
) -> list[Block]:
    rules = _rules(load_language(options.language))
    seen: set[str] = set()
    title = _norm(article.title or "")
    blocks = []
    for start, end in lines:
        block = _trim(article.text, start, end, rules)
        line = article.text[block.start : block.end]
        key = _norm(line)
        if (
            junk_reason(line, options, *detected) is None
            and key not in seen
            and key != title
            and not (key in shared and len(line.split()) <= options.ingest.short_repeated_words)
        ):
            blocks.append(block)
            seen.add(key)
    return blocks


def _trim(text: str, start: int, end: int, rules: _Rules) -> Block:
    """Cut a leading dateline ("SOCHI, Russia -") or update label ("UPDATE:") and a trailing
    credit ("- Jo Biddle, AFP /"). A dateline stays when the text says "here" outside a
    quotation ("PRAGUE, April 20 (Xinhua) -- ... arrived here today"): it names the place."""
    line = text[start:end]
    dateline = rules.dateline.match(line)
    if dateline and outside_quotes(rules.here, line[dateline.end() :]):
        dateline = None
    if label := dateline or rules.update_label.match(line):
        start += label.end()
    if credit := rules.trailing_credit.search(text[start:end]):
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


def _dominant_script_and_language(
    articles: Sequence[Article], sample_chars: int
) -> tuple[str, str]:
    """From the start of every article, about a megabyte in all (a bigger sample tells
    no more, and a 50 MB cluster would spend a minute on it)."""
    per_article = min(5000, max(200, sample_chars // max(1, len(articles))))
    sample = "\n".join(a.text[:per_article] for a in articles)
    return script_of(sample) or "LATIN", language_of(sample) or "en"
