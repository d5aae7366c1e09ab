"""storyline: many news articles about one story in, one short sourced brief out.

>>> from storyline import summarize
>>> brief = summarize([text_one, text_two], words=250)
>>> brief.text, brief.sentences[0].citations
"""

import os

# numpy's OpenBLAS starts a thread per core, and they spin between the many small products
# a brief needs: on 2 cores a brief took twice the CPU for no less wall time, CPU that a
# server's other worker or a batch run's other process could use (bench/RESULTS.md,
# "Serving"). One thread, unless the user chose; this must come before numpy is loaded.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from storyline.core import pipe, readings, summarize
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
    "readings",
    "summarize",
]
