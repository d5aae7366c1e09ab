"""Stage 6, render: a Brief as text, Markdown, JSON, JSON Lines or an HTML page.

The JSON shape is a documented contract (see README "JSON output"); change it
only by adding fields.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from html import escape
from typing import Any

from storyline.data import INSIGHT_SECTIONS, Brief, Event, Insights
from storyline.language import direction
from storyline.text import printable

FORMATS = ("text", "markdown", "json", "jsonl")
BRIEF_FORMATS = (*FORMATS, "html")  # a brief also renders as a standalone HTML page
PROBLEMS = "Could not be read"  # the heading of the inputs left out as unreadable
# The quotes a reader's view shows (the JSON holds them all, the most telling first, and
# says how many: the page reads it there)
SHOWN_QUOTES = 8


def to_dict(
    brief: Brief, *, include_text: bool = False, problems: Sequence[str] = ()
) -> dict[str, Any]:
    """The JSON contract of a brief; ``problems`` names inputs that could not be read."""
    documents = []
    for report, article in zip(brief.documents, brief.articles, strict=False):
        entry: dict[str, Any] = {
            "id": report.id,
            "title": report.title,
            "url": report.url,
            "flagged": report.flagged,
            "reason": report.reason,
            "language": report.language,
            "direction": direction(report.language),
        }
        if include_text:
            entry["text"] = article.text
        documents.append(entry)
    return {
        "id": brief.id,
        "language": brief.language,
        "direction": direction(brief.language),
        "text": brief.text,
        "words": brief.words,
        "sentences": [
            {
                "text": s.text,
                "support": s.support,
                "citations": _cites(s.citations),
                "edits": [
                    {"start": e.start, "end": e.end, "original": e.original} for e in s.edits
                ],
            }
            for s in brief.sentences
        ],
        "documents": documents,
        **({"insights": insights_to_dict(brief.insights)} if brief.insights else {}),
        **({"problems": list(problems)} if problems else {}),
    }


def insights_to_dict(insights: Insights) -> dict[str, Any]:
    return {
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "sources": q.sources,
                "citations": _cites(q.citations),
            }
            for q in insights.quotes
        ],
        "quotes_shown": SHOWN_QUOTES,  # how many of them the views show, the page too
        "entities": [asdict(e) | {"documents": list(e.documents)} for e in insights.entities],
        "timeline": [
            {
                "date": e.date,
                "when": e.when,
                "story": e.story,
                "label": _dated(e),
                "text": e.text,
                "citations": _cites(e.citations),
            }
            for e in insights.timeline
        ],
        "disagreements": [
            {
                "about": d.about,
                "claims": [
                    {"value": c.value, "text": c.text, "citation": _cites([c.citation])[0]}
                    for c in d.claims
                ],
            }
            for d in insights.disagreements
        ],
        **(
            {"unavailable": insights.unavailable, "read": list(insights.read)}
            if insights.unavailable
            else {}
        ),
    }


def _cites(citations) -> list[dict[str, Any]]:
    return [
        {"document": c.document, "start": c.start, "end": c.end, "exact": c.exact}
        for c in citations
    ]


def render(
    brief: Brief | dict[str, Any],
    fmt: str,
    *,
    include_text: bool = False,
    problems: Sequence[str] = (),
) -> str:
    """One brief in one format, ending in a newline: the one rendering path of the CLI, the
    HTTP API and stored stories. Takes a Brief or its JSON form (a stored brief)."""
    if fmt not in BRIEF_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(BRIEF_FORMATS)}")
    if isinstance(brief, Brief):
        data = to_dict(brief, include_text=include_text, problems=problems)
    else:
        data = brief
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(data, ensure_ascii=False) + "\n"  # JSON escapes control characters
    return printable({"text": to_text, "markdown": to_markdown, "html": to_html}[fmt](data) + "\n")


def to_text(data: dict[str, Any]) -> str:
    """The brief's text; under it the insights and the inputs that could not be read, each
    source named by its id."""
    number = {d["id"]: d["id"] for d in data["documents"]}
    insights = insights_markdown(data["insights"], number) if "insights" in data else []
    problems = _problems(data, heading=PROBLEMS)
    return "\n".join([data["text"], *(line.replace("**", "") for line in insights), *problems])


def to_html(data: dict[str, Any]) -> str:
    """A standalone page: the brief with numbered citations, then the sources. Every piece
    of article text is escaped and only http(s) links are made, so a hostile article
    (``<script>``, ``onerror=``, ``javascript:`` URLs) shows as text and runs nothing."""
    number = {d["id"]: n for n, d in enumerate(data["documents"], 1)}
    title = escape(_headline(data))
    parts = [
        "<!doctype html>",
        '<html lang="en"><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_PAGE_STYLE}</style>",
        f"<article><h1>{title}</h1>",
    ]
    writing = _writing(data)
    for s in data["sentences"]:
        refs = "".join(
            f'<sup><a href="#source-{number[c["document"]]}">[{number[c["document"]]}]</a></sup>'
            for c in s["citations"]
        )
        parts.append(f"<p{writing}>{escape(s['text'])} {refs}</p>")
    parts.append("<h2>Sources</h2><ol>")
    for d in data["documents"]:
        label = escape(d.get("title") or d["id"])
        url = d.get("url") or ""
        link = f' <a href="{escape(url)}">{escape(url)}</a>' if _web_link(url) else ""
        note = f" <em>left out: {escape(d['reason'])}</em>" if d.get("flagged") else ""
        anchor, name = f"source-{number[d['id']]}", escape(d["id"])
        heading = f"<span{_writing(d)}>{label}</span>"
        parts.append(f'<li id="{anchor}"><code>{name}</code> {heading}{link}{note}</li>')
    parts.append("</ol>")
    if "insights" in data:
        parts += _insights_html(data["insights"], number, writing)
    if data.get("problems"):
        items = "".join(f"<li>{escape(p)}</li>" for p in data["problems"])
        parts.append(f"<h2>{PROBLEMS}</h2><ul>{items}</ul>")
    parts.append("</article></html>")
    return "\n".join(parts)


def _writing(part: dict[str, Any]) -> str:
    """The ``lang`` and ``dir`` attributes of text in a brief's or a source's language
    (none when it is not known): Hebrew reads right to left, and a screen reader
    pronounces each part in its own language."""
    if not part.get("language"):
        return ""
    return f' lang="{escape(part["language"])}" dir="{escape(part["direction"])}"'


# A readable page on its own (a file, or a mail attachment): a measure of text, citations
# as small links, what was left out muted
_PAGE_STYLE = (
    "body{font:1.05rem/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f;"
    "max-width:42rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem;line-height:1.3}"
    "h2{font-size:1.1rem;margin-top:2rem;border-top:1px solid #d4d4dc;padding-top:1rem}"
    "sup a{color:#0b57d0;text-decoration:none;font-size:.75rem}li{margin:.3rem 0}"
    "em{color:#8a1c1c}code{color:#5c5c66}"
)


def _headline(data: dict[str, Any]) -> str:
    """The page's title: the brief's id, else the headline of the source its first
    sentence comes from, else "Brief"."""
    if data.get("id"):
        return str(data["id"])
    titles = {d["id"]: d.get("title") for d in data["documents"]}
    first = data["sentences"][0]["citations"][0]["document"] if data["sentences"] else None
    return titles.get(first) or "Brief"


def _insights_html(insights: dict[str, Any], number: dict[str, int], writing: str) -> list[str]:
    """The insight sections as lists, citations linked to the sources; all text escaped.
    Quotes are marked as written in the brief's language (``writing``)."""

    def links(citations: list[dict]) -> str:
        found = sorted({number[c["document"]] for c in citations})
        return "".join(f' <sup><a href="#source-{n}">[{n}]</a></sup>' for n in found)

    parts = []
    for title, entries in insight_sections(insights).items():
        parts.append(f"<h2>{escape(title)}</h2><ul>")
        marked = writing if title == "Quotes" else ""
        for pieces in entries:
            parts.append(f"<li{marked}>{''.join(escape(t) + links(c) for t, c in pieces)}</li>")
        parts.append("</ul>" if entries else "<li>none found</li></ul>")
    return parts


