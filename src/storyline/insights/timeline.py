"""Timeline: dated sentences, relative dates resolved against the article's own date.

A DATE entity counts when it names a day, month or year (weekday and month names,
years, "yesterday", "last week", "three days ago"); durations ("two years") do not.
Relative dates need the article's date; without it only dates with a year are kept.
"Tuesday" in an article dated Tuesday is that day; otherwise the nearest Tuesday
before it, or after it when the sentence speaks of the future ("will meet").
The same date told by several sources in similar sentences is one event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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


def find_events(
    parsed: Sequence[Parsed],
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    options: Options,
) -> list[Event]:
    """Dated events, earliest first; one event per date and statement."""
    where = {(s.doc, s.start): i for i, s in enumerate(sentences)}
    starts: dict[int, list[int]] = {}
    for s in sentences:
        starts.setdefault(s.doc, []).append(s.start)
    found: list[tuple[str, str, int]] = []  # (date, words, sentence index)
    for block in parsed:
        base = article_date(articles[block.doc].date)
        for entity in block.entities(frozenset({"DATE"})):
            i = _sentence_at(where, starts, block.doc, block.start + entity.start_char, sentences)
            if i is None or not _DATED.search(entity.text):
                continue
            when = resolve(entity.text, base, bool(FUTURE.search(sentences[i].text)))
            if when is not None:
                found.append((when, entity.text, i))
    return _merge(found, articles, sentences, similarity, options)


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


def _merge(
    found: list[tuple[str, str, int]],
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    options: Options,
) -> list[Event]:
    groups: list[tuple[str, str, list[int]]] = []
    for when, text, i in found:
        for day, _, members in groups:
            if day == when and (
                i in members
                or max(similarity[i, j] for j in members) >= options.relate.support_similarity
            ):
                if i not in members:
                    members.append(i)
                break
        else:
            groups.append((when, text, [i]))
    groups.sort(key=lambda g: -len({sentences[i].doc for i in g[2]}))
    kept = sorted(groups[: options.insight.insight_max_events], key=lambda g: g[0])
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
        )
        for when, text, members in kept
    ]
