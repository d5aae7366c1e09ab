"""Time and peak memory of briefing huge clusters, against the same code without its caps.

    python bench/big.py                 # 1,000 articles in one cluster, and a 50 MB file
    python bench/big.py --no-peer       # without the (slow, ~7 GB) uncapped peer

Inputs are made from the dev data in ../shared/data (DUC 2003, TAC 2011, Multi-News)
into a temporary folder and never kept: a cluster file with one cluster of 1,000
articles, and a 50 MB file of loose article lines (``{"id", "text", "title"}``), which
``summarize`` reads as one cluster (about 46,000 short articles). Each run is its own
process, started as a user would (``storyline summarize FILE``); its peak memory is
that process's maximum resident set. The peer is the same pipeline with the caps lifted
(``max_sentences`` and ``max_text_chars``), run on the 1,000-article cluster only: on
the 50 MB file it would need hundreds of gigabytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = [
    "duc2003.jsonl.gz",
    "tac2011-en.jsonl.gz",
    "multinews-dev-raw.jsonl.gz",
    "multinews-validation-truncated.jsonl.gz",
]
UNCAPPED = """
import sys
from storyline import DEFAULTS, summarize
from storyline.ingest import read_inputs
options = DEFAULTS.with_(words=250, max_sentences=10**9, max_text_chars=10**12)
(cluster,) = read_inputs([sys.argv[1]], options)
print(summarize(cluster, options=options).text)
"""


def documents() -> Iterator[dict]:
    """Every document of the dev data, then again, as long as asked for."""
    while True:
        for name in SOURCES:
            with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
                for line in handle:
                    for doc in json.loads(line)["documents"]:
                        yield {"text": doc["text"], "title": doc.get("title")}


def make_inputs(folder: Path) -> tuple[Path, Path]:
    docs = documents()
    cluster = folder / "cluster-1000.jsonl"
    articles = [{"id": f"a{n}", **next(docs)} for n in range(1000)]
    cluster.write_text(json.dumps({"id": "big", "documents": articles}) + "\n")
    loose = folder / "articles-50mb.jsonl"
    size, n = 0, 0
    with loose.open("w", encoding="utf-8") as out:
        while size < 50_000_000:
            line = json.dumps({"id": f"b{n}", **next(docs)}) + "\n"
            out.write(line)
            size, n = size + len(line.encode()), n + 1
    return cluster, loose


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB and the first words of the output of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024, " ".join(text.split()[:12])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-peer", action="store_true", help="skip the uncapped run")
    args = parser.parse_args()
    storyline = [sys.executable, "-m", "storyline", "summarize", "--words", "250"]
    with tempfile.TemporaryDirectory() as tmp:
        cluster, loose = make_inputs(Path(tmp))
        runs = [("1,000 articles, one cluster", cluster, [*storyline, str(cluster)])]
        if not args.no_peer:
            peer = [sys.executable, "-c", UNCAPPED, str(cluster)]
            runs.append(("same, caps lifted (peer)", cluster, peer))
        runs.append(("50 MB file of article lines", loose, [*storyline, str(loose)]))
        print("| input | MB on disk | seconds | peak MB | brief starts |")
        print("|---|---|---|---|---|")
        for label, path, command in runs:
            seconds, peak, start = measure(command)
            size = path.stat().st_size / 1e6
            print(f"| {label} | {size:.1f} | {seconds:.1f} | {peak:.0f} | {start} ... |")


if __name__ == "__main__":
    main()
