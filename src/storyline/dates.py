"""Dates as sources write them, and spans of time as users give them ("2d", "12h")."""

from __future__ import annotations

import time
from datetime import timezone

from dateutil import parser as date_parser

DAY = 86_400.0
SINCE_UNITS = {"m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}


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
