"""Stage 2, segment: cut the clean blocks into sentences that keep their offsets.

syntok knows news abbreviations (U.S., Gen., Mr., a.m.), so they do not split.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

import syntok.segmenter as syntok

from storyline.data import Article, Block, Sentence

# List markers and stray dashes that open a scraped sentence ("- Students were...").
_LEADING_MARKS = re.compile(r"^[-–—•·*>|]+\s*")


def segment(doc: int, article: Article, blocks: Sequence[Block]) -> list[Sentence]:
    """Sentences of one article's clean blocks, numbered in reading order. A sentence the
    article already had, word for word, is left out: repeating it adds nothing, and a page
    that is one sentence 10,000 times would otherwise cost 10,000 squared comparisons."""
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for block in blocks:
        for start, end in spans(article.text[block.start : block.end]):
            start, end = block.start + start, block.start + end
            text = article.text[start:end]
            key = " ".join(text.lower().split())
            if key not in seen:
                seen.add(key)
                sentences.append(Sentence(doc, start, end, text, len(sentences)))
    return sentences


def split_sentences(text: str) -> list[str]:
    """Sentences of free text (references, other systems' output), cut the same way."""
    return [text[start:end] for start, end in spans(text)]


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without leading list marks or dashes."""
    for paragraph in syntok.analyze(text):
        for tokens in paragraph:
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            if marks := _LEADING_MARKS.match(text[start:end]):
                start += marks.end()
            while start < end and _invisible(text[start]):
                start += 1  # zero-width and direction marks at the edges: never shown
            while start < end and _invisible(text[end - 1]):
                end -= 1
            if start < end:
                yield start, end


def _invisible(char: str) -> bool:
    """Format characters (zero-width space, right-to-left override, BOM) and spaces."""
    return char.isspace() or unicodedata.category(char) == "Cf"
