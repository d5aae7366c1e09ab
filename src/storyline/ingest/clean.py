"""Find the article text inside scraped pages: which lines are news, which are junk.

The signals are general, not a list of one site's strings:

* shape: a line with no closing punctuation is a headline, label or menu;
* web vocabulary: share/print/comment/subscribe/cookie words crowding a line;
* language and script: captions in another language or alphabet;
* repetition: a line repeated inside a document, equal to its headline, or a
  short line that recurs across documents (site furniture);
* credits: bylines, photo credits, "contributed to this report".

The result keeps offsets: each kept line is a :class:`Block` of the article's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

import pycld2

from storyline.data import Article, Block
from storyline.text import outside_quotes

# Words of web pages rather than of news. Strong ones almost never occur in news prose.
_STRONG_UI = [
    r"subscrib\w*",
    r"newsletters?",
    r"sign (?:up|in)",
    r"log ?in",
    r"log out",
    r"cookies?",
    r"privacy policy",
    r"terms of (?:use|service)",
    r"all rights reserved",
    r"javascript",
    r"browsers?",
    r"ad ?blocker",
    r"skip to",
    r"crawl\w*",
    r"wayback",
    r"internet archive",
    r"web captures?",
    r"ip address",
    r"dns",
    r"page not found",
    r"continued below",
    r"continue reading",
    r"article continues",
    r"download (?:the|our) app",
    r"permalink",
    r"click",
    r"tap here",
    r"read more",
    r"learn more",
    r"sort by",
    r"follow us",
]
_WEAK_UI = [
    r"share",
    r"e-?mail",
    r"print",
    r"comments?",
    r"register",
    r"see more",
    r"more stories",
    r"related (?:stories|articles)",
    r"recommended",
    r"advertisements?",
    r"advertising",
    r"sponsored",
    r"promoted",
    r"copyright",
    r"©",
    r"menu",
    r"accessibility",
    r"breaking news",
    r"alerts?",
    r"inbox",
    r"notifications?",
    r"tweets?",
    r"retweet",
    r"facebook",
    r"twitter",
    r"instagram",
    r"whatsapp",
    r"linkedin",
    r"pinterest",
    r"reddit",
    r"not available",
    r"play video",
    r"watch video",
    r"photo gallery",
    r"slideshow",
    r"embed",
    r"video",
    r"photos?",
    r"images?",
    r"skip",
]


def _vocabulary(patterns: list[str]) -> re.Pattern[str]:
    """One pattern for the words, grouped by first letter (each starts with a plain one):
    Python's engine then tries a handful of words at a word start, not all of them,
    which halves the time of the test every line and sentence goes through."""
    by_first: dict[str, list[str]] = {}
    for pattern in patterns:
        by_first.setdefault(pattern[0].lower(), []).append(pattern[1:])
    words = "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return re.compile(r"(?<![\w-])(?:" + words + r")(?![\w-])", re.IGNORECASE)


# Both vocabularies in one pattern (strong words first, so "skip to" wins over "skip"):
# one pass over a line instead of two; a match is then told strong or weak on its own.
_UI = _vocabulary(_STRONG_UI + _WEAK_UI)
_STRONG = re.compile("|".join(_STRONG_UI), re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:by|photo|photograph|image|credit|source|video|reporting by|editing by|written by|"
    r"additional reporting|follow)\b[^.]{0,80}$|contributed to this report|"
    r"archive-it (?:partner|service)\b|"  # a web archive's banner about the collection
    r"\((?:AP|AFP|Reuters|Getty)[^)]{0,60}\)$|"
    r"^[^.!?]{0,80}\b(?:AP|AFP|Reuters|EPA|Getty Images|Newscom|Shutterstock)\s*(?:/|$)",
    re.IGNORECASE,
)
# Photo captions: "In this May 4, 2012, file photo, ...", "FILE - ...", "A handout photo shows",
# and agency captions that end on the day the picture was taken: "..., Tuesday, June 25, 2013."
_CAPTION = re.compile(
    r"^(?:FILE\s*[-–—]|(?:In|On) (?:this|a|an|the) [^.]{0,40}\b(?:photo|image|picture)\b|"
    r"(?:An? |The )?(?:handout |file |undated )?(?:photo|image|picture)(?:graph)? "
    r"(?:from|by|of|taken|shows|released)\b)|"
    r",\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}\.?$",
    re.IGNORECASE,
)
# ... and what the picture shows, told in the present: "A sign is shown at Dickey's Barbecue
# Pit Thursday", "An emailed hoax bomb threat is seen on a computer screen" (not "is seen as")
_SHOWN = ("shown", "seen", "pictured")  # a line without one of these needs no regex
_SHOWN_CAPTION = re.compile(
    rf"[^,;:\"“`]{{3,120}}?\b(?:is|are) (?:{'|'.join(_SHOWN)})(?=\.|\s+(?:in|on|at|inside|outside"
    r"|during|from|near|with|after|before|here|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)",
    re.IGNORECASE,
)
# "SOCHI, Russia -", "LOS ANGELES (CBSLA.com) —", wire copy's "LONDON (AP) _", a place in
# title case before a long dash ("Meadow Lake, Saskatchewan –"), and the day the page
# prints before its text ("Tuesday, January 18, 2005Through a telethon, ...")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ ]{1,30})?\s*(?:\([A-Za-z][\w.&' -]{0,30}\))?"
    r"\s*(?:[–—-]+|_)\s+"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}, [A-Z][a-z.]+(?: [A-Z][a-z]+){0,3}\s+[–—]\s+"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December) \d{1,2}, \d{4}\s*(?=[A-Z]))"
)
_HERE = re.compile(r"\bhere\b", re.IGNORECASE)  # ... which the dateline's place may be
# An update's label before the news it adds: "UPDATE:", "Update, 8:46 p.m.:",
# "7 PM EASTERN UPDATE:", "Update, July 7th, 6:40PM ET:" (a colon inside a time is not its end)
_UPDATE_LABEL = re.compile(
    r"^(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[a-z]+\s+)?)?updated?\b(?:[^:\n]|:(?=\d)){0,40}:\s+",
    re.IGNORECASE,
)
# The page's notes on itself, not news: "Editor's Note: ...", "Correction: ...", "This story
# was last updated at 3:39 p.m.", and what an update label announced ("Adds comment from ...")
_EDITORS_NOTE = re.compile(
    r"^\W*(?:(?:editor[’']?s[’']? note|note|correction|clarification)\s*:"
    r"|this (?:story|article|post|report) (?:was|has been) (?:last )?updated\b"
    r"|(?:adds|added|article updated|story updated)\b[^:\"“”]{0,60}$)",
    re.IGNORECASE,
)
_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?\"”’'])\s+(?:[–—-]+\s*[A-Z][^–—.!?\"”]{0,60}"  # "- Jo Biddle, AFP /"
    r"|\((?:[a-z]{1,6}[-/]?)+\))$"  # a wire desk's initials: "(mc/bk)", "(jo-pa-ls-jh)"
)
_CALL_TO_ACTION = re.compile(r"(?:\b[A-Z]{2,}\b[ !]*){2,}$")
# ... or one that opens by telling the reader to look elsewhere: "Check out the questions
# to see ...", "Watch NBC 7 News at 4 p.m. for updates", "Visit the Star-Telegram's ...",
# or with a link or its label: "WATCH: Serena Williams and Fiance ... See Their Swaddles!",
# "(PHOTOS: Beyoncé and Jay-Z in Cuba)", "MORE: Why ...", "www.year2000.com _ The Year ..."
_TO_THE_READER = re.compile(
    r"^\W*(?:(?:check out|watch|visit|click|tap|scroll|see|read|listen to|don[’']t miss"
    r"|find out|take a look at)\s+(?:the|our|this|these|those|his|her|their|more|all|what|how"
    r"|why|who|[A-Z0-9])"
    r"|(?:watch|video|photos?|pics|(?:interactive )?map|more(?: news)?|related|read more"
    r"|see also|listen|bonus)\s*:\s"
    r"|(?:https?://|www\.)\S+\s+[_–—-]\s)",
    re.IGNORECASE,
)
# A sentence ends on one of these, perhaps inside quotation marks: a line ending on a
# quotation with no stop in it is a headline ("Mayor has 'come back a long way'")
_CLOSING = tuple(".!?)…:")
_CLOSING_QUOTES = "\"”’'» "
_BEYOND_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # a letter of another script
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
LONG_UNPUNCTUATED_WORDS = 30  # a line this long is prose even without a full stop
SHORT_REPEATED_WORDS = 15  # a line this short seen in two documents is site furniture
MAX_LINE_CHARS = 100_000  # ~16,000 words without a line break: data or a dump, not news
FOREIGN_MIN_WORDS = 6
SCRIPT_SAMPLE_CHARS = 1_000_000


def clean(articles: Sequence[Article]) -> list[list[Block]]:
    """Return, for each article, the spans of its text that are article prose."""
    clean_one = cleaner(articles)
    return [clean_one(doc) for doc in range(len(articles))]


def cleaner(articles: Sequence[Article]) -> Callable[[int], list[Block]]:
    """The cleaning of one article of this cluster, by its number: what makes a line junk
    depends on the cluster (its script and language, lines several documents share), so
    that is read first; the articles can then be cleaned one by one (and a progress bar
    move)."""
    lines = [_lines(a.text) for a in articles]
    script, language = _dominant_script_and_language(articles)
    shared = _lines_in_several_documents(articles, lines)

    def clean_one(doc: int) -> list[Block]:
        return _clean_one(articles[doc], lines[doc], script, language, shared)

    return clean_one


def _clean_one(
    article: Article,
    lines: list[tuple[int, int]],
    script: str,
    language: str,
    shared: set[str],
) -> list[Block]:
    seen: set[str] = set()
    title = _norm(article.title or "")
    blocks = []
    for start, end in lines:
        block = _trim(article.text, start, end)
        line = article.text[block.start : block.end]
        key = _norm(line)
        if (
            junk_reason(line, script, language) is None
            and key not in seen
            and key != title
            and not (key in shared and len(line.split()) <= SHORT_REPEATED_WORDS)
        ):
            blocks.append(block)
            seen.add(key)
    return blocks


def _trim(text: str, start: int, end: int) -> Block:
    """Cut a leading dateline ("SOCHI, Russia -") or update label ("UPDATE:") and a trailing
    credit ("- Jo Biddle, AFP /"). A dateline stays when the text says "here" outside a
    quotation ("PRAGUE, April 20 (Xinhua) -- ... arrived here today"): it names the place."""
    line = text[start:end]
    dateline = _DATELINE.match(line)
    if dateline and outside_quotes(_HERE, line[dateline.end() :]):
        dateline = None
    if label := dateline or _UPDATE_LABEL.match(line):
        start += label.end()
    if credit := _TRAILING_CREDIT.search(text[start:end]):
        end = start + credit.start()
    return Block(start, end)


def junk_reason(line: str, script: str | None = None, language: str | None = None) -> str | None:
    """Why a line (or sentence) is not article prose, or None if it is.

    ``script`` and ``language`` are the cluster's; without them no language test is made.
    """
    if len(line) > MAX_LINE_CHARS:
        return "not a paragraph (a line longer than any news article)"
    words = _WORD.findall(line)
    if not words:
        return "no words"
    if is_furniture(line, words):
        return "web page furniture"
    if not line.rstrip(_CLOSING_QUOTES).endswith(_CLOSING) and len(words) < LONG_UNPUNCTUATED_WORDS:
        return "not a sentence (headline, label or menu)"
    stripped = line.strip()
    if _CREDIT.search(stripped):
        return "byline or credit"
    if _CAPTION.search(stripped) or (
        any(word in stripped for word in _SHOWN) and _SHOWN_CAPTION.match(stripped)
    ):
        return "photo caption"
    if _EDITORS_NOTE.match(stripped):
        return "editor's note"
    if (_shouts(stripped) and not line.isupper()) or _TO_THE_READER.match(stripped):
        return "promotion"
    if script and language and _foreign(line, words, script, language):
        return "other language"
    return None


def _shouts(stripped: str) -> bool:
    """A line ending on two words in capitals ("... SIGN UP NOW!"). Such a line ends on a
    capital or "!", which the pattern, slow on prose (it tries every capital), needs not
    look at otherwise: the same verdicts on all 36,796 dev lines and sentences."""
    return (stripped[-1:] == "!" or "A" <= stripped[-1:] <= "Z") and bool(
        _CALL_TO_ACTION.search(stripped)
    )


def is_furniture(line: str, words: list[str] | None = None) -> bool:
    """True for share/print/comment/subscribe lines: web vocabulary crowds the words.
    ``words`` are the line's ``_WORD`` tokens, if the caller has them already."""
    hits = _ui_hits(line)
    if not hits:
        return False
    words = _WORD.findall(line) if words is None else words
    n = len(words)
    if n <= 6 or (hits >= 2 and hits * 8 >= n) or hits >= 6:
        return True
    head = " ".join(words[:6])  # widget text glued before a sentence: "Skip x Embed x Share The"
    return _ui_hits(head) >= 2