def _web_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def to_markdown(data: dict[str, Any]) -> str:
    """Sentences with numbered citations, then the numbered source list and what was left
    out, the insights, and the inputs that could not be read."""
    number = {d["id"]: n for n, d in enumerate(data["documents"], 1)}
    lines = [f"## {data['id']}", ""] if data.get("id") else []
    for s in data["sentences"]:
        lines.append(s["text"] + _refs(s["citations"], number))
    lines += ["", "**Sources**", ""]
    for d in data["documents"]:
        label = d.get("title") or d["id"]
        where = f" ({d['url']})" if d.get("url") and d["url"] != d["id"] else ""
        note = f" — *left out: {d['reason']}*" if d.get("flagged") else ""
        lines.append(f"{number[d['id']]}. `{d['id']}` {label}{where}{note}")
    if "insights" in data:
        lines += insights_markdown(data["insights"], number)
    lines += _problems(data, heading=f"**{PROBLEMS}**")
    return "\n".join(lines)


def _problems(data: dict[str, Any], *, heading: str) -> list[str]:
    """The inputs that could not be read, as a list under ``heading`` (none: nothing)."""
    problems = data.get("problems") or []
    return ["", heading, "", *(f"- {p}" for p in problems)] if problems else []


Segments = list[tuple[str, list[dict]]]  # an entry: pieces of text, each with its citations


