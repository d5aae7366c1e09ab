"""Quotes and speakers read without a parser, from a language's data (``speech.toml``).

For a language whose news spaCy's English pipeline cannot parse: a quote is a span in the
language's quotation marks (« », „ “, “ ”) of at least ``quote_min_words`` words, within
one paragraph (a mark left open runs to its end). Its speaker is read from the words
outside quotes around it, up to a sentence end or another quote:

- after it, a speech verb first ("« ... », a déclaré le colonel Jorge Amaral"): the name
  before the verb if words stand between ("», Air France a indiqué"), else after it;
- before it, the speech verb nearest the quote ("Thomas Enders a déclaré : « ... »"):
  the name written nearest before the verb;
- "selon X" (the language's ``according``): X.

A name is a run of capitalised words, less leading words the cluster more often writes in
lower case ("le Président français Sarkozy" -> "Sarkozy"). With no name, the words before
the verb ("Le ministre de la défense") are the speaker; with only a pronoun or nothing
("il a ajouté", Greek's "είπε"), whoever last spoke in the article. A quote with no
speech verb continues the quote just before it in its paragraph or the one before.
"""

from __future__ import annotations

import re
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
_PARTICLES = frozenset("de da di del della der den van von la le du dos das bin al ibn y".split())
_NEAR = 8  # words between a speech verb and its speaker, at most
_BARE_WORDS = 2  # words before a quote that stands alone, at most ("Mais « ... »")
_ROLE_WORDS = 6  # words of a role phrase ("le ministre de la défense"), at most
_SHORT = 3  # letters of the articles and prepositions that end a role phrase, at most


@dataclass(frozen=True)
class Speech:
    """One language's reported-speech data: quotation marks (opening -> closing), the stems
    of its speech verbs, the words that attribute ("selon"), words that stand between a
    verb and its speaker, and the words for "of"."""

    marks: dict[str, str]
    verb_stems: frozenset[str]
    according: tuple[str, ...]
    skip: frozenset[str]
    of: frozenset[str]

    @property
    def quotes(self) -> re.Pattern[str]:
        """A quoted span: an opening mark, then anything but its closing mark or a line end."""
        return _quote_pattern(tuple(self.marks.items()))


def speech_of(code: str) -> Speech | None:
    """The reported-speech data of language ``code``, or None where there is none."""
    return _speech_table().get(code)


@cache
def _speech_table() -> dict[str, Speech]:
    text = (files("storyline") / "languages" / "speech.toml").read_text(encoding="utf-8")
    table = {}
    for code, data in tomllib.loads(text).items():
        stem = load_language(code).stem
        table[code] = Speech(
            marks={pair[0]: pair[1] for pair in data["marks"]},
            verb_stems=frozenset(stem(v) for v in data["verbs"].lower().split()),
            according=tuple(a.lower() for a in data["according"]),
            skip=frozenset(data["skip"].split()),
            of=frozenset(data["of"].split()),
        )
    return table


@cache
def _quote_pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    spans = (
        f"{re.escape(o)}[^{re.escape(c)}{re.escape(o) if o != c else ''}\\n]*(?:{re.escape(c)}|$)"
        for o, c in pairs
    )
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
                word = match.group()
                (self.upper if word[0].isupper() else self.lower)[word.lower()] += 1

    def common(self, word: str) -> bool:
        return self.lower[word.lower()] >= max(1, self.upper[word.lower()])


def find_mentions_plain(
    articles: Sequence[Article],
    blocks: Sequence[Sequence[Block]],
    live: Sequence[int],
    speech: Speech,
    lang: Language,
    min_words: int,
) -> list[Mention]:
    """Every quote of the live articles' clean paragraphs, speaker resolved, in order."""
    vocabulary = _Vocabulary([articles[d].text for d in live])
    reader = _Reader(speech, lang, vocabulary)
    found: list[Mention] = []
    for doc in live:
        text, last_speaker, previous = articles[doc].text, None, None
        for n, block in enumerate(blocks[doc]):
            paragraph = text[block.start : block.end]
            for match in speech.quotes.finditer(paragraph):
                inner = _inner(match.group(), speech)
                if len(words(inner)) < min_words:
                    continue
                offset = block.start + match.start() + match.group().find(inner)
                said = reader.speaker(paragraph, match.start(), match.end())
                if said is _PRONOUN:
                    speaker = last_speaker
                elif said is _GOES_ON and previous is not None and n - previous.first <= 1:
                    speaker = previous.speaker
                else:
                    speaker = said if isinstance(said, str) else None
                mention = Mention(doc, offset, offset + len(inner), inner, speaker, n, n)
                found.append(mention)
                previous, last_speaker = mention, speaker or last_speaker
    return found


