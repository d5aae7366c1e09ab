"""Turn what the user names (files, folders, URLs, feeds, ``-``) into articles.

Two views of the same reading: :func:`read_inputs` for summarizing, where loose
articles (text, HTML, URLs, feed entries, article lines) form one cluster
together and every cluster line is a cluster of its own; :func:`read_articles`
for grouping into stories, where every article stands alone. A bad input is
yielded as an error and reading goes on, so one broken file never loses the others.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import trafilatura

from storyline.data import Article, Cluster
from storyline.dates import dateline
from storyline.errors import StorylineError
from storyline.ingest.bounded import lines, opened, read_capped
from storyline.ingest.clusters import looks_like_cluster_file, parse_clusters
from storyline.ingest.decode import decode
from storyline.ingest.documents import document_text, kind_of
from storyline.ingest.feeds import looks_like_feed, read_feed
from storyline.ingest.fetch import fetch
from storyline.junk import is_furniture
from storyline.language import language_for
from storyline.options import DEFAULTS, Options
from storyline.text import TABLE_ROW, count_words

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
HEAD_BYTES = 1 << 16  # of a stream, sniffed for its kind
_WORD = re.compile(r"\w+")
_SHINGLE = 4  # words in a run two readings of a line are compared by
_PARAGRAPH_ROW_WORDS = 25  # a table row this long holds a paragraph: the page's layout
_CUT_CANDIDATES = 64  # lines opening (or ending) alike tried as a cut of one line, at most
_WRAPPER = re.compile(r"</?(?:div|span|section|font|center)\b[^>]*>", re.IGNORECASE)


def read_inputs(names: Iterable[str], options: Options) -> Iterator[Cluster | StorylineError]:
    """Yield clusters (and errors in their place) for every input named."""
    loose: list[Article] = []
    for name in names:
        try:
            for item in _read_one(name, options):
                if isinstance(item, Article):
                    loose.append(item)
                else:
                    yield item
        except StorylineError as err:
            yield err
    if loose:
        yield Cluster(None, tuple(_unique_ids(loose)))


def count_clusters(names: Iterable[str], options: Options) -> int | None:
    """How many briefs ``names`` ask for, for a progress bar's total: the lines of their
    cluster files (gzip or not), and one for all the loose articles; None when that
    cannot be told beforehand (standard input)."""
    total, loose = 0, False
    for name in names:
        path = Path(name)
        if name == "-":
            return None
        if path.is_file() and _is_cluster_name(path):
            try:
                with path.open("rb") as raw:
                    stream = opened(raw, name, options.ingest.max_bytes, any_size=True)
                    total += sum(1 for line in stream if line.strip())
            except (OSError, EOFError, StorylineError):
                return None
        else:
            loose = True
    return total + loose


def read_articles(names: Iterable[str], options: Options) -> Iterator[Article | StorylineError]:
    """Yield every article named, one by one: cluster files give up their documents."""
    seen: dict[str, int] = {}
    for name in names:
        try:
            for item in _read_one(name, options):
                if isinstance(item, Cluster):
                    yield from _unique_ids(item.articles, seen)
                elif isinstance(item, Article):
                    yield from _unique_ids([item], seen)
                else:
                    yield item
        except StorylineError as err:
            yield err


def _read_one(name: str, options: Options) -> Iterator[Article | Cluster | StorylineError]:
    if name == "-":
        yield from _read_stream(sys.stdin.buffer, "<stdin>", "", options)
    elif name.startswith(("http://", "https://")):
        body, content_type = fetch(name, options)
        if "xml" in content_type or looks_like_feed(body[:2000].decode("utf-8", "replace")):
            yield from read_feed(
                body, name, options.relate.min_article_words, _link_reader(options)
            )
            return
        yield _page_article(name, body, content_type, options)
    else:
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path, options)
        elif path.is_file():
            yield from _read_file(path, path.name, options)
        else:
            raise StorylineError(name, "no such file, folder or URL")


def _read_folder(folder: Path, options: Options) -> Iterator[Article | Cluster | StorylineError]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise StorylineError(str(folder), "empty folder")
    for path in files:
        try:
            yield from _read_file(path, path.name, options)
        except StorylineError as err:
            yield err


def _read_file(
    path: Path, doc_id: str, options: Options
) -> Iterator[Article | Cluster | StorylineError]:
    size = path.stat().st_size
    if size > options.ingest.max_bytes and not _is_cluster_name(path):
        raise StorylineError(str(path), f"larger than {options.ingest.max_bytes:,} bytes")
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else ""
    try:
        with path.open("rb") as raw:
            if _is_cluster_name(path):
                yield from _cluster_lines(raw, str(path), options)
            else:
                yield from _read_stream(raw, doc_id, kind, options, source=str(path))
    except OSError as err:
        raise StorylineError(str(path), f"cannot read ({err.strerror})") from None


def _is_cluster_name(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    return bool(suffixes) and (suffixes[-1] in {".jsonl", ".gz", ".json", ".src"})


def _read_stream(
    raw: BinaryIO, doc_id: str, kind: str, options: Options, source: str | None = None
) -> Iterator[Article | Cluster | StorylineError]:
    """Sniff stdin or a file: gzip (decompressed within the caps), cluster lines (streamed),
    else one article or feed of at most ``max_bytes``."""
    source = source or doc_id
    stream = opened(raw, source, options.ingest.max_bytes, any_size=True)
    head = stream.peek(HEAD_BYTES)[:HEAD_BYTES].decode("utf-8", "replace")
    if kind != "html" and looks_like_cluster_file(head.lstrip().split("\n", 1)[0]):
        yield from _cluster_lines(stream, source, options)
        return
    data = read_capped(stream, source, options.ingest.max_bytes)
    if kind_of(data):
        yield article_from_bytes(data, doc_id, options, source=source)
        return
    text = _decoded(data, source)
    if looks_like_feed(text):
        yield from read_feed(data, source, options.relate.min_article_words, _link_reader(options))
        return
    yield article_from_text(text, doc_id, source, options, is_html=kind == "html" or None)


def _cluster_lines(
    raw: BinaryIO, source: str, options: Options
) -> Iterator[Cluster | Article | StorylineError]:
    """The clusters (or article lines) of a cluster stream, gzip or not, one line at a
    time: the file may be of any size, no line longer than ``max_bytes`` characters."""
    stream = opened(raw, source, options.ingest.max_bytes, any_size=True)
    handle = io.TextIOWrapper(stream, encoding="utf-8-sig")
    try:
        yield from parse_clusters(lines(handle, source, options.ingest.max_bytes), source)
    except (OSError, EOFError, UnicodeDecodeError) as err:
        yield StorylineError(source, f"cannot read cluster file ({err})")


def _page_article(url: str, body: bytes, content_type: str, options: Options) -> Article:
    """A fetched page as an article; its site is its source."""
    is_html = "html" in content_type or None
    article = article_from_bytes(body, url, options, is_html=is_html, url=url)
    return replace(article, source=urlsplit(url).hostname)


def _link_reader(options: Options):
    """How a feed entry's linked page is read: fetched and extracted like a URL input."""

    def read_link(url: str) -> Article:
        if not url.startswith(("http://", "https://")):
            raise StorylineError(url, "not an http(s) link")
        return _page_article(url, *fetch(url, options), options)

    return read_link


