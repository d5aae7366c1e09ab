"""Coherence: what a brief sentence needs before it, so that a reader can follow it.

A sentence that leans on the one before it ("He said", "But", "..., she told reporters",
"..., the official said", "Police said he", "Tensions there are rising") comes only with
that one, right after it; one leaning on a sentence its article lacks cannot stand in a
brief at all. A speaker named by one name ("..., Dutton told Live Science") comes after a
sentence saying who they are; a name the brief gives by one word first is written in
full, in brackets, as its article gave it before (:func:`full_names`). The words and
patterns these rules read are the language's (:mod:`storyline.language`); the selector
(:mod:`storyline.select`) turns the rules into constraints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from storyline.data import Sentence
from storyline.language import Language
from storyline.text import QUOTE_MARKS, WORD, opener

_LETTERS = re.compile(r"[^\W\d_]+")  # letters only: "Zuma" of "Zuma's"
_INNER_WORD = re.compile(r"\s([^\W\d_]+)")  # a word inside a sentence, not its first
_INITIAL = re.compile(r"[A-Z]\.")  # "A." of "John A. Boehner"
_THERE_TOKEN = re.compile(rf"{WORD}|[^\w\s]")  # words and punctuation marks
_NOUN_RUN = 4  # words after "The" read as its noun phrase, at most
_NAME_WORD = re.compile(r"(?<![\w’'.-])[A-Z][^\W\d_]+(?![\w-])")  # "Dutton" of "Dutton's"
_GIVEN = re.compile(r"([A-Z][a-z]+) ((?:[A-Z]\. )*)$")  # "Andrea ", "John A. " before a name
_AFTER_LOWER = re.compile(r"(?<=[a-z,;] )[^\W\d_]+")  # a word after a lower-case word
_CASE_SAMPLE, _CASELESS_SHARE = 50, 0.005  # see _caseless
_FULL_NAME_USES = 2  # a full name the cluster gives once may be an accident of scraping
_GIVEN_BEFORE_NAMES = 0.75  # share of a given name's uses that stand before another name
_AFTER_WORD = re.compile(r"(?:\b[A-Z][\w.’'-]*|\b(?:the|a|an)|['’]s)$")  # what ends a name's lead


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
    definite_articles: frozenset[str]  # "The decision was made ..." tells of a known decision
    defining_words: frozenset[str]  # ... unless they say which ("The decision whether")


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
        definite_articles=words["definite_articles"],
        defining_words=words["defining_words"],
    )


def antecedents(
    sentences: Sequence[Sentence], names: frozenset[str], lang: Language
) -> tuple[dict[int, int], set[int]]:
    """Sentence index -> the index of the sentence it leans on (the one before it); and
    the sentences that lean on one their article does not give (they open the page as
    scraped, or the cleaner took the one before): they cannot stand in a brief."""
    rules = _rules(lang)
    result, orphans = {}, set()
    told = None if _caseless(sentences) else names  # no name can be told without capitals
    for i, sentence in enumerate(sentences):
        if _leans(sentence.text, told, rules):
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


def full_names(
    chosen: Sequence[int], sentences: Sequence[Sentence], texts: Sequence[str], lang: Language
) -> dict[int, list[tuple[int, int, str]]]:
    """Brief sentence -> (start, end, full name) of each person it names by one word where
    the brief names them first ("Fey is the producer", "..., Strickler says"), when the
    sentence's own article named them in full before ("Tina Fey"): the nearest such
    mention, one word and initials before the name (a given name, or a title written as
    one: "President Putin"). ``chosen`` is in reading order; words
    inside quotation marks are the speaker's and stay as said. A person, not a place or
    a party ("seven Republican votes", "the Shores"): the word is not part of a longer
    name here, the cluster gives it a person's title or has it speak or own something
    ("Mr. Welch", "Fey's", "Strickler says"), and the given name is one the cluster
    writes before another name."""
    found = names(sentences)
    known = found - lang.stopwords
    cluster = "\n".join(texts)
    seen: set[str] = set()
    result: dict[int, list[tuple[int, int, str]]] = {}
    for i in chosen:
        sentence = sentences[i]
        for start, end in _bare_names(sentence.text, found - seen):
            word = sentence.text[start:end]
            full = _named_before(texts[sentence.doc][: sentence.start], word, known)
            if full and _a_person(word, full, cluster, lang):
                result.setdefault(i, []).append((start, end, full))
        seen.update(w.lower() for w in _NAME_WORD.findall(sentence.text))
    return result


def _bare_names(text: str, unseen: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Spans of the ``unseen`` names ``text`` gives as one word: no capitalised word or
    article right before it ("Police Department", "the Shores", "Zealand's Prime"), no
    capitalised word right after ("Vice President"), outside quotation marks."""
    quoted = [m.span() for m in QUOTE_MARKS.finditer(text)]
    spans = []
    for match in _NAME_WORD.finditer(text):
        before = text[: match.start()].rstrip(" ")
        after = text[match.end() :].lstrip(" ")
        if (
            match.group().lower() in unseen
            and not _AFTER_WORD.search(before)
            and not after[:1].isupper()
            and not any(a <= match.start() < b for a, b in quoted)
        ):
            spans.append(match.span())
    return spans


