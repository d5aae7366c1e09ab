"""Score quotes and speakers against hand labels (``tests/fixtures/insights/*.json``).

A label names a document, the first words of a quote as the text writes it, and the
speaker's acceptable names (or null: nobody is named). A found quote matches a label
when it is in the same document and one text starts with the other; it is right when
its speaker is one of the label's names. Names compare without case, leading
article, full stops or curly apostrophes: "the U.S. State Department" = "US State
Department".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.data import Article, Quote

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


@dataclass(frozen=True)
class QuoteScore:
    right: int  # found quotes that match a label and name its speaker
    found: int
    labelled: int
    wrong: tuple[str, ...]  # one line per mistake, to read

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0


def load_labels(path: Path) -> tuple[list[Article], list[dict]]:
    """The labelled articles (inline excerpts, or files of a folder) and their labels."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "folder" in data:
        root = path.parent
        while not (root / data["folder"]).is_dir() and root != root.parent:
            root = root.parent
        folder = root / data["folder"]
        articles = [
            Article(name, (folder / name).read_text(encoding="utf-8")) for name in data["documents"]
        ]
    else:
        articles = [Article(d["id"], d["text"]) for d in data["documents"]]
    return articles, data["quotes"]


def score_quotes(
    quotes: Sequence[Quote], articles: Sequence[Article], labels: Sequence[dict]
) -> QuoteScore:
    texts = {a.id: a.text for a in articles}
    found = [
        (c.document, _norm(texts[c.document][c.start : c.end]), q.speaker)
        for q in quotes
        for c in q.citations
    ]
    right, wrong, matched = 0, [], set()
    for document, text, speaker in found:
        label = next(
            (
                n
                for n, lab in enumerate(labels)
                if lab["document"] == document and _starts(text, _norm(lab["quote"]))
            ),
            None,
        )
        if label is None:
            wrong.append(f"not a labelled quote: {document}: {text[:60]!r} ({speaker})")
            continue
        names = labels[label]["speaker"]
        if _same_speaker(speaker, names):
            right += 1
            matched.add(label)
        else:
            wrong.append(f"speaker {speaker!r}, labelled {names}: {document}: {text[:50]!r}")
    for n, lab in enumerate(labels):
        if n not in matched and not any(
            _starts(t, _norm(lab["quote"])) for d, t, _ in found if d == lab["document"]
        ):
            wrong.append(f"missed: {lab['document']}: {lab['quote']!r}")
    return QuoteScore(right, len(found), len(labels), tuple(wrong))


def _starts(text: str, label: str) -> bool:
    return text.startswith(label) or label.startswith(text)


def _same_speaker(speaker: str | None, names: list[str] | None) -> bool:
    if speaker is None or names is None:
        return speaker is None and names is None
    return _name(speaker) in {_name(n) for n in names}


def _name(text: str) -> str:
    return _ARTICLE.sub("", " ".join(text.replace(".", "").replace("’", "'").lower().split()))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())