def _inner(quote: str, speech: Speech) -> str:
    """A quote's words without its marks and the spaces and stray commas inside them."""
    closing = speech.marks.get(quote[:1], "")
    return quote[1:].rstrip(closing).strip(" ,.\u00a0\u202f")


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
            if said is _PRONOUN and verbs_after[0] == len(after) - 1 and before:
                return self._subject(paragraph, before)  # "Vali Aydın, “...” dedi."
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
        """ "« ... », Air France a indiqué" (words between quote and verb); "« ... », a
        déclaré le colonel Jorge Amaral" (a name heading the phrase after the verb); "»,
        explicó la portavoz de Emergencias, Lucía Ortega" (a name after a comma); else
        the role ("a dit le président aux journalistes": "le président")."""
        between = [w for w in frame[:verb] if not self._skipped(w)]
        if between:
            return self._subject(paragraph, between)
        chunks = _chunks(paragraph, [w for w in frame[verb + 1 :] if not self._skipped(w)])
        role = self._role_words(paragraph, chunks[0])
        heads = self._heads(paragraph, role)
        if heads:
            return _first_name(paragraph, heads)
        named = self._runs(paragraph, chunks[1]) if len(chunks) > 1 else []
        if named and named[0][0] is chunks[1][0]:
            return _text(paragraph, named[0])
        return self._role(paragraph, role)

    def _before(self, paragraph: str, frame: list[_Word], verb: int) -> Said:
        """ "Thomas Enders a déclaré : « ... »": the subject just before the verb; with a
        comma (or only an adverb) before the verb, the first named part of the sentence,
        passing over an apposition ("Ray Cooper, l'oncle du marin Adam Sperry, a dit")."""
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
        return self._subject(paragraph, chunks[-2]) if len(chunks) > 1 else _PRONOUN

    def _subject(self, paragraph: str, words_: list[_Word]) -> Said:
        """The name written last in these words, else their role phrase or pronoun."""
        heads = self._heads(paragraph, words_)
        if heads:
            return _text(paragraph, heads[-1])
        return self._role(paragraph, words_[-_ROLE_WORDS:])

    def _heads(self, paragraph: str, frame: list[_Word]) -> list[list[_Word]]:
        """Names that head a phrase: not one after "of" ("la portavoz de Emergencias
        Madrid" has none), nor one before a common word it qualifies ("Το Ιρανικό
        συμβούλιο", "el Gobierno vasco")."""
        before = {id(frame[n + 1]): w.text for n, w in enumerate(frame[:-1])}
        after = {id(w): frame[n + 1].text for n, w in enumerate(frame[:-1])}
        stop = self.lang.stopwords
        return [
            run
            for run in self._runs(paragraph, frame)
            if _bare(before.get(id(run[0]), "")) not in self.speech.of
            and not _modifies(after.get(id(run[-1]), ""), stop)
        ]

    def _short(self, word: _Word) -> bool:
        """An article or preposition: a short stop word."""
        return len(word.text) <= _SHORT and _bare(word.text) in self.lang.stopwords

    def _role_words(self, paragraph: str, frame: list[_Word]) -> list[_Word]:
        """A role phrase's words: up to the first short stop word after a content word,
        unless a name follows it ("un représentant du Ministère Iranien des Affaires
        Étrangères"; "le président aux journalistes" -> "le président")."""
        stop = self.lang.stopwords
        kept: list[_Word] = []
        for n, word in enumerate(frame):
            content = any(_bare(w.text) not in stop for w in kept)
            following = frame[n + 1] if n + 1 < len(frame) else None
            name_follows = following is not None and following.text[0].isupper()
            if kept and content and self._short(word) and not name_follows:
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
                runs = self._runs(paragraph, [w for w in frame if w.start >= where][:_NEAR])
                return _first_name(paragraph, runs) if runs else None
        return None

    def _skipped(self, word: _Word) -> bool:
        lower = _bare(word.text)
        return lower in self.speech.skip or self._is_verb(word) or len(lower) == 1

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
            or (len(run) > 2 and self.vocabulary.lower[run[0].text.lower()] > 0)
        ):
            run = run[1:]
        while run and (run[-1].text.lower() in _PARTICLES or run[-1].text.lower() in dates):
            run = run[:-1]
        if len(run) == 1 and not self.vocabulary.upper[run[0].text.lower()]:
            return []  # capitalised only where a sentence starts ("Ερωτήθηκε", "Toutefois")
        return run

    def _role(self, paragraph: str, frame: list[_Word]) -> Said:
        """The speaker named by a role that opens on an article ("le ministre de la
        défense", "ένας στρατιώτης"); a pronoun, or nothing, is whoever last spoke; other
        words (a clause, an adverb) name nobody."""
        stop = self.lang.stopwords
        content = [n for n, w in enumerate(frame) if _bare(w.text) not in stop]
        if not content:
            return _PRONOUN
        first = content[0] - 1
        if first < 0 or not self._short(frame[first]) or len(frame) - first > _ROLE_WORDS:
            return None
        return _text(paragraph, frame[first:])


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
        capital = word.text[0].isupper()
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
    """Where the words before a quote begin: after the last sentence end or closing mark."""
    before = paragraph[:start].rstrip()
    if before.endswith((".", "!", "?", "…")):
        return start  # the quote opens a sentence: it goes on from the one before, if any
    cut = 0
    for match in _SENTENCE_END.finditer(before + " "):
        if match.end() < len(before):
            cut = match.end()
    closing = max((before.rfind(c) for c in set(speech.marks.values())), default=-1)
    return max(cut, closing + 1)


def _frame_end(paragraph: str, end: int, speech: Speech) -> int:
    """Where the words after a quote end: at a sentence end or the next opening mark; at
    once when the quote ends its sentence (« ... fin. » Les États-Unis ont ...)."""
    rest = paragraph[end:]
    if paragraph[: end - 1].rstrip().endswith((".", "!", "?", "…")) and rest.strip()[:1].isupper():
        return end
    stops = [m.start() for m in _SENTENCE_END.finditer(rest + " ")]
    opening = [i for i in (rest.find(o) for o in speech.marks) if i >= 0]
    return end + min([*stops, *opening, len(rest)])


def canonical_speakers(mentions: Sequence[Mention]) -> Callable[[str], str]:
    """Each speaker under the fullest form the cluster gives it: "Sarkozy" -> "Nicolas
    Sarkozy" when a quote's speaker is written so (a name's last words)."""
    names = sorted({m.speaker for m in mentions if m.speaker}, key=lambda s: -len(s.split()))

    def canonical(name: str) -> str:
        tail = name.split()
        for full in names:
            if full.split()[-len(tail) :] == tail and full[:1].isupper():
                return full
        return name

    return canonical
