"""A language's data, kept apart from the logic that reads it.

Stop words, the words that make a sentence lean on the one before, speech verbs, web
vocabulary, and the patterns of speakers, bylines, captions and datelines: each language
is one TOML file in ``storyline/languages`` (as sumy keeps its stop words as files and
trafilatura its XPath expressions in one place), read into a :class:`Language` that the
stages get through ``Options.language``. English is the only language so far.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib.resources import files
from itertools import pairwise

import Stemmer
import tomllib

from storyline.errors import StorylineError
from storyline.text import TOKEN

_DATA = files("storyline") / "languages"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # "{speech_verbs}" in a pattern; not "{1,4}"


@dataclass(frozen=True, eq=False)
class Language:
    """One language's word lists and patterns, with the word helpers that depend on them."""

    code: str  # ISO 639-1
    name: str
    stemmer: str  # a Snowball algorithm PyStemmer ships ("porter", "french", ...)
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
        if key in self.lists:
            return "(?:" + "|".join(self.lists[key]) + ")"
        return self.expand(key)

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return self.words["stopwords"]

    @cached_property
    def stem(self) -> Callable[[str], str]:
        """The language's stemmer, word by word; cached, as news repeats its words."""
        return lru_cache(maxsize=65536)(Stemmer.Stemmer(self.stemmer).stemWord)

    def terms(self, text: str) -> list[str]:
        """Lower-cased content words (no stop words, no one- or two-letter tokens) and
        numbers."""
        stop = self.stopwords
        return [
            w for w in TOKEN.findall(text.lower()) if w not in stop and (len(w) > 2 or w.isdigit())
        ]

    def bigrams(self, text: str) -> set[tuple[str, str]]:
        """Stemmed word pairs, leaving out pairs of two stop words: a sentence's
        "concepts"."""
        tokens = TOKEN.findall(text.lower())
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


def available() -> list[str]:
    """Codes of the languages storyline has data for."""
    return sorted(p.name.removesuffix(".toml") for p in _DATA.iterdir() if p.name.endswith(".toml"))


@cache
def load_language(code: str) -> Language:
    """The language ``code`` (ISO 639-1), read once; an unknown code is a StorylineError."""
    if code not in available():
        raise StorylineError(
            "options", f"language {code!r}: not supported (supported: {', '.join(available())})"
        )
    data = tomllib.loads((_DATA / f"{code}.toml").read_text(encoding="utf-8"))
    return Language(
        code=data["code"],
        name=data["name"],
        stemmer=data["stemmer"],
        words={k: frozenset(v.split()) for k, v in data.get("words", {}).items()},
        lists={k: tuple(v) for k, v in data.get("lists", {}).items()},
        patterns=dict(data.get("patterns", {})),
    )
