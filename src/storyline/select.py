"""Stage 5, select: choose and order brief sentences under a word budget.

The choice is global: an integer program (HiGHS) maximises the salience of the
chosen sentences plus the event concepts they cover (word pairs several sources
use, each counted once), subject to the budget, to "no two sentences say the same
thing", and to what each sentence needs before it (:mod:`storyline.coherence`: the
sentence it leans on, a sentence introducing its speaker). If the solver fails or
reaches its node limit, a greedy pass takes over. Fragments, junk, half quotes,
lead-ins (ending in ":"), teasers cut short ("..."), the page's own questions and
sentences leaning on one their article lacks are never candidates; the chosen ones
are ordered leads first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import islice

import highspy
import numpy as np

from storyline.coherence import (
    antecedents,
    described,
    introductions,
    names,
    with_introductions,
)
from storyline.data import Sentence
from storyline.junk import junk_reason
from storyline.language import load_language
from storyline.options import Options
from storyline.relate import Relations, term_matrix
from storyline.streams import muted
from storyline.text import QUOTE_MARKS, count_words, words


def select(
    sentences: Sequence[Sentence],
    relations: Relations,
    options: Options,
    published: Sequence[float | None] = (),
) -> list[int]:
    """Indices of the chosen sentences, in reading order; ``published`` gives each
    article's time (POSIX seconds, or None), which orders articles that have one."""
    lang = load_language(options.language)
    found = names(sentences)
    leans_on, orphans = antecedents(sentences, found, lang)
    usable = _eligibility(sentences, relations, leans_on, orphans, options, strict=True)
    candidates = _candidates(sentences, relations, leans_on, usable, options)
    if not candidates:  # no sentence passes: an ellipsis may be the source's style ("... ")
        loose = _eligibility(sentences, relations, leans_on, orphans, options, strict=False)
        candidates = _candidates(sentences, relations, leans_on, loose, options)
    lead = _opening(sentences, relations, leans_on, usable, found, options)
    if lead is not None and lead not in candidates:
        candidates = sorted([*candidates, lead])
    introduced_by = introductions(candidates, sentences, found, lang)
    candidates = with_introductions(candidates, leans_on, introduced_by)
    lengths = {i: count_words(sentences[i].text) for i in candidates}
    weights = {i: float(relations.salience[i]) * np.sqrt(lengths[i]) for i in candidates}
    clashes = _clashes(candidates, sentences, relations.similarity, options)
    chosen = _solve(
        candidates, lengths, weights, leans_on, introduced_by, clashes, relations, options, lead
    )
    if chosen is None:
        chosen = _greedy(
            candidates, lengths, weights, leans_on, introduced_by, clashes, options, lead
        )
    return _order(chosen, sentences, leans_on, introduced_by, relations, published, options, lead)


def eligible(sentences: Sequence[Sentence], relations: Relations, options: Options) -> list[int]:
    """Every sentence a brief may hold: the set the salience model learns to rank
    (bench/train.py), of which :func:`select` offers the most salient to the solver."""
    lang = load_language(options.language)
    leans_on, orphans = antecedents(sentences, names(sentences), lang)
    test = _eligibility(sentences, relations, leans_on, orphans, options, strict=True)
    return [i for i in range(len(sentences)) if test(i)]


def _eligibility(
    sentences: Sequence[Sentence],
    relations: Relations,
    leans_on: dict[int, int],
    orphans: set[int],
    options: Options,
    *,
    strict: bool,
) -> Callable[[int], bool]:
    """The test of one sentence: usable itself, and so is every sentence it leans on
    (walked back, not recursed: a page may chain hundreds of "He said" sentences). Each
    verdict is kept: the junk test is costly. Not ``strict``, a sentence may end on an
    ellipsis unless it ends its article (a teaser cut short)."""
    known: dict[int, bool] = {}
    last = {s.doc: i for i, s in enumerate(sentences)}  # each article's last sentence

    def usable(i: int) -> bool:
        ellipsis = not strict and last[sentences[i].doc] != i
        return _usable(sentences[i], relations, options, ellipsis)

    def test(i: int) -> bool:
        chain = []
        while i not in known and i in leans_on:
            chain.append(i)
            i = leans_on[i]
        if i not in known:
            known[i] = i not in orphans and usable(i)
        ok = known[i]
        for j in reversed(chain):
            ok = ok and usable(j)
            known[j] = ok
        return ok

    return test


