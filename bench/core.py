"""Core figures on a cluster file: seconds per cluster, peak memory, noise documents caught.

    python bench/core.py ../shared/data/multinews-dev-raw.jsonl.gz --words 250

A document counts as caught when it is flagged, or when its whole cluster is refused
for having no usable sentence; "plainly not an article" is the hand-made list in
bench/not_articles.tsv.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from storyline import DEFAULTS, Cluster, StorylineError, summarize
from storyline.ingest import read_inputs

LABELS = Path(__file__).with_name("not_articles.tsv")
EXAMPLE = Path(__file__).parents[1] / "examples" / "kerry-putin-sochi-2015"  # the warm-up brief


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("clusters")
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args()
    options = DEFAULTS.with_(words=args.words)
    noise = {
        tuple(line.split("\t"))
        for line in LABELS.read_text().splitlines()
        if line and not line.startswith("#")
    }
    start = time.perf_counter()
    summarize([p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("article-*.txt"))])
    cold = time.perf_counter() - start
    seconds, flagged, refused, docs = [], set(), set(), 0
    for cluster in read_inputs([args.clusters], options):
        if isinstance(cluster, StorylineError):
            continue
        assert isinstance(cluster, Cluster)
        docs += len(cluster.articles)
        tick = time.perf_counter()
        try:
            brief = summarize(cluster, options=options)
            flagged |= {(cluster.id, str(i)) for i, d in enumerate(brief.documents) if d.flagged}
        except StorylineError:
            refused |= {(cluster.id, str(i)) for i in range(len(cluster.articles))}
        seconds.append(time.perf_counter() - tick)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    caught = noise & (flagged | refused)
    false_flags = flagged - noise
    print(f"clusters: {len(seconds)}  documents: {docs}")
    print(f"model load + first brief: {cold:.2f} s")
    print(
        f"seconds per cluster: median {statistics.median(seconds):.3f}, "
        f"mean {statistics.mean(seconds):.3f}, max {max(seconds):.3f}"
    )
    print(f"peak memory (max RSS): {peak:.0f} MB")
    print(
        f"plainly-not-article documents caught: {len(caught)}/{len(noise)} "
        f"({100 * len(caught) / len(noise):.0f}%); missed: {sorted(noise - caught)}"
    )
    print(
        f"other documents flagged: {len(false_flags)} of {docs - len(noise)}: {sorted(false_flags)}"
    )


if __name__ == "__main__":
    main()
