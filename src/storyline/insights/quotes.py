"""Quotes: who said what, merged across the sources that report the same statement.

A quote is a span in quotation marks of at least ``quote_min_words`` words (a mark left
open runs to the paragraph's end). Its speaker comes from the parse of its sentence,
outside the marks: the subject of a speech verb ("..., the ministry said"; "said Marie
Harf"; "Peskov was quoted as saying"; "the ministry, which said"), "Said Miller:", or
the object of "according to"; a quote after a colon takes the subject before it. Else
it goes on the quote just before it, or, standing alone, belongs to whoever was last
said to speak. Pronouns and bare nouns are resolved to the nearest named speaker
before them ("she" -> the last person said to speak; "the ministry" -> "the Foreign
Ministry"; "it said" -> "Friday's report"). Renderings are one statement when they
share most of their words, one contains the other, or their meaning vectors nearly
coincide (two translations), unless two different speakers are named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.data import Article, Citation, Quote
from storyline.insights.parse import Parsed
from storyline.language import load_language
from storyline.options import Options
from storyline.text import CLOSES, CLOSING_MARKS, OPENING_MARKS, words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SPEECH_VERBS = frozenset(
    """
    say tell add write state insist warn ask declare note explain claim argue announce
    acknowledge admit reply respond continue conclude quote describe confirm deny stress
    emphasize emphasise urge predict suggest tweet post recall remark assert complain joke
    concede agree caution observe scold call testify vow pledge promise boast lament point
    """.split()
)
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "it"})
PAPERS = frozenset({"statement", "report", "letter", "study", "document"})  # "it said" of these
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | {"i", "we", "you"}
# Nouns for a body that speaks as one: "the company said" means the company named before.
INSTITUTIONS = frozenset(
    "company firm ministry department agency government office statement report letter group "
    "organisation organization administration force court council committee authority union "
    "party team board commission service army military embassy institute university "
    "network newspaper".split()
)

_LEAST_SHARED = 3  # stems two renderings share, at least, when no vectors are read
_WHOLE_STATEMENT_WORDS = 8  # a shorter quotation is mostly a fragment of a sentence


@dataclass(frozen=True)
class Mention:
    """One quote in one article: ``text`` without its marks; offsets into the article."""

    doc: int
    start: int
    end: int
    text: str
    speaker: str | None
    first: int  # its first and last sentence's number in the article (a paragraph's,
    last: int  # read without a parser), for a quote that goes on from this one


def find_mentions(parsed: Sequence[Parsed], options: Options) -> list[Mention]:
    """Every quote of every parsed block, with its speaker resolved, in reading order."""
    mentions: list[Mention] = []
    speakers = _SpeakerIndex(parsed)
    for block in parsed:
        base = block.first_sentence
        for start, end in block.quotes:
            quote = block.parse.text[start:end]
            raw = quote.lstrip(OPENING_MARKS)
            inner = raw.rstrip(CLOSES.get(quote[:1], "")).strip(" ,.")
            if len(words(inner)) < options.insight.quote_min_words:
                continue
            offset = block.start + end - len(raw) + raw.find(inner)
            span = (base + block.sentence_of(start), base + block.sentence_of(end - 1))
            speaker = _speaker(block, start, end, mentions, speakers, span[0])
            mentions.append(Mention(block.doc, offset, offset + len(inner), inner, speaker, *span))
    return mentions


def _speaker(
    block: Parsed,
    start: int,
    end: int,
    before: list[Mention],
    speakers: _SpeakerIndex,
    first: int,
) -> str | None:
    """The quote's speaker: its own sentence's; else the quote's just before it, which it
    goes on; else, for a sentence that is all quote, whoever was last said to speak."""
    where = block.start + start
    phrase = _attributed(block, start, end)
    if phrase is not None:
        return speakers.resolve(phrase, block.doc, where, before)
    lead_in = speakers.lead_in(block.doc, where)
    if lead_in is not None:
        return speakers.resolve(lead_in, block.doc, where, before)
    last = before[-1] if before else None
    if last is not None and last.doc == block.doc and first - last.last <= 1:
        return last.speaker
    if not _is_bare(block, start, end):
        return None
    recent = speakers.last_said(block.doc, where, first - 2)
    return speakers.resolve(recent, block.doc, where, before) if recent is not None else None


def merge(
    mentions: Sequence[Mention],
    articles: Sequence[Article],
    embed: Callable[[list[str]], np.ndarray] | None,
    canonical: Callable[[str], str],
    options: Options,
) -> list[Quote]:
    """One Quote per statement, the most telling first: the most widely reported, then
    whole statements before fragments of one ("with very little warning"), then those
    whose speaker is named, then in reading order. Without ``embed`` (a language whose
    meaning vectors crowd together) renderings are one statement by their words only."""
    if not mentions:
        return []
    speakers = [canonical(m.speaker) if m.speaker else None for m in mentions]
    vectors = embed([m.text for m in mentions]) if embed is not None else None
    groups = _statements(mentions, speakers, vectors, options)
    quotes = []
    for members in groups:
        ordered = sorted(members, key=lambda m: (m.doc, m.start))
        named = Counter(canonical(m.speaker) for m in ordered if m.speaker)
        speaker = named.most_common(1)[0][0] if named else None
        text = max((m.text for m in ordered), key=len)
        citations = tuple(Citation(articles[m.doc].id, m.start, m.end) for m in ordered)
        quotes.append(Quote(text, speaker, len({m.doc for m in ordered}), citations))
    first = {id(q): i for i, q in enumerate(quotes)}
    return sorted(
        quotes,
        key=lambda q: (
            -q.sources,
            len(q.text.split()) < _WHOLE_STATEMENT_WORDS,
            q.speaker is None,
            first[id(q)],
        ),
    )


def _statements(
    mentions: Sequence[Mention],
    speakers: Sequence[str | None],
    vectors: np.ndarray | None,
    options: Options,
) -> list[list[Mention]]:
    """Groups of mentions that render one statement (union-find over similar pairs); two
    named speakers who differ keep their words apart, however alike (talking points),
    also through an unattributed rendering like both."""
    lang = load_language(options.language)
    stems = [{lang.stem(t) for t in lang.terms(m.text)} for m in mentions]
    parent = list(range(len(mentions)))
    named = [{s} if s else set() for s in speakers]  # a group's speakers, at its root

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cosine = vectors @ vectors.T if vectors is not None else None
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            a, b = root(i), root(j)
            if a == b or len(named[a] | named[b]) > 1:
                continue
            meaning = float(cosine[i, j]) if cosine is not None else None
            if _same_statement(stems[i], stems[j], meaning, options):
                parent[b] = a
                named[a] |= named[b]
    groups: dict[int, list[Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(root(i), []).append(mention)
    return list(groups.values())


def _same_statement(a: set[str], b: set[str], cosine: float | None, options: Options) -> bool:
    """Two renderings of one statement: most words shared, or one inside the other, or
    (``cosine``, where meaning vectors are read) nearly one meaning. Without vectors,
    fewer shared words are enough: a short rendering inside a longer one ("Ce groupe a
    un cœur énorme")."""
    shared = len(a & b)
    if cosine is None:
        enough = shared >= _LEAST_SHARED
    else:
        enough = shared >= options.insight.quote_min_shared
    if not enough:
        return cosine is not None and cosine >= options.insight.quote_same_meaning
    return (
        shared / len(a | b) >= options.insight.quote_same_words
        or shared / min(len(a), len(b)) >= options.insight.quote_contained
        or (cosine is not None and cosine >= options.insight.quote_same_meaning)
    )


def _frame(block: Parsed, start: int, end: int) -> list[Token]:
    """Tokens of the sentences the quote touches that lie outside every quotation."""
    return [
        t
        for s in block.sentences
        if s.start_char < end and s.end_char > start
        for t in s
        if not block.inside_quote(t.idx)
    ]


def _attributed(block: Parsed, start: int, end: int) -> Span | None:
    """The speaker phrase of the quote's sentence, as written: after an opening "Said";
    else the subject of a speech verb, one that governs the quote before one merely near;
    else "according to X"; else, for a quote a colon introduces, the subject of the
    sentence before the colon ("Rubinstein sent the following statement: ...")."""
    frame, lead_in = _context(block, start, end)
    opener = next((t for t in frame if t.is_alpha), None)
    if opener is not None and opener.text in ("Said", "Says"):  # "Said Miller: “...”"
        named = [e for e in block.parse.ents if e.label_ in NAMED and e.start_char >= opener.idx]
        if named and named[0].start_char < start:
            return _without_verb(named[0])
    quoted: Span | list[Token] = block.parse.char_span(start, end, alignment_mode="expand") or []
    governs = {a.i for t in list(quoted)[:3] for a in t.ancestors}
    distance = {t.i: min(abs(t.idx - start), abs(t.idx - end)) for t in frame}
    verbs = [t for t in frame if t.lemma_.lower() in SPEECH_VERBS]
    for verb in sorted(verbs, key=lambda t: (t.i not in governs, distance[t.i])):
        subject = _subject(verb, block)
        if subject is not None:
            return _phrase(subject)
    for token in frame:
        objects = [c for to in token.children for c in to.children if c.dep_ == "pobj"]
        if token.lower_ == "according" and objects:
            return _phrase(objects[0])
    if lead_in is not None:
        subject = _subject(lead_in.root, block)
        return _phrase(subject) if subject is not None else None
    return None


def _context(block: Parsed, start: int, end: int) -> tuple[list[Token], Span | None]:
    """Tokens outside quotes around the quote: its own sentences, the next one when the
    quote ends in a comma ("...,” Det. Geiger said), and the one before a colon that
    introduces it, which is also returned ("Said Miller:" may be cut off as one)."""
    sentences = block.sentences
    frame = _frame(block, start, end)
    if block.parse.text[start:end].rstrip(CLOSING_MARKS).endswith(","):
        after = block.sentence_of(end - 1) + 1
        if after < len(sentences):
            following = sentences[after]
            frame += _frame(block, following.start_char, following.end_char)
    lead_in = None
    if block.parse.text[:start].rstrip().endswith(":"):
        previous = sentences[max(block.sentence_of(start) - 1, 0)]
        if previous.end_char <= start:
            lead_in = previous
            frame = _frame(block, previous.start_char, start) + frame
    return frame, lead_in


def _antecedent(pronoun: Token) -> Token:
    """What "which" or "who" stands for: the name just before it ("the Foreign Ministry,
    which said"), else the noun its clause hangs on."""
    before = [t for t in pronoun.doc[max(pronoun.i - 3, 0) : pronoun.i] if not t.is_punct]
    if before and before[-1].ent_type_ in NAMED:
        return before[-1]
    return pronoun.head.head if pronoun.head.dep_ == "relcl" else pronoun


def _without_verb(entity: Span) -> Span:
    """The tagger often takes "Said Miller" for one name."""
    return entity[1:] if entity[0].text in ("Said", "Says") and len(entity) > 1 else entity


def _subject(verb: Token, block: Parsed) -> Token | None:
    """The verb's subject outside the quote, climbing from "as saying" to "was quoted"."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not block.inside_quote(child.idx):
                return _antecedent(child) if child.tag_ in ("WDT", "WP") else child
        if verb.dep_ not in ("xcomp", "advcl", "pcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _phrase(token: Token) -> Span:
    """The named entity holding ``token`` (or named beside it: "his uncle, Brian Kennedy,
    said"), or its noun phrase up to the head noun."""
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG"):
            token = child
        if (
            token.lemma_.lower() in PAPERS
            and child.dep_ == "prep"
            and child.lower_ in ("by", "from", "of")
        ):
            named = [
                c for c in child.children if c.dep_ == "pobj" and c.ent_type_ in ("PERSON", "ORG")
            ]
            token = named[0] if named else token
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end and entity.label_ in NAMED:
            return _without_verb(entity)
    left = min(
        (
            c.left_edge.i
            for c in token.lefts
            if c.dep_ in ("det", "compound", "amod", "poss", "nmod")
        ),
        default=token.i,
    )
    return token.doc[left : token.i + 1]


def _is_bare(block: Parsed, start: int, end: int) -> bool:
    """A sentence that is all quote, but for a word such as "But"."""
    return sum(t.is_alpha for t in _frame(block, start, end)) <= 2


class _SpeakerIndex:
    """Who is named, and who is said to speak, in reading order: to resolve "she", "the
    ministry", and a quote that stands alone after "Sestanovich said Kerry will ..."."""

    def __init__(self, parsed: Sequence[Parsed]) -> None:
        self.named: dict[int, list[tuple[int, str, str, bool]]] = {}
        self.said: dict[int, list[tuple[int, int, Span]]] = {}  # (char, sentence, phrase)
        self.lead_ins: dict[int, dict[int, Span]] = {}  # paragraph end ":" -> its subject
        for block in parsed:
            for entity in block.entities(frozenset({"PERSON", "ORG"})):
                subject = entity.root.dep_ in ("nsubj", "nsubjpass")
                entry = (block.start + entity.start_char, entity.text, entity.label_, subject)
                self.named.setdefault(block.doc, []).append(entry)
            self.named.setdefault(block.doc, []).extend(_bodies(block))
            for n, sentence in enumerate(block.sentences, block.first_sentence):
                for verb in sentence:
                    if verb.lemma_.lower() in SPEECH_VERBS and not block.inside_quote(verb.idx):
                        speaker = _subject(verb, block)
                        if speaker is not None and speaker.lower_ not in PRONOUNS:
                            phrase = _phrase(speaker)
                            said = (block.start + phrase.start_char, n, phrase)
                            self.said.setdefault(block.doc, []).append(said)
            if block.parse.text.rstrip().endswith(":") and block.sentences:
                speaker = _subject(block.sentences[-1].root, block)
                if speaker is not None:
                    where = block.start + len(block.parse.text.rstrip())
                    self.lead_ins.setdefault(block.doc, {})[where] = _phrase(speaker)

    def lead_in(self, doc: int, where: int) -> Span | None:
        """The subject of a paragraph ending in a colon just before ``where``
        ("Rubinstein sent the following statement:" then the quote's paragraph)."""
        found = self.lead_ins.get(doc, {})
        return next((found[end] for end in range(where - 4, where) if end in found), None)

    def last_said(self, doc: int, where: int, since: int) -> Span | None:
        """The latest speaker of a speech verb before ``where``, from sentence ``since`` on."""
        earlier = [e for e in self.said.get(doc, []) if e[0] < where and e[1] >= since]
        return earlier[-1][2] if earlier else None

    def resolve(self, phrase: Span, doc: int, where: int, before: Sequence[Mention]) -> str:
        """A name for ``phrase``: itself if named; a pronoun's nearest person (or group)
        named as a subject before; a noun's nearest speaker or name with that noun."""
        if phrase.label_ in NAMED:
            return phrase.text
        named = [e for e in reversed(self.named.get(doc, [])) if e[0] < where]
        head = phrase.root.lower_
        if head in PERSON_PRONOUNS:
            return self._person_before(doc, where, named, before) or phrase.text
        if head in GROUP_PRONOUNS:
            papers = [e for e in named if e[2] == "PAPER"]
            orgs = papers or [e for e in named if e[2] in ("ORG", "BODY")]
            pick = next((e for e in orgs if e[3]), orgs[0] if orgs else None)
            return pick[1] if pick else phrase.text
        if phrase.root.pos_ in ("NOUN", "PROPN"):
            said = (m.speaker for m in reversed(before) if m.doc == doc and m.speaker)
            same = next((s for s in said if s.lower().split()[-1] == head), None)
            if same is not None:
                return same
            match = next((e[1] for e in named if head in e[1].lower().split()), None)
            if match is None and head in INSTITUTIONS:
                orgs = [e for e in named if e[2] == "ORG"]
                match = next((e[1] for e in orgs if e[3]), orgs[0][1] if orgs else None)
            if match is not None:
                return match
        return phrase.text

    def _person_before(
        self, doc: int, where: int, named: list, before: Sequence[Mention]
    ) -> str | None:
        """The nearest person named as a subject, or said to speak, before ``where``."""
        people = [(e[0], e[1]) for e in named if e[2] == "PERSON" and e[3]]
        for char, _, phrase in self.said.get(doc, []):
            if char < where and _may_be_person(phrase):
                people.append((char, self.resolve(phrase, doc, char, before)))
        return max(people)[1] if people else None


def _may_be_person(phrase: Span) -> bool:
    """A person's name, a surname the tagger took for an organisation ("Roizen"), or a
    noun phrase for a person ("a spokesman"), not for a body ("the force")."""
    if phrase.label_ == "PERSON":
        return True
    if phrase.label_ == "ORG":
        return len(phrase) == 1 and not phrase.text.isupper()
    return (
        not phrase.label_ and phrase.root.lower_ not in INSTITUTIONS and phrase.root.tag_ != "NNS"
    )


def _bodies(block: Parsed) -> list[tuple[int, str, str, bool]]:
    """Unnamed bodies and papers that are subjects ("the company", "Friday's report"):
    what "it said" may mean."""
    found = []
    for token in block.parse:
        lemma = token.lemma_.lower()
        if (
            lemma in INSTITUTIONS
            and token.dep_ in ("nsubj", "nsubjpass")
            and not token.ent_type_
            and not block.inside_quote(token.idx)
        ):
            phrase = _phrase(token)
            kind = "PAPER" if lemma in PAPERS else "BODY"
            found.append((block.start + phrase.start_char, phrase.text, kind, True))
    return found