def article_from_bytes(
    data: bytes,
    doc_id: str,
    options: Options,
    *,
    is_html: bool | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """One article from raw bytes (a fetched page, a file or an upload): text, HTML, or the
    text of a PDF or Word file."""
    source = source or doc_id
    if document := kind_of(data):
        text = document_text(data, document, source, options)
        return article_from_text(text, doc_id, source, options, is_html=False, url=url)
    return article_from_text(
        _decoded(data, source), doc_id, source, options, is_html=is_html, url=url
    )


def _decoded(data: bytes, source: str) -> str:
    """Text of bytes that are not a PDF or Word file; other binary data is named."""
    try:
        return decode(data, source)
    except StorylineError as err:
        if not err.message.startswith("binary data"):
            raise
        suffix = Path(source).suffix.lower() if "://" not in source else ""
        kind = f" ({suffix})" if suffix else ""
        raise StorylineError(
            source, f"unsupported file type{kind}: give text, HTML, PDF or DOCX"
        ) from None


def article_from_text(
    text: str,
    doc_id: str,
    source: str | None = None,
    options: Options = DEFAULTS,
    *,
    is_html: bool | None = None,
    url: str | None = None,
) -> Article:
    """One article from text: HTML goes through the article extractor (within
    the size and tag caps), plain text as is. Text holding NUL characters is refused as
    binary, as the CLI's files are, wherever it comes from."""
    if "\x00" in text:
        raise StorylineError(source or doc_id, "binary data, not text (NUL characters)")
    if is_html is None:
        is_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html", "<?xml"))
    if is_html:
        return _article_from_html(text, doc_id, source or doc_id, url, options)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = _headline(text, options)
    return Article(id=doc_id, text=text, title=title, date=dateline(text), url=url)


def _article_from_html(
    html: str, doc_id: str, source: str, url: str | None, options: Options
) -> Article:
    tags = html.count("<")
    if tags > options.ingest.max_html_tags:  # the extractor's time and memory grow with them
        limit = options.ingest.max_html_tags
        raise StorylineError(source, f"{tags:,} HTML tags; the limit is {limit:,}")
    doc = _extract(html, url)
    if doc is None and _WRAPPER.search(html):
        # lxml reads nesting only so deep (thousands of nested <div>s lose the article):
        # without the wrappers, the paragraphs stand at the top and are read
        doc = _extract(_WRAPPER.sub("\n", html), url)
    if doc is None:
        raise StorylineError(source, "no article text found in the HTML")
    text = doc.text or ""  # never empty: _extract keeps only a reading with text
    date = doc.date or dateline(text)
    return Article(id=doc_id, text=text, title=doc.title, date=date, author=doc.author, url=url)


def _extract(html: str, url: str | None) -> trafilatura.settings.Document | None:
    """trafilatura's reading of a page with its metadata, or None when it finds no text.

    Its tables are the article's (standings, statistics: people mark them as such; kept
    for the reading, never cut into sentences), unless the page is laid out in a table
    (menu, byline and story in its cells): then it is read as plain paragraphs. Of that
    reading, a line stays if trafilatura's precise reading holds it too, which leaves out
    more of what surrounds the article (headlines, standfirsts, promotions); the line is
    taken whole from the first reading, since the precise one cuts a link's words out of
    its sentence ("Opponents said of tax revenue"). Measured in bench/extraction.py.
    """
    doc = _bare_extraction(html, url, tables=True)
    if doc is None:
        return None
    rows = TABLE_ROW.findall(doc.text or "")
    tables = bool(rows)
    if max(map(count_words, rows), default=0) >= _PARAGRAPH_ROW_WORDS:  # perhaps the layout
        plain = _bare_extraction(html, url, tables=False)  # slow on a big table: only here
        if plain is not None and _laid_out_in_table(doc.text or "", plain.text or ""):
            doc, tables = plain, False
    precise = _bare_extraction(html, url, tables=tables, precise=True)
    if precise is not None:
        doc.text = _lines_also_in(doc.text or "", precise.text or "")
    return doc


def _bare_extraction(
    html: str, url: str | None, *, tables: bool, precise: bool = False
) -> trafilatura.settings.Document | None:
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=tables,
        favor_precision=precise,
    )
    assert not isinstance(doc, dict)  # as_dict=False: a Document or None
    return doc if doc is not None and doc.text and doc.text.strip() else None


