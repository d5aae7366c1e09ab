"""What is not article prose: the tests a line or sentence of a page must pass.

Web furniture (share, print, comment and subscribe words crowding a line), shape (no
closing punctuation: a headline, label or menu), bylines and credits, photo captions,
editor's notes, promotions, and text in another script or language than the cluster's.
The cleaner (:mod:`storyline.ingest.clean`) drops such lines; the selector tests each
candidate sentence again, since a line that passes may hold a sentence that does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from storyline.language import Language, identify, language_for
from storyline.options import IngestOptions, Options
from storyline.text import TABLE_ROW


def _vocabulary(patterns: Sequence[str]) -> re.Pattern[str]:
    """One pattern for the words, grouped by first letter (each starts with a plain one):
    Python's engine then tries a handful of words at a word start, not all of them,
    which halves the time of the test every line and sentence goes through."""
    by_first: dict[str, list[str]] = {}
    for pattern in patterns:
        by_first.setdefault(pattern[0].lower(), []).append(pattern[1:])
    words = "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return re.compile(r"(?<![\w-])(?:" + words + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Rules:
    """A language's web vocabulary and patterns of credits, captions, notes and
    promotions (storyline/languages), compiled once."""

    web_words: re.Pattern[str]  # both vocabularies, strong first ("skip to" before "skip")
    strong: re.Pattern[str]  # tells a match of web_words strong or weak
    credit: re.Pattern[str]  # bylines and credits
    caption: re.Pattern[str]  # photo captions
    shown: tuple[str, ...]  # what a picture shows: a line without one needs no shown_caption
    shown_caption: re.Pattern[str]  # "A sign is shown at ..."
    editors_note: re.Pattern[str]  # the page's notes on itself
    to_the_reader: re.Pattern[str]  # a line telling the reader to look elsewhere
    dated_item: re.Pattern[str]  # an entry of a list or timeline ("2005/01/08 Tsunami aid")


@cache
def _rules(lang: Language) -> _Rules:
    strong, weak = lang.lists["strong_web_words"], lang.lists["weak_web_words"]
    return _Rules(
        # one pattern, one pass over a line; a match is then told strong or weak on its own
        web_words=_vocabulary([*strong, *weak]),
        strong=re.compile("|".join(strong), re.IGNORECASE),
        credit=lang.pattern("credit"),
        caption=lang.pattern("caption"),
        shown=lang.lists["shown"],
        shown_caption=lang.pattern("shown_caption"),
        editors_note=lang.pattern("editors_note"),
        to_the_reader=lang.pattern("to_the_reader"),
        dated_item=lang.pattern("dated_item"),
    )


_CALL_TO_ACTION = re.compile(r"(?:\b[A-Z]{2,}\b[ !]*){2,}$")
# A sentence ends on one of these, perhaps inside quotation marks: a line ending on a
# quotation with no stop in it is a headline ("Mayor has 'come back a long way'")
_CLOSING = tuple(".!?)…:。！？」』）")  # and the full stops of Chinese and Japanese
_CLOSING_QUOTES = "\"”’'»«“‘›」』 "  # « and “ close German and Czech quotes
_BEYOND_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # a letter of another script
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER = re.compile(r"(?<![\w'’-])\d+(?![\w'’-])")  # a line word (LINE_WORD) of digits only
NOT_A_SENTENCE = "not a sentence (headline, label or menu)"
LINE_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # a token of the line tests


def junk_reason(
    line: str,
    options: Options,
    script: str | None = None,
    language: str | None = None,
    *,
    shape: bool = True,
) -> str | None:
    """Why a line (or sentence) in ``options.language`` is not article prose, or None.

    ``script`` and ``language`` (a code) are the cluster's as detected; without them no
    language test is made. ``shape=False`` leaves out the test for a sentence's shape
    (:data:`NOT_A_SENTENCE`): is the line junk, or only not prose?
    """
    limits = options.ingest
    if len(line) > limits.max_line_chars:
        return "not a paragraph (a line longer than any news article)"
    words = LINE_WORD.findall(line)
    if not words:
        return "no words"
    lang = language_for(options.language, [line])
    rules = _rules(lang)
    if is_furniture(line, lang, words):
        return "web page furniture"
    if shape and (
        TABLE_ROW.match(line)  # data, kept for the reading, never a sentence
        or (not ends_sentence(line) and len(words) < limits.long_unpunctuated_words)
    ):
        return NOT_A_SENTENCE
    stripped = line.strip()
    if rules.credit.search(stripped):
        return "byline or credit"
    if rules.caption.search(stripped) or (
        any(word in stripped for word in rules.shown) and rules.shown_caption.match(stripped)
    ):
        return "photo caption"
    if rules.editors_note.match(stripped):
        return "editor's note"
    if rules.dated_item.match(stripped):
        return "dated list entry"
    if (_shouts(stripped) and not line.isupper()) or rules.to_the_reader.match(stripped):
        return "promotion"
    if script and language and _foreign(line, words, (script, language), limits):
        return "other language"
    return None


def ends_sentence(line: str) -> bool:
    """True if ``line`` ends as a sentence does, perhaps inside quotation marks."""
    return line.rstrip(_CLOSING_QUOTES).endswith(_CLOSING)


def _shouts(stripped: str) -> bool:
    """A line ending on two words in capitals ("... SIGN UP NOW!"). Such a line ends on a
    capital or "!", which the pattern, slow on prose (it tries every capital), needs not
    look at otherwise: the same verdicts on all 36,796 dev lines and sentences."""
    return (stripped[-1:] == "!" or "A" <= stripped[-1:] <= "Z") and bool(
        _CALL_TO_ACTION.search(stripped)
    )


def is_furniture(line: str, lang: Language, words: list[str] | None = None) -> bool:
    """True for share/print/comment/subscribe lines: web vocabulary crowds the words (a
    share of them, so that a whole article on one line, which may well say "newsletter"
    five times, is not furniture). ``words`` are the line's ``LINE_WORD`` tokens, if the
    caller has them already."""
    rules = _rules(lang)
    hits = _ui_hits(line, rules)
    if not hits:
        return False
    words = LINE_WORD.findall(line) if words is None else words
    n = len(words)
    if n <= 6 or (hits >= 2 and hits * 8 >= n):
        return True
    head = " ".join(words[:6])  # widget text glued before a sentence: "Skip x Embed x Share The"
    return _ui_hits(head, rules) >= 2


def _ui_hits(text: str, rules: _Rules) -> int:
    """Web words in ``text``, a strong one counting twice."""
    return sum(2 if rules.strong.fullmatch(word) else 1 for word in rules.web_words.findall(text))


def _foreign(line: str, words: list[str], detected: tuple[str, str], limits: IngestOptions) -> bool:
    """True for a line in another script, or long enough to tell in another language
    (its numbers do not count). A table row ("| Mark Harper | Transport Secretary |" on
    a Spanish page) is the article's data, in whatever language its names are."""
    if TABLE_ROW.match(line):
        return False
    script, language = detected
    if script_of(line) not in (script, None):
        return True
    least = limits.foreign_min_words
    if len(words) < least or len(words) - len(_NUMBER.findall(line)) < least:  # short first
        return False
    found = identify(line)
    return found is not None and found != language


def script_of(text: str) -> str | None:
    """The alphabet most letters of ``text`` are written in (LATIN, CYRILLIC, ...)."""
    if not _BEYOND_LATIN.search(text):  # fast path: nothing past Latin Extended
        return "LATIN" if _LETTER.search(text) else None
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[unicodedata.name(char, "UNKNOWN").split(" ")[0]] += 1
    return counts.most_common(1)[0][0] if counts else None
