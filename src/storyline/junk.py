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

import pycld2

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
# The page's notes on itself, not news: "Editor's Note: ...", "Correction: ...", "This story
# was last updated at 3:39 p.m.", and what an update label announced ("Adds comment from ...")
_EDITORS_NOTE = re.compile(
    r"^\W*(?:(?:editor[’']?s[’']? note|note|correction|clarification)\s*:"
    r"|this (?:story|article|post|report) (?:was|has been) (?:last )?updated\b"
    r"|(?:adds|added|article updated|story updated)\b[^:\"“”]{0,60}$)",
    re.IGNORECASE,
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
LINE_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # a token of the line tests
LONG_UNPUNCTUATED_WORDS = 30  # a line this long is prose even without a full stop
MAX_LINE_CHARS = 100_000  # ~16,000 words without a line break: data or a dump, not news
FOREIGN_MIN_WORDS = 6


def junk_reason(line: str, script: str | None = None, language: str | None = None) -> str | None:
    """Why a line (or sentence) is not article prose, or None if it is.

    ``script`` and ``language`` are the cluster's; without them no language test is made.
    """
    if len(line) > MAX_LINE_CHARS:
        return "not a paragraph (a line longer than any news article)"
    words = LINE_WORD.findall(line)
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
    ``words`` are the line's ``LINE_WORD`` tokens, if the caller has them already."""
    hits = _ui_hits(line)
    if not hits:
        return False
    words = LINE_WORD.findall(line) if words is None else words
    n = len(words)
    if n <= 6 or (hits >= 2 and hits * 8 >= n) or hits >= 6:
        return True
    head = " ".join(words[:6])  # widget text glued before a sentence: "Skip x Embed x Share The"
    return _ui_hits(head) >= 2


def _ui_hits(text: str) -> int:
    """Web words in ``text``, a strong one counting twice."""
    return sum(2 if _STRONG.fullmatch(word) else 1 for word in _UI.findall(text))


def _foreign(line: str, words: list[str], script: str, language: str) -> bool:
    if script_of(line) not in (script, None):
        return True
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    detected = language_of(line)
    return detected is not None and detected != language


def script_of(text: str) -> str | None:
    """The alphabet most letters of ``text`` are written in (LATIN, CYRILLIC, ...)."""
    if not _BEYOND_LATIN.search(text):  # fast path: nothing past Latin Extended
        return "LATIN" if _LETTER.search(text) else None
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[unicodedata.name(char, "UNKNOWN").split(" ")[0]] += 1
    return counts.most_common(1)[0][0] if counts else None


def language_of(text: str) -> str | None:
    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return None
    code = details[0][1]
    return code if reliable and code != "un" else None
