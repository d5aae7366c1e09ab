"""Group a stream of articles into stories: online, time-aware, flat cost per article.

Each article is profiled once (:func:`profiles`, parallel-safe): a unit vector of
its lead, the stemmed content terms of its lead, its time, and a fingerprint of
its words. Articles then arrive in time order at a :class:`Grouper`:

1. its nearest articles by vector come from an HNSW index (usearch), so the cost
   per article stays flat as the store grows; their stories are the candidates;
2. it joins the best-scoring candidate if the score reaches ``story_similarity``,
   or starts a story. The score is mostly the TF-IDF cosine between the article and
   the sum of the story's articles, each scaled to unit length as it joined (so a long
   article weighs no more than a short one; names and rare words decide; IDF counts
   every article seen), blended with the vector cosine (``story_dense_weight``), less a penalty
   that grows with the time between the article and the story's span: within
   ``story_window_days`` it is small, months away it takes much more in common;
3. once a batch is in, every new article may move to a story that now suits it
   better: this undoes most of a single pass's order effects.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import partial
from itertools import repeat
from urllib.parse import urlsplit

import numpy as np
from usearch.index import Index, Matches

from storyline.data import Article
from storyline.dates import DAY, parse_time
from storyline.engine import Engine, LocalEngine
from storyline.ingest import clean
from storyline.ingest.clean import prose
from storyline.language import Language, language_for
from storyline.options import DEFAULTS, Options
from storyline.represent import get_embedder
from storyline.text import count_words, words


@dataclass(frozen=True)
class Profile:
    """What grouping needs of an article; computed once, stored beside it."""

    vector: np.ndarray  # unit vector of the lead (zeros when there is no text)
    terms: tuple[str, ...]  # stemmed content terms of the lead, distinct
    weights: np.ndarray  # 1 + log(count) for each term
    time: float | None  # POSIX seconds of its date, None when undated
    fingerprint: str  # hash of its words: equal for copies that differ in spacing or case
    article: bool = True  # False for a page cleaning leaves (nearly) no prose: never a story


def profiles(articles: Sequence[Article], options: Options = DEFAULTS) -> list[Profile]:
    """Profiles of a batch of articles (one embedding call for the batch)."""
    in_language: dict[str, Options] = {}  # the options for each language met, made once
    read = [_lead(article, options, in_language) for article in articles]
    leads = [lead for lead, _, _ in read]
    vectors = get_embedder(options.embedder).embed([lead or "." for lead in leads])
    vectors = np.nan_to_num(vectors)
    result = []
    for article, (lead, prose_, lang), vector in zip(articles, read, vectors, strict=True):
        counts = Counter(lang.stem(t) for t in lang.terms(lead))
        result.append(
            Profile(
                vector=vector,
                terms=tuple(counts),
                weights=np.array([1 + math.log(c) for c in counts.values()], dtype=np.float32),
                time=parse_time(article.date),
                fingerprint=fingerprint(article.text),
                article=prose_,
            )
        )
    return result


Done = Callable[[int], object]  # told how many more items are done: a progress bar's update


def group(
    profiles: Sequence[Profile], options: Options = DEFAULTS, done: Done | None = None
) -> list[int]:
    """One-shot grouping: a story number for every profile, in input order. A copy (the
    same words as an article before it) is grouped once, with its original, as a store
    keeps it once: so the same articles make the same stories either way."""
    first: dict[str, int] = {}
    original = [first.setdefault(p.fingerprint, key) for key, p in enumerate(profiles)]
    grouper = Grouper(options)
    grouper.assign([(k, p) for k, p in enumerate(profiles) if original[k] == k], done)
    if done is not None:
        done(sum(original[k] != k for k in range(len(profiles))))
    return [grouper.story_of(original[key]) for key in range(len(profiles))]


def profile_all(
    articles: Sequence[Article],
    options: Options = DEFAULTS,
    engine: Engine | None = None,
    done: Done | None = None,
) -> list[Profile]:
    """Profiles of many articles, in batches an engine may spread over workers: at most
    ``profile_batch`` articles each, and at least one batch per worker."""
    engine = engine or LocalEngine()
    size = max(1, min(options.stories.profile_batch, -(-len(articles) // engine.workers)))
    batches = [articles[i : i + size] for i in range(0, len(articles), size)]
    run = partial(profiles, options=options)
    found: list[Profile] = []
    for batch in engine.map(run, batches, chunk=1):
        found.extend(batch)
        if done is not None:
            done(len(batch))
    return found


def group_articles(
    articles: Sequence[Article],
    profiles: Sequence[Profile],
    options: Options = DEFAULTS,
    done: Done | None = None,
) -> list[list[Article]]:
    """Stories of a set of articles (each article in exactly one), in order of first mention.

    ``profiles`` are the articles' own, from :func:`profile_all`."""
    labels = group(profiles, options, done)
    stories: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels, strict=True):
        stories.setdefault(label, []).append(article)
    return list(stories.values())