def _laid_out_in_table(with_tables: str, without: str) -> bool:
    """True when the page's text is in a table, not beside it (a row of it holds a
    paragraph's words, where a data table's rows hold names and numbers): outside its
    rows, the reading with tables holds under half the words of the reading without."""
    return count_words(TABLE_ROW.sub("", with_tables)) * 2 < count_words(without)


def _lines_also_in(text: str, other: str) -> str:
    """The lines of ``text`` that ``other`` holds too (see :func:`_holds`); all of
    ``text`` if it holds none."""
    tokens = _WORD.findall(other.lower())
    held, joined = _shingles(tokens), f" {' '.join(tokens)} "
    ends: dict[tuple[int, str], list[list[str]]] = {}  # other's lines by first, last word
    for line in other.split("\n"):
        if words := _WORD.findall(line.lower()):
            ends.setdefault((0, words[0]), []).append(words)
            ends.setdefault((-1, words[-1]), []).append(words)
    kept = [
        line for line in text.split("\n") if _holds(_WORD.findall(line.lower()), held, joined, ends)
    ]
    return "\n".join(kept) if any(_WORD.search(line) for line in kept) else text


def _holds(
    tokens: list[str],
    held: set[tuple[str, ...]],
    joined: str,
    ends: dict[tuple[int, str], list[list[str]]],
) -> bool:
    """Whether another reading (its runs of four words ``held``, its words ``joined``, its
    lines' words by their first and last word) holds a line: most of its runs; or one of
    its lines is this one with a stretch cut out (a link's words: such a line keeps this
    one's first word or its last; of the lines opening or ending alike, the first
    ``_CUT_CANDIDATES`` are tried, so a page of thousands of lines opening on "The" is
    read in bounded time); a line of fewer words, all of it; a line of no words (a
    table's rule, "|---|"), always."""
    if len(tokens) < _SHINGLE:
        return not tokens or f" {' '.join(tokens)} " in joined
    runs = _shingles(tokens)
    if len(runs & held) * 2 >= len(runs):
        return True
    firsts, lasts = ends.get((0, tokens[0]), []), ends.get((-1, tokens[-1]), [])
    candidates = (firsts[:_CUT_CANDIDATES], lasts[:_CUT_CANDIDATES])
    return any(_cut_from(cut, tokens) for group in candidates for cut in group)


def _cut_from(cut: list[str], whole: list[str]) -> bool:
    """True if ``cut`` is ``whole`` with one stretch of under half its words taken out."""
    if len(cut) * 2 < len(whole) or len(cut) >= len(whole):
        return False
    head = next((n for n, (a, b) in enumerate(zip(cut, whole, strict=False)) if a != b), len(cut))
    return cut[head:] == whole[len(whole) - len(cut) + head :]


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)}


def _headline(text: str, options: Options) -> str | None:
    """The headline of a text file: its first short line without closing punctuation,
    passing over page furniture ("Accessibility links", "Breaking News") above it."""
    lang = language_for(options.language, [text])
    for line in [line.strip() for line in text.strip().split("\n") if line.strip()][:5]:
        if is_furniture(line, lang):
            continue
        if count_words(line) <= options.ingest.title_max_words and line[-1] not in '.!?"”':
            return line
        return None
    return None


def _unique_ids(
    articles: Iterable[Article], seen: dict[str, int] | None = None
) -> Iterator[Article]:
    """Articles with ids made unique (``a.txt``, ``a.txt#2``) so citations stay unambiguous."""
    seen = {} if seen is None else seen
    for article in articles:
        count = seen.get(article.id, 0)
        seen[article.id] = count + 1
        if count:
            article = replace(article, id=f"{article.id}#{count + 1}")
        yield article
