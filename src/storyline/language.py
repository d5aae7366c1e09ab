"""A language's data, kept apart from the logic that reads it.

Stop words, the words that make a sentence lean on the one before, speech verbs, web
vocabulary, and the patterns of speakers, bylines, captions and datelines: a language with
rules of its own is one TOML file in ``storyline/languages`` (as sumy keeps its stop words
as files and trafilatura its XPath expressions in one place), read into a :class:`Language`
that the stages get through ``Options.language``. English has one. Every other language
stopwordsiso knows gets its stop words from there and its stemmer from Snowball
(``languages/snowball.toml``), or, written without spaces (Chinese, Japanese), its words
from BudouX (``languages/segmenters.toml``); its discourse rules (speech verbs, openers
that point back) are empty, and the web vocabulary stays English, the language of most
page furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib.resources import files
from itertools import pairwise

import pycld2
import Stemmer
import stopwordsiso
import tomllib

from storyline.errors import StorylineError
from storyline.text import TABLE_ROW, TOKEN

_DATA = files("storyline") / "languages"
_TABLES = (
    "snowball.toml",
    "segmenters.toml",
    "clitics.toml",
    "speech.toml",  # read by storyline.insights.speech
)  # data of many languages, not one's rules
_KANA_ENDING = re.compile(r"(?<=[^\u3040-\u309f])[\u3040-\u309f]+$")  # hiragana after a stem
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # "{speech_verbs}" in a pattern; not "{1,4}"


@dataclass(frozen=True, eq=False)
class Language:
    """One language's word lists and patterns, with the word helpers that depend on them."""

    code: str  # ISO 639-1
    name: str
    stemmer: str  # a Snowball algorithm PyStemmer ships ("porter", "french", ...)
    segmenter: str  # for a language written without spaces: BudouX's model ("ja"), else ""
    clitics: str  # letters a word may open on that are words of their own (Hebrew's ו, ה)
    words: dict[str, frozenset[str]]  # named word lists
    lists: dict[str, tuple[str, ...]]  # named lists of regular-expression alternatives
    patterns: dict[str, str] = field(repr=False)  # named regular expressions, as written

    def pattern(self, name: str, flags: int = 0) -> re.Pattern[str]:
        """The pattern ``name``, its "{list}" and "{pattern}" placeholders filled in."""
        return _compiled(self, name, flags)

    def expand(self, name: str) -> str:
        """The source of pattern ``name`` with its placeholders filled in."""
        return _PLACEHOLDER.sub(self._fill, self.patterns[name])

    def _fill(self, match: re.Match[str]) -> str:
        key = match.group(1)
        if key in self.lists:  # an empty list never matches
            return "(?:" + "|".join(self.lists[key]) + ")" if self.lists[key] else "(?!)"
        return self.expand(key)

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return self.words["stopwords"]

    @cached_property
    def stem(self) -> Callable[[str], str]:
        """The language's stemmer, word by word; cached, as news repeats its words. A
        language Snowball does not know keeps its words as they are, but for a clitic it
        opens on ("בירושלים" -> "ירושלים": "in Jerusalem" -> "Jerusalem"), when three
        letters or more are left: one, not two (better on MultiLing's Hebrew topics)."""
        snowball = Stemmer.Stemmer(self.stemmer).stemWord if self.stemmer else str
        if not self.clitics:
            return lru_cache(maxsize=65536)(snowball) if self.stemmer else str
        opening = re.compile(rf"^[{re.escape(self.clitics)}](?=\w{{3}})")
        return lru_cache(maxsize=65536)(lambda word: snowball(opening.sub("", word)))

    @cached_property
    def _phrases(self) -> Callable[[str], list[str]]:
        """BudouX's cut of a text into phrases, for a language written without spaces."""
        import budoux

        load = {
            "ja": budoux.load_default_japanese_parser,
            "zh-hans": budoux.load_default_simplified_chinese_parser,
        }
        return load[self.segmenter]().parse

    def tokens(self, text: str) -> list[str]:
        """Lower-cased words of ``text``. Chinese and Japanese are cut by BudouX; a
        Japanese phrase loses the kana endings and particles after its stem ("地震が" ->
        "地震"), as a Snowball stemmer cuts an ending."""
        if not self.segmenter:
            return TOKEN.findall(text.lower())
        found = []
        for phrase in self._phrases(text.lower()):
            for word in TOKEN.findall(phrase):
                stem = _KANA_ENDING.sub("", word)
                found.append(stem or word)
        return found

    def terms(self, text: str) -> list[str]:
        """Lower-cased content words (no stop words, no one- or two-letter tokens; in
        Chinese and Japanese no one-character ones) and numbers."""
        stop, shortest = self.stopwords, 2 if self.segmenter else 3
        return [
            w for w in self.tokens(text) if w not in stop and (len(w) >= shortest or w.isdigit())
        ]

    def bigrams(self, text: str) -> set[tuple[str, str]]:
        """Stemmed word pairs, leaving out pairs of two stop words: a sentence's
        "concepts"."""
        tokens = self.tokens(text)
        stems = list(map(self.stem, tokens))
        stop = self.stopwords
        return {
            pair
            for (a, b), pair in zip(pairwise(tokens), pairwise(stems), strict=True)
            if not (a in stop and b in stop)
        }


