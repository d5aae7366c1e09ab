"""Disagreements: sources that give different figures for the same thing.

Two sentences from different live sources that say much the same thing (similarity
at least ``disagreement_similarity``) are compared figure by figure. A figure is a
number with the word it counts ("12 people", "5.6 percent", "$29.2 billion") and the
verb that says what happened to them ("killed 12 people", "7 Republicans voted against"),
a year with its preposition ("since 2013"), or, when the article's date is known, the
day of "on Tuesday" / "on May 12". The same counted word with values that cannot
both be true is a disagreement; "about 30" and "31", or "more than 1,000" and
"1,200", can both be, so they are not. Rephrasings carry the same figures and never
show up. Only reports of the same day are compared (when dated): a count that
changes from one day's article to the next is an update, not a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.data import Article, Citation, Claim, Disagreement, Sentence
from storyline.insights.timeline import FUTURE, article_date, resolve
from storyline.language import load_language
from storyline.options import Options

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_ENGLISH = load_language("en")  # the figure patterns below read English
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FIGURE = re.compile(
    r"(?:\b(?P<before>\w+ed)\s+)?"
    r"(?P<hedge>\b(?:about|around|nearly|almost|roughly|approximately|some|over|more than|"
    r"at least|up to|fewer than|less than|at most)\s+)?"
    r"(?P<money>\$)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:"
    + "|".join(_NUMBER_WORDS)
    + r")\b)(?:\s+(?P<scale>thousand|million|billion|trillion))?(?P<percent>%)?"
    r"\s+(?P<noun>[A-Za-z][\w-]*)(?:\s+(?P<verb>\w+ed|dead|missing)(?:\s+(?P<next>\w+))?)?",
    re.IGNORECASE,
)
_ON_DAY = re.compile(
    r"\bon (?P<day>(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december) \d{1,2}(?:, \d{4})?)\b",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+|all\s+)?(\w+)", re.IGNORECASE)
_YEAR = re.compile(
    r"\b(?P<prep>in|since|until|from|by|before|after)\s+(?P<year>(?:19|20)\d\d)\b", re.I
)
_HEDGE_SPAN = {"about": 0.1, "around": 0.1, "nearly": 0.1, "almost": 0.1, "roughly": 0.1,
               "approximately": 0.1, "some": 0.1}  # fmt: skip


@dataclass(frozen=True)
class Figure:
    key: str  # what is counted, stemmed ("peopl killed", "percent", "year since")
    label: str  # the counted words as written
    low: float
    high: float
    written: str


def figures(text: str, published: date | None = None) -> list[Figure]:
    """The figures of one sentence, each with the range of values it allows; with the
    article's date, also the day of "on Tuesday" or "on May 12" (as a day number)."""
    found = _days(text, published)
    for m in _FIGURE.finditer(text):
        noun = "percent" if m["percent"] else m["noun"].lower()
        if noun == "percent" and (share := _SHARE_OF.match(text, m.end())):
            noun = f"percent of {share[1].lower()}"  # "percent of the vote", "of respondents"
        if (noun in _ENGLISH.stopwords or noun in _SCALES) or (
            m["number"].isdigit() and _is_year(m["number"]) and not m["money"]
        ):
            continue
        value = _value(m["number"]) * _SCALES.get((m["scale"] or "").lower(), 1.0)
        before = text[: m.start("number")]
        if before.rstrip(" $").lower().endswith("minus") or before.endswith(("-", "−")):
            value = -value  # "minus 15", "-15"; not the dash in "vegetables - 10 portions"
        if _MONTH_BEFORE.search(before):
            continue  # "February 27 earthquake" is a date, not 27 earthquakes
        low, high = _range(value, (m["hedge"] or "").strip().lower())
        verb = " ".join(w for w in (m["verb"], m["next"]) if w) or m["before"] or ""
        verb = verb.lower()  # "voted present" and "voted against" count different things
        label = " ".join(x for x in (noun, verb) if x)
        if m["money"]:
            label = "dollars " + label
        found.append(
            Figure(
                " ".join(_ENGLISH.stem(w) for w in label.split()),
                label,
                low,
                high,
                m.group(0).strip(),
            )
        )
    for m in _YEAR.finditer(text):
        year = float(m["year"])
        found.append(
            Figure(
                f"year {m['prep'].lower()}", f"year ({m['prep'].lower()})", year, year, m.group(0)
            )
        )
    return found


