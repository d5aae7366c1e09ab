"""Plain, frozen data passed between pipeline stages.

Every object carries the character spans it came from, so attribution is never
reconstructed after the fact: a brief sentence points at ``Article.text[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.text import count_words

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Article:
    """One source document as read: ``text`` is what every offset indexes."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet (feed title, site, or as given), for counting sources

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _whole_characters(self.text))
        object.__setattr__(self, "title", _whole_characters(self.title))


@dataclass(frozen=True)
class Cluster:
    """Articles about one story; each cluster gets one brief."""

    id: str | None
    articles: tuple[Article, ...]
    references: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1, when the cluster file says (how eval tokenizes)

    def __post_init__(self) -> None:
        references = tuple(_whole_characters(r) for r in self.references)
        object.__setattr__(self, "references", references)


def _whole_characters(value: str | None) -> str | None:
    """JSON may carry a lone surrogate ("\\ud800"): no character at all, and the C and
    Rust libraries behind cleaning and sentence splitting refuse it. One replacement
    character stands in for it, so every offset stays the same."""
    return _SURROGATE.sub("\ufffd", value) if value else value


@dataclass(frozen=True)
class Block:
    """A span of an article's text that survived cleaning (a paragraph or line): prose,
    or a line of the article that is not a sentence (a subheading, a list item), which
    a reading shows but no brief quotes."""

    start: int
    end: int
    prose: bool = True


@dataclass(frozen=True)
class Reading:
    """What storyline keeps of one article: the spans of its text that are article prose
    (what ``storyline read`` shows, so a user can see and trust the reading)."""

    article: Article
    blocks: tuple[Block, ...]
    cluster: str | None = None  # the cluster's id, for an article of a cluster file

    @property
    def text(self) -> str:
        """The kept text, a line each, parted by blank lines; pieces of one line (a
        dateline and its paragraph) stay together as the article wrote them."""
        text, parts = self.article.text, []
        for n, block in enumerate(self.blocks):
            if n:
                between = text[self.blocks[n - 1].end : block.start]
                parts.append(between if "\n" not in between else "\n\n")
            parts.append(text[block.start : block.end])
        return "".join(parts)


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article: ``doc`` indexes the cluster's articles."""

    doc: int
    start: int
    end: int
    text: str
    position: int  # order among the article's content sentences, 0 = lead


@dataclass(frozen=True)
class Citation:
    """Where a brief sentence comes from: ``text[start:end]`` of document ``document``.

    ``exact`` is true for the span the brief sentence was cut from (the two are
    equal character for character); other citations are sentences of other
    sources that say the same thing.
    """

    document: str
    start: int
    end: int
    exact: bool = True


@dataclass(frozen=True)
class Edit:
    """One change a brief sentence makes to its source's words: its ``text[start:end]``
    stands where the source wrote ``original`` (a name given in full, in brackets, as
    editors mark words of their own: "Dutton" -> "[Andrea Dutton]")."""

    start: int
    end: int
    original: str


@dataclass(frozen=True)
class BriefSentence:
    """A sentence of the brief: its exact citation's span, word for word but for ``edits``."""

    text: str
    support: int  # how many distinct sources carry this content
    citations: tuple[Citation, ...]
    edits: tuple[Edit, ...] = ()

    @property
    def original(self) -> str:
        """The sentence as its source wrote it: the edits undone."""
        text = self.text
        for edit in sorted(self.edits, key=lambda e: -e.start):
            text = text[: edit.start] + edit.original + text[edit.end :]
        return text


@dataclass(frozen=True)
class DocumentReport:
    """How a document was used: flagged documents contribute no sentence."""

    id: str
    title: str | None
    flagged: bool = False
    reason: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1, as told from its text (None: not clear)


@dataclass(frozen=True)
class Quote:
    """One statement in quotation marks, merged across the sources that carry it.

    ``text`` is the first source's rendering; ``citations`` hold every rendering's span
    (two translations of one statement are one quote). ``speaker`` is a name or, when the
    text names nobody ("a senior official"), the phrase as written; None if unattributed.
    """

    text: str
    speaker: str | None
    sources: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Entity:
    """A person or organisation the live sources name, under its fullest name."""

    name: str
    kind: str  # "person" or "organisation"
    sources: int  # distinct documents that mention it
    mentions: int
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated sentence: ``date`` is ISO at the precision the text gives (2015, 2015-05,
    2015-05-12); ``when`` is the words it was resolved from ("Tuesday"), empty for a
    publication date. ``story`` marks the story's own event (the brief's lead), whose
    date is None when neither its words nor its sources' publication date give one."""

    date: str | None
    when: str
    text: str
    citations: tuple[Citation, ...]
    story: bool = False


@dataclass(frozen=True)
class Claim:
    """One side of a disagreement: what a source says (``value``) in which sentence."""

    value: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Disagreement:
    """Sources that give different figures for the same thing (``about``)."""

    about: str
    claims: tuple[Claim, ...]


INSIGHT_SECTIONS = ("quotes", "entities", "timeline", "disagreements")


@dataclass(frozen=True)
class Insights:
    """Who said what, who is involved, when things happened, where sources differ."""

    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[Event, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    unavailable: str | None = None  # what was not read and why: "not available for Greek"
    read: tuple[str, ...] = INSIGHT_SECTIONS  # the sections read, in this language


@dataclass(frozen=True)
class Brief:
    id: str | None
    sentences: tuple[BriefSentence, ...]
    documents: tuple[DocumentReport, ...]
    articles: tuple[Article, ...] = field(default=(), repr=False)
    insights: Insights | None = None  # only when asked for (options.insights)
    language: str = "en"  # ISO 639-1: what every brief sentence is written in

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        return sum(count_words(s.text) for s in self.sentences)


@dataclass(frozen=True)
class Story:
    """A group of articles about one story: as a store keeps it, or as ``cluster`` found it
    (``version`` 0, and no dates when its articles have none)."""

    id: int
    headline: str | None
    size: int
    sources: int
    first: float | None  # POSIX seconds of its first and last article
    last: float | None
    articles: tuple[str, ...]  # article ids, oldest first
    version: int  # moves when the story's articles change (its brief is then remade)
