"""Coherence: what a brief sentence needs before it, so that a reader can follow it.

A sentence that leans on the one before it ("He said", "But", "..., she told reporters",
"..., the official said", "Police said he", "Tensions there are rising") comes only with
that one, right after it; one leaning on a sentence its article lacks cannot stand in a
brief at all. A speaker named by one name ("..., Dutton told Live Science") comes after a
sentence saying who they are. These are English discourse rules; the selector
(:mod:`storyline.select`) turns them into constraints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyline.data import Sentence
from storyline.text import (
    ATTRIBUTION_VERBS,
    LEANING_OPENERS,
    STOPWORDS,
    WORD,
    opener,
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


def antecedents(
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


def introductions(
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
