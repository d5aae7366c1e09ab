"""Coherence: what a brief sentence needs before it, so that a reader can follow it.

A sentence that leans on the one before it ("He said", "But", "..., she told reporters",
"..., the official said", "Police said he", "Tensions there are rising") comes only with
that one, right after it; one leaning on a sentence its article lacks cannot stand in a
brief at all. A speaker named by one name ("..., Dutton told Live Science") comes after a
sentence saying who they are. The words and patterns these rules read are the
language's (:mod:`storyline.language`); the selector (:mod:`storyline.select`) turns the
rules into constraints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from storyline.data import Sentence
from storyline.language import Language
from storyline.text import WORD, opener

_LETTERS = re.compile(r"[^\W\d_]+")  # letters only: "Zuma" of "Zuma's"
_INNER_WORD = re.compile(r"\s([^\W\d_]+)")  # a word inside a sentence, not its first
_INITIAL = re.compile(r"[A-Z]\.")  # "A." of "John A. Boehner"
_THERE_TOKEN = re.compile(rf"{WORD}|[^\w\s]")  # words and punctuation marks


@dataclass(frozen=True)
class _Rules:
    """A language's discourse patterns and word lists (storyline/languages), compiled once.
    The speaker patterns are matched against the lower-cased sentence (faster than
    ignoring case)."""

    leaning_openers: frozenset[str]
    stopwords: frozenset[str]
    pronoun_speaker: re.Pattern[str]  # "..., he said"
    definite_speaker: re.Pattern[str]  # "..., the official said"
    person_pronoun: re.Pattern[str]  # "he", "she", "him"
    bare_speaker: re.Pattern[str]  # "..., Dutton told Live Science"
    speech: re.Pattern[str]  # someone speaks: bare_speaker's quick first test
    # "there" as a place told of before ("Tensions there are rising", "He died there"),
    # told from existential "there" ("said there are", "Is there") and idioms ("out there")
    place_before: frozenset[str]
    no_place_before: frozenset[str]
    existential_after: frozenset[str]
    adverbs: frozenset[str]
    determiners: frozenset[str]


@cache
def _rules(lang: Language) -> _Rules:
    words = lang.words
    return _Rules(
        leaning_openers=words["leaning_openers"],
        stopwords=lang.stopwords,
        pronoun_speaker=lang.pattern("pronoun_speaker"),
        definite_speaker=lang.pattern("definite_speaker"),
        person_pronoun=lang.pattern("person_pronoun"),
        bare_speaker=lang.pattern("bare_speaker"),
        speech=lang.pattern("speech"),
        place_before=words["place_before"],
        no_place_before=(lang.stopwords - words["place_before"]) | words["no_place_before"],
        existential_after=words["existential_after"],
        adverbs=words["there_adverbs"],
        determiners=words["determiners"],
    )


def antecedents(
    sentences: Sequence[Sentence], names: frozenset[str], lang: Language
) -> tuple[dict[int, int], set[int]]:
    """Sentence index -> the index of the sentence it leans on (the one before it); and
    the sentences that lean on one their article does not give (they open the page as
    scraped, or the cleaner took the one before): they cannot stand in a brief."""
    rules = _rules(lang)
    result, orphans = {}, set()
    for i, sentence in enumerate(sentences):
        if _leans(sentence.text, names, rules):
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


def introductions(
    candidates: list[int], sentences: Sequence[Sentence], names: frozenset[str], lang: Language
) -> dict[int, list[int]]:
    """Candidate -> the candidates that say who its speaker is, for a candidate whose speaker
    is one name the cluster gives more of elsewhere ("..., Dutton told Live Science" beside
    "Andrea Dutton, a geologist ..."): the brief may hold it only after one of them. An
    empty list: none is a candidate, so neither is it. A speaker the cluster never
    introduces (or the sentence itself does) needs nothing."""
    rules = _rules(lang)
    known = names - rules.stopwords  # a name that introduces another ("Andrea Dutton")
    result = {}
    for i in candidates:
        text = sentences[i].text
        if not rules.speech.search(text):
            continue  # most sentences quote nobody
        for match in rules.bare_speaker.finditer(text):
            name = match.group(1) or match.group(2)
            if name.lower() not in names or _introduces(text, name, known):
                continue
            among = [
                j for j in candidates if j != i and _introduces(sentences[j].text, name, known)
            ]
            if among or any(_introduces(s.text, name, known) for s in sentences):
                result[i] = among
                break
    return result


def with_introductions(
    candidates: list[int], leans_on: dict[int, int], introduced_by: dict[int, list[int]]
) -> list[int]:
    """The candidates but those whose speaker no candidate introduces, and with them every
    sentence leaning on one that went ("“...,” Dutton said." / "She added: ...")."""
    kept: set[int] = set()
    for i in candidates:  # in reading order: what a sentence leans on comes before it
        if introduced_by.get(i, True) and (i not in leans_on or leans_on[i] in kept):
            kept.add(i)
    return [i for i in candidates if i in kept]


def _introduces(text: str, name: str, known: frozenset[str]) -> bool:
    """True if ``text`` gives ``name`` after another name, an initial or a title the cluster
    writes as a name (``known``, no stop words: "Andrea Dutton", "John A. Boehner",
    "Professor Rothery"): not after a capitalised opener ("Although Chile ...",
    "Debt-laden PAL ...") nor "Mr."."""
    if name not in text:
        return False
    return any(
        _INITIAL.fullmatch(before) or _LETTERS.findall(before)[-1].lower() in known
        for before in re.findall(rf"\b([A-Z][\w’'.-]*)\s+{re.escape(name)}\b", text)
    )


def _leans(text: str, names: frozenset[str], rules: _Rules) -> bool:
    """Opens with a word that points back ("He", "But") or an ellipsis, is all quotation,
    is attributed to a bare pronoun ("..., he told reporters") or to a speaker named only
    as "the official" ("..., the source said"), or tells of "he" or "she" without naming
    anyone ("Police said he returned home") or of a place as "there": its subject,
    speaker or place is named in the sentence before."""
    lowered = text.lower()  # the patterns are lower-case: twice as fast as IGNORECASE
    return (
        opener(text) in rules.leaning_openers
        or _bare_quote(text)
        or _opens_on_ellipsis(text)
        or bool(rules.pronoun_speaker.search(lowered) or rules.definite_speaker.search(lowered))
        or (bool(rules.person_pronoun.search(lowered)) and not _names_anyone(text, names))
        or _there_is_a_place(lowered, rules)
    )


def _there_is_a_place(lowered: str, rules: _Rules) -> bool:
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
        if token != "there" or not before[:1].isalnum() or before in rules.no_place_before:
            continue
        if before in rules.place_before:
            return True  # "from there"
        if before.endswith("ly"):
            continue  # "Currently there are"
        after = next((t for t in tokens[k + 1 :] if t not in rules.adverbs), ".")
        if after not in rules.existential_after or k == 1 or tokens[k - 2] in rules.determiners:
            return True
    return False


def _names_anyone(text: str, names: frozenset[str]) -> bool:
    """True if a capitalised word of ``text`` is one the cluster writes as a name."""
    return any(word[0].isupper() and word.lower() in names for word in _LETTERS.findall(text))


def names(sentences: Sequence[Sentence]) -> frozenset[str]:
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
