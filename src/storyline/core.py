"""The one entry point: ``summarize`` (and ``pipe`` for streams of clusters).

The pipeline, stage by stage::

    ingest.clean -> segment -> represent -> relate -> select -> Brief

The CLI and any server are thin layers over these two functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

import numpy as np

from storyline.data import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Cluster,
    DocumentReport,
    Sentence,
)
from storyline.engine import Engine, LocalEngine
from storyline.errors import StorylineError
from storyline.ingest import clean
from storyline.ingest.read import article_from_text
from storyline.insights import find_insights
from storyline.options import DEFAULTS, Options
from storyline.relate import NOT_AN_ARTICLE, Relations, relate
from storyline.represent import get_embedder
from storyline.segment import segment
from storyline.select import select


def summarize(
    articles: Cluster | Sequence[str | Article],
    *,
    options: Options = DEFAULTS,
    **overrides: object,
) -> Brief:
    """Summarize one story told by several articles into one sourced brief.

    ``articles`` are texts (plain or HTML), :class:`Article` objects, or a
    :class:`Cluster`; keyword overrides such as ``words=150`` change ``options``.
    Raises :class:`StorylineError` when there is nothing to summarize.
    """
    if overrides:
        options = options.with_(**overrides)
    if isinstance(articles, Cluster):
        cluster = articles
    else:
        cluster = Cluster(None, tuple(_as_article(a, n) for n, a in enumerate(articles, 1)))
    return _summarize_cluster(cluster, options)


def pipe(
    clusters: Iterable[Cluster | StorylineError],
    *,
    options: Options = DEFAULTS,
    engine: Engine | None = None,
) -> Iterator[Brief | StorylineError]:
    """Briefs for a stream of clusters, in order; a bad cluster yields its error and the
    stream goes on. ``engine`` (see :mod:`storyline.engine`) may run them on Dask workers."""
    return (engine or LocalEngine()).map(partial(brief_or_error, options=options), clusters)


def brief_or_error(
    cluster: Cluster | StorylineError, options: Options = DEFAULTS
) -> Brief | StorylineError:
    """The brief of one cluster, or the error that replaces it (an engine's unit of work)."""
    if isinstance(cluster, StorylineError):
        return cluster
    try:
        return _summarize_cluster(cluster, options)
    except StorylineError as err:
        return err


def _as_article(item: str | Article, number: int) -> Article:
    if isinstance(item, Article):
        return item
    if not isinstance(item, str) or not item.strip():
        raise StorylineError(f"document {number}", "empty or not text")
    return article_from_text(item, f"doc-{number}")


def _summarize_cluster(cluster: Cluster, options: Options) -> Brief:
    name = cluster.id or "input"
    if not cluster.articles:
        raise StorylineError(name, "no articles to summarize")
    blocks = clean(cluster.articles)
    sentences = [
        s
        for doc, (article, kept) in enumerate(zip(cluster.articles, blocks, strict=True))
        for s in segment(doc, article, kept)
    ]
    embedder = get_embedder(options.embedder)
    vectors = embedder.embed([s.text for s in sentences])
    relations = relate(sentences, vectors, len(cluster.articles), options)
    chosen = select(sentences, relations, options)
    if not chosen:
        raise StorylineError(name, f"no usable sentence ({_why_empty(relations, options)})")
    return Brief(
        id=cluster.id,
        sentences=tuple(_brief_sentence(i, sentences, relations, cluster, options) for i in chosen),
        documents=tuple(
            DocumentReport(a.id, a.title, flag is not None, flag, a.url)
            for a, flag in zip(cluster.articles, relations.flags, strict=True)
        ),
        articles=cluster.articles,
        insights=find_insights(
            cluster.articles,
            blocks,
            sentences,
            relations.similarity,
            relations.flags,
            embedder.embed,
            options,
        )
        if options.insights
        else None,
    )


def _why_empty(relations: Relations, options: Options) -> str:
    if relations.flags and all(flag == NOT_AN_ARTICLE for flag in relations.flags):
        return f"no document has {options.min_article_words} words of article prose"
    return "what is left after cleaning is page furniture, fragments or off-event"


def _brief_sentence(
    i: int, sentences: list[Sentence], relations: Relations, cluster: Cluster, options: Options
) -> BriefSentence:
    """The sentence with its exact source span first, then the best match in each other source."""
    sentence = sentences[i]
    citations = [Citation(cluster.articles[sentence.doc].id, sentence.start, sentence.end)]
    best: dict[int, int] = {}
    for j in np.flatnonzero(relations.similarity[i] >= options.support_similarity):
        other = sentences[j]
        if (
            other.doc != sentence.doc
            and relations.flags[other.doc] is None
            and (
                other.doc not in best
                or relations.similarity[i, j] > relations.similarity[i, best[other.doc]]
            )
        ):
            best[other.doc] = int(j)
    for doc in sorted(best):
        other = sentences[best[doc]]
        citations.append(Citation(cluster.articles[doc].id, other.start, other.end, exact=False))
    return BriefSentence(sentence.text, len(citations), tuple(citations))
