"""Quotes and speakers read without a parser, from a language's data (``speech.toml``).

For a language whose news spaCy's English pipeline cannot parse: a quote is a span in the
language's quotation marks (« », „ “, “ ”) of at least ``quote_min_words`` words, within
one paragraph (a mark left open runs to its end). Its speaker is read from the words
outside quotes around it, up to a sentence end or another quote:

- after it, a speech verb first ("« ... », a déclaré le colonel Jorge Amaral"): the name
  before the verb if words stand between ("», Air France a indiqué"), else after it;
- before it, the speech verb nearest the quote ("Thomas Enders a déclaré : « ... »"):
  the subject before the verb, past an apposition;
- "selon X" (the language's ``according``): X.

A name is a run of capitalised words, less leading words the cluster more often writes in
lower case ("le Président français Sarkozy" -> "Sarkozy"); a name after a preposition or
"of" belongs to a phrase, not to the speaker ("la portavoz de Emergencias Madrid, Lucía
Ortega"). With no name, a role that opens on an article is the speaker ("le ministre de
la défense"); a pronoun or no subject ("il a ajouté", Greek's "είπε") is whoever last
spoke in the article, in a quote or with a speech verb outside quotes. A quote standing
alone continues the quote just before it in its paragraph or the one before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import tomllib

from storyline.data import Article, Block
from storyline.dates import date_words
from storyline.insights.quotes import Mention
from storyline.language import Language, load_language
from storyline.text import TOKEN, words

_SENTENCE_END = re.compile(r"[.!?…:;]\s")  # what ends a speaker's frame (":" opens a quote)
_PARTICLES = frozenset(
    "de da di do del della der den van von la le du dos das bin al ibn y".split()
)
_NEAR = 8  # words between a speech verb and its speaker, at most
_FRAME_CHARS = 400  # of the words around a quote, what is read for its speaker, at most
_BARE_WORDS = 2  # words before a quote that stands alone, at most ("Mais « ... »")
_ROLE_WORDS = 6  # words of a role phrase ("le ministre de la défense"), at most
_SHORT = 3  # letters of an article or a preposition, at most ("le", "aux")


@dataclass(frozen=True)
class Speech:
    """One language's reported-speech data: quotation marks (opening -> closing), the stems
    of its speech verbs, the words that attribute ("selon"), words that stand between a
    verb and its speaker, the words for "of", and its articles."""

    marks: dict[str, str]
    verb_stems: frozenset[str]
    according: tuple[str, ...]
    skip: frozenset[str]
    of: frozenset[str]
    articles: frozenset[str]

    @property
    def quotes(self) -> re.Pattern[str]:
        """A quoted span: an opening mark, then anything but its closing mark or a line end."""
        return _quote_pattern(tuple(self.marks.items()))


@cache
def speech_of(code: str) -> Speech | None:
    """The reported-speech data of language ``code``, or None where there is none (read
    once; only this language's stemmer is loaded for it)."""
    data = _speech_table().get(code)
    if data is None:
        return None
    stem = load_language(code).stem
    return Speech(
        marks={pair[0]: pair[1] for pair in data["marks"]},
        verb_stems=frozenset(stem(v) for v in data["verbs"].lower().split()),
        according=tuple(a.lower() for a in data["according"]),
        skip=frozenset(data["skip"].split()),
        of=frozenset(data["of"].split()),
        articles=frozenset(data["articles"].split()),
    )


@cache
def _speech_table() -> dict[str, dict]:
    text = (files("storyline") / "languages" / "speech.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _quote_pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Each pair's quoted span, with one quote nested inside (« il m'a dit « partez »
    et je suis parti »); a straight mark after a digit is an inch or a second (15")."""
    spans = []
    for opening, closing in pairs:
        o, c = re.escape(opening), re.escape(closing)
        if opening == closing:
            spans.append(f"(?<!\\d){o}[^{o}\\n]*(?:{c}|$)")
        else:
            plain = f"[^{o}{c}\\n]"
            spans.append(f"{o}(?:{plain}|{o}{plain}*{c})*(?:{c}|$)")
    return re.compile("|".join(spans), re.MULTILINE)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


class _Vocabulary:
    """How often the cluster writes each word capitalised and in lower case, outside
    sentence starts: a word mostly written in lower case is not a name ("Président")."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.upper: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        for text in texts:
            for match in re.finditer(r"(?<=[\w,)] )" + TOKEN.pattern, text):
                word = _elided(match.group())  # "d'Angra" is written capitalised
                (self.upper if word[:1].isupper() else self.lower)[word.lower()] += 1

    def common(self, word: str) -> bool:
        word = _elided(word).lower()
        return self.lower[word] > self.upper[word]


def find_mentions_plain(
    articles: Sequence[Article],
    blocks: Sequence[Sequence[Block]],
    live: Sequence[int],
    speech: Speech,
    lang: Language,
    min_words: int,
) -> list[Mention]:
    """Every quote of the live articles' clean paragraphs, speaker resolved, in order. A
    pronoun goes to whoever spoke last before it: a quote's speaker, or a name a speech
    verb has outside quotes ("Christian Duchêne a demandé une enquête")."""
    vocabulary = _Vocabulary([articles[d].text for d in live])
    reader = _Reader(speech, lang, vocabulary)
    found: list[Mention] = []
    for doc in live:
        text, previous = articles[doc].text, None
        spoke: list[tuple[int, str]] = []  # (offset in the article, who), in reading order
        for n, block in enumerate(blocks[doc]):
            paragraph = text[block.start : block.end]
            quotes = list(speech.quotes.finditer(paragraph))
            spoke += [(block.start + at, who) for at, who in reader.said(paragraph, quotes)]
            for match in quotes:
                inner = _inner(match.group(), speech)
                if len(words(inner)) < min_words:
                    continue
                offset = block.start + match.start() + match.group().find(inner)
                said = reader.speaker(paragraph, match.start(), match.end())
                if said is _PRONOUN:
                    last = bisect_left(spoke, (block.start + match.start(),)) - 1
                    speaker = spoke[last][1] if last >= 0 else None
                elif said is _GOES_ON and previous is not None and n - previous.first <= 1:
                    speaker = previous.speaker
                else:
                    speaker = said if isinstance(said, str) else None
                mention = Mention(doc, offset, offset + len(inner), inner, speaker, n, n)
                found.append(mention)
                previous = mention
                if speaker is not None:
                    insort(spoke, (block.start + match.start(), speaker))
    return found


def _inner(quote: str, speech: Speech) -> str:
    """A quote's words without its marks and the spaces and stray commas inside them."""
    closing = speech.marks.get(quote[:1], "")
    return quote[1:].rstrip(closing).strip().strip(",.").strip()


class _Unnamed:
    """A speaker the quote's own words do not name: ``_PRONOUN``, a pronoun or nothing
    before a speech verb (whoever last spoke); ``_GOES_ON``, a quote standing alone (it
    goes on from the quote before it in its paragraph or the one before)."""


_PRONOUN, _GOES_ON = _Unnamed(), _Unnamed()
Said = str | _Unnamed | None


class _Reader:
    def __init__(self, speech: Speech, lang: Language, vocabulary: _Vocabulary) -> None:
        self.speech, self.lang, self.vocabulary = speech, lang, vocabulary

    def speaker(self, paragraph: str, start: int, end: int) -> Said:
        """Who the words around the quote at ``paragraph[start:end]`` say spoke it."""
        stop = _frame_end(paragraph, end, self.speech)
        after = self._words(paragraph, end, stop)
        before = self._words(paragraph, _frame_start(paragraph, start, self.speech), start)
        verbs_after = [n for n, w in enumerate(after[:_NEAR]) if self._is_verb(w)]
        if verbs_after and not (
            stop < len(paragraph)
            and paragraph[stop] in self.speech.marks
            and len(after) - verbs_after[0] <= 2  # "..., ενώ η γιαγιά του είπε πως «"
        ):
            said = self._after(paragraph, after, verbs_after[0])
            if said is _PRONOUN and before:  # "Vali Aydın, “...” dedi."; "X a qualifié
                return self._subject(paragraph, self._role_words(before))  # « ... » et a dit"
            return said
        for frame in (after, before):
            named = self._according(paragraph, frame)
            if named is not None:
                return named
        verbs_before = [n for n, w in enumerate(before) if self._is_verb(w)]
        if verbs_before:
            return self._before(paragraph, before, verbs_before[-1])
        headed = self._headed(paragraph, before, start)
        if headed is None and len(before) <= _BARE_WORDS:
            return _GOES_ON  # a sentence that is all quote ("But « ... »")
        return headed

    def said(self, paragraph: str, quotes: list[re.Match[str]]) -> list[tuple[int, str]]:
        """Names that a speech verb outside the paragraph's ``quotes`` has for subject,
        with where the verb stands: "Christian Duchêne a demandé une enquête"."""
        quoted = [m.span() for m in quotes]
        starts = [a for a, _ in quoted]
        found = []
        for verb in self._words(paragraph, 0, len(paragraph)):
            inside = bisect_right(starts, verb.start) - 1
            if not self._is_verb(verb) or (inside >= 0 and verb.start < quoted[inside][1]):
                continue
            start = _frame_start(paragraph, verb.start, self.speech)
            frame = self._words(paragraph, start, verb.end)
            who = self._before(paragraph, frame, len(frame) - 1)
            if isinstance(who, str) and who[:1].isupper() and not self._is_role(who):
                found.append((verb.start, who))
        return found

    def _is_role(self, speaker: str) -> bool:
        return _bare(speaker.split()[0]) in self.lang.stopwords

    def _headed(self, paragraph: str, before: list[_Word], start: int) -> str | None:
        """The name a quote is headed with: "BBC - « ... »", "Sarkozy : « ... »"."""
        runs = self._runs(paragraph, before)
        lead = paragraph[before[-1].end : start].strip() if before else ""
        if len(runs) == 1 and runs[0] == before and lead in (":", "-", "–", "—"):
            return _text(paragraph, runs[0])
        return None

    def _is_verb(self, word: _Word) -> bool:
        return self.lang.stem(word.text.lower()) in self.speech.verb_stems

    def _words(self, paragraph: str, start: int, end: int) -> list[_Word]:
        return [
            _Word(m.group(), start + m.start(), start + m.end())
            for m in TOKEN.finditer(paragraph[start:end])
        ]

    def _after(self, paragraph: str, frame: list[_Word], verb: int) -> Said:
        """ "« ... », Air France a indiqué" (words between quote and verb), else who the
        words after the verb name."""
        between = [w for w in frame[:verb] if not self._skipped(w)]
        if between:
            return self._subject(paragraph, between)
        return self._named_after(paragraph, frame[verb + 1 :])

    def _named_after(self, paragraph: str, frame: list[_Word]) -> Said:
        """Who the words after a speech verb (or "selon") name: "le colonel Jorge Amaral"
        (a name heading the phrase), "la portavoz de Emergencias, Lucía Ortega" (a name
        after a comma), else the role ("le président aux journalistes": "le président")."""
        chunks = _chunks(paragraph, [w for w in frame if not self._skipped(w)])
        role = self._role_words(self._past_complement(chunks[0]))
        heads = self._heads(paragraph, role)
        named = self._runs(paragraph, chunks[1]) if len(chunks) > 1 else []
        apposed = named[0] if named and named[0][0] is chunks[1][0] else None
        of = any(_bare(w.text) in self.speech.of for w in role)
        if heads and not (apposed and of):  # "le préfet de la région Occitanie, Pierre Durand"
            return _first_name(paragraph, heads)
        if apposed:
            return _text(paragraph, apposed)
        return self._role(paragraph, role)

    def _before(self, paragraph: str, frame: list[_Word], verb: int) -> Said:
        """ "Thomas Enders a déclaré : « ... »": the subject just before the verb; with a
        comma (or only an adverb) before the verb, the first named part of the sentence,
        passing over an apposition ("Ray Cooper, l'oncle du marin Adam Sperry, a dit") or
        a clause ("Le Premier ministre, qui s'exprimait devant l'Assemblée, a dit")."""
        chunks = [
            [w for w in chunk if not self._skipped(w)]
            for chunk in _chunks(paragraph, frame[: verb + 1])
        ]
        said = self._subject(paragraph, chunks[-1]) if chunks[-1] else None
        if said is not None:
            return said
        named = next((c for c in chunks[:-1] if self._heads(paragraph, c)), None)
        if named is not None:
            return self._subject(paragraph, named)
        return self._subject(paragraph, chunks[0]) if len(chunks) > 1 else _PRONOUN

    def _subject(self, paragraph: str, words_: list[_Word]) -> Said:
        """The name written last in these words, else their role phrase or pronoun."""
        heads = self._heads(paragraph, words_)
        if heads:
            return _text(paragraph, heads[-1])
        return self._role(paragraph, words_[-_ROLE_WORDS:])

    def _heads(self, paragraph: str, frame: list[_Word]) -> list[list[_Word]]:
        """Names that head a phrase: not one after a preposition ("la portavoz de
        Emergencias Madrid", "a réagi sur Twitter", "devant l'Assemblée"), nor one before
        a common word it qualifies ("Το Ιρανικό συμβούλιο", "el Gobierno vasco")."""
        at = {id(w): n for n, w in enumerate(frame)}
        stop, articles = self.lang.stopwords, self.speech.articles

        def governed(n: int) -> bool:  # "de Emergencias", "de la Guardia Civil", "d'Angra"
            if _elision(frame[n].text) in self.speech.of:
                return True
            while n > 0 and _bare(frame[n - 1].text) in articles:
                n -= 1
            return n > 0 and self._governed(frame[n - 1].text)

        def qualifies(n: int) -> bool:
            return n + 1 < len(frame) and _modifies(frame[n + 1].text, stop)

        return [
            run
            for run in self._runs(paragraph, frame)
            if not governed(at[id(run[0])]) and not qualifies(at[id(run[-1])])
        ]

    def _governed(self, previous: str) -> bool:
        """Whether a word after ``previous`` stands after a preposition: a stop word that
        is not an article nor an auxiliary ("sur Twitter", "de Emergencias")."""
        previous = _bare(previous)
        if previous in self.speech.articles or previous not in self.lang.stopwords:
            return False
        return previous in self.speech.of or previous not in self.speech.skip

    def _short(self, word: _Word) -> bool:
        """An article or preposition: a short stop word."""
        return len(word.text) <= _SHORT and _bare(word.text) in self.lang.stopwords

    def _past_complement(self, frame: list[_Word]) -> list[_Word]:
        """The words after a verb less a phrase opening on a preposition, up to the next
        article: "à Reuters un diplomate" -> "un diplomate"; "sur Twitter la maire"."""
        if not frame or not self._governed(frame[0].text):
            return frame
        stop, articles = self.lang.stopwords, self.speech.articles
        content = next((n for n, w in enumerate(frame) if _bare(w.text) not in stop), len(frame))
        rest = next(
            (n for n in range(content, len(frame)) if _bare(frame[n].text) in articles), None
        )
        return frame[rest:] if rest is not None else frame

    def _role_words(self, frame: list[_Word]) -> list[_Word]:
        """A role phrase's words: up to the first stop word after a content word but "of"
        and the article after it ("un représentant du Ministère Iranien des Affaires
        Étrangères", "le préfet de police Laurent Nuñez"; "le président aux journalistes"
        -> "le président"; "la préfecture du Var dans un communiqué" -> "la préfecture du
        Var")."""
        stop, of, articles = self.lang.stopwords, self.speech.of, self.speech.articles
        kept: list[_Word] = []
        for word in frame:
            bare = _bare(word.text)
            content = any(_bare(w.text) not in stop for w in kept)
            after_of = bool(kept) and _bare(kept[-1].text) in of and bare in articles
            if content and bare in stop and bare not in of and not after_of:
                break
            kept.append(word)
        return kept

    def _runs(self, paragraph: str, frame: list[_Word]) -> list[list[_Word]]:
        return [r for r in (self._trimmed(run) for run in _runs(paragraph, frame)) if r]

    def _according(self, paragraph: str, frame: list[_Word]) -> str | None:
        if not frame:
            return None
        text = paragraph[frame[0].start : frame[-1].end].lower()
        for phrase in self.speech.according:
            at = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
            if at is not None:
                where = frame[0].start + at.end()
                said = self._named_after(paragraph, [w for w in frame if w.start >= where])
                return said if isinstance(said, str) else None
        return None

    def _skipped(self, word: _Word) -> bool:
        """Words that stand between a verb and its speaker: auxiliaries, adverbs of time,
        day names ("a déclaré jeudi le préfet"), a letter that is no word of the language
        ("a-t-il")."""
        lower = _bare(word.text)
        return (
            lower in self.speech.skip
            or lower in date_words(self.lang.code)
            or self._is_verb(word)
            or (len(lower) == 1 and lower not in self.lang.stopwords)
        )

    def _trimmed(self, run: list[_Word]) -> list[_Word]:
        """A run less its leading words that are not names: stop words, particles, month
        and day names, words the cluster writes mostly in lower case ("Président"), and,
        before two names or more, any word it also writes in lower case ("Britannique
        Tony Blair")."""
        stop = self.lang.stopwords
        dates = date_words(self.lang.code)
        while run and (
            not _elided(run[0].text)[:1].isupper()  # "L'entraîneur", not "D'Alema"
            or run[0].text.lower() in stop
            or run[0].text.lower() in dates
            or run[0].text.lower() in _PARTICLES
            or self.vocabulary.common(run[0].text)
            or (len(run) > 2 and self.vocabulary.lower[_elided(run[0].text).lower()] > 0)
        ):
            run = run[1:]
        while run and (run[-1].text.lower() in _PARTICLES or run[-1].text.lower() in dates):
            run = run[:-1]
        if len(run) == 1 and not self.vocabulary.upper[_elided(run[0].text).lower()]:
            return []  # capitalised only where a sentence starts ("Ερωτήθηκε", "Toutefois")
        return run

    def _role(self, paragraph: str, frame: list[_Word]) -> Said:
        """The speaker named by a role that opens on an article ("le ministre de la
        défense", "Le Premier ministre", "ένας στρατιώτης"); a pronoun, or nothing, is
        whoever last spoke; other words (a clause, an adverb) name nobody."""
        stop = self.lang.stopwords
        content = [n for n, w in enumerate(frame) if _bare(w.text) not in stop]
        if not content:
            return _PRONOUN
        first = next(
            (n for n in range(content[0]) if _bare(frame[n].text) in self.speech.articles),
            content[0] - 1 if content[0] and self._short(frame[content[0] - 1]) else None,
        )
        if first is None or len(frame) - first > _ROLE_WORDS:
            return None
        return _text(paragraph, frame[first:])


def _elision(word: str) -> str:
    """The elided article or preposition a word opens on: "d'Angra" -> "d"."""
    parts = re.split(r"['’]", word.lower())
    return parts[0] if len(parts) > 1 else ""


def _elided(word: str) -> str:
    """A word without an elided article or pronoun before it: "qu'il" -> "il"."""
    return re.split(r"['’]", word)[-1]


def _bare(word: str) -> str:
    return _elided(word).lower()


def _modifies(following: str, stop: frozenset[str]) -> bool:
    """Whether a capitalised word qualifies the word after it: a lower-case word that is
    not a stop word."""
    return bool(following) and following[0].islower() and _bare(following) not in stop


def _first_name(paragraph: str, runs: list[list[_Word]]) -> str:
    """The first of these runs, or the run right after it: a title, then the name in
    another script ("Υπουργό Εξωτερικών Manouchehr Mottaki")."""
    first = 0
    while first + 1 < len(runs) and runs[first + 1][0].start - runs[first][-1].end <= 1:
        first += 1
    return _text(paragraph, runs[first])


def _text(paragraph: str, words_: list[_Word]) -> str:
    return paragraph[words_[0].start : words_[-1].end]


def _chunks(paragraph: str, frame: list[_Word]) -> list[list[_Word]]:
    """The words split where a comma stands between them; an empty last chunk when the
    words end on a comma before the verb."""
    chunks: list[list[_Word]] = [[]]
    for n, word in enumerate(frame):
        if n and "," in paragraph[frame[n - 1].end : word.start]:
            chunks.append([])
        chunks[-1].append(word)
    return chunks


def _runs(paragraph: str, frame: list[_Word]) -> list[list[_Word]]:
    """Runs of capitalised words, joined by spaces, hyphens, an initial's full stop or a
    particle ("Luiz Inácio Lula da Silva"), in one script (a Greek text's "Υπουργός
    Εξωτερικών Margaret Beckett" is a title, then a name)."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for word in frame:
        capital = _elided(word.text)[:1].isupper()  # "d'Angra", "L'Union"
        joined = (
            current
            and _joins(paragraph[current[-1].end : word.start], current[-1])
            and _latin(word.text) == _latin(current[-1].text)
        )
        if capital and (joined or not current):
            current.append(word)
        elif capital:
            runs.append(current)
            current = [word]
        elif current and joined and word.text.lower() in _PARTICLES:
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _latin(word: str) -> bool:
    return word[0] <= "\u024f"


def _joins(gap: str, previous: _Word) -> bool:
    return gap in (" ", "-", "\u00a0") or (gap == ". " and len(previous.text) == 1)


def _frame_start(paragraph: str, start: int, speech: Speech) -> int:
    """Where the words before a quote begin: after the last sentence end or closing mark
    (looked for in the ``_FRAME_CHARS`` before it: a paragraph of many quotes stays
    linear)."""
    low = max(0, start - _FRAME_CHARS)
    before = paragraph[low:start].rstrip()
    if before.endswith((".", "!", "?", "…")):
        return start  # the quote opens a sentence: it goes on from the one before, if any
    ends = [m.end() for m in _SENTENCE_END.finditer(before) if m.end() < len(before)]
    closing = max((before.rfind(c) for c in set(speech.marks.values())), default=-1)
    return low + max(ends[-1] if ends else 0, closing + 1)


def _frame_end(paragraph: str, end: int, speech: Speech) -> int:
    """Where the words after a quote end: at a sentence end or the next opening mark (in
    the ``_FRAME_CHARS`` after it); at once when the quote ends its sentence (« ... fin. »
    Les États-Unis ont ...)."""
    rest = paragraph[end : end + _FRAME_CHARS]
    closed = paragraph[max(0, end - _FRAME_CHARS) : end - 1].rstrip()
    if closed.endswith((".", "!", "?", "…")) and rest.strip()[:1].isupper():
        return end
    stop = _SENTENCE_END.search(rest + " ")
    opening = [i for i in (rest.find(o) for o in speech.marks) if i >= 0]
    return end + min([stop.start() if stop else len(rest), *opening])


def canonical_speakers(mentions: Sequence[Mention]) -> Callable[[str], str]:
    """Each speaker under the fullest form the cluster gives it: "Sarkozy" -> "Nicolas
    Sarkozy" when a quote's speaker is written so (a name's last words), unless two
    speakers end so ("Emmanuel Macron", "Brigitte Macron")."""
    names = list(dict.fromkeys(m.speaker for m in mentions if m.speaker and m.speaker[0].isupper()))

    def canonical(name: str) -> str:
        tail = name.split()
        fuller = {full for full in names if full.split()[-len(tail) :] == tail}
        longest = max(fuller, key=lambda full: len(full.split()), default=name)
        if len([f for f in fuller if len(f.split()) == len(longest.split())]) > 1:
            return name
        return longest

    return canonical
