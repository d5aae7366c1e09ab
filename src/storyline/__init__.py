"""storyline: many news articles about one story in, one short sourced brief out.

>>> from storyline import summarize
>>> brief = summarize([text_one, text_two], words=250)
>>> brief.text, brief.sentences[0].citations
"""

from storyline.core import pipe, summarize
from storyline.data import Article, Brief, BriefSentence, Citation, Cluster, DocumentReport
from storyline.errors import StorylineError
from storyline.options import DEFAULTS, Options

__all__ = [
    "DEFAULTS",
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Cluster",
    "DocumentReport",
    "Options",
    "StorylineError",
    "pipe",
    "summarize",
]
