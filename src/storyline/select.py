"""Stage 5, select: choose and order brief sentences under a word budget.

The choice is global: an integer program (HiGHS) maximises the salience of the
chosen sentences plus the event concepts they cover (word pairs several sources
use, each counted once), subject to the budget, to "no two sentences say the same
thing", and to "a sentence that leans on the one before it ("He said", "But")
comes only with it". If the solver fails or reaches its node limit, a greedy pass
takes over. Sentences that are fragments, half quotes or lead-ins (ending in ":") are
never candidates; the chosen ones are ordered leads first.
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
    """Maximise sentence salience plus covered concepts (word pairs several sources use,
    each counted once, so repeats earn nothing), under the budget and the pair rules.

    Columns: one 0-1 variable per candidate sentence, then one [0, 1] variable per
    concept, which can be 1 only if a chosen sentence holds the concept. The model is
    passed to HiGHS as arrays: building it term by term cost more than solving it.
    """
    if not candidates:
        return []
    column = {i: k for k, i in enumerate(candidates)}
    holders: dict[int, list[int]] = {}
    if options.concept_weight > 0:
        for i in candidates:
            for concept in sorted(relations.concepts[i]):  # set order varies by process
                holders.setdefault(concept, []).append(column[i])
    n = len(candidates)
    costs = [weights[i] for i in candidates] + [
        options.concept_weight * float(relations.concept_weights[c]) for c in holders
    ]
    rows: list[tuple[float, list[int], list[float]]] = [
        (float(options.words), list(range(n)), [float(lengths[i]) for i in candidates])
    ]
    for a, i in enumerate(candidates):
        if i in leans_on and leans_on[i] in column:
            rows.append((0.0, [a, column[leans_on[i]]], [1.0, -1.0]))
        for b in range(a + 1, n):
            if relations.similarity[i, candidates[b]] >= options.redundancy_similarity:
                rows.append((1.0, [a, b], [1.0, 1.0]))
    for k, members in enumerate(holders.values()):
        rows.append((0.0, [n + k, *members], [1.0] + [-1.0] * len(members)))
    values = _run_highs(costs, n, rows, options)
    if values is None:
        return None  # time limit or solver failure: the greedy pass decides
    return [i for i, v in zip(candidates, values[:n], strict=True) if v > 0.5]


def _run_highs(
    costs: list[float],
    n_binary: int,
    rows: list[tuple[float, list[int], list[float]]],
    options: Options,
) -> list[float] | None:
    """Maximise costs . v subject to rows (upper bound, columns, coefficients), v in [0, 1],
    the first ``n_binary`` columns integral."""
    model = highspy.Highs()
    model.silent()
    model.setOptionValue("time_limit", options.solver_time_limit)
    model.setOptionValue("mip_max_nodes", options.solver_max_nodes)
    model.setOptionValue("mip_rel_gap", options.solver_gap)
    model.setOptionValue("threads", 1)  # batch runs parallelise across clusters instead
    n = len(costs)
    model.addVars(n, np.zeros(n), np.ones(n))
    model.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(costs, dtype=np.float64))
    model.changeColsIntegrality(
        n_binary,
        np.arange(n_binary, dtype=np.int32),
        np.full(n_binary, highspy.HighsVarType.kInteger),
    )
    starts = np.cumsum([0] + [len(cols) for _, cols, _ in rows[:-1]], dtype=np.int32)
    indices = np.fromiter((c for _, cols, _ in rows for c in cols), dtype=np.int32)
    coefficients = np.fromiter((v for _, _, vals in rows for v in vals), dtype=np.float64)
    model.addRows(
        len(rows),
        np.full(len(rows), -highspy.kHighsInf),
        np.array([upper for upper, _, _ in rows]),
        len(indices),
        starts,
        indices,
        coefficients,
    )
    model.changeObjectiveSense(highspy.ObjSense.kMaximize)
    model.run()
    if model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return list(model.getSolution().col_value)


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