def _ui_hits(text: str) -> int:
    """Web words in ``text``, a strong one counting twice."""
    return sum(2 if _STRONG.fullmatch(word) else 1 for word in _UI.findall(text))


def _foreign(line: str, words: list[str], script: str, language: str) -> bool:
    if _script(line) not in (script, None):
        return True
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    detected = _language(line)
    return detected is not None and detected != language


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines, stripped of surrounding white space."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            spans.append((start, start + len(stripped)))
    return spans


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _lines_in_several_documents(
    articles: Sequence[Article], lines: list[list[tuple[int, int]]]
) -> set[str]:
    counts: Counter[str] = Counter()
    for article, spans in zip(articles, lines, strict=True):
        counts.update({_norm(article.text[s:e]) for s, e in spans})
    return {key for key, count in counts.items() if count > 1 and key}


def _script(text: str) -> str | None:
    """The alphabet most letters of ``text`` are written in (LATIN, CYRILLIC, ...)."""
    if not _BEYOND_LATIN.search(text):  # fast path: nothing past Latin Extended
        return "LATIN" if _LETTER.search(text) else None
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[unicodedata.name(char, "UNKNOWN").split(" ")[0]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _language(text: str) -> str | None:
    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return None
    code = details[0][1]
    return code if reliable and code != "un" else None


def _dominant_script_and_language(articles: Sequence[Article]) -> tuple[str, str]:
    """From the start of every article, about a megabyte in all (a bigger sample tells
    no more, and a 50 MB cluster would spend a minute on it)."""
    per_article = min(5000, max(200, SCRIPT_SAMPLE_CHARS // max(1, len(articles))))
    sample = "\n".join(a.text[:per_article] for a in articles)
    return _script(sample) or "LATIN", _language(sample) or "en"
