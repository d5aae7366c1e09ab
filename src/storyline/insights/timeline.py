"""Timeline: dated sentences, relative dates resolved against the article's own date.

A DATE entity counts when it names a day, month or year (weekday and month names,
years, "yesterday", "last week", "three days ago"); durations ("two years") do not.
Relative dates need the article's date; without it only dates with a year are kept.
"Tuesday" in an article dated Tuesday is that day; otherwise the nearest Tuesday
before it, or after it when the sentence speaks of the future ("will meet").
The same date told by several sources is one event when their sentences are alike, or,
for a day or month, when they are half as alike and name the same person, place or body.
The story itself is on it too: the brief's lead, dated by its own words or by when its
sources were published; last when nothing dates it (and left out if nothing else is dated).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any

import numpy as np

from storyline.data import Article, Citation, Event, Sentence
from storyline.dates import parse_time
from storyline.insights.parse import Parsed
from storyline.options import Options

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = "january february march april may june july august september october november december"
_DATED = re.compile(
    r"\b(?:" + "|".join(_WEEKDAYS) + "|" + "|".join(_MONTHS.split()) + r"|(?:1[89]|20)\d\d"
    r"|yesterday|today|tomorrow|tonight|ago|(?:last|next|this) (?:week|month|year))\b",
    re.IGNORECASE,
)
_BARE_WEEKDAY = re.compile(
    r"^(?:on |last |this )?("
    + "|".join(_WEEKDAYS)
    + r")(?: (?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
FUTURE = re.compile(
    r"\b(?:will|shall|to be held|is to|are to|plans? to|scheduled|expected to|next)\b", re.I
)
_PRECISION = {"year": 4, "month": 7, "week": 10, "day": 10, "time": 10}
_NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


def find_events(
    parsed: Sequence[Parsed],
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    lead: int,
    canonical: Callable[[str], str],
    options: Options,
) -> list[Event]:
    """Dated events, earliest first; one event per date and statement; the story's own
    event (sentence ``lead``) among them, marked."""
    where = {(s.doc, s.start): i for i, s in enumerate(sentences)}
    starts: dict[int, list[int]] = {}
    for s in sentences:
        starts.setdefault(s.doc, []).append(s.start)
    found: list[tuple[str, str, int]] = []  # (date, words, sentence index)
    named: dict[int, set[str]] = {}  # sentence index -> the names it gives
    for block in parsed:
        base = article_date(articles[block.doc].date)
        for entity in block.entities(_NAMES):
            i = _sentence_at(where, starts, block.doc, block.start + entity.start_char, sentences)
            if i is not None:
                named.setdefault(i, set()).add(canonical(entity.text))
        for entity in block.entities(frozenset({"DATE"})):
            i = _sentence_at(where, starts, block.doc, block.start + entity.start_char, sentences)
            if i is None or not _DATED.search(entity.text):
                continue
            when = resolve(entity.text, base, bool(FUTURE.search(sentences[i].text)))
            if when is not None:
                found.append((when, entity.text, i))
    groups = _merge(found, similarity, named, options)
    for day, _, members in groups:
        if lead in members and day is not None and len(day) == 4:
            members.remove(lead)  # a year the lead gives is its background ("since 1998")
    kept = _kept([g for g in groups if g[2]], sentences, lead, options)
    published = _published(lead, articles, sentences, similarity, options)
    if (published or kept) and not any(lead in members for _, _, members in kept):
        kept.append((published, "", [lead]))  # undated, it stands after dated background
    kept.sort(key=lambda g: (g[0] is None, g[0] or ""))
    return [
        Event(
            when,
            text,
            sentences[members[0]].text,
            tuple(
                Citation(
                    articles[sentences[i].doc].id, sentences[i].start, sentences[i].end, n == 0
                )
                for n, i in enumerate(members)
            ),
            story=lead in members,
        )
        for when, text, members in kept
    ]


def article_date(value: str | None) -> date | None:
    """The day an article was published, however its date is written (UTC)."""
    seconds = parse_time(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc).date()


def resolve(text: str, base: date | None, future: bool) -> str | None:
    """ISO date at the precision the words give, or None when they cannot be placed."""
    text = " ".join(text.split())
    if base is None and not _YEAR.search(text):
        return None
    weekday = _BARE_WEEKDAY.match(text)
    if weekday and base is not None:
        gap = (_WEEKDAYS.index(weekday.group(1).lower()) - base.weekday()) % 7
        day = base + timedelta(days=gap) if future else base - timedelta(days=(7 - gap) % 7)
        return day.isoformat()
    parsed = _parser(base).get_date_data(text)
    if parsed.date_obj is None:
        return None
    return parsed.date_obj.date().isoformat()[: _PRECISION.get(parsed.period or "day", 10)]


@cache
def _parser(base: date | None):  # -> dateparser.date.DateDataParser
    import dateparser  # imported here: only insights need it, and it takes a while

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return dateparser.DateDataParser(languages=["en"], settings=settings)


def _sentence_at(where, starts, doc: int, char: int, sentences: Sequence[Sentence]) -> int | None:
    """The content sentence holding ``char``, if any (dates in junk lines are dropped)."""
    begins = starts.get(doc, [])
    k = int(np.searchsorted(begins, char, side="right")) - 1
    if k < 0:
        return None
    i = where[(doc, begins[k])]
    return i if char < sentences[i].end else None


Group = tuple[str | None, str, list[int]]  # (date, words, member sentences)


def _merge(
    found: list[tuple[str, str, int]],
    similarity: np.ndarray,
    named: dict[int, set[str]],
    options: Options,
) -> list[Group]:
    """One group per date and event: sentences alike (``support_similarity``), or, for a
    day or a month, half as alike and naming the same person, place or body."""
    groups: list[Group] = []
    for when, text, i in found:
        for day, _, members in groups:
            if day == when and i in members:
                break
            if day == when and _same_event(i, members, when, similarity, named, options):
                members.append(i)
                break
        else:
            groups.append((when, text, [i]))
    return groups


def _same_event(
    i: int,
    members: list[int],
    when: str,
    similarity: np.ndarray,
    named: dict[int, set[str]],
    options: Options,
) -> bool:
    closest = max(members, key=lambda j: similarity[i, j])
    if similarity[i, closest] >= options.relate.support_similarity:
        return True
    shared = any(named.get(i, set()) & named.get(j, set()) for j in members)
    half = options.relate.support_similarity / 2
    return len(when) > 4 and shared and similarity[i, closest] >= half


def _kept(
    groups: list[Group], sentences: Sequence[Sentence], lead: int, options: Options
) -> list[Group]:
    """The events told by the most sources, at most ``insight_max_events`` of them, and the
    one the lead tells whatever its count."""
    groups = sorted(groups, key=lambda g: -len({sentences[i].doc for i in g[2]}))
    kept = groups[: options.insight.insight_max_events]
    return kept + [g for g in groups[len(kept) :] if lead in g[2]][:1]


def _published(
    lead: int,
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    options: Options,
) -> str | None:
    """The day the lead's event was first reported: the earliest publication date among its
    article and those of the sentences that corroborate it; None when none is dated."""
    alike = np.flatnonzero(similarity[lead] >= options.relate.support_similarity)
    told = {sentences[lead].doc} | {sentences[int(j)].doc for j in alike}
    days = [d for d in (article_date(articles[doc].date) for doc in told) if d is not None]
    return min(days).isoformat() if days else None
