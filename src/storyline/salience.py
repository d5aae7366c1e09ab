"""Salience: how much an editor would want each sentence in the brief.

Features of each sentence (:data:`FEATURES`: centrality to the event, support from
other sources, position, length, concepts, ...), a logistic model over them trained by
``bench/train.py`` and shipped in ``storyline/models``, and its blend with a
hand-weighted mix (see :func:`salience_scores`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from storyline.data import Sentence
from storyline.language import load_language
from storyline.options import Options
from storyline.text import count_words, outside_quotes

# The scales of three features: part of what the shipped model learned, so changing one
# needs a retrain (python bench/train.py), unlike a threshold in Options.
POSITION_SCALE = 3.0  # "position": 1 at the lead, 1/2 at the fourth sentence
LENGTH_SCALE = 40.0  # "length": words / this
LEAD_SENTENCES = 2  # "lead_similarity": an article's lead is its first sentences

_QUOTE = re.compile(r'[“"]')
_DIGIT = re.compile(r"\d")


def _person_factor(sentences: Sequence[Sentence], options: Options) -> np.ndarray:
    """``options.relate.person_salience`` for a sentence in the first or second person outside
    quotation marks, else 1. A brief speaks of its people in the third person; "I
    understand Dunham's point" or "the women on our list" leave the reader asking who
    speaks, so such a sentence is chosen only when it matters much more than the rest
    (it can be the news itself: a statement printed without quotation marks)."""
    in_person = load_language(options.language).pattern("in_person")
    return np.array(
        [
            options.relate.person_salience if outside_quotes(in_person, s.text) else 1.0
            for s in sentences
        ]
    )


FEATURES = (
    "semantic",  # cosine to the centroid of live sentences
    "lexical",  # mean share of live documents using the sentence's words
    "support",  # share of other live documents that echo the sentence
    "position",  # 1 / (1 + position / POSITION_SCALE): the lead
    "first",  # the article's first sentence
    "relative_position",  # position / sentences in the article
    "length",  # words / LENGTH_SCALE
    "concepts",  # summed concept weight per word
    "lead_similarity",  # best similarity to another article's LEAD_SENTENCES
    "quote",  # holds a quotation
    "number",  # holds a number
)


def salience_scores(
    table: np.ndarray,
    active: np.ndarray,
    sentences: Sequence[Sentence],
    options: Options,
    probability: np.ndarray | None = None,
) -> np.ndarray:
    """Salience in [0, 1]: the learned model's probability that an editor would use the
    sentence, blended with a hand-weighted mix of the first four features (or, with
    ``salience_model=None``, the mix alone), then the first/second-person factor. The
    model alone fits its training data, Multi-News pages, best; a quarter of the mix keeps
    that and holds up on clean wire text, where the model alone fell behind the mix
    (bench/RESULTS.md, TAC 2011). ``probability`` stands in for the model's: bench/headroom.py
    measures what better probabilities would be worth through this same blend."""
    if not active.any():
        return np.zeros(len(table))
    semantic, lexical, corroboration, position = table[:, :4].T
    w_semantic, w_lexical, w_support, w_position = options.relate.salience_weights
    score = (
        w_semantic * _unit(semantic)
        + w_lexical * _unit(lexical)
        + w_support * corroboration
        + w_position * position
    )
    if probability is None and options.relate.salience_model:
        probability = load_model(options.relate.salience_model).predict(table)
    if probability is not None:
        share = options.relate.salience_mix_share
        score = (1 - share) * probability + share * score
    return np.where(active, score, 0.0) * _person_factor(sentences, options)


def features(
    sentences: Sequence[Sentence],
    sentence_terms: list[list[str]],
    vectors: np.ndarray,
    similarity: np.ndarray,
    doc_terms: list[Counter[str]],
    flags: list[str | None],
    support: np.ndarray,
    active: np.ndarray,
    concepts: tuple[frozenset[int], ...],
    concept_weights: np.ndarray,
) -> np.ndarray:
    """One row per sentence, one column per name in :data:`FEATURES`."""
    if not active.any():
        return np.zeros((len(sentences), len(FEATURES)))
    centroid = vectors[active].mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    frequency = _term_frequency(doc_terms, flags)
    n_live = max(1, sum(flag is None for flag in flags))
    docs = np.array([s.doc for s in sentences])
    positions = np.array([s.position for s in sentences], dtype=float)
    per_doc = Counter(s.doc for s in sentences)
    lengths = np.array([count_words(s.text) for s in sentences], dtype=float)
    lead_similarity = _lead_similarity(similarity, docs, active & (positions < LEAD_SENTENCES))
    return np.column_stack(
        [
            vectors @ centroid,
            [_mean_frequency(found, frequency) for found in sentence_terms],
            (support - 1) / max(1, n_live - 1),
            1.0 / (1.0 + positions / POSITION_SCALE),
            positions == 0,
            positions / np.array([per_doc[s.doc] for s in sentences]),
            lengths / LENGTH_SCALE,
            [
                concept_weights[list(c)].sum() / n_live / max(1.0, n) if c else 0.0
                for c, n in zip(concepts, lengths, strict=True)
            ],
            lead_similarity,
            [_QUOTE.search(s.text) is not None for s in sentences],
            [_DIGIT.search(s.text) is not None for s in sentences],
        ]
    ).astype(np.float64)


def _lead_similarity(similarity: np.ndarray, docs: np.ndarray, leads: np.ndarray) -> np.ndarray:
    """Per sentence, its best similarity to a lead sentence of another document (0 if none)."""
    columns = np.flatnonzero(leads)
    if not columns.size:
        return np.zeros(len(docs))
    to_leads = np.where(docs[:, None] != docs[columns][None, :], similarity[:, columns], -np.inf)
    best = to_leads.max(axis=1)
    return np.where(np.isfinite(best), best, 0.0)


class LogisticModel:
    """A logistic regression over standardised features, read from a small JSON file
    written by ``bench/train.py`` (the training command and its seed are in the file)."""

    def __init__(self, path: Path) -> None:
        spec = json.loads(path.read_text(encoding="utf-8"))
        if tuple(spec["features"]) != FEATURES:
            raise ValueError(f"{path} was trained on other features; retrain it")
        self.mean = np.array(spec["mean"])
        self.scale = np.array(spec["scale"])
        self.coef = np.array(spec["coef"])
        self.intercept = float(spec["intercept"])

    def predict(self, table: np.ndarray) -> np.ndarray:
        z = ((table - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))  # no overflow on odd input


MODELS = Path(__file__).parent / "models"


@cache
def load_model(name: str) -> LogisticModel:
    """A shipped model by name ("salience"), or one a path names ("/tmp/model.json"), as
    ``bench/train.py`` writes them."""
    return LogisticModel(Path(name) if name.endswith(".json") else MODELS / f"{name}.json")


def _term_frequency(doc_terms: list[Counter[str]], flags: list[str | None]) -> dict[str, float]:
    """How many live documents use each term, as a share: the event's vocabulary."""
    df: Counter[str] = Counter()
    live = [c for c, flag in zip(doc_terms, flags, strict=True) if flag is None]
    for counts in live:
        df.update(counts.keys())
    return {t: n / max(1, len(live)) for t, n in df.items()}


def _mean_frequency(found: list[str], frequency: dict[str, float]) -> float:
    return sum(frequency.get(t, 0.0) for t in found) / len(found) if found else 0.0


def _unit(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)