def _candidates(
    sentences: Sequence[Sentence],
    relations: Relations,
    leans_on: dict[int, int],
    test: Callable[[int], bool],
    options: Options,
) -> list[int]:
    """The ``max_candidates`` (more for a long brief) most salient sentences passing
    ``test`` (:func:`_eligibility`) and those they lean on, in reading order. Sentences are
    tested in salience order until enough pass: most sentences never come near the brief."""
    order = sorted(range(len(sentences)), key=lambda i: -relations.salience[i])
    scale = max(1.0, options.words / options.select.candidate_words)
    pool = set(islice((i for i in order if test(i)), round(options.select.max_candidates * scale)))
    for i in list(pool):
        while i in leans_on:  # eligible, so all it leans on is too
            i = leans_on[i]
            pool.add(i)
    return sorted(pool)


def _usable(sentence: Sentence, relations: Relations, options: Options, ellipsis: bool) -> bool:
    """Not a fragment, junk, a half quote, a lead-in, a teaser cut short (unless an
    ``ellipsis`` may end it), a question the page asks ("What has gone wrong in
    Venezuela?", "Looking for news you can trust?": a brief states what happened; a
    question someone asked ends in a quotation mark) or words broken at a line's end
    ("water- sharing"), and from a live document."""
    text = sentence.text
    cut_short = () if ellipsis else ("...", "…")
    return (
        relations.flags[sentence.doc] is None
        and options.segment.min_sentence_words
        <= len(words(text))
        <= options.segment.max_sentence_words
        and _quotes_balanced(text)
        and not text.rstrip().endswith((":", "?", *cut_short))
        and not load_language(options.language).pattern("broken_word").search(text)
        and junk_reason(text, options) is None
    )


