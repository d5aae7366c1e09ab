"""Insights beside the brief: quotes and their speakers, the people and organisations
involved, a timeline of dated events, and figures the sources disagree on.

Only live documents (not flagged off-event or not-an-article) are read. In English one
spaCy parse of their clean paragraphs serves every part; each part is its own module. In
the other languages with speech data, quotes are read without a parser (``speech``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from storyline.data import Article, Block, Insights, Quote, Sentence
from storyline.ingest import clean
from storyline.ingest.clean import prose
from storyline.insights.disagreements import find_disagreements
from storyline.insights.entities import Names, find_entities
from storyline.insights.parse import parse_blocks
from storyline.insights.quotes import find_mentions, merge
from storyline.insights.speech import canonical_speakers, find_mentions_plain, speech_of
from storyline.insights.timeline import find_events
from storyline.language import language_for, load_language
from storyline.options import DEFAULTS, Options
from storyline.represent import get_embedder


def find_insights(
    articles: Sequence[Article],
    blocks: Sequence[Sequence[Block]],
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    flags: Sequence[str | None],
    embed: Callable[[list[str]], np.ndarray],
    lead: int,
    options: Options,
) -> Insights:
    """Every insight of the live articles; ``lead`` is the brief's first sentence (an index
    into ``sentences``), the story's own event on the timeline."""
    live = [doc for doc, flag in enumerate(flags) if flag is None]
    parsed = parse_blocks(articles, blocks, live, options.insight.insight_model)
    names = Names(parsed)
    alive = np.array([flags[s.doc] is None for s in sentences], dtype=bool)
    return Insights(
        quotes=tuple(
            merge(find_mentions(parsed, options), articles, embed, names.canonical, options)
        ),
        entities=tuple(find_entities(parsed, articles, names, options)),
        timeline=tuple(
            find_events(parsed, articles, sentences, similarity, lead, names.canonical, options)
        ),
        disagreements=tuple(find_disagreements(sentences, similarity, alive, articles, options)),
    )


def find_quotes_plain(
    articles: Sequence[Article],
    blocks: Sequence[Sequence[Block]],
    flags: Sequence[str | None],
    options: Options,
) -> Insights:
    """The quotes of the live articles in a language read without a parser (see
    :mod:`storyline.insights.speech`), one statement by shared words (WordLlama's
    vectors of other languages crowd together); names, dates and figures read English
    only."""
    lang = load_language(options.language)
    speech = speech_of(lang.code)
    assert speech is not None, "only for a language with speech data"
    live = [doc for doc, flag in enumerate(flags) if flag is None]
    mentions = find_mentions_plain(
        articles, blocks, live, speech, lang, options.insight.quote_min_words
    )
    quotes = merge(mentions, articles, None, canonical_speakers(mentions), options)
    return Insights(
        quotes=tuple(quotes),
        read=("quotes",),
        unavailable=f"people, timeline and disagreements: not available for {lang.name} "
        "(they read English)",
    )


def quotes_in(articles: Sequence[Article], options: Options = DEFAULTS) -> list[Quote]:
    """The quotes of all these articles, none set aside as off-event: what hand labels of
    quotes and speakers are scored against (see :mod:`storyline.insights.score`)."""
    language = language_for(options.language, [a.text for a in articles])
    options = options.with_(language=language.code)
    blocks = [prose(b) for b in clean(articles, options)]
    if language.code != "en":
        return list(find_quotes_plain(articles, blocks, [None] * len(articles), options).quotes)
    embed = get_embedder(options.embedder).embed
    parsed = parse_blocks(articles, blocks, range(len(articles)), options.insight.insight_model)
    return merge(find_mentions(parsed, options), articles, embed, Names(parsed).canonical, options)
