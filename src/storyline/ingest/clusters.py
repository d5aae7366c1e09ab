"""Cluster files: one story a line, each becoming its own brief.

Two formats are read, gzip-compressed or not:

* JSON Lines in the schema of the shared data sets:
  ``{"id", "documents": [{"id", "text", "title", "date"}], "references": [...]}``;
* Multi-News's release format: documents joined by ``|||||`` and newlines
  written as ``NEWLINE_CHAR``, one cluster a line (references in a separate file).

A JSON line that is one article (``{"id", "text"}`` with optional ``title``,
``published``, ``url``, ``source``) rather than a cluster is yielded as an
:class:`Article`: article streams and cluster files share one reader.

A bad line is reported as an error for that cluster only; the stream goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from storyline.data import Article, Cluster
from storyline.dates import dateline
from storyline.errors import StorylineError

MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"


def looks_like_cluster_file(first_line: str) -> bool:
    """True for a first line in either cluster format (sniffed, so stdin works too)."""
    stripped = first_line.lstrip()
    return (
        stripped.startswith("{")
        or MULTINEWS_SEPARATOR in stripped
        or (MULTINEWS_NEWLINE in stripped)
    )


def parse_clusters(
    lines: Iterable[str | StorylineError], source: str
) -> Iterator[Cluster | Article | StorylineError]:
    """Yield a cluster or an article, or the error that replaces it, for every non-blank line
    (a line the reader could not take comes as its error)."""
    empty = True
    for number, line in enumerate(lines, start=1):
        if isinstance(line, StorylineError):
            empty = False
            yield line
            continue
        if not line.strip():
            continue
        empty = False
        try:
            if line.lstrip().startswith("{"):
                yield _json_cluster(line, source, number)
            else:
                yield _multinews_cluster(line, source, number)
        except StorylineError as err:
            yield err
    if empty:
        yield StorylineError(source, "empty input: no clusters")


def _json_cluster(line: str, source: str, number: int) -> Cluster | Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise StorylineError(source, f"line {number}: malformed JSON ({err.msg})") from None
    if isinstance(record, dict) and "documents" not in record and "text" in record:
        return _json_article(record, f"{source}:{number}", source, number)
    if not isinstance(record, dict) or not isinstance(record.get("documents"), list):
        raise StorylineError(source, f'line {number}: no "documents" list nor article "text"')
    cluster_id = str(record.get("id", f"{source}:{number}"))
    articles = []
    for index, doc in enumerate(record["documents"]):
        if isinstance(doc, str):
            doc = {"text": doc}
        if not isinstance(doc, dict):
            raise StorylineError(source, f'line {number}: document {index} has no "text"')
        articles.append(_json_article(doc, f"{cluster_id}/{index}", source, number))
    references = tuple(r for r in record.get("references") or () if isinstance(r, str))
    language = record.get("language") if isinstance(record.get("language"), str) else None
    return Cluster(cluster_id, tuple(articles), references, language)


def _json_article(record: dict, default_id: str, source: str, number: int) -> Article:
    if not isinstance(record.get("text"), str):
        raise StorylineError(source, f'line {number}: an article has no "text"')

    def field(*names: str) -> str | None:
        value = next((record[n] for n in names if record.get(n) is not None), None)
        return None if value is None else str(value)

    return Article(
        id=field("id") or default_id,
        text=record["text"],
        title=field("title"),
        date=field("published", "date") or dateline(record["text"]),
        url=field("url"),
        source=field("source"),
    )


def _multinews_cluster(line: str, source: str, number: int) -> Cluster:
    cluster_id = f"{source}:{number}"
    parts = [p.replace(MULTINEWS_NEWLINE, "\n").strip() for p in line.split(MULTINEWS_SEPARATOR)]
    articles = tuple(
        Article(id=f"{cluster_id}/{index}", text=text, date=dateline(text))
        for index, text in enumerate(parts)
        if text
    )
    return Cluster(cluster_id, articles)


def with_references(
    clusters: Iterable[Cluster | StorylineError], references: Iterable[str], source: str
) -> Iterator[Cluster | StorylineError]:
    """Pair clusters with the lines of a separate reference file (Multi-News's ``.tgt``).

    Errors stand in for clusters, so they take their reference line with them.
    """
    lines = iter(references)
    for item in clusters:
        line = next(lines, None)
        if line is None:
            yield StorylineError(source, "fewer reference lines than clusters")
            return
        if isinstance(item, Cluster):
            text = line.replace(MULTINEWS_NEWLINE, "\n").strip().lstrip("–-— ").strip()
            item = Cluster(item.id, item.articles, (text,) if text else ())
        yield item
