"""Stage 5, select: choose and order brief sentences under a word budget.

The choice is global: an integer program (HiGHS) maximises total salience
subject to the budget, to "no two sentences say the same thing", and to "a
sentence that leans on the one before it ("He said", "But") comes only with it".
If the solver fails or runs out of time, a greedy pass takes over.
"""

from __future__ import annotations

from collections.abc import Sequence

import highspy
import numpy as np

from storyline.data import Sentence
from storyline.ingest.clean import junk_reason
from storyline.options import Options
from storyline.relate import Relations
from storyline.text import LEANING_OPENERS, opener, words


def select(sentences: Sequence[Sentence], relations: Relations, options: Options) -> list[int]:
    """Indices of the chosen sentences, in reading order."""
    leans_on = _antecedents(sentences)
    eligible = _eligible(sentences, relations, leans_on, options)
    candidates = sorted(eligible, key=lambda i: -relations.salience[i])[: options.max_candidates]
    candidates = _close_under_antecedents(candidates, leans_on, eligible)
    lengths = {i: len(sentences[i].text.split()) for i in candidates}
    weights = {i: float(relations.salience[i]) * np.sqrt(lengths[i]) for i in candidates}
    chosen = _solve(candidates, lengths, weights, leans_on, relations, options)
    if chosen is None:
        chosen = _greedy(candidates, lengths, weights, leans_on, relations.similarity, options)
    return _order(chosen, sentences, leans_on, relations.salience)


def _antecedents(sentences: Sequence[Sentence]) -> dict[int, int]:
    """Sentence index -> the index of the sentence it leans on (the one before it)."""
    result = {}
    for i, sentence in enumerate(sentences):
        if i > 0 and (opener(sentence.text) in LEANING_OPENERS or _bare_quote(sentence.text)):
            previous = sentences[i - 1]
            if previous.doc == sentence.doc and previous.position == sentence.position - 1:
                result[i] = i - 1
    return result


def _bare_quote(text: str) -> bool:
    """A sentence that is all quotation: who said it is in the sentence before."""
    stripped = text.strip()
    return stripped[:1] in '“"' and stripped[-1:] in '”"'


def _eligible(
    sentences: Sequence[Sentence], relations: Relations, leans_on: dict[int, int], options: Options
) -> set[int]:
    ok: set[int] = set()
    for i, sentence in enumerate(sentences):
        n = len(words(sentence.text))
        if (
            relations.flags[sentence.doc] is None
            and options.min_sentence_words <= n <= options.max_sentence_words
            and junk_reason(sentence.text) is None
            and _quotes_balanced(sentence.text)
            and not sentence.text.rstrip().endswith(":")
            and (i not in leans_on or leans_on[i] in ok)
        ):
            ok.add(i)
    return ok


def _quotes_balanced(text: str) -> bool:
    """False for half quotes: a quotation opened and not closed, or closed and not opened."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _close_under_antecedents(
    candidates: list[int], leans_on: dict[int, int], eligible: set[int]
) -> list[int]:
    pool = set(candidates)
    for i in candidates:
        while i in leans_on and leans_on[i] in eligible:
            i = leans_on[i]
            pool.add(i)
    return sorted(pool)


def _solve(
    candidates: list[int],
    lengths: dict[int, int],
    weights: dict[int, float],
    leans_on: dict[int, int],
    relations: Relations,
    options: Options,
) -> list[int] | None:
    """Maximise covered concepts (word pairs several sources use) plus sentence salience."""
    if not candidates:
        return []
    model = highspy.Highs()
    model.silent()
    model.setOptionValue("time_limit", options.solver_time_limit)
    model.setOptionValue("mip_rel_gap", options.solver_gap)
    model.setOptionValue("threads", 1)  # batch runs parallelise across clusters instead
    x = {i: model.addBinary() for i in candidates}
    model.addConstr(sum(lengths[i] * x[i] for i in candidates) <= options.words)
    for a, i in enumerate(candidates):
        if i in leans_on and leans_on[i] in x:
            model.addConstr(x[i] - x[leans_on[i]] <= 0)
        for j in candidates[a + 1 :]:
            if relations.similarity[i, j] >= options.redundancy_similarity:
                model.addConstr(x[i] + x[j] <= 1)
    objective = sum(weights[i] * x[i] for i in candidates)
    if options.concept_weight > 0:
        objective += options.concept_weight * _coverage(model, candidates, x, relations)
    model.maximize(objective)
    if model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None  # time limit or solver failure: the greedy pass decides
    values = model.vals([x[i] for i in candidates])
    return [i for i, v in zip(candidates, values, strict=True) if v > 0.5]


def _coverage(model: highspy.Highs, candidates: list[int], x: dict, relations: Relations):
    """Add a 0-1 variable per concept, on only when a chosen sentence holds it; return
    the weighted sum of covered concepts (each counted once, so repeats earn nothing)."""
    holders: dict[int, list[int]] = {}
    for i in candidates:
        for concept in relations.concepts[i]:
            holders.setdefault(concept, []).append(i)
    total = 0
    for concept, members in holders.items():
        covered = model.addVariable(lb=0.0, ub=1.0)
        model.addConstr(covered - sum(x[i] for i in members) <= 0)
        total += float(relations.concept_weights[concept]) * covered
    return total


def _greedy(
    candidates: list[int],
    lengths: dict[int, int],
    weights: dict[int, float],
    leans_on: dict[int, int],
    similarity: np.ndarray,
    options: Options,
) -> list[int]:
    chosen: list[int] = []
    used = 0
    for i in sorted(candidates, key=lambda i: -weights[i]):
        group = [i]
        while group[-1] in leans_on and leans_on[group[-1]] not in chosen:
            group.append(leans_on[group[-1]])
        size = sum(lengths.get(g, options.words + 1) for g in group)
        redundant = any(
            similarity[g, c] >= options.redundancy_similarity for g in group for c in chosen
        )
        if used + size <= options.words and not redundant:
            chosen.extend(group)
            used += size
    return chosen


def _order(
    chosen: list[int], sentences: Sequence[Sentence], leans_on: dict[int, int], salience: np.ndarray
) -> list[int]:
    """Earlier-in-its-article first (leads lead), each leaning sentence right after its anchor."""
    chosen_set = set(chosen)
    heads = [i for i in chosen if not (i in leans_on and leans_on[i] in chosen_set)]
    heads.sort(key=lambda i: (sentences[i].position, -salience[i]))
    followers = {leans_on[i]: i for i in chosen if i in leans_on and leans_on[i] in chosen_set}
    ordered = []
    for head in heads:
        i: int | None = head
        while i is not None:
            ordered.append(i)
            i = followers.get(i)
    return ordered