def _named_before(text: str, word: str, known: frozenset[str]) -> str | None:
    """The nearest mention of ``word`` in ``text`` after a given name (a ``known`` name:
    "Andrea Dutton", "John A. Boehner"), as written; None if ``text`` never gives one."""
    for match in reversed(list(re.finditer(rf"\b{re.escape(word)}\b", text))):
        given = _GIVEN.search(text, max(0, match.start() - 40), match.start())
        if given and given.group(1).lower() in known:
            return text[given.start() : match.end()]
    return None


def _a_person(word: str, full: str, cluster: str, lang: Language) -> bool:
    """True if the cluster tells ``word`` a person's name: a title before it, or "'s", "who"
    or a speech verb after it; and the given name of ``full`` stands before another
    capitalised word in at least three of four of its uses (a given name does, "Illinois"
    of "Illinois Democrats" does not); and the cluster gives ``full`` more than once (a
    headline run into a sentence gave "Kim Clapper")."""
    titles = "|".join(lang.lists["honorifics"])
    verbs = "|".join(lang.lists["speech_verbs"])
    name = re.escape(word)
    cue = rf"(?:{titles})\s+{name}\b|\b{name}(?:['’]s\b|,?\s+(?:who|{verbs})\b)"
    if not titles or not re.search(cue, cluster):
        return False
    if cluster.count(full) < _FULL_NAME_USES:
        return False
    given = re.escape(full.split()[0])
    uses = re.findall(rf"\b{given}\b(\s+[A-Z])?", cluster)
    return sum(bool(u) for u in uses) >= _GIVEN_BEFORE_NAMES * len(uses)


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


def _leans(text: str, names: frozenset[str] | None, rules: _Rules) -> bool:
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
        or _tells_of_someone_unnamed(lowered, text, names, rules)
        or _there_is_a_place(lowered, rules)
    )


def described(text: str, lang: Language) -> list[str]:
    """The words after an opening definite article that tell of a thing as already known
    ("The decision was made ..." -> ["decision"], "The relocation project is ..." ->
    ["relocation", "project"]); none when the sentence says what it is ("The origin of
    the phrase", "The man who", "The radical group Hamas", "The United States"). Readers
    find about half of such sentences leaning on one before (bench/RESULTS.md): too few
    to refuse them, enough that none should open a brief."""
    rules = _rules(lang)
    tokens = _THERE_TOKEN.findall(text)  # an opening quotation is someone speaking: not read
    if len(tokens) < 3 or tokens[0].lower() not in rules.definite_articles:
        return []
    nouns: list[str] = []
    for token in tokens[1:]:
        if token[:1].isupper():
            return []  # a name says which
        if token in rules.stopwords or not token[:1].isalnum() or len(nouns) == _NOUN_RUN:
            break
        nouns.append(token)
    return [] if token in rules.defining_words else nouns


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


def _tells_of_someone_unnamed(
    lowered: str, text: str, names: frozenset[str] | None, rules: _Rules
) -> bool:
    """True if the sentence tells of "he" or "she" and names nobody. In text without
    capitals (``names`` None) no name can be told: only a sentence opening on the pronoun
    ("he's promised her ...") is taken to lean."""
    if names is None:
        return bool(rules.person_pronoun.match(opener(text)))
    return bool(rules.person_pronoun.search(lowered)) and not _names_anyone(text, names)


def _caseless(sentences: Sequence[Sentence]) -> bool:
    """True for a cluster written without capitals inside its sentences (a lower-cased
    release, such as Multi-News's, capitalises at most each sentence's first word), in
    which no name can be told: of 50 words or more after a lower-case word, under 1 in
    200 is capitalised (in real news, 1 in 50 at least; a short article may name people
    only at its sentences' starts, a cluster hardly)."""
    after = capitalised = 0
    for sentence in sentences:
        found = _AFTER_LOWER.findall(sentence.text)
        after += len(found)
        capitalised += sum(word[0].isupper() for word in found)
    return after >= _CASE_SAMPLE and capitalised < _CASELESS_SHARE * after


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