def source_count(articles: Sequence[Article]) -> int:
    """Distinct outlets: the source as given, else the URL's host, else each article alone."""
    return len({a.source or urlsplit(a.url or "").hostname or a.id for a in articles})


def headline(articles: Sequence[Article], options: Options = DEFAULTS) -> str | None:
    """A story's headline: the first title among its articles, else the start of its first
    (``headline_words`` words)."""
    for article in articles:
        if article.title and article.title.strip():
            return " ".join(article.title.split())
    words_ = articles[0].text.split() if articles else []
    limit = options.stories.headline_words
    return " ".join(words_[:limit]) + ("…" if len(words_) > limit else "") or None


def same_text(first: str, second: str, options: Options) -> bool:
    """True if the two texts are one article but for a few edited words: at most
    ``duplicate_edits`` of their words, or ``duplicate_min_edits``, are not in the longest
    runs the two share (a word changed, added or cut counts once)."""
    a, b = words(first.lower()), words(second.lower())
    shared = SequenceMatcher(None, a, b).get_matching_blocks()  # frequent words: linear time
    edited = max(len(a), len(b)) - sum(block.size for block in shared)
    limits = options.stories
    return edited <= max(limits.duplicate_min_edits, limits.duplicate_edits * min(len(a), len(b)))


def fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(words(text.lower())).encode()).hexdigest()


def _lead(
    article: Article, options: Options, in_language: dict[str, Options]
) -> tuple[str, bool, Language]:
    """Title and the first ``story_lead_words`` words of cleaned text (only the start is
    cleaned); whether it is an article: a page whose start cleaning leaves under
    ``min_article_words`` words of prose, of twice as many or more, is page furniture
    ("Tweet with a location ...", an archive's crawl notes), which summarize sets aside
    too (a short text all prose, a wire item, is an article); and its language, told once
    from the start. ``in_language`` keeps the options made for each language met."""
    limit = options.stories.story_lead_words
    head = replace(article, text=article.text[: limit * options.stories.story_lead_chars_per_word])
    lang = language_for(options.language, [head.text])
    if lang.code not in in_language:
        in_language[lang.code] = options.with_(language=lang.code)
    blocks = prose(clean([head], in_language[lang.code])[0])
    kept = " ".join(head.text[b.start : b.end] for b in blocks)
    text = f"{article.title}. {kept or head.text}" if article.title else kept or head.text
    least = options.relate.min_article_words
    an_article = count_words(kept) >= least or count_words(head.text) < 2 * least
    return " ".join(text.split()[:limit]), an_article, lang


def articles_only(
    articles: Sequence[Article], profiles: Sequence[Profile]
) -> tuple[list[Article], list[Profile], list[Article]]:
    """The articles and their profiles, and apart the pages that are not articles."""
    kept = [(a, p) for a, p in zip(articles, profiles, strict=True) if p.article]
    pages = [a for a, p in zip(articles, profiles, strict=True) if not p.article]
    return [a for a, _ in kept], [p for _, p in kept], pages