@cache
def _compiled(language: Language, name: str, flags: int) -> re.Pattern[str]:
    return re.compile(language.expand(name), flags)


@cache
def available() -> list[str]:
    """Codes of the languages storyline can brief in."""
    return sorted(set(_with_rules()) | stopwordsiso.langs())


def _with_rules() -> list[str]:
    """Languages with a file of rules of their own."""
    return [
        p.name.removesuffix(".toml")
        for p in _DATA.iterdir()
        if p.name.endswith(".toml") and p.name not in _TABLES
    ]


@cache
def load_language(code: str) -> Language:
    """The language ``code`` (ISO 639-1), read once; an unknown code is a StorylineError."""
    if code in _with_rules():
        return _from_file(code)
    if code not in available():
        raise StorylineError(
            "options", f"language {code!r}: not supported (supported: {', '.join(available())})"
        )
    english = _from_file("en")
    stemmers = tomllib.loads((_DATA / "snowball.toml").read_text(encoding="utf-8"))
    segmenters = tomllib.loads((_DATA / "segmenters.toml").read_text(encoding="utf-8"))
    clitics = tomllib.loads((_DATA / "clitics.toml").read_text(encoding="utf-8"))
    return Language(
        code=code,
        name=_NAMES.get(code, code).title(),
        stemmer=stemmers.get(code, ""),
        segmenter=segmenters.get(code, ""),
        clitics=clitics.get(code, "").replace(" ", ""),
        words={
            **{name: frozenset() for name in english.words},  # no discourse rules
            "stopwords": frozenset(stopwordsiso.stopwords(code)),
        },
        lists={**english.lists, "speech_verbs": ()},
        patterns=english.patterns,
    )


def _from_file(code: str) -> Language:
    data = tomllib.loads((_DATA / f"{code}.toml").read_text(encoding="utf-8"))
    return Language(
        code=data["code"],
        name=data["name"],
        stemmer=data["stemmer"],
        segmenter=data.get("segmenter", ""),
        clitics=data.get("clitics", ""),
        words={k: frozenset(v.split()) for k, v in data.get("words", {}).items()},
        lists={k: tuple(v) for k, v in data.get("lists", {}).items()},
        patterns=dict(data.get("patterns", {})),
    )


_NAMES = {code: name for name, code in pycld2.LANGUAGES}  # "el" -> "GREEK"
_NAMES["he"] = _NAMES["iw"]
# The identifier's codes that are not ISO 639-1's, and languages it tells apart that a
# reader does not (it names the lines of an Indonesian page Malay)
_ISO = {"iw": "he", "zh-Hant": "zh", "jw": "jv", "ms": "id"}
# Languages written right to left: the page and HTML output set ``dir`` by them
_RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})
AUTO = "auto"  # Options.language: the language most of a cluster's articles are written in
SAMPLE_CHARS = 5000  # of an article's start, what its language is told from


def direction(code: str | None) -> str:
    """ "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if code in _RIGHT_TO_LEFT else "ltr"


@lru_cache(maxsize=1024)  # a brief asks of each article's start up to three times
def identify(text: str) -> str | None:
    """The language ``text`` is written in (ISO 639-1), or None when that is not clear."""
    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return None
    code = _ISO.get(details[0][1], details[0][1])
    return code if reliable and code != "un" else None


def text_language(text: str, sample: int = SAMPLE_CHARS) -> str | None:
    """The language an article is written in, told from its start; a table's rows are
    left out (names and numbers: an English table on a French page is no English)."""
    head = text[:sample]
    if "|" in head:
        head = TABLE_ROW.sub("", text[: sample * 4])[:sample]
    return identify(head)


def language_for(asked: str, texts: Sequence[str]) -> Language:
    """The language to read ``texts`` in: ``asked``, or with ``auto`` theirs, English when
    theirs is one storyline has no rules for (a line, a lead: still read, not briefed)."""
    try:
        return load_language(brief_language(texts, asked))
    except StorylineError:
        if asked != AUTO:
            raise
        return load_language("en")


def brief_language(texts: Sequence[str], asked: str, sample: int = SAMPLE_CHARS) -> str:
    """The language a brief of ``texts`` is written in: ``asked``, or with ``auto`` the one
    most of them are written in (each told from its start), English when none is clear."""
    if asked != AUTO:
        return asked
    found = Counter(code for text in texts if (code := text_language(text, sample)))
    code = found.most_common(1)[0][0] if found else "en"
    if code not in available():
        name = _NAMES.get(code, code).title()
        raise StorylineError(None, f"written in {name} ({code}), which storyline cannot brief yet")
    return code