def _days(text: str, published: date | None) -> list[Figure]:
    """Days an event is said to happen on, resolved against the article's date: two
    sources that put the same event on different days disagree."""
    if published is None:
        return []
    found = []
    for m in _ON_DAY.finditer(text):
        day = resolve(m["day"], published, bool(FUTURE.search(text)))
        if day is not None and len(day) == 10:
            number = float(date.fromisoformat(day).toordinal())
            found.append(Figure("day on", "day", number, number, f"{m.group(0)} ({day})"))
    return found


def find_disagreements(
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    live: np.ndarray,
    articles: Sequence[Article],
    options: Options,
) -> list[Disagreement]:
    """Figures that differ between similar sentences of different sources, each side cited."""
    published = [article_date(a.date) for a in articles]
    table = {i: figures(s.text, published[s.doc]) for i, s in enumerate(sentences) if live[i]}
    table = {i: f for i, f in table.items() if f}
    found: dict[tuple[str, frozenset[int]], dict[int, tuple[int, Figure]]] = {}
    order = sorted(table)
    for a, i in enumerate(order):
        for j in order[a + 1 :]:
            if (
                sentences[i].doc == sentences[j].doc
                or similarity[i, j] < options.insight.disagreement_similarity
                or _apart(published[sentences[i].doc], published[sentences[j].doc])
            ):
                continue
            conflicts = _conflicts(table[i], table[j])
            conflicting = _values(f for pair in conflicts.values() for f in pair)
            if (_values(table[i]) ^ _values(table[j])) - conflicting:
                continue  # other figures differ too: two events alike, not one told twice
            for key, (x, y) in conflicts.items():
                sides = found.setdefault((key, frozenset((i, j))), {})
                sides[i], sides[j] = (i, x), (j, y)
    return _report(found, sentences, articles)


def _values(figures: Iterable[Figure]) -> set[float]:
    """Every bound of these figures' ranges."""
    return {bound for f in figures for bound in (f.low, f.high)}


def _apart(first: date | None, second: date | None) -> bool:
    """Reports from different days: a later count updates an earlier one (a death toll
    rises); that is news, not a disagreement."""
    return first is not None and second is not None and first != second


def _conflicts(first: list[Figure], second: list[Figure]) -> dict[str, tuple[Figure, Figure]]:
    """Counted things both sentences give figures for, where no figure of one fits any
    figure of the other (a sentence may give several: "two counts ... five counts")."""
    conflicts = {}
    for key in {f.key for f in first} & {f.key for f in second}:
        xs = [f for f in first if f.key == key]
        ys = [f for f in second if f.key == key]
        if not any(x.low <= y.high and y.low <= x.high for x in xs for y in ys):
            conflicts[key] = (xs[0], ys[0])
    return conflicts


def _report(
    found, sentences: Sequence[Sentence], articles: Sequence[Article]
) -> list[Disagreement]:
    """One disagreement per counted thing, with one claim per source and value."""
    merged: dict[str, dict[tuple[int, str], Claim]] = {}
    labels: dict[str, str] = {}
    for (key, _), sides in found.items():
        for i, figure in sides.values():
            s = sentences[i]
            claim = Claim(figure.written, s.text, Citation(articles[s.doc].id, s.start, s.end))
            merged.setdefault(key, {}).setdefault((s.doc, figure.written), claim)
            labels[key] = figure.label
    return [Disagreement(labels[key], tuple(claims.values())) for key, claims in merged.items()]


def _is_year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


def _value(number: str) -> float:
    lowered = number.lower()
    if lowered in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[lowered])
    return float(lowered.replace(",", ""))


def _range(value: float, hedge: str) -> tuple[float, float]:
    """The values a hedged figure allows: "more than 1,000" is (1000, inf)."""
    if hedge in ("over", "more than", "at least"):
        return value, float("inf")
    if hedge in ("up to", "fewer than", "less than", "at most"):
        return 0.0, value
    spread = _HEDGE_SPAN.get(hedge, 0.0) * value
    return value - spread, value + spread
