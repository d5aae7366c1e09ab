"""The one entry point: ``summarize`` (and ``pipe`` for streams of clusters).

The pipeline, stage by stage::

    ingest.clean -> segment -> represent -> relate -> select -> Brief

The CLI and any server are thin layers over these functions; ``readings`` shows what
cleaning keeps of each article (``storyline read``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np
from tqdm import tqdm

from storyline.coherence import full_names
from storyline.data import (
    Article,
    Block,
    Brief,
    BriefSentence,
    Citation,
    Cluster,
    DocumentReport,
    Edit,
    Insights,
    Reading,
    Sentence,
)
from storyline.dates import parse_time
from storyline.engine import Engine, LocalEngine
from storyline.errors import StorylineError
from storyline.ingest import cleaner
from storyline.ingest.clean import prose
from storyline.ingest.read import article_from_text
from storyline.insights import find_insights, find_quotes_plain
from storyline.insights.speech import speech_of
from storyline.language import brief_language, load_language, text_language
from storyline.options import DEFAULTS, Options
from storyline.relate import NOT_AN_ARTICLE, Relations, relate
from storyline.represent import get_embedder
from storyline.segment import BEYOND_CAP, cap, first, segment
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
        read = [_as_article(a, n, options) for n, a in enumerate(articles, 1)]
        cluster = Cluster(None, tuple(read))
    return _summarize_cluster(cluster, options)


def readings(cluster: Cluster, options: Options = DEFAULTS) -> list[Reading]:
    """What cleaning keeps of each article of ``cluster`` (it depends on the cluster: its
    language, and lines its articles share), before any sentence is cut or chosen."""
    clean_one = cleaner(cluster.articles, in_language(cluster, options))
    return [Reading(a, tuple(clean_one(n)), cluster.id) for n, a in enumerate(cluster.articles)]


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


def _as_article(item: str | Article, number: int, options: Options) -> Article:
    if isinstance(item, Article):
        return item
    if not isinstance(item, str) or not item.strip():
        raise StorylineError(f"document {number}", "empty or not text")
    return article_from_text(item, f"doc-{number}", options=options)


@dataclass(frozen=True)
class Analysis:
    """A cluster read and related: what selection and insights work from."""

    blocks: list[list[Block]]  # per article: the spans of its text that are prose
    sentences: list[Sentence]  # capped (see segment.cap), in article order
    relations: Relations


def analyze(cluster: Cluster, options: Options = DEFAULTS, run: Run | None = None) -> Analysis:
    """The pipeline up to relations: clean, segment, cap, embed, relate. Public so that
    the salience model is trained on exactly what ``summarize`` sees (bench/train.py)."""
    options = in_language(cluster, options)
    blocks, sentences, beyond_cap = _read_sentences(cluster.articles, options, run)
    if run is not None:
        run.stage("comparing sentences")
    vectors = get_embedder(options.embedder).embed([s.text for s in sentences])
    relations = relate(sentences, vectors, len(cluster.articles), options)
    relations = _mark_other_language(_mark_beyond_cap(relations, beyond_cap), cluster, options)
    return Analysis(blocks, sentences, relations)


def _insights(cluster: Cluster, found: Analysis, lead: int, options: Options) -> Insights:
    """Quotes, names, dates and disagreements: rules over spaCy's English pipeline; in
    another language the quotes alone where its speech data allows (``speech.toml``),
    and a note saying what is not available rather than English rules' noise."""
    if options.language != "en" and speech_of(options.language) is not None:
        return find_quotes_plain(cluster.articles, found.blocks, found.relations.flags, options)
    if options.language != "en":
        name = load_language(options.language).name
        return Insights(read=(), unavailable=f"not available for {name} (insights read English)")
    return find_insights(
        cluster.articles,
        found.blocks,
        found.sentences,
        found.relations.similarity,
        found.relations.flags,
        get_embedder(options.embedder).embed,
        lead,
        options,
    )


def in_language(cluster: Cluster, options: Options) -> Options:
    """``options`` with the brief's language made concrete: as asked, or the one most of
    the cluster's articles are written in."""
    try:
        code = brief_language([a.text for a in cluster.articles], options.language)
    except StorylineError as err:
        raise StorylineError(cluster.id or _inputs(cluster), err.message) from None
    return options if code == options.language else options.with_(language=code)


def _mark_other_language(relations: Relations, cluster: Cluster, options: Options) -> Relations:
    """Articles written in another language than the brief's say so ("other language (it)"),
    not "not an article": cleaning left them no line."""
    flags = list(relations.flags)
    for doc, article in enumerate(cluster.articles):
        if flags[doc] != NOT_AN_ARTICLE:
            continue  # only an article cleaning left no line is told again
        code = text_language(article.text)
        if code and code != options.language:
            flags[doc] = f"other language ({code})"
    return replace(relations, flags=tuple(flags))


