"""Coverage-guided fuzzing (atheris) of every reader and of the summarizer.

    python fuzz/readers.py -atheris_runs=100000 -max_len=20000 [corpus-dir]

Each input's first byte picks a reader (plain text, HTML, cluster JSON Lines, Multi-News
release format, RSS/Atom feed, gzip) and a wrapping of the rest (as is, gzip of it, a
UTF-16 or UTF-32 byte order mark before it), which is the file. Whatever the bytes, a
reader must give articles, clusters or a StorylineError, and summarize a Brief or a
StorylineError: any other exception is a crash, which atheris reports with the input
that caused it. tests/ingest/test_fuzz.py runs a short pass of this in CI.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from storyline import DEFAULTS, Cluster, StorylineError, summarize
    from storyline.ingest import read_inputs

SUFFIXES = (".txt", ".html", ".jsonl", ".src", ".xml", ".jsonl.gz", ".md")
WORKDIR = Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
OPTIONS = DEFAULTS.with_(words=60)
WRAPPINGS = (
    lambda data: data,
    gzip.compress,
    lambda data: codecs.BOM_UTF16_LE + data,
    lambda data: codecs.BOM_UTF32_BE + data,
)


def one_input(data: bytes) -> None:
    if not data:
        return
    path = WORKDIR / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(WRAPPINGS[data[0] // len(SUFFIXES) % len(WRAPPINGS)](data[1:]))
    articles = []
    for item in read_inputs([str(path)], OPTIONS):
        if isinstance(item, Cluster):
            articles.extend(item.articles)
        elif not isinstance(item, StorylineError):
            raise TypeError(f"a reader gave {type(item).__name__}")
    with contextlib.suppress(StorylineError):  # a clear error is a fine answer
        summarize(articles[:20], options=OPTIONS)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