def insight_sections(insights: dict[str, Any]) -> dict[str, list[Segments]]:
    """Quotes, people and organisations, timeline and disagreements; each entry as pieces
    of text with the citations that follow them, so Markdown and HTML render the same."""
    quotes, shown = insights["quotes"], insights["quotes_shown"]
    more = len(quotes) - shown
    sections = {
        "quotes": (
            "Quotes",
            [
                [(f"{q['speaker'] or 'Unattributed'}: “{q['text']}”", q["citations"])]
                for q in quotes[:shown]
            ]
            + ([[(f"… and {more} more (every quote is in the JSON)", [])]] if more > 0 else []),
        ),
        "entities": (
            "People and organisations",
            [
                [(f"{e['name']} ({e['kind']}, {e['sources']} sources)", [])]
                for e in insights["entities"]
            ],
        ),
        "timeline": (
            "Timeline",
            [[(f"{e['label']}: {e['text']}", e["citations"])] for e in insights["timeline"]],
        ),
        "disagreements": (
            "Disagreements",
            [
                [(f"{d['about']}: ", [])]
                + [
                    (("; " if n else "") + c["value"], [c["citation"]])
                    for n, c in enumerate(d["claims"])
                ]
                for d in insights["disagreements"]
            ],
        ),
    }
    read = insights.get("read", INSIGHT_SECTIONS)
    shown_sections = dict(sections[key] for key in INSIGHT_SECTIONS if key in read)
    if insights.get("unavailable"):  # a language the other sections cannot read
        shown_sections["Other insights" if read else "Insights"] = [[(insights["unavailable"], [])]]
    return shown_sections


def _dated(event: Event) -> str:
    """An event's date as the views show it: with the words it was read from when they say
    more ("2015-05-12 (Tuesday)"; "1998", not "1998 (1998)"), and the story's own event
    named as such ("2015-05-12, this story"; "this story, no date given")."""
    if event.date is None:
        return "this story, no date given"
    dated = event.date if event.when in (event.date, "") else f"{event.date} ({event.when})"
    return f"{dated}, this story" if event.story else dated


def insights_markdown(insights: dict[str, Any], number: dict[str, int]) -> list[str]:
    """The insight sections as Markdown lists, each source cited by number."""

    def entry(pieces: Segments) -> str:
        return "".join(text + _refs(cites, number) for text, cites in pieces)

    lines = []
    for title, entries in insight_sections(insights).items():
        items = [entry(pieces) for pieces in entries] or ["none found"]
        lines += ["", f"**{title}**", "", *(f"- {item}" for item in items)]
    return lines


def _refs(citations: list[dict], number: dict[str, Any]) -> str:
    """ " [1][3]": the numbers of the cited documents, each once; empty without citations."""
    marks = sorted({number[c["document"]] for c in citations})  # numbers, or ids in text
    return " " + "".join(f"[{mark}]" for mark in marks) if marks else ""
