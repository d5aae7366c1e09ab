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
from dataclasses import dataclass, replace
from functools import cache

from storyline.data import Article, Block
from storyline.junk import (
    LINE_WORD,
    NOT_A_SENTENCE,
    ends_sentence,
    junk_reason,
    script_of,
)
from storyline.language import Language, language_for
from storyline.options import Options
from storyline.text import count_words, outside_quotes


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
    move). Lines in another language than the cluster's (``options.language``, or the one
    most of its articles use) are not its prose."""
    lang = language_for(options.language, [a.text for a in articles])
    if options.language != lang.code:
        options = options.with_(language=lang.code)
    rules = _rules(lang)
    lines = [_lines(a.text, lang.stopwords) for a in articles]
    detected = (_dominant_script(articles, options.ingest.script_sample_chars), options.language)
    shared = _lines_in_several_documents(articles, lines)  # lines, not a long line's pieces
    longest = options.ingest.paragraph_max_words
    lines = [_pieces(a.text, spans, longest) for a, spans in zip(articles, lines, strict=True)]

    def clean_one(doc: int) -> list[Block]:
        return _clean_one(articles[doc], lines[doc], options, rules, detected, shared)

    return clean_one


def _clean_one(
    article: Article,
    lines: list[tuple[int, int]],
    options: Options,
    rules: _Rules,
    detected: tuple[str, str],
    shared: set[str],
) -> list[Block]:
    """The article's kept lines: prose, and lines of the article that are not sentences
    (a subheading, a list item, the dateline cut from a paragraph) for its reading."""
    title = _norm(article.title or "")
    blocks = []
    for start, end in lines:
        block = _trim(article.text, start, end, rules)
        line = article.text[block.start : block.end]
        key = _norm(line)
        if key == title or (
            key in shared and count_words(line) <= options.ingest.short_repeated_words
        ):
            continue
        reason = junk_reason(line, options, *detected)
        if reason == NOT_A_SENTENCE and not junk_reason(line, options, *detected, shape=False):
            blocks.append(replace(block, prose=False))
        elif reason is None:
            if block.start > start:  # the dateline or label cut from it
                blocks.append(Block(start, block.start, prose=False))
            blocks.append(block)
    return _inside(blocks, article.text, options.ingest.anchor_words)


def _inside(blocks: list[Block], text: str, anchor_words: int) -> list[Block]:
    """The blocks from the first anchor to the last: prose, or a line of at least
    ``anchor_words`` words (a sentence whose page left off its full stop). A shorter line
    that is not a sentence is the article's (a subheading, a list item) between them; before
    or after them it is the page's (a menu, a list of links)."""
    anchors = [
        n
        for n, block in enumerate(blocks)
        if block.prose or count_words(text[block.start : block.end]) >= anchor_words
    ]
    return blocks[anchors[0] : anchors[-1] + 1] if anchors else []


def prose(blocks: Sequence[Block]) -> list[Block]:
    """The blocks that are prose: what sentences are cut from."""
    return [block for block in blocks if block.prose]


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


def _lines(text: str, stopwords: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines, stripped of surrounding white space; a paragraph
    wrapped over several lines (each but the last ending mid-sentence, on a stop word
    or before a line going on in lower case) is one line."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            spans.append((start, start + len(stripped)))
    return _unwrapped(text, spans, stopwords)


def _unwrapped(
    text: str, spans: list[tuple[int, int]], stopwords: frozenset[str]
) -> list[tuple[int, int]]:
    """``spans`` with each wrapped paragraph made one span; a run that never ends a
    sentence (a list of items in lower case) stays lines."""
    result, n = [], 0
    while n < len(spans):
        last = n
        while last + 1 < len(spans) and _goes_on(
            text[spans[last][0] : spans[last][1]], text[spans[last + 1][0]], stopwords
        ):
            last += 1
        if last > n and ends_sentence(text[spans[last][0] : spans[last][1]]):
            result.append((spans[n][0], spans[last][1]))
        else:
            result.extend(spans[n : last + 1])  # a later start would end the run alike
        n = last + 1
    return result


_WRAPPED_MIN_CHARS = 30  # a line wrapped from a paragraph (a PDF's narrow column: 35 or more)
# Where a sentence ends inside a line: after its closing mark (and a closing quote), before
# a capital or an opening quote
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")


def _pieces(text: str, spans: list[tuple[int, int]], longest: int) -> list[tuple[int, int]]:
    """``spans`` with each line of more than ``longest`` words (a whole article on one
    line, as wire copy and some archives give it) cut at its sentence ends: each piece
    is then tested as a line is, so a caption or a widget's words at its start cost that
    sentence, not the article."""
    result = []
    for start, end in spans:
        if count_words(text[start:end]) <= longest:
            result.append((start, end))
            continue
        cut = start
        for found in _SENTENCE_END.finditer(text, start, end):
            result.append((cut, found.start() + len(found.group().rstrip())))
            cut = found.end()
        result.append((cut, end))
    return result


def _goes_on(line: str, next_start: str, stopwords: frozenset[str]) -> bool:
    """True if the sentence of ``line`` goes on in the next line: it ends mid-sentence, on
    a stop word ("... won the") or before a line opening in lower case. A line too short
    to be a wrapped one ("Rail strike called off", a subheading) ends on its stop word."""
    if ends_sentence(line):
        return False
    last = line.rsplit(None, 1)[-1]
    wrapped = len(line) >= _WRAPPED_MIN_CHARS and last.islower() and last in stopwords
    return next_start.islower() or wrapped


def _norm(line: str) -> str:
    return " ".join(LINE_WORD.findall(line.lower()))


def _lines_in_several_documents(
    articles: Sequence[Article], lines: list[list[tuple[int, int]]]
) -> set[str]:
    if len(articles) < 2:  # one article (a story's lead being profiled) shares nothing
        return set()
    counts: Counter[str] = Counter()
    for article, spans in zip(articles, lines, strict=True):
        counts.update({_norm(article.text[s:e]) for s, e in spans})
    return {key for key, count in counts.items() if count > 1 and key}


def _dominant_script(articles: Sequence[Article], sample_chars: int) -> str:
    """From the start of every article, about a megabyte in all (a bigger sample tells
    no more, and a 50 MB cluster would spend a minute on it)."""
    per_article = min(5000, max(200, sample_chars // max(1, len(articles))))
    sample = "\n".join(a.text[:per_article] for a in articles)
    return script_of(sample) or "LATIN"