def _quotes_balanced(text: str) -> bool:
    """False for half quotes: a quotation opened and not closed, or closed and not opened."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _clashes(
    candidates: list[int], sentences: Sequence[Sentence], similarity: np.ndarray, options: Options
) -> set[tuple[int, int]]:
    """Pairs of candidates (lower index first) that say the same thing, so the brief holds
    at most one: close in meaning and wording, one holding nearly all the other's content
    words, or quoting the same run of words, which is one quotation twice even when the
    sentences around it differ. Close is ``redundancy_similarity``, and at least
    ``redundancy_margin`` above the mean of the cluster's pairs: an embedding that does
    not know a language crowds its sentences (Greek and Hebrew pairs average 0.46 under
    WordLlama, English ones 0.09), and there closeness must stand out of the crowd."""
    runs = {
        i: _quoted_runs(sentences[i].text, options.select.redundancy_quoted_words)
        for i in candidates
    }
    contained = _says_no_more(candidates, sentences, options)
    n = len(similarity)
    crowd = (similarity.sum() - np.trace(similarity)) / max(1, n * (n - 1))
    close = max(options.select.redundancy_similarity, crowd + options.select.redundancy_margin)
    return {
        (i, j)
        for a, i in enumerate(candidates)
        for b, j in enumerate(candidates[a + 1 :], a + 1)
        if similarity[i, j] >= close or not runs[i].isdisjoint(runs[j]) or contained[a, b]
    }


def _says_no_more(
    candidates: list[int], sentences: Sequence[Sentence], options: Options
) -> np.ndarray:
    """(a, b) true when the shorter of candidates a and b tells nothing the longer does not:
    nearly all its content words are in the other ("Dr. Caroline Sturdy Colls is a British
    forensic archeologist." beside "... follows British forensic archeologist Dr. Caroline
    Sturdy Colls as she ..."), though it is too short to be close to it as a whole."""
    lang = load_language(options.language)
    contents = [[lang.stem(t) for t in lang.terms(sentences[i].text)] for i in candidates]
    held = term_matrix(contents, unit=False)
    shared = held @ held.T.toarray()
    sizes = np.diag(shared)
    shorter = np.minimum.outer(sizes, sizes)
    return (shorter >= options.select.redundancy_min_terms) & (
        shared >= options.select.redundancy_containment * shorter
    )


def _quoted_runs(text: str, size: int) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words inside quotation marks, lower-cased. Only
    quoted words: unquoted runs this long are mostly names ("Sheikh Tamim bin Hamad Al
    Thani") and set phrases, which two different facts may share."""
    found: set[tuple[str, ...]] = set()
    for quote in QUOTE_MARKS.findall(text):
        tokens = [t.lower() for t in words(quote)]
        found.update(tuple(tokens[k : k + size]) for k in range(len(tokens) - size + 1))
    return found


def _solve(
    candidates: list[int],
    lengths: dict[int, int],
    weights: dict[int, float],
    leans_on: dict[int, int],
    introduced_by: dict[int, list[int]],
    clashes: set[tuple[int, int]],
    relations: Relations,
    options: Options,
    lead: int | None = None,
) -> list[int] | None:
    """Maximise sentence salience plus covered concepts (word pairs several sources use,
    each counted once, so repeats earn nothing), under the budget and the pair rules, with
    the ``lead`` (when there is one) in.

    Columns: one 0-1 variable per candidate sentence, then one [0, 1] variable per
    group of concepts the same candidates hold, which can be 1 only if one of them is
    chosen. Concepts only one candidate holds add to its own value instead: the same
    optimum with a half or a third of the columns, which is what the solver's time
    follows. The model is passed to HiGHS as arrays: building it term by term cost
    more than solving it.
    """
    if not candidates:
        return []
    column = {i: k for k, i in enumerate(candidates)}
    n = len(candidates)
    costs = [weights[i] for i in candidates]
    groups = (
        _concept_groups(candidates, relations, options) if options.select.concept_weight > 0 else {}
    )
    holders = []
    for members, value in groups.items():
        if len(members) == 1:
            costs[members[0]] += value
        else:
            holders.append(members)
            costs.append(value)
    rows: list[tuple[float, list[int], list[float]]] = [
        (float(options.words), list(range(n)), [float(lengths[i]) for i in candidates])
    ]
    for a, i in enumerate(candidates):
        if i in leans_on and leans_on[i] in column:
            rows.append((0.0, [a, column[leans_on[i]]], [1.0, -1.0]))
        if i in introduced_by:
            introducers = [column[j] for j in introduced_by[i] if j in column]
            rows.append((0.0, [a, *introducers], [1.0] + [-1.0] * len(introducers)))
    rows.extend((1.0, [column[i], column[j]], [1.0, 1.0]) for i, j in sorted(clashes))
    if lead in column:
        rows.append((-1.0, [column[lead]], [-1.0]))  # chosen: -x <= -1
    for k, members in enumerate(holders):
        rows.append((0.0, [n + k, *members], [1.0] + [-1.0] * len(members)))
    values = _run_highs(costs, n, rows, options)
    if values is None:
        return None  # time limit or solver failure: the greedy pass decides
    return [i for i, v in zip(candidates, values[:n], strict=True) if v > 0.5]


def _concept_groups(
    candidates: list[int], relations: Relations, options: Options
) -> dict[tuple[int, ...], float]:
    """Weighted concepts grouped by the candidates (their columns) that hold them."""
    holders: dict[int, list[int]] = {}
    for k, i in enumerate(candidates):
        for concept in relations.concepts[i]:
            holders.setdefault(concept, []).append(k)
    groups: dict[tuple[int, ...], float] = {}
    for concept in sorted(holders):  # set order varies by process; sums must not
        members = tuple(holders[concept])
        weight = options.select.concept_weight * float(relations.concept_weights[concept])
        groups[members] = groups.get(members, 0.0) + weight
    return groups


def _run_highs(
    costs: list[float],
    n_binary: int,
    rows: list[tuple[float, list[int], list[float]]],
    options: Options,
) -> list[float] | None:
    """Maximise costs . v subject to rows (upper bound, columns, coefficients), v in [0, 1],
    the first ``n_binary`` columns integral."""
    with muted():  # highspy 1.16 prints a banner in its constructor, from C
        model = highspy.Highs()
    model.silent()
    model.setOptionValue("time_limit", options.select.solver_time_limit)
    model.setOptionValue("mip_max_nodes", options.select.solver_max_nodes)
    model.setOptionValue("mip_rel_gap", options.select.solver_gap)
    model.setOptionValue("threads", 1)  # batch runs parallelise across clusters instead
    # Feasibility jump hunts for a first feasible point, which choosing nothing already
    # is; it cost ~10 ms a brief, two thirds of the solver's time on these small models.
    model.setOptionValue("mip_heuristic_run_feasibility_jump", False)
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
    introduced_by: dict[int, list[int]],
    clashes: set[tuple[int, int]],
    options: Options,
    lead: int | None = None,
) -> list[int]:
    chosen: list[int] = [lead] if lead in lengths else []
    used = sum(lengths[i] for i in chosen)
    for i in sorted(candidates, key=lambda i: -weights[i]):
        if i in chosen:
            continue
        if i in introduced_by and not set(introduced_by[i]) & set(chosen):
            continue  # its speaker is not introduced yet
        group = [i]
        while group[-1] in leans_on and leans_on[group[-1]] not in chosen:
            group.append(leans_on[group[-1]])
        size = sum(lengths.get(g, options.words + 1) for g in group)
        redundant = any((min(g, c), max(g, c)) in clashes for g in group for c in chosen)
        if used + size <= options.words and not redundant:
            chosen.extend(group)
            used += size
    return chosen


def _order(
    chosen: list[int],
    sentences: Sequence[Sentence],
    leans_on: dict[int, int],
    introduced_by: dict[int, list[int]],
    relations: Relations,
    published: Sequence[float | None],
    options: Options,
    lead: int | None = None,
) -> list[int]:
    """The lead first (the one chosen first, else :func:`_lead`). Then article by
    article, each in its own order, so that a source's thread is told together and its
    later sentences follow the ones they build on: the lead's article first, then the
    others in the order they were published when each has a time, and by how early their
    first chosen sentence stands. Each leaning sentence comes right after its anchor, and
    a speaker named by one name after a sentence saying who they are."""
    chosen_set = set(chosen)
    heads = [i for i in chosen if not (i in leans_on and leans_on[i] in chosen_set)]
    if not heads:
        return []
    if lead not in heads:
        lead = _lead(heads, sentences, relations, introduced_by, options)
    heads = _by_article(heads, lead, sentences, relations.salience, published)
    followers = {leans_on[i]: i for i in chosen if i in leans_on and leans_on[i] in chosen_set}
    runs: list[list[int]] = []
    for head in heads:
        run: list[int] = []
        follower: int | None = head
        while follower is not None:
            run.append(follower)
            follower = followers.get(follower)
        runs.append(run)
    for _ in range(len(runs)):  # bound: two sentences introduced only by each other
        move = _too_early(runs, introduced_by)
        if move is None:
            break
        k, after = move
        runs.insert(after, runs.pop(k))
    return [i for run in runs for i in run]


def _by_article(
    heads: list[int],
    lead: int,
    sentences: Sequence[Sentence],
    salience: np.ndarray,
    published: Sequence[float | None],
) -> list[int]:
    """``heads`` article by article: the lead's article first (the lead at its top), then
    the others by publication time when each has one, and by how early their first
    chosen sentence stands; each article's own in its order."""
    times = {
        sentences[i].doc: published[sentences[i].doc] if sentences[i].doc < len(published) else None
        for i in heads
    }
    dated = all(time is not None for time in times.values())
    first: dict[int, tuple[float, int, float]] = {sentences[lead].doc: (-math.inf, -1, 0.0)}
    for i in sorted(heads, key=lambda i: (sentences[i].position, -salience[i])):
        doc = sentences[i].doc
        when = (times[doc] or 0.0) if dated else 0.0
        first.setdefault(doc, (when, sentences[i].position, -float(salience[i])))
    return sorted(heads, key=lambda i: (first[sentences[i].doc], sentences[i].doc, i != lead, i))


def _lead(
    heads: list[int],
    sentences: Sequence[Sentence],
    relations: Relations,
    introduced_by: dict[int, list[int]],
    options: Options,
) -> int:
    """Of the chosen sentences opening their articles (among the first ``lead_positions``),
    the one the other articles' openings agree with most: the event they all report, not
    one outlet's hook ("Thou shall not do anything like reviled Rev. Christopher King.")
    or side development. Agreement is the sum, over the other live articles, of the
    closest similarity to one of their opening sentences. A lead stands on its own: one
    needing another before it ("..., Dutton said", "The decision was made ...") or
    shorter than ``lead_min_words`` leads only if no other can. With one article (no
    agreement to weigh), its first."""
    limit = options.select.lead_positions
    tops = [i for i in heads if sentences[i].position < limit] or heads
    whole = _standing_alone(tops, sentences, introduced_by, options)
    agreement = _agreement(sentences, relations, options)
    return max(
        whole or tops,
        key=lambda i: (agreement(i), -sentences[i].position, relations.salience[i], -i),
    )


def _standing_alone(
    ids: list[int],
    sentences: Sequence[Sentence],
    introduced_by: dict[int, list[int]],
    options: Options,
) -> list[int]:
    """Those of ``ids`` that can open a brief: needing no introduction ("..., Dutton said"),
    not telling of a thing as known ("The decision was made ...", :func:`described`), and
    ``lead_min_words`` long."""
    lang = load_language(options.language)
    return [
        i
        for i in ids
        if i not in introduced_by
        and not described(sentences[i].text, lang)
        and count_words(sentences[i].text) >= options.select.lead_min_words
    ]


def _opening(
    sentences: Sequence[Sentence],
    relations: Relations,
    leans_on: dict[int, int],
    usable: Callable[[int], bool],
    found: frozenset[str],
    options: Options,
) -> int | None:
    """The brief's lead, chosen before the rest and kept whatever the budget: of the
    usable sentences opening their articles (among the first ``lead_positions``) that
    stand on their own (leaning on none, needing no introduction, not telling of a thing
    as known, ``lead_min_words`` long) and fit the budget, the one the other articles'
    openings agree with most (see :func:`_lead`); with one article, its first. None in a
    language without the words that tell a sentence leaning on another (``leaning_openers``):
    there, nothing says an opening stands on its own."""
    lang = load_language(options.language)
    if not lang.words["leaning_openers"]:
        return None
    tops = [
        i
        for i, sentence in enumerate(sentences)
        if sentence.position < options.select.lead_positions
        and i not in leans_on
        and count_words(sentence.text) <= options.words
        and usable(i)
    ]
    tops = _standing_alone(tops, sentences, introductions(tops, sentences, found, lang), options)
    if not tops:
        return None
    agreement = _agreement(sentences, relations, options)
    return max(
        tops, key=lambda i: (agreement(i), -sentences[i].position, relations.salience[i], -i)
    )


def _agreement(
    sentences: Sequence[Sentence], relations: Relations, options: Options
) -> Callable[[int], float]:
    """How much the other live articles' openings agree with a sentence: the sum, over
    them, of its closest similarity to one of their first ``lead_positions`` sentences."""
    openings: dict[int, list[int]] = {}
    for k, sentence in enumerate(sentences):
        if (
            sentence.position < options.select.lead_positions
            and relations.flags[sentence.doc] is None
        ):
            openings.setdefault(sentence.doc, []).append(k)

    def agreement(i: int) -> float:
        row = relations.similarity[i]
        return sum(
            float(row[others].max()) for doc, others in openings.items() if doc != sentences[i].doc
        )

    return agreement


def _too_early(
    runs: list[list[int]], introduced_by: dict[int, list[int]]
) -> tuple[int, int] | None:
    """The first run (a head and the sentences leaning on it) naming a speaker by one name
    before any run that introduces them, and the place that puts it right after the last of
    those introductions it waits for; None when every speaker is introduced in time."""
    where = {i: k for k, run in enumerate(runs) for i in run}
    for k, run in enumerate(runs):
        firsts = [
            min(where[j] for j in introduced_by[i] if j in where)
            for i in run
            if any(j in where for j in introduced_by.get(i, ()))
        ]
        if firsts and max(firsts) > k:
            return k, max(firsts)
    return None
