"""Stage 2, segment: cut the clean blocks into sentences that keep their offsets.

syntok knows news abbreviations (U.S., Gen., Mr., a.m.), so they do not split.
"""

from __future__ import annotations

from collections.abc import Sequence

import syntok.segmenter as syntok

from storyline.data import Article, Block, Sentence


def segment(doc: int, article: Article, blocks: Sequence[Block]) -> list[Sentence]:
    """Sentences of one article's clean blocks, numbered in reading order."""
    sentences: list[Sentence] = []
    for block in blocks:
        piece = article.text[block.start : block.end]
        for paragraph in syntok.analyze(piece):
            for tokens in paragraph:
                start = block.start + tokens[0].offset
                end = block.start + tokens[-1].offset + len(tokens[-1].value)
                text = article.text[start:end]
                sentences.append(Sentence(doc, start, end, text, len(sentences)))
    return sentences
