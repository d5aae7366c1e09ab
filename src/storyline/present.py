"""How a story is shown: its record (the JSON of ``cluster``, ``stories`` and the API) and
its text and Markdown views. Beside :mod:`storyline.render`, which shows a brief; a
story's brief is shown by it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from storyline.data import Article, Brief, Reading, Story
from storyline.dates import parse_time
from storyline.errors import StorylineError
from storyline.options import DEFAULTS, Options
from storyline.render import render, to_dict
from storyline.stories import headline, source_count
from storyline.text import count_words, printable

STORY_FORMATS = ("text", "markdown", "json", "jsonl")
READING_FORMATS = ("text", "jsonl")


def group_story(number: int, members: Sequence[Article], options: Options = DEFAULTS) -> Story:
    """A story of ``storyline cluster`` (no store): numbered, dated by its articles."""
    times = [t for t in (parse_time(a.date) for a in members) if t is not None]
    return Story(
        id=number,
        headline=headline(members, options),
        size=len(members),
        sources=source_count(members),
        first=min(times, default=None),
        last=max(times, default=None),
        articles=tuple(a.id for a in members),
        version=0,
    )


def story_record(story: Story, brief: Brief | StorylineError | dict | None = None) -> dict:
    """A story as JSON: ``id``, ``headline``, ``articles``, ``sources``, ``first`` and
    ``last`` (ISO dates, null when undated); with a brief (a Brief, its JSON form, an error
    or ``{"error": ...}``), ``brief`` is its JSON, or null beside ``brief_error``."""
    record: dict[str, Any] = {
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "sources": story.sources,
        "first": _iso(story.first),
        "last": _iso(story.last),
    }
    if brief is None:
        return record
    if isinstance(brief, Brief):
        brief = to_dict(brief)
    elif isinstance(brief, StorylineError):
        brief = {"error": str(brief)}
    record["brief"] = None if "error" in brief else brief
    if "error" in brief:
        record["brief_error"] = brief["error"]
    return record


def render_stories(records: Sequence[dict], fmt: str) -> str:
    """Stories in one format: one JSON list, a JSON line each, or a line each (with its
    brief under it, shown by :func:`storyline.render.render`)."""
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt in ("text", "markdown"):
        return printable("".join(_story_view(r, fmt) for r in records))
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(STORY_FORMATS)}")


def _story_view(record: dict, fmt: str) -> str:
    size, sources, title = len(record["articles"]), record["sources"], record["headline"] or ""
    first, last = record["first"] or "undated", record["last"] or "undated"
    if fmt == "markdown":
        line = (
            f"# Story {record['id']}: {title}\n\n{size} articles, {sources} sources, "
            f"{first[:10]} to {last[:10]}"
        )
    else:
        line = f"{record['id']:>5}  {size:>3} articles  {sources:>3} sources  {last[:16]}  {title}"
    if "brief" not in record:
        return line + "\n"
    if record["brief"] is None:
        return f"{line}\n\n(no brief: {record.get('brief_error')})\n\n"
    brief = {**record["brief"], "id": None}  # the story's line heads it already
    return f"{line}\n\n{render(brief, fmt)}\n"


def reading_record(reading: Reading) -> dict:
    """An article as storyline reads it: its fields and the prose cleaning kept."""
    article, text = reading.article, reading.text
    record = (
        {"id": article.id, "cluster": reading.cluster} if reading.cluster else {"id": article.id}
    )
    return record | {
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "url": article.url,
        "source": article.source,
        "words": count_words(text),
        "text": text,
    }


def render_readings(readings: Sequence[Reading], fmt: str) -> str:
    """Readings as JSON lines, or as text: a heading line per article, then its prose."""
    if fmt == "jsonl":
        return "".join(json.dumps(reading_record(r), ensure_ascii=False) + "\n" for r in readings)
    if fmt == "text":
        return printable("".join(_reading_view(reading_record(r)) for r in readings))
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(READING_FORMATS)}")


def _reading_view(record: dict) -> str:
    about = " · ".join(str(record[k]) for k in ("title", "author", "date", "url") if record[k])
    heading = f"== {record['id']} ({record['words']} words kept)" + (f": {about}" if about else "")
    return f"{heading}\n\n{record['text'] or '(nothing kept: no article prose)'}\n\n"


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")
