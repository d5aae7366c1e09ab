"""Dates as sources write them, and spans of time as users give them ("2d", "12h")."""

from __future__ import annotations

import re
import time
from datetime import timezone
from functools import cache
from typing import Any

from dateutil import parser as date_parser

from storyline.language import text_language

DAY = 86_400.0
SINCE_UNITS = {"m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}
# A dateline: at a text's top (its first lines, in this many characters), a line of at
# most this many words that gives a year and says nothing but a date
_DATELINE_LINES, _DATELINE_CHARS, _DATELINE_WORDS = 4, 600, 8
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_GLUED = re.compile(r"\b[^\W\d]{1,2}(?=\d)")  # a clitic glued to a number: Hebrew "ה12"


def parse_time(date: str | None) -> float | None:
    """POSIX seconds of a date as written ("2015-05-12", "Tue, 12 May 2015 10:00 GMT");
    a date without a zone is taken as UTC; an unreadable one as no date."""
    if not date:
        return None
    try:
        parsed = date_parser.parse(date)
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def parse_since(value: str) -> float | None:
    """``2d``, ``12h``, ``30m``, ``1w`` ago, or a date, as POSIX seconds; None if unreadable."""
    value = value.strip()
    if value[:-1].replace(".", "", 1).isdigit() and value[-1:] in SINCE_UNITS:
        return time.time() - float(value[:-1]) * SINCE_UNITS[value[-1]]
    return parse_time(value)


def dateline(text: str) -> str | None:
    """The day a text gives on a line of its own at its top, ISO ("2005-07-12"), as wire
    and wiki articles do under their headline ("Tuesday, July 12, 2005", "Mardi 12
    juillet 2005", "Τρίτη 12 Ιουλίου 2005"); None when no such line says day, month and
    year. Read in the text's own language (dateparser), only for a line that may be one."""
    lines = [line.strip() for line in text[:_DATELINE_CHARS].splitlines() if line.strip()]
    for line in lines[:_DATELINE_LINES]:
        if len(line.split()) > _DATELINE_WORDS or not _YEAR.search(line):
            continue
        found = _date_parser(text_language(text)).get_date_data(_GLUED.sub("", line))
        if found.date_obj is not None:
            return found.date_obj.date().isoformat()
    return None


@cache
def _date_parser(language: str | None) -> Any:  # dateparser.date.DateDataParser
    """A date reader for one language; for an unknown one (None, or one dateparser lacks),
    one that tells the language itself (slower)."""
    import dateparser  # imported here: only a text with a date line needs it

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        return dateparser.DateDataParser(
            languages=[language] if language else None, settings=settings
        )
    except ValueError:
        return dateparser.DateDataParser(settings=settings)


_ABBREVIATED = 4  # letters of a month's or day's short form, at most ("sept", "lun")


@cache
def date_words(language: str) -> frozenset[str]:
    """The full names of the months and weekdays in ``language`` (lower case; dateparser's
    data, less its abbreviations, which are also names: "Sam", "Mar"), none for a
    language it lacks: "Τετάρτη" is a day, not a speaker."""
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(language).info
    except ValueError:
        return frozenset()
    names = (
        "january february march april may june july august september october november "
        "december monday tuesday wednesday thursday friday saturday sunday"
    ).split()
    return frozenset(
        word.lower() for name in names for word in info.get(name, ()) if len(word) > _ABBREVIATED
    )
