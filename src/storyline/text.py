"""Small word-level helpers shared by the stages: content terms and opener words."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

import Stemmer

# A word: letters or digits, with inner apostrophes ("don't", "Putin’s")
WORD = r"[^\W_]+(?:['’][^\W_]+)*"
_TOKEN = re.compile(WORD)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own said same say says she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would
    you your yours yourself yourselves mr mrs ms one two new told year years also like get
    got it's that's he's she's there's we're they're don't didn't won't can't
    """.split()
)

# Words that make a sentence lean on the one before it when they open it.
LEANING_OPENERS = frozenset(
    """
    he she it they him her them his its their this these those that there but and or so yet
    also however still meanwhile moreover furthermore instead then thus therefore besides
    nevertheless otherwise likewise similarly later afterward afterwards such both
    """.split()
)


# Verbs that attribute words to a speaker, as written ("..., he said", "Trump tweeted"); a
# pattern, unlike the lemmas spaCy's parse is matched against in insights.quotes
ATTRIBUTION_VERBS = (
    r"(?:said|says|told|tells|added|adds|wrote|writes|tweeted|asked|asks|explained|recalled"
    r"|shouted|continued|insisted|noted)"
)

# Paired quotation marks inside one paragraph: curly, straight ones taken in pairs, or wire
# copy's ``like this''. A quote opened and not closed runs to the paragraph's end: news
# style for a quote that goes on in the next paragraph, which opens with a mark again.
QUOTE_MARKS = re.compile(r"“[^“”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)|``[^\n]*?(?:''|$)")
OPENING_MARKS = '“"`'  # what a QUOTE_MARKS quote opens on ...
CLOSING_MARKS = "”\"'"  # ... and closes on (wire copy: two apostrophes)
CLOSES = dict(zip(OPENING_MARKS, CLOSING_MARKS, strict=True))  # opening -> its closing mark


# Characters a terminal acts on (ESC opens escape sequences that retitle a window or
# rewrite the screen, BEL rings, CR returns over the line): never printed as text
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters but tab and newline: safe on a terminal."""
    return _CONTROL_CHARACTERS.sub("", text)


def outside_quotes(pattern: re.Pattern[str], text: str) -> bool:
    """True if ``pattern`` matches ``text`` outside its quotations: the text's own words, not
    a speaker's. Most texts do not match at all; only those that do lose their quotations
    and are searched again."""
    return bool(pattern.search(text) and pattern.search(QUOTE_MARKS.sub(" ", text)))


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def terms(text: str) -> list[str]:
    """Lower-cased content words (no stop words, no one- or two-letter tokens) and numbers."""
    return [
        w
        for w in _TOKEN.findall(text.lower())
        if w not in STOPWORDS and (len(w) > 2 or w.isdigit())
    ]


def opener(text: str) -> str:
    """The first word, lower-cased, without leading quotes or punctuation."""
    found = _TOKEN.search(text)
    return found.group().lower() if found else ""


_STEMMER = Stemmer.Stemmer("porter")  # Snowball's C Porter stemmer: light to import, fast
stem = lru_cache(maxsize=65536)(_STEMMER.stemWord)


def bigrams(text: str) -> set[tuple[str, str]]:
    """Stemmed word pairs, leaving out pairs of two stop words: the "concepts" of a sentence."""
    tokens = _TOKEN.findall(text.lower())
    stems = list(map(stem, tokens))  # a news text repeats its words: cached, twice as fast
    return {
        pair
        for (a, b), pair in zip(pairwise(tokens), pairwise(stems), strict=True)
        if not (a in STOPWORDS and b in STOPWORDS)
    }