def _summarize_cluster(cluster: Cluster, options: Options) -> Brief:
    name = cluster.id or _inputs(cluster)
    if not cluster.articles:
        raise StorylineError(name, "no articles to summarize")
    options = in_language(cluster, options)
    with Run(name, len(cluster.articles), options) as run:
        found = analyze(cluster, options, run)
        sentences, relations = found.sentences, found.relations
        run.stage("choosing sentences")
        published = [parse_time(article.date) for article in cluster.articles]
        chosen = select(sentences, relations, options, published)
        if not chosen:
            raise StorylineError(name, f"no usable sentence ({_why_empty(relations, options)})")
        if options.insights:
            run.stage("finding quotes, names and dates")
        insights = _insights(cluster, found, chosen[0], options) if options.insights else None
    texts = [article.text for article in cluster.articles]
    edits = full_names(chosen, sentences, texts, load_language(options.language))
    return Brief(
        id=cluster.id,
        sentences=tuple(
            _brief_sentence(i, sentences, relations, cluster, options, edits.get(i, ()))
            for i in chosen
        ),
        documents=tuple(
            DocumentReport(a.id, a.title, flag is not None, flag, a.url, text_language(a.text))
            for a, flag in zip(cluster.articles, relations.flags, strict=True)
        ),
        language=options.language,
        articles=cluster.articles,
        insights=insights,
    )


def _read_sentences(
    articles: Sequence[Article], options: Options, run: Run | None = None
) -> tuple[list[list[Block]], list[Sentence], set[int]]:
    """Clean and segment each article, then cap the sentences (see :func:`segment.cap`);
    also the articles the cap left without any. Of a huge cluster only each article's
    start is read (``max_text_chars`` shared among them): only leads pass the cap."""
    per_article = max(options.ingest.min_text_chars, options.ingest.max_text_chars // len(articles))
    heads = [replace(a, text=a.text[:per_article]) for a in articles]  # offsets stay valid
    clean_one = cleaner(heads, options)
    lang = load_language(options.language)
    quota = options.segment.max_sentences // len(articles) + 1  # more never passes the cap
    blocks, sentences = [], []
    for doc, head in enumerate(heads):
        blocks.append(prose(clean_one(doc)))
        sentences.extend(
            first(segment(doc, head, blocks[-1], lang), quota, options.segment.lead_words)
        )
        if run is not None:
            run.tick()
    sentences, beyond_cap = cap(
        sentences, options.segment.max_sentences, options.segment.lead_words, lang
    )
    return blocks, sentences, beyond_cap


def _mark_beyond_cap(relations: Relations, beyond_cap: set[int]) -> Relations:
    """Articles the sentence cap left out say so (relate saw no text of theirs)."""
    if not beyond_cap:
        return relations
    flags = tuple(BEYOND_CAP if d in beyond_cap else f for d, f in enumerate(relations.flags))
    return replace(relations, flags=flags)


class Run:
    """One cluster's run: its progress bar (on a terminal, never in a pipe or a log, for a
    cluster that takes a while) and its deadline, ``time_limit`` seconds. Each article
    read and each stage begun checks the clock, and a run past it stops with a one-line
    error (cooperative checks: a CLI input gets its deadline without a process of its own;
    the server also ends its worker process at its own limit)."""

    def __init__(self, name: str, articles: int, options: Options) -> None:
        show = options.progress and articles >= options.progress_min_articles
        self.bar = tqdm(
            total=articles,
            desc="reading",
            unit="article",
            file=sys.stderr,
            disable=None if show else True,
            leave=False,
        )
        self.name, self.limit = name, options.time_limit
        self.deadline = time.monotonic() + options.time_limit

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

    def tick(self) -> None:
        """An article read."""
        self.bar.update()
        self._check()

    def stage(self, label: str) -> None:
        """A stage begun."""
        self.bar.set_postfix_str(label)
        self._check()

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise StorylineError(self.name, f"took longer than the {self.limit:g} s limit")


def _inputs(cluster: Cluster) -> str:
    """How messages name a cluster without an id: its articles ("a.txt, b.txt", "a.txt and
    4 more")."""
    ids = [a.id for a in cluster.articles]
    if len(ids) <= 2:
        return ", ".join(ids) or "input"
    return f"{ids[0]} and {len(ids) - 1} more"


def _why_empty(relations: Relations, options: Options) -> str:
    if relations.flags and all(flag == NOT_AN_ARTICLE for flag in relations.flags):
        return "no document holds article prose"
    return "what is left after cleaning is page furniture, fragments or off-event"


def _brief_sentence(
    i: int,
    sentences: list[Sentence],
    relations: Relations,
    cluster: Cluster,
    options: Options,
    names_given: Sequence[tuple[int, int, str]] = (),
) -> BriefSentence:
    """The sentence with its exact source span first, then the best match in each other
    source; each of ``names_given`` (start, end, full name) written in as an edit."""
    sentence = sentences[i]
    citations = [Citation(cluster.articles[sentence.doc].id, sentence.start, sentence.end)]
    best: dict[int, int] = {}
    for j in np.flatnonzero(relations.similarity[i] >= options.relate.support_similarity):
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
    text, edits, shift = sentence.text, [], 0
    for start, end, full in sorted(names_given):
        written = f"[{full}]"
        start, end = start + shift, end + shift
        edits.append(Edit(start, start + len(written), text[start:end]))
        text = text[:start] + written + text[end:]
        shift += len(written) - (end - start)
    return BriefSentence(text, len(citations), tuple(citations), tuple(edits))
