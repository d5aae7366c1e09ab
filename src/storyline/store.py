"""The story store: one SQLite file (WAL mode) of articles, their profiles, stories, briefs.

Each batch of ``add`` is one transaction: after a crash (even ``kill -9``) every
article is either stored with its story or absent, and what ``add`` returned as
stored is on disk. Writers take the database with ``BEGIN IMMEDIATE`` and wait
``StoryOptions.lock_timeout`` seconds for another writer before giving up with a clear error.

Only the stories near a batch in time are loaded into the :class:`Grouper`
(``load_windows`` story windows either side), so the cost of an ingest does not
grow with the age of the store.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyline.data import Article, Brief, Cluster, Story
from storyline.dates import DAY
from storyline.errors import StorylineError
from storyline.options import DEFAULTS, Options
from storyline.render import to_dict
from storyline.stories import (
    Grouper,
    Profile,
    fingerprint,
    group,
    headline,
    same_text,
    source_count,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    url TEXT UNIQUE,
    fingerprint TEXT NOT NULL UNIQUE,
    title TEXT,
    text TEXT NOT NULL,
    published TEXT,            -- the date as the source wrote it, NULL when undated
    time REAL NOT NULL,        -- POSIX seconds: the date, or when undated the ingest time (= added)
    author TEXT,
    source TEXT,
    added REAL NOT NULL,
    story INTEGER NOT NULL,
    vector BLOB NOT NULL,      -- float32 unit vector of the lead
    terms TEXT NOT NULL,       -- JSON list of the lead's stemmed terms
    weights BLOB NOT NULL      -- float32 weight of each term
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    headline TEXT,
    first REAL NOT NULL,
    last REAL NOT NULL,
    size INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    version INTEGER NOT NULL   -- grows whenever the story's articles change
);
CREATE INDEX IF NOT EXISTS stories_last ON stories(last);
CREATE TABLE IF NOT EXISTS briefs (
    story INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,  -- the story version it was made from
    brief TEXT NOT NULL        -- the summarize JSON, or {"error": ...}
);
CREATE TABLE IF NOT EXISTS document_frequency (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Added:
    """What one batch did: articles stored (id, story), duplicates (id, id of the stored one),
    undated articles, and pages that are not articles (not stored)."""

    stored: tuple[tuple[str, int], ...]
    duplicates: tuple[tuple[str, str], ...]
    undated: tuple[str, ...]
    pages: tuple[str, ...] = ()


class Store:
    """A story store on disk; use as a context manager."""

    def __init__(self, path: str | Path, options: Options = DEFAULTS) -> None:
        self.path = str(path)
        self.options = options
        try:
            self._db = sqlite3.connect(
                self.path, timeout=options.stories.lock_timeout, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as err:
            raise StorylineError(self.path, _why(err, options)) from None
        self._grouper: Grouper | None = None
        self._loaded: set[int] = set()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # -- adding articles -----------------------------------------------------------------
    def add(self, articles: Sequence[Article], profiles: Sequence[Profile]) -> Added:
        """Store a batch of articles and group them into stories, in one transaction."""
        if not articles:
            return Added((), (), ())
        with self._transaction():
            try:
                return self._add(articles, profiles)
            except BaseException:
                self._grouper, self._loaded = None, set()  # memory may be ahead of disk
                raise

    def regroup(self, done: Callable[[int], object] | None = None) -> int:
        """Group every stored article again in one pass, as ``storyline cluster`` groups
        the same articles, and return how many moved. Ingesting a batch at a time sees only
        the stories near it and what came before; after this, the stories are those one
        grouping of everything gives, whatever the batches were. A story keeps its id
        where most of its articles stay; one whose articles change gets a new version (its
        brief is made again)."""
        with self._transaction():
            rows = self._db.execute(
                f"SELECT {_PROFILE_ROW} FROM articles a ORDER BY a.key"
            ).fetchall()
            labels = group([_profile(row) for row in rows], self.options, done)
            last = self._db.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0]
            ids = _kept_ids(labels, [row[1] for row in rows], last)
            moved = [(ids[label], row[0], row[1]) for row, label in zip(rows, labels, strict=True)]
            moved = [(new, key, old) for new, key, old in moved if new != old]
            self._db.executemany(
                "UPDATE articles SET story = ? WHERE key = ?", [(n, k) for n, k, _ in moved]
            )
            for story in {n for n, _, _ in moved} | {o for _, _, o in moved}:
                self._refresh_story(story)
        self._grouper, self._loaded = None, set()  # loaded afresh by the next add
        return len(moved)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One writer's transaction: committed whole, or rolled back on any error; a
        locked or damaged database is a one-line StorylineError."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as err:
            raise StorylineError(self.path, _why(err, self.options)) from None

    def _add(self, articles: Sequence[Article], profiles: Sequence[Profile]) -> Added:
        now = time.time()
        grouper = self._ready_grouper()
        times = [now if p.time is None else p.time for p in profiles]
        if times:
            self._load(grouper, min(times), max(times))
        fresh: list[tuple[Article, Profile]] = []
        duplicates, undated = [], []
        seen_urls: dict[str, str] = {}
        seen_prints: dict[str, str] = {}
        pages = []
        for article, profile in zip(articles, profiles, strict=True):
            if not profile.article:
                pages.append(article.id)
                continue
            original = self._duplicate_of(article, profile, seen_urls, seen_prints, grouper)
            original = original or self._copied_in_batch(article, profile, fresh)
            if original is not None:
                duplicates.append((article.id, original))
                continue
            if profile.time is None:
                undated.append(article.id)  # grouped by its text alone, as cluster does
            fresh.append((article, profile))
            if article.url:
                seen_urls[article.url] = article.id
            seen_prints[profile.fingerprint] = article.id
        if fresh:
            first_key = self._db.execute(
                "SELECT coalesce(max(key), 0) + 1 FROM articles"
            ).fetchone()[0]
            keyed = [(first_key + n, a, p) for n, (a, p) in enumerate(fresh)]
            grouper.changed.clear()
            grouper.assign([(key, p) for key, _, p in keyed])
            for key, article, profile in keyed:
                self._insert(key, article, profile, grouper.story_of(key), now)
            self._count_terms([p for _, p in fresh])
            for story in grouper.changed:
                self._refresh_story(story)
            stored = tuple((a.id, grouper.story_of(key)) for key, a, _ in keyed)
        else:
            stored = ()
        return Added(stored, tuple(duplicates), tuple(undated), tuple(pages))

    def _duplicate_of(
        self,
        article: Article,
        profile: Profile,
        urls: dict[str, str],
        prints: dict[str, str],
        grouper: Grouper,
    ) -> str | None:
        """The id of a stored (or same-batch) article this one repeats: same URL, same words,
        or the same text but for a few edited words (a close lead, then :func:`same_text`)."""
        if article.url and article.url in urls:
            return urls[article.url]
        if profile.fingerprint in prints:
            return prints[profile.fingerprint]
        stored = self._stored_as(article.url, profile.fingerprint)
        if stored is not None:
            return stored
        for key in grouper.near_copies(profile):
            other_id, other_text = self._db.execute(
                "SELECT id, text FROM articles WHERE key = ?", (key,)
            ).fetchone()
            if same_text(article.text, other_text, self.options):
                return other_id
        return None

    def _copied_in_batch(
        self, article: Article, profile: Profile, fresh: list[tuple[Article, Profile]]
    ) -> str | None:
        """The id of an article earlier in this batch that this one repeats but for small
        edits, by the same test as against the store: batches never change what is kept."""
        least = self.options.stories.duplicate_similarity
        for other, theirs in fresh:
            if float(profile.vector @ theirs.vector) >= least and same_text(
                article.text, other.text, self.options
            ):
                return other.id
        return None

    def stored_copy(self, article: Article) -> str | None:
        """The id of a stored article with this URL or these very words: found before any
        profiling, so a rerun after a crash skips what is stored at almost no cost."""
        return self._stored_as(article.url, fingerprint(article.text))

    def _stored_as(self, url: str | None, words: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM articles WHERE url = ? OR fingerprint = ?", (url, words)
        ).fetchone()
        return row[0] if row else None

    def _ready_grouper(self) -> Grouper:
        if self._grouper is None:
            next_story = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()
            self._grouper = Grouper(self.options, next_story[0])
            total = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
            frequencies = dict(self._db.execute("SELECT term, df FROM document_frequency"))
            self._grouper.count_documents(frequencies, total)
            self._loaded = set()
        return self._grouper

    def _load(self, grouper: Grouper, start: float, end: float) -> None:
        """Load the stored stories active near [start, end] that the grouper lacks."""
        reach = self.options.stories.load_windows * self.options.stories.story_window_days * DAY
        rows = self._db.execute(
            f"SELECT {_PROFILE_ROW} FROM articles a JOIN stories s ON a.story = s.id "
            "WHERE s.last >= ? AND s.first <= ?",
            (start - reach, end + reach),
        )
        for row in rows:
            key, story = row[0], row[1]
            if key in self._loaded:
                continue
            grouper.add(key, _profile(row), story)
            self._loaded.add(key)

    def _insert(self, key: int, article: Article, profile: Profile, story: int, now: float) -> None:
        self._db.execute(
            "INSERT INTO articles (key, id, url, fingerprint, title, text, published, time, "
            "author, source, added, story, vector, terms, weights) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                article.id,
                article.url,
                profile.fingerprint,
                article.title,
                article.text,
                article.date,
                now if profile.time is None else profile.time,
                article.author,
                article.source,
                now,
                story,
                np.asarray(profile.vector, dtype=np.float32).tobytes(),
                json.dumps(list(profile.terms), ensure_ascii=False),
                np.asarray(profile.weights, dtype=np.float32).tobytes(),
            ),
        )
        self._loaded.add(key)

    def _count_terms(self, profiles: Iterable[Profile]) -> None:
        counts = Counter(t for p in profiles for t in p.terms)
        self._db.executemany(
            "INSERT INTO document_frequency (term, df) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            counts.items(),
        )

    def _refresh_story(self, story: int) -> None:
        """Recompute a changed story's row from its articles (or drop it when empty)."""
        size, first, last = self._db.execute(
            "SELECT count(*), min(time), max(time) FROM articles WHERE story = ?", (story,)
        ).fetchone()
        if not size:  # its brief goes with it: a later story given its id starts afresh
            self._db.execute("DELETE FROM stories WHERE id = ?", (story,))
            self._db.execute("DELETE FROM briefs WHERE story = ?", (story,))
            return
        outlets = [
            Article(name, "", source=source, url=url)
            for name, url, source in self._db.execute(
                "SELECT id, url, source FROM articles WHERE story = ?", (story,)
            )
        ]
        # the same headline rule as `storyline cluster`, given the first titled article
        lead_id, lead_text, lead_title = self._db.execute(
            "SELECT id, substr(text, 1, 1000), title FROM articles WHERE story = ? "
            "ORDER BY title IS NULL, time, key LIMIT 1",
            (story,),
        ).fetchone()
        lead = Article(lead_id, lead_text, title=lead_title)
        self._db.execute(
            "INSERT INTO stories (id, headline, first, last, size, sources, version) "
            "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET"
            " headline = excluded.headline, first = excluded.first, last = excluded.last,"
            " size = excluded.size,"
            " sources = excluded.sources, version = stories.version + 1",
            (story, headline([lead], self.options), first, last, size, source_count(outlets)),
        )

    # -- reading stories -----------------------------------------------------------------
    def stories(self, since: float | None = None, min_articles: int = 1) -> list[Story]:
        """Stories with an article at or after ``since``, newest activity first."""
        rows = self._db.execute(
            "SELECT id, headline, size, sources, first, last, version FROM stories "
            "WHERE last >= ? AND size >= ? ORDER BY last DESC, id",
            (since if since is not None else float("-inf"), min_articles),
        ).fetchall()
        return [self._story(row) for row in rows]

    def story(self, story_id: int) -> Story | None:
        """One story by its id, or None when the store has no such story."""
        row = self._db.execute(
            "SELECT id, headline, size, sources, first, last, version FROM stories WHERE id = ?",
            (story_id,),
        ).fetchone()
        return self._story(row) if row else None

    def _story(self, row: tuple) -> Story:
        ids = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE story = ? ORDER BY time, key", (row[0],)
            )
        ]
        story_id, title, size, sources, first, last, version = row
        return Story(story_id, title, size, sources, first, last, tuple(ids), version)

    def cluster(self, story: Story) -> Cluster:
        """The story's articles as a cluster to summarize, oldest first."""
        rows = self._db.execute(
            "SELECT id, text, title, published, author, url, source FROM articles "
            "WHERE story = ? ORDER BY time, key",
            (story.id,),
        )
        fields = ("id", "text", "title", "date", "author", "url", "source")
        articles = tuple(Article(**dict(zip(fields, row, strict=True))) for row in rows)
        return Cluster(f"story-{story.id}", articles)

    def briefs(
        self,
        stories: Sequence[Story],
        brief_many: Callable[[list[Cluster]], Iterable[Brief | StorylineError]],
    ) -> Iterator[tuple[Story, dict]]:
        """Each story with its brief (JSON form): kept ones reused, stale ones remade.

        A brief is remade only when the story's version moved since it was made, and is
        stored as soon as it is made (``brief_many`` may give them one by one): a run
        stopped half way keeps every brief it made.
        """
        briefs: dict[int, dict] = {}
        for story in stories:
            row = self._db.execute(
                "SELECT brief FROM briefs WHERE story = ? AND version = ?",
                (story.id, story.version),
            ).fetchone()
            if row:
                briefs[story.id] = json.loads(row[0])
        stale = [s for s in stories if s.id not in briefs]
        made = brief_many([self.cluster(s) for s in stale])
        for story, result in zip(stale, made, strict=True):
            data = to_dict(result) if isinstance(result, Brief) else {"error": str(result)}
            briefs[story.id] = data
            with self._transaction():
                self._db.execute(
                    "INSERT OR REPLACE INTO briefs (story, version, brief) VALUES (?, ?, ?)",
                    (story.id, story.version, json.dumps(data, ensure_ascii=False)),
                )
        for story in stories:
            yield story, briefs[story.id]


