"""Stage 2, segment: cut the clean blocks into sentences that keep their offsets.

sentencex (rules in compiled Rust) knows news abbreviations (U.S., Gen., Mr., a.m.), so
they do not split; it cut the dev sets 60 times faster than syntok, the pure-Python
segmenter used before, with briefs as good (bench/RESULTS.md).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import sentencex

from storyline.data import Article, Block, Sentence
from storyline.language import Language
from storyline.text import count_words

# List markers and stray dashes that open a scraped sentence ("- Students were...", wire
# copy's "_ Start small."), and an agency's tag before the first ("(CNN) Sen. John ...",
# "(Reuters) - ...", tokenized "( cnn ) micheal brown ...").
_LEADING_MARKS = re.compile(
    r"^(?:[-–—•·*>|_]+\s*|\(\s?[A-Za-z][\w&.]{1,12}\s?\)\s*(?:[-–—]+\s*)?)+"
)
# sentencex may end a sentence with the quotation mark that opens the next one
# (`..., he said. "From the beginning ...`: a quote running over several sentences).
_TRAILING_QUOTE = re.compile(r"\s[“\"]$")
_DETACHED_TRAILING_QUOTE = re.compile(r'\s" +$')  # ... or, in tokenized text, one apart
# ... and it cuts the attribution from a quotation ending in "!" or "?" when a name
# follows (`"... loves the internet!!" Brown writes on his Kickstarter page.`)
_EXCLAIMED_QUOTE = re.compile(r"[!?][\"”’']\s*$")
_ATTRIBUTION_MAX_WORDS = 8  # longer, it says more than who spoke: a sentence of its own
_ATTRIBUTION_MAX_CHARS = 40 * _ATTRIBUTION_MAX_WORDS  # read of a rest: never the whole text
_JOINABLE_ENDS = "!\"”’'."  # the last characters of the join patterns: a quick first test
# ... and it takes a word for an abbreviation that never is one where a sentence ends
# (the language's not_an_abbreviation: "at Cannes in May. Zeta-Jones had ...")
# ... and it ends a sentence inside the name "E! News" ("told E! News on Friday")
_BANG_NAME = re.compile(r"(?<![\w.])E!$")
_BANG_NAME_GOES_ON = re.compile(r"(?:News|Online|Entertainment)\b")
# ... and after a hyphened rank ("Det.-Sgt. Susan Gomes"), which only opens a name
_HYPHENED_RANK = re.compile(r"(?<![\w.])[A-Z][a-z]{0,4}\.-[A-Z][a-z]{0,4}\.$")
# ... and it runs on past a full stop and a quotation mark that stands apart, as in
# tokenized text, when a lower-case word follows (`a " sordid affair. " democratic ...`;
# after "?" or "!" the quotation is mostly inside a sentence: `" jeopardy! " airs at 7`)
_DETACHED_QUOTE = re.compile(r"\. \"(?= +([^\W\d_]))")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum), found in place
# A quotation mark standing apart, opening a word (`with "the world ... visions. " in
# 2006`) or closing one (`called it "a disaster" and said " we ...`): not Hebrew's
# gershayim (צה"ל), not an inch or second mark (55", 9.58")
_COUNTED_MARK = re.compile(r'(?<!\S)"|(?<=[^\s\d])"(?!\S)')


def segment(
    doc: int, article: Article, blocks: Sequence[Block], lang: Language
) -> Iterator[Sentence]:
    """Sentences of one article's clean blocks, numbered in reading order, cut as they are
    asked for (a huge cluster asks only for leads). A sentence the article already had,
    word for word, is left out: repeating it adds nothing, and a page that is one
    sentence 10,000 times would otherwise cost 10,000 squared comparisons."""
    seen: set[str] = set()
    for block in blocks:
        for start, end in spans(article.text[block.start : block.end], lang):
            start, end = block.start + start, block.start + end
            text = article.text[start:end]
            key = " ".join(text.lower().split())
            if key not in seen:
                seen.add(key)
                yield Sentence(doc, start, end, text, len(seen) - 1)


BEYOND_CAP = "beyond the cluster's sentence cap (more central articles filled it)"


def first(sentences: Iterable[Sentence], count: int, lead_words: int) -> list[Sentence]:
    """The first ``count`` sentences, or more until they hold ``lead_words`` words: all an
    article of a huge cluster can give before :func:`cap` (no need to cut the rest)."""
    taken: list[Sentence] = []
    size = 0
    for sentence in sentences:
        if len(taken) >= count and size >= lead_words:
            break
        taken.append(sentence)
        size += count_words(sentence.text)
    return taken


def cap(
    sentences: Sequence[Sentence], limit: int, lead_words: int, lang: Language
) -> tuple[list[Sentence], set[int]]:
    """At most ``limit`` of a cluster's sentences, and the articles left with none.

    Relate compares every pair of sentences, so a cluster of a thousand articles would
    need gigabytes; news puts the event first, so each article gives its lead (its
    first ``lead_words`` words: enough to tell an article from a fragment), then its
    next sentences one round at a time. When a round does not fit, the articles whose
    leads share most words with the other leads go first.
    """
    if len(sentences) <= limit:
        return list(sentences), set()
    by_doc: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.doc, []).append(sentence)
    rounds = {doc: _rounds(own, lead_words) for doc, own in by_doc.items()}
    order = _central_first({doc: r[0] for doc, r in rounds.items()}, lang)
    kept: list[Sentence] = []
    for depth in range(max(len(r) for r in rounds.values())):
        order = [doc for doc in order if depth < len(rounds[doc])]
        for n, doc in enumerate(order):
            if len(kept) + len(rounds[doc][depth]) > limit:
                order = order[:n]  # an article that missed a round gets no later one
                break
            kept.extend(rounds[doc][depth])
    kept.sort(key=lambda s: (s.doc, s.position))
    return kept, set(by_doc) - {s.doc for s in kept}


def _rounds(sentences: list[Sentence], lead_words: int) -> list[list[Sentence]]:
    """An article's sentences as it gives them up: its lead at once, then one by one."""
    lead = first(sentences, 0, lead_words)
    return [lead] + [[s] for s in sentences[len(lead) :]]


