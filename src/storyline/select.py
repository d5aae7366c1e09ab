"""Stage 5, select: choose and order brief sentences under a word budget.

The choice is global: an integer program (HiGHS) maximises the salience of the
chosen sentences plus the event concepts they cover (word pairs several sources
use, each counted once), subject to the budget, to "no two sentences say the same
thing", to "a sentence that leans on the one before it ("He said", "But", "..., she
told reporters", "..., the official said", "Police said he", "Tensions there are
rising") comes only with it", and to "a speaker named by one name ("..., Dutton told
Live Science") comes after a sentence saying who they are". If the solver fails or
reaches its node limit, a greedy pass takes over. Fragments, half quotes, lead-ins
(ending in ":"), teasers cut short ("..."), the page's own questions and sentences
leaning on one their article lacks are never candidates; the chosen ones are ordered
leads first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import islice

import highspy
import numpy as np

from storyline.data import Sentence
from storyline.ingest.clean import junk_reason
from storyline.options import Options
from storyline.relate import Relations, term_matrix
from storyline.streams import muted
from storyline.text import (
    ATTRIBUTION_VERBS,
    LEANING_OPENERS,
    QUOTE_MARKS,
    STOPWORDS,
    WORD,
    opener,
    stem,
    terms,
    words,
)

# The leaning patterns are matched against the lower-cased sentence (faster than IGNORECASE)
_PRONOUN_SPEAKER = re.compile(
    rf"[,”\"]\s*(?:he|she|they)\s+{ATTRIBUTION_VERBS}\b"
    r"|[,”\"]\s*(?:said|says|added|adds|wrote|writes)\s+(?:he|she|they)\b"
)
# A speaker named only as "the official", "the senior U.S. officials", "the source", "the
# man" or "the ministry": told of in an earlier sentence. Not "the official biography" (an
# adjective), nor "the Foreign Ministry" (a name).
_SPEAKER_NOUN = (
    r"the\s+(?:(?:[\w.-]+\s+){0,3}?"
    r"(?:officials?|sources?|spokes(?:man|woman|person)|man|woman|officers?|aides?|diplomats?)"
    r"|ministry|department|agency|company|firm)"
)
_DEFINITE_SPEAKER = re.compile(
    rf"\b(?:{ATTRIBUTION_VERBS}|according\s+to)\s+{_SPEAKER_NOUN}(?=\s*(?:[,.;:!?)”\"—–]|$|who\b))"
    rf"|\b{_SPEAKER_NOUN}\s+{ATTRIBUTION_VERBS}\b"
)

# "he" or "she" as subject or object: the person is named somewhere before
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|him|himself|herself)\b")
# "there" as a place told of before ("Tensions there are rising", "He died there"), told
# from existential "there" ("said there are", "Is there") and idioms ("out there")
_THERE_TOKEN = re.compile(rf"{WORD}|[^\w\s]")  # words and punctuation marks
_PLACE_BEFORE = frozenset("from in into up over near through".split())
_NO_PLACE_BEFORE = (STOPWORDS - _PLACE_BEFORE) | frozenset(
    "although though unless whereas despite then now yet still once out down perhaps maybe today"
    " yesterday".split()
)
_EXISTENTIAL_AFTER = frozenset(
    """is are was were 's ’s be been being will would could can may might must should shall
    seem seems seemed appear appears appeared remain remains remained exist exists existed
    has have had used need needs 'll ’ll 'd ’d""".split()
)
_ADVERBS = frozenset("also still now never always just already really probably no".split())
_DETERMINERS = frozenset("the a an his her their its our your my many most some all".split())
_LETTERS = re.compile(r"[^\W\d_]+")  # letters only: "Zuma" of "Zuma's"
_INNER_WORD = re.compile(r"\s([^\W\d_]+)")  # a word inside a sentence, not its first

# A speaker named by one capitalised word, no name or title before it ("..., Dutton told
# Live Science", "Conard said", "said Baldwin."): a reader needs a sentence saying who that
# is ("Andrea Dutton, a geologist at ...", "Professor Rothery") before it.
_NAME = r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)[A-Z][^\W\d_]+(?:[-’'][A-Z]?[^\W\d_]+)*"
_BARE_SPEAKER = re.compile(
    rf"(?:^|[,”\"]\s*|\b(?!the\b|an?\b)[a-z]\w*\s+)({_NAME})\s+{ATTRIBUTION_VERBS}\b"
    # after the verb, not a listener ("told CNN")
    rf"|\b(?:(?!told\b|tells\b){ATTRIBUTION_VERBS}|according\s+to)\s+({_NAME})"
    r"(?=\s*(?:[,;:!?”\"]|\.?\s*$))"
)
_INITIAL = re.compile(r"[A-Z]\.")  # "A." of "John A. Boehner"
_SPEECH = re.compile(rf"\b(?:{ATTRIBUTION_VERBS}|according)\b")  # its quick first test


def select(sentences: Sequence[Sentence], relations: Relations, options: Options) -> list[int]:
    """Indices of the chosen sentences, in reading order."""
    names = _names(sentences)
    leans_on, orphans = _antecedents(sentences, names)
    candidates = _candidates(sentences, relations, leans_on, orphans, options)
    introduced_by = _introductions(candidates, sentences, names)
    candidates = _with_introductions(candidates, leans_on, introduced_by)
    lengths = {i: len(sentences[i].text.split()) for i in candidates}
    weights = {i: float(relations.salience[i]) * np.sqrt(lengths[i]) for i in candidates}
    clashes = _clashes(candidates, sentences, relations.similarity, options)
    chosen = _solve(
        candidates, lengths, weights, leans_on, introduced_by, clashes, relations, options
    )
    if chosen is None:
        chosen = _greedy(candidates, lengths, weights, leans_on, introduced_by, clashes, options)
    return _order(chosen, sentences, leans_on, introduced_by, relations.salience)


def _candidates(
    sentences: Sequence[Sentence],
    relations: Relations,
    leans_on: dict[int, int],
    orphans: set[int],
    options: Options,
) -> list[int]:
    """The ``max_candidates`` (more for a long brief) most salient eligible sentences and
    those they lean on, in reading order. Sentences are tested in salience order until
    enough pass: the junk test is costly, and most sentences never come near the brief."""
    known: dict[int, bool] = {}

    def eligible(i: int) -> bool:
        """Usable itself, and so is every sentence it leans on (walked back, not recursed:
        a page may chain hundreds of "He said" sentences)."""
        chain = []
        while i not in known and i in leans_on:
            chain.append(i)
            i = leans_on[i]
        if i not in known:
            known[i] = i not in orphans and _usable(sentences[i], relations, options)
        ok = known[i]
        for j in reversed(chain):
            ok = ok and _usable(sentences[j], relations, options)
            known[j] = ok
        return ok

    order = sorted(range(len(sentences)), key=lambda i: -relations.salience[i])
    scale = max(1.0, options.words / options.candidate_words)
    pool = set(islice((i for i in order if eligible(i)), round(options.max_candidates * scale)))
    for i in list(pool):
        while i in leans_on:  # eligible, so all it leans on is too
            i = leans_on[i]
            pool.add(i)
    return sorted(pool)


def _antecedents(
    sentences: Sequence[Sentence], names: frozenset[str]
) -> tuple[dict[int, int], set[int]]:
    """Sentence index -> the index of the sentence it leans on (the one before it); and
    the sentences that lean on one their article does not give (they open the page as
    scraped, or the cleaner took the one before): they cannot stand in a brief."""
    result, orphans = {}, set()
    for i, sentence in enumerate(sentences):
        if _leans(sentence.text, names):
            previous = sentences[i - 1] if i > 0 else None
            if (
                previous
                and previous.doc == sentence.doc
                and previous.position == sentence.position - 1
            ):
                result[i] = i - 1
            else:
                orphans.add(i)
    return result, orphans


def _introductions(
    candidates: list[int], sentences: Sequence[Sentence], names: frozenset[str]
) -> dict[int, list[int]]:
    """Candidate -> the candidates that say who its speaker is, for a candidate whose speaker
    is one name the cluster gives more of elsewhere ("..., Dutton told Live Science" beside
    "Andrea Dutton, a geologist ..."): the brief may hold it only after one of them. An
    empty list: none is a candidate, so neither is it. A speaker the cluster never
    introduces (or the sentence itself does) needs nothing."""
    result = {}
    for i in candidates:
        text = sentences[i].text
        if not _SPEECH.search(text):
            continue  # most sentences quote nobody
        for match in _BARE_SPEAKER.finditer(text):
            name = match.group(1) or match.group(2)
            if name.lower() not in names or _introduces(text, name, names):
                continue
            among = [
                j for j in candidates if j != i and _introduces(sentences[j].text, name, names)
            ]
            if among or any(_introduces(s.text, name, names) for s in sentences):
                result[i] = among
                break
    return result


def _with_introductions(
    candidates: list[int], leans_on: dict[int, int], introduced_by: dict[int, list[int]]
) -> list[int]:
    """The candidates but those whose speaker no candidate introduces, and with them every
    sentence leaning on one that went ("“...,” Dutton said." / "She added: ...")."""
    kept: set[int] = set()
    for i in candidates:  # in reading order: what a sentence leans on comes before it
        if introduced_by.get(i, True) and (i not in leans_on or leans_on[i] in kept):
            kept.add(i)
    return [i for i in candidates if i in kept]


def _introduces(text: str, name: str, names: frozenset[str]) -> bool:
    """True if ``text`` gives ``name`` after another name, an initial or a title the cluster
    writes as a name ("Andrea Dutton", "John A. Boehner", "Professor Rothery"): not after a
    capitalised opener ("Although Chile ...", "Debt-laden PAL ...") nor "Mr."."""
    if name not in text:
        return False
    return any(
        _INITIAL.fullmatch(before)
        or ((last := _LETTERS.findall(before)[-1].lower()) in names and last not in STOPWORDS)
        for before in re.findall(rf"\b([A-Z][\w’'.-]*)\s+{re.escape(name)}\b", text)
    )


def _leans(text: str, names: frozenset[str]) -> bool:
    """Opens with a word that points back ("He", "But") or an ellipsis, is all quotation,
    is attributed to a bare pronoun ("..., he told reporters") or to a speaker named only
    as "the official" ("..., the source said"), or tells of "he" or "she" without naming
    anyone ("Police said he returned home") or of a place as "there": its subject,
    speaker or place is named in the sentence before."""
    lowered = text.lower()  # the patterns are lower-case: twice as fast as IGNORECASE
    return (
        opener(text) in LEANING_OPENERS
        or _bare_quote(text)
        or _opens_on_ellipsis(text)
        or bool(_PRONOUN_SPEAKER.search(lowered) or _DEFINITE_SPEAKER.search(lowered))
        or (bool(_PERSON_PRONOUN.search(lowered)) and not _names_anyone(text, names))
        or _there_is_a_place(lowered)
    )


def _there_is_a_place(lowered: str) -> bool:
    """True if "there" in a lower-cased sentence stands for a place told of before: after
    a verb or a place word ("died there.", "from there"), or after a noun that opens the
    sentence ("Tensions there are rising"). Not existential "there" ("said there are",
    "There is", "Despite there being") nor "out there". A place the sentence names itself
    is not looked for ("Trump is likely to win there" leans even after "Arizona"). Of the
    Multi-News dev sentences it flags, about four in five point back (bench/RESULTS.md)."""
    if "there" not in lowered:
        return False
    tokens = _THERE_TOKEN.findall(lowered)
    for k, token in enumerate(tokens):
        before = tokens[k - 1] if k else ""
        if token != "there" or not before[:1].isalnum() or before in _NO_PLACE_BEFORE:
            continue
        if before in _PLACE_BEFORE:
            return True  # "from there"
        if before.endswith("ly"):
            continue  # "Currently there are"
        after = next((t for t in tokens[k + 1 :] if t not in _ADVERBS), ".")
        if after not in _EXISTENTIAL_AFTER or k == 1 or tokens[k - 2] in _DETERMINERS:
            return True
    return False


def _names_anyone(text: str, names: frozenset[str]) -> bool:
    """True if a capitalised word of ``text`` is one the cluster writes as a name."""
    return any(word[0].isupper() and word.lower() in names for word in _LETTERS.findall(text))


def _names(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Words (lower-cased) the cluster writes capitalised inside a sentence more often
    than not: names ("Lesser", "FBI"), not common words that open one ("Police", "His")."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(_INNER_WORD.findall(sentence.text))
    return frozenset(
        word.lower()
        for word, count in counts.items()
        if word[0].isupper() and count > counts[word.lower()]
    )


def _opens_on_ellipsis(text: str) -> bool:
    """A sentence opening on an ellipsis ("… The officials emphasized ...") is the rest of
    a quotation or passage whose start is in the sentence before."""
    return text.lstrip("“\"‘' ").startswith(("…", "...", ". . ."))


def _bare_quote(text: str) -> bool:
    """A sentence that is all quotation: who said it is in the sentence before."""
    stripped = text.strip()
    return stripped[:1] in '“"' and stripped[-1:] in '”"'


def _usable(sentence: Sentence, relations: Relations, options: Options) -> bool:
    """Not a fragment, junk, a half quote, a lead-in, a teaser cut short or a question the
    page asks ("What has gone wrong in Venezuela?", "Looking for news you can trust?": a
    brief states what happened; a question someone asked ends in a quotation mark), and
    from a live document."""
    text = sentence.text
    return (
        relations.flags[sentence.doc] is None
        and options.min_sentence_words <= len(words(text)) <= options.max_sentence_words
        and _quotes_balanced(text)
        and not text.rstrip().endswith((":", "...", "…", "?"))
        and junk_reason(text) is None
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
    sentences around it differ."""
    runs = {i: _quoted_runs(sentences[i].text, options.redundancy_quoted_words) for i in candidates}
    contained = _says_no_more(candidates, sentences, options)
    return {
        (i, j)
        for a, i in enumerate(candidates)
        for b, j in enumerate(candidates[a + 1 :], a + 1)
        if similarity[i, j] >= options.redundancy_similarity
        or not runs[i].isdisjoint(runs[j])
        or contained[a, b]
    }


