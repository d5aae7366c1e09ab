"""Stage 6, render: a Brief as text, Markdown, or the JSON contract.

The JSON shape is a documented contract (see README "JSON output"); change it
only by adding fields.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from storyline.data import Brief
from storyline.errors import StorylineError

if TYPE_CHECKING:
    from storyline.store import Story

FORMATS = ("text", "markdown", "json", "jsonl")


def to_dict(brief: Brief, *, include_text: bool = False) -> dict[str, Any]:
    documents = []
    for report, article in zip(brief.documents, brief.articles, strict=False):
        entry: dict[str, Any] = {
            "id": report.id,
            "title": report.title,
            "url": report.url,
            "flagged": report.flagged,
            "reason": report.reason,
        }
        if include_text:
            entry["text"] = article.text
        documents.append(entry)
    return {
        "id": brief.id,
        "text": brief.text,
        "words": brief.words,
        "sentences": [
            {
                "text": s.text,
                "support": s.support,
                "citations": [
                    {"document": c.document, "start": c.start, "end": c.end, "exact": c.exact}
                    for c in s.citations
                ],
            }
            for s in brief.sentences
        ],
        "documents": documents,
    }


def render(brief: Brief, fmt: str, *, include_text: bool = False) -> str:
    """One brief in one format; ``jsonl`` gives a single line."""
    if fmt == "text":
        return brief.text
    if fmt == "markdown":
        return to_markdown(brief)
    if fmt == "json":
        return json.dumps(to_dict(brief, include_text=include_text), ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return json.dumps(to_dict(brief, include_text=include_text), ensure_ascii=False)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def to_markdown(brief: Brief | dict[str, Any]) -> str:
    """Sentences with numbered citations, then the numbered source list and what was left out.

    Takes a Brief or its JSON form, so briefs kept in a story store render the same way.
    """
    data = to_dict(brief) if isinstance(brief, Brief) else brief
    number = {d["id"]: n for n, d in enumerate(data["documents"], 1)}
    lines = [f"## {data['id']}", ""] if data.get("id") else []
    for s in data["sentences"]:
        refs = "".join(f"[{number[c['document']]}]" for c in s["citations"])
        lines.append(f"{s['text']} {refs}")
    lines += ["", "**Sources**", ""]
    for d in data["documents"]:
        label = d.get("title") or d["id"]
        where = f" ({d['url']})" if d.get("url") and d["url"] != d["id"] else ""
        note = f" — *left out: {d['reason']}*" if d.get("flagged") else ""
        lines.append(f"{number[d['id']]}. `{d['id']}` {label}{where}{note}")
    return "\n".join(lines)


def story_to_dict(story: Story, brief: dict | None) -> dict:
    """A stored story as the CLI and the API show it; ``brief`` as :func:`attach_brief` takes."""
    record = {
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "sources": story.sources,
        "first": iso(story.first),
        "last": iso(story.last),
    }
    if brief is not None:
        attach_brief(record, brief)
    return record


def attach_brief(record: dict, result: Brief | StorylineError | dict) -> None:
    """Add a story's brief to its record: ``brief``, or ``brief: null`` and ``brief_error``."""
    if isinstance(result, Brief):
        result = to_dict(result)
    elif isinstance(result, StorylineError):
        result = {"error": str(result)}
    record["brief"] = None if "error" in result else result
    if "error" in result:
        record["brief_error"] = result["error"]


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")