@dataclass
class _Story:
    members: set[int] = field(default_factory=set)
    terms: Counter = field(default_factory=Counter)  # term id -> summed weight
    vector: np.ndarray | None = None
    first: float | None = None
    last: float | None = None
    # (document count, squared TF-IDF norm): kept up to date as members join and leave,
    # so the cost is the member's, not the story's; recomputed when the IDF moves
    norm: tuple[int, float] | None = None
    length: float | None = None  # the summed vector's length while unchanged


@dataclass
class _Member:
    story: int | None
    ids: np.ndarray  # term ids in the grouper's vocabulary
    weights: np.ndarray
    vector: np.ndarray
    time: float | None
    scale: float = 1.0  # 1 / its TF-IDF norm when it joined: every article counts the same

    def term_weights(self) -> dict[int, float]:
        return dict(zip(self.ids.tolist(), (self.weights * self.scale).tolist(), strict=True))


class Grouper:
    """Online story grouping over an ANN index; see the module docstring for the method.

    ``add`` loads articles grouped earlier (from a store); ``assign`` groups new
    ones. Story numbers are stable: an article keeps its story unless it moves in
    refinement, and ``changed`` names every story whose articles changed.
    """

    def __init__(self, options: Options = DEFAULTS, next_story: int = 1) -> None:
        self.options = options
        self.changed: set[int] = set()
        self._next_story = next_story
        self._members: dict[int, _Member] = {}
        self._stories: dict[int, _Story] = {}
        self._vocabulary: dict[str, int] = {}
        self._df = np.zeros(0, dtype=np.float64)
        self._n = 0
        self._idf = np.zeros(0)
        self._idf_state: tuple[int, int] | None = None  # (documents, vocabulary) of _idf
        self._index: Index | None = None

    # -- state -----------------------------------------------------------------------------
    def count_documents(self, frequencies: dict[str, int], total: int) -> None:
        """Add document frequencies of articles the grouper never saw (a store's history)."""
        for term, count in frequencies.items():
            term_id = self._term_id(term)  # may grow the array: look it up first
            self._df[term_id] += count
        self._n += total

    def add(self, key: int, profile: Profile, story: int) -> None:
        """An article grouped earlier: it joins ``story`` without counting as a change."""
        self._place(key, self._member(profile), story)
        self._next_story = max(self._next_story, story + 1)

    def story_of(self, key: int) -> int:
        story = self._members[key].story
        assert story is not None  # every member in _members has joined a story
        return story

    # -- grouping ------------------------------------------------------------------------
    def assign(self, items: Sequence[tuple[int, Profile]], done: Done | None = None) -> None:
        """Group new articles (key, profile): in time order, then refined (``done`` is told
        of each article placed)."""
        members = [(key, self._member(profile)) for key, profile in items]
        for _, member in members:
            self._df[member.ids] += 1
        self._n += len(members)
        ordered = sorted(members, key=lambda item: (item[1].time is None, item[1].time or 0.0))
        for key, member in ordered:
            best, score = self._best_story(member, self._candidates(member.vector))
            story = (
                best
                if best is not None and score >= self.options.stories.story_similarity
                else None
            )
            if story is None:
                story = self._next_story
                self._next_story += 1
            self._place(key, member, story)
            self.changed.add(story)
            if done is not None:
                done(1)
        if ordered and self.options.stories.story_refine_passes:
            # The index does not change while articles move: one batched search serves
            # every pass.
            near = self._neighbours_of([member.vector for _, member in ordered])
            for _ in range(self.options.stories.story_refine_passes):
                for (key, _member), keys in zip(ordered, near, strict=True):
                    self._refine(key, keys)

    def near_copies(self, profile: Profile) -> list[int]:
        """Stored articles whose lead is this close to ``profile``'s (``duplicate_similarity``):
        the ones worth comparing word for word (:func:`same_text`)."""
        if self._index is None or len(self._index) == 0:
            return []
        least = self.options.stories.duplicate_similarity
        return [
            key
            for key in self._neighbours(profile.vector, 3)
            if float(profile.vector @ self._members[key].vector) >= least
        ]

    # -- internals -----------------------------------------------------------------------
    def _term_id(self, term: str) -> int:
        found = self._vocabulary.get(term)
        if found is None:
            found = self._vocabulary[term] = len(self._vocabulary)
            if found >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(max(1024, len(self._df)))])
        return found

    def _member(self, profile: Profile) -> _Member:
        """The profile with its terms as vocabulary ids, not yet in a story."""
        ids = np.fromiter((self._term_id(t) for t in profile.terms), dtype=np.int64)
        return _Member(None, ids, profile.weights, profile.vector, profile.time)

    def _place(self, key: int, member: _Member, story: int) -> None:
        self._members[key] = member
        norm = float(np.linalg.norm(member.weights * self._idf_of(member.ids)))
        member.scale = 1.0 / norm if norm else 1.0
        self._join(key, member, story)
        if self._index is None:
            # A smaller search breadth than usearch's (128 adding, 64 searching) finds the 12
            # neighbours as well here and costs a fifth less (bench/RESULTS.md)
            self._index = Index(
                ndim=len(member.vector), metric="cos", expansion_add=48, expansion_search=24
            )
        self._index.add(key, member.vector)

    def _join(self, key: int, member: _Member, story: int) -> None:
        target = self._stories.setdefault(story, _Story())
        target.members.add(key)
        target.length = None
        self._update_norm(target, member, 1.0)
        target.terms.update(member.term_weights())
        target.vector = (
            member.vector.copy() if target.vector is None else target.vector + member.vector
        )
        if member.time is not None:
            times = [member.time] + [t for t in (target.first, target.last) if t is not None]
            target.first, target.last = min(times), max(times)
        member.story = story

    def _leave(self, key: int, member: _Member) -> None:
        assert member.story is not None  # every member in _members has joined a story
        story = self._stories[member.story]
        story.members.discard(key)
        story.length = None
        if not story.members:
            del self._stories[member.story]
            return
        self._update_norm(story, member, -1.0)
        story.terms.subtract(member.term_weights())
        story.vector = story.vector - member.vector
        times = [t for t in (self._members[k].time for k in story.members) if t is not None]
        story.first, story.last = (min(times), max(times)) if times else (None, None)

    def _refine(self, key: int, neighbours: list[int]) -> None:
        member = self._members[key]
        own = member.story
        assert own is not None  # every member in _members has joined a story
        self._leave(key, member)
        best, score = self._best_story(member, self._stories_of(neighbours))
        if best is not None and best != own and score >= self.options.stories.story_similarity:
            if own in self._stories:
                self.changed.add(own)
            self.changed.add(best)
            self._join(key, member, best)
        else:
            self._join(key, member, own)

    def _neighbours(self, vector: np.ndarray, count: int) -> list[int]:
        if self._index is None or len(self._index) == 0 or not vector.any():
            return []
        matches = self._index.search(vector, min(count, len(self._index)))
        return [int(k) for k in matches.keys]

    def _neighbours_of(self, vectors: list[np.ndarray]) -> list[list[int]]:
        """``_neighbours`` of many vectors (``story_neighbours`` each), in one search."""
        count = self.options.stories.story_neighbours
        if self._index is None or len(self._index) == 0:
            return [[] for _ in vectors]
        found = self._index.search(np.stack(vectors), min(count, len(self._index)))
        rows = [found] if isinstance(found, Matches) else [found[r] for r in range(len(vectors))]
        return [
            [int(k) for k in matches.keys] if vector.any() else []
            for matches, vector in zip(rows, vectors, strict=True)
        ]

    def _candidates(self, vector: np.ndarray) -> list[int]:
        """Stories of the nearest articles, nearest first, each once."""
        return self._stories_of(self._neighbours(vector, self.options.stories.story_neighbours))

    def _stories_of(self, keys: list[int]) -> list[int]:
        found: dict[int, None] = {}
        for key in keys:
            member = self._members.get(key)
            if member is not None and member.story in self._stories:
                found[member.story] = None
        return list(found)

    def _time_penalty(self, time: float | None, story: _Story) -> float:
        """Stories far in time need more in common: the score loses ``story_time_penalty``
        for every doubling of the gap, counted in windows, between article and story.
        Without a date either side, nothing rules out a story from long ago: the gap
        is taken as ``story_undated_gap_days``."""
        if time is None or story.first is None or story.last is None:  # first, last: both or none
            days = self.options.stories.story_undated_gap_days
        else:
            days = max(story.first - time, time - story.last, 0.0) / DAY
        return self.options.stories.story_time_penalty * math.log2(
            1 + days / self.options.stories.story_window_days
        )

    def _best_story(self, member: _Member, candidates: list[int]) -> tuple[int | None, float]:
        best, best_score = None, -1.0
        dense_weight = self.options.stories.story_dense_weight
        ids = member.ids.tolist()
        idf = self._idf_of(member.ids)
        mine = member.weights * idf
        mine_norm = float(np.linalg.norm(mine))
        mine = mine * idf  # so that a story's raw term weights need no IDF of their own
        for story_id in candidates:
            story = self._stories[story_id]
            lexical = 0.0
            if ids and mine_norm:
                theirs = _weights_in(story, ids)
                lexical = float(mine @ theirs) / (mine_norm * self._story_norm(story) or 1.0)
            assert story.vector is not None  # a story has members, so a summed vector
            if story.length is None:
                story.length = math.sqrt(float(story.vector @ story.vector)) or 1.0
            dense = float(member.vector @ story.vector) / story.length
            score = dense_weight * dense + (1 - dense_weight) * lexical
            score -= self._time_penalty(member.time, story)
            if score > best_score:
                best, best_score = story_id, score
        return best, best_score

    def _squared_norm(self, weights: Mapping[int, float]) -> float:
        ids = np.fromiter(weights.keys(), dtype=np.int64)
        values = np.fromiter(weights.values(), dtype=np.float64) * self._idf_of(ids)
        return float(values @ values)

    def _story_norm(self, story: _Story) -> float:
        if story.norm is None or story.norm[0] != self._n:
            story.norm = (self._n, self._squared_norm(story.terms))
        return math.sqrt(max(story.norm[1], 0.0))

    def _update_norm(self, story: _Story, member: _Member, sign: float) -> None:
        """The story's squared norm as ``member`` joins (``sign`` 1) or leaves (-1), from
        the member's terms alone, while IDF has not moved since it was computed."""
        if story.norm is None or story.norm[0] != self._n:
            story.norm = None  # recomputed in full when next asked for
            return
        ids = member.ids.tolist()
        idf = self._idf_of(member.ids)
        old = _weights_in(story, ids) * idf
        new = old + sign * member.weights * member.scale * idf
        story.norm = (story.norm[0], story.norm[1] + float(new @ new - old @ old))

    def _idf_of(self, ids: np.ndarray) -> np.ndarray:
        """IDF over every article counted so far, recomputed when the counts changed."""
        state = (self._n, len(self._vocabulary))
        if self._idf_state != state:
            self._idf = np.log((self._n + 1) / (self._df + 1)) + 1
            self._idf_state = state
        return self._idf[ids]


def _weights_in(story: _Story, ids: list[int]) -> np.ndarray:
    """The story's summed weights of these term ids (0 for a term it lacks)."""
    return np.fromiter(map(story.terms.get, ids, repeat(0.0)), np.float64, len(ids))