def _central_first(leads: dict[int, list[Sentence]], lang: Language) -> list[int]:
    """Articles ordered by the mean number of other leads sharing each of their terms."""
    vocabularies = {
        doc: set(lang.terms(" ".join(s.text for s in own))) for doc, own in leads.items()
    }
    df = Counter(t for vocabulary in vocabularies.values() for t in vocabulary)
    centrality = {
        doc: sum(df[t] for t in vocabulary) / len(vocabulary) if vocabulary else 0.0
        for doc, vocabulary in vocabularies.items()
    }
    return sorted(leads, key=lambda doc: (-centrality[doc], doc))


def split_sentences(text: str, lang: Language) -> list[str]:
    """Sentences of free text (references, other systems' output), cut the same way."""
    return [text[start:end] for start, end in spans(text, lang)]


def spans(text: str, lang: Language) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without leading list marks or dashes."""
    carried = None  # where an opening quote the segmenter gave the sentence before begins
    for start, end in _attributions_joined(text, lang):
        if carried is not None:
            start, carried = carried, None
        if _TRAILING_QUOTE.search(text, start, end) and text[end : end + 1].strip():
            carried = end = end - 1  # it hugs the next word: it opens the next sentence
        elif (
            (mark := _DETACHED_TRAILING_QUOTE.search(text, start, end))
            and text[end : end + 1].strip()  # the next sentence goes on in this line
            and len(_COUNTED_MARK.findall(text, start, end)) % 2 == 1
        ):
            carried = end = mark.start() + 1  # a detached mark no other closes: it opens
        if marks := _LEADING_MARKS.match(text[start:end]):
            start += marks.end()
        while start < end and _invisible(text[start]):
            start += 1  # zero-width and direction marks at the edges: never shown
        while start < end and _invisible(text[end - 1]):
            end -= 1
        if start < end:
            yield start, end


def _attributions_joined(text: str, lang: Language) -> Iterator[tuple[int, int]]:
    """sentencex's sentences (in characters, not bytes), each short attribution it cut
    from a quotation ending in "!" or "?" joined back to it ("Trump tweeted."), and each
    sentence it ended inside "E! News" joined to the rest ("News on Friday, ...")."""
    held: tuple[int, int] | None = None
    attribution = lang.pattern("attribution")
    clock = (lang.pattern("clock_end"), lang.pattern("time_zone"))
    for start, end in _sentencex_spans(text, lang):
        sentence = text[start:end].strip()
        if held and _goes_on(text[held[0] : held[1]].rstrip(), sentence, attribution, clock):
            held = (held[0], end)
            continue
        if held:
            yield held
        held = (start, end)
    if held:
        yield held


def _goes_on(
    before: str,
    sentence: str,
    attribution: re.Pattern[str],
    clock: tuple[re.Pattern[str], re.Pattern[str]],
) -> bool:
    """True when ``sentence`` is the rest of the one ``before`` it: a short attribution cut
    from a quotation ending in "!" or "?", what follows "E!" in "E! News", the name after
    a hyphened rank ("Det.-Sgt." / "Susan Gomes, of the homicide squad, said ..."), or
    the zone of a clock time ("at 8 p.m." / "ET on Monday.")."""
    if not before or before[-1] not in _JOINABLE_ENDS:
        return False  # most sentences: their last character tells
    if before[-1] == ".":
        clock_end, time_zone = clock
        if clock_end.search(before[-6:]):
            return bool(time_zone.match(sentence))
        return "-" in before[-12:] and bool(_HYPHENED_RANK.search(before[-12:]))
    if _BANG_NAME.search(before):
        return bool(_BANG_NAME_GOES_ON.match(sentence))
    return bool(_EXCLAIMED_QUOTE.search(before)) and _short_attribution(sentence, attribution)


def _short_attribution(text: str, attribution: re.Pattern[str]) -> bool:
    """True if ``text`` only says who spoke ("Trump tweeted.", "he said."): longer, it says
    more than that, a sentence of its own."""
    return bool(attribution.match(text)) and len(text.split()) <= _ATTRIBUTION_MAX_WORDS


def _sentencex_spans(text: str, lang: Language) -> Iterator[tuple[int, int]]:
    """sentencex's sentences, each cut again after a word like "May." that ends one and
    at a detached quotation mark that does."""
    not_abbreviations = [m.end() for m in lang.pattern("not_an_abbreviation").finditer(text)]
    attribution = lang.pattern("attribution", re.IGNORECASE)
    for boundary in sentencex.get_sentence_boundaries(lang.code, text):
        start, end = boundary["start_index"], boundary["end_index"]
        first = bisect_right(not_abbreviations, start)
        inside = not_abbreviations[first : bisect_left(not_abbreviations, end)]
        quoted = _detached_quote_cuts(text, start, end, attribution)
        for cut in sorted(inside + list(quoted)):
            if start < cut < end and _worded(text, start, cut) and _worded(text, cut, end):
                yield start, cut
                start = cut
        yield start, end


def _worded(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` holds a letter or digit: a cut never leaves a lone mark."""
    return _ALNUM.search(text, start, end) is not None  # no slice: the span may be the text


def _detached_quote_cuts(
    text: str, start: int, end: int, attribution: re.Pattern[str]
) -> Iterator[int]:
    """Where a sentence of ``text[start:end]`` ends at a full stop and a detached quotation
    mark before a lower-case word: after the mark when it closes a quotation (an odd count
    of marks before it in the sentence, standing apart, opening or closing a word), unless
    a short attribution follows (`" we won. " he said.`); before it when it opens one."""
    marks, counted = 0, start
    for match in _DETACHED_QUOTE.finditer(text, start, end):
        if not match.group(1).islower():
            continue
        mark = match.end() - 1
        marks += len(_COUNTED_MARK.findall(text, counted, mark))
        counted = mark
        if marks % 2 == 0:
            yield match.start() + 1
            continue
        rest = text[match.end() : min(end, match.end() + _ATTRIBUTION_MAX_CHARS + 1)]
        if len(rest) > _ATTRIBUTION_MAX_CHARS or not _short_attribution(rest.strip(), attribution):
            yield match.end()


def _invisible(char: str) -> bool:
    """Format characters (zero-width space, right-to-left override, BOM) and spaces."""
    return char.isspace() or unicodedata.category(char) == "Cf"