def _says_no_more(
    candidates: list[int], sentences: Sequence[Sentence], options: Options
) -> np.ndarray:
    """(a, b) true when the shorter of candidates a and b tells nothing the longer does not:
    nearly all its content words are in the other ("Dr. Caroline Sturdy Colls is a British
    forensic archeologist." beside "... follows British forensic archeologist Dr. Caroline
    Sturdy Colls as she ..."), though it is too short to be close to it as a whole."""
    contents = [[stem(t) for t in terms(sentences[i].text)] for i in candidates]
    held = term_matrix(contents, unit=False)
    shared = held @ held.T.toarray()
    sizes = np.diag(shared)
    shorter = np.minimum.outer(sizes, sizes)
    return (shorter >= options.redundancy_min_terms) & (
        shared >= options.redundancy_containment * shorter
    )


def _quoted_runs(text: str, size: int) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words inside quotation marks, lower-cased. Only
    quoted words: unquoted runs this long are mostly names ("Sheikh Tamim bin Hamad Al
    Thani") and set phrases, which two different facts may share."""
    found = set()
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
) -> list[int] | None:
    """Maximise sentence salience plus covered concepts (word pairs several sources use,
    each counted once, so repeats earn nothing), under the budget and the pair rules.

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
    groups = _concept_groups(candidates, relations, options) if options.concept_weight > 0 else {}
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
        weight = options.concept_weight * float(relations.concept_weights[concept])
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
    model.setOptionValue("time_limit", options.solver_time_limit)
    model.setOptionValue("mip_max_nodes", options.solver_max_nodes)
    model.setOptionValue("mip_rel_gap", options.solver_gap)
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
) -> list[int]:
    chosen: list[int] = []
    used = 0
    for i in sorted(candidates, key=lambda i: -weights[i]):
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
    salience: np.ndarray,
) -> list[int]:
    """Earlier-in-its-article first (leads lead), each leaning sentence right after its
    anchor, and a speaker named by one name after a sentence saying who they are."""
    chosen_set = set(chosen)
    heads = [i for i in chosen if not (i in leans_on and leans_on[i] in chosen_set)]
    heads.sort(key=lambda i: (sentences[i].position, -salience[i]))
    followers = {leans_on[i]: i for i in chosen if i in leans_on and leans_on[i] in chosen_set}
    runs = []
    for head in heads:
        run, i = [], head
        while i is not None:
            run.append(i)
            i = followers.get(i)
        runs.append(run)
    for _ in range(len(runs)):  # bound: two speakers introduced only by each other
        move = _too_early(runs, introduced_by)
        if move is None:
            break
        k, after = move
        runs.insert(after, runs.pop(k))
    return [i for run in runs for i in run]


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