# An article's key, story and profile; an undated one's time is None (the row keeps the
# ingest time for the load windows, equal to its `added`)
_PROFILE_ROW = (
    "a.key, a.story, a.vector, a.terms, a.weights, "
    "CASE WHEN a.time = a.added THEN NULL ELSE a.time END, a.fingerprint"
)


def _profile(row: tuple) -> Profile:
    """A stored article's profile from its ``_PROFILE_ROW`` row."""
    _, _, vector, terms, weights, when, print_ = row
    return Profile(
        np.frombuffer(vector, dtype=np.float32),
        tuple(json.loads(terms)),
        np.frombuffer(weights, dtype=np.float32),
        when,
        print_,
    )


def _kept_ids(labels: Sequence[int], old: Sequence[int], last: int) -> dict[int, int]:
    """A story id for each new group: the old id most of its articles had, where that id
    goes to no larger share of another group; otherwise a new id past ``last`` and every
    old one."""
    shared = Counter(zip(labels, old, strict=True))
    ids: dict[int, int] = {}
    taken: set[int] = set()
    for (label, story), _count in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        if label not in ids and story not in taken:
            ids[label] = story
            taken.add(story)
    fresh = max([last, *old]) + 1
    for label in sorted(set(labels) - set(ids)):
        ids[label] = fresh
        fresh += 1
    return ids


def _why(err: sqlite3.Error, options: Options) -> str:
    message = str(err)
    if "locked" in message or "busy" in message:
        waited = options.stories.lock_timeout
        return f"database is locked by another writer (waited {waited:g} s); try again"
    if "not a database" in message or "malformed" in message:
        return f"not a storyline database or damaged ({message})"
    return f"database error ({message})"
