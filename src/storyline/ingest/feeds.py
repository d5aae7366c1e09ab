"""RSS and Atom feeds: every entry becomes an article.

Feeds often carry only a teaser; an entry with less article text than
``min_article_words`` is replaced by its linked page when that can be fetched.
If it cannot, the teaser is kept and a notice says so: no entry is lost.
The feed's bytes are fetched by :mod:`storyline.ingest.fetch` (timeouts, size
cap), never by feedparser itself.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import feedparser
import lxml.html

from storyline.data import Article
from storyline.errors import StorylineError, StorylineNotice
from storyline.text import count_words

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)

LinkReader = Callable[[str], Article]


def looks_like_feed(head: str) -> bool:
    """True when the first kilobytes of a document open an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.search(head[:2000]))


def read_feed(
    data: bytes, source: str, min_words: int, read_link: LinkReader | None
) -> Iterator[Article | StorylineError]:
    """Yield an article (or a notice beside it) for every entry of the feed."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        detail = f"malformed feed ({why})" if why else "feed without entries"
        raise StorylineError(source, detail)
    if parsed.get("bozo"):
        why = parsed.get("bozo_exception")
        yield StorylineNotice(source, f"malformed feed ({why}); read what could be read")
    outlet = parsed.feed.get("title") or source
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        text = _entry_text(entry)
        if count_words(text) < min_words and link and read_link is not None:
            try:
                page = read_link(link)
                text = page.text
            except StorylineError as err:
                yield StorylineNotice(link, f"kept the feed's summary ({err.message})")
        if not text.strip():
            yield StorylineError(f"{source} entry {number}", "no text in the entry")
            continue
        yield Article(
            id=entry.get("id") or link or f"{source}#{number}",
            text=text,
            title=entry.get("title"),
            date=_entry_date(entry),
            author=entry.get("author"),
            url=link,
            source=outlet,
        )


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The longest body the entry has (full content, else summary), as plain text."""
    bodies = [c.get("value", "") for c in entry.get("content", [])]
    bodies.append(entry.get("summary", ""))
    html = max(bodies, key=len)
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"\n\s*\n+", "\n", root.text_content()).strip()


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat()
