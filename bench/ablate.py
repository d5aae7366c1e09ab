"""One line of ROUGE per option setting, on the same clusters: what each idea is worth.

    python bench/ablate.py ../shared/data/multinews-dev-raw.jsonl.gz --split train \\
        "concept_weight=0,salience_model=None" "salience_model=None" ""
    python bench/ablate.py ../shared/data/duc2003.jsonl.gz --words 100 --recall \\
        "concept_weight=0,salience_model=None" "salience_model=None" ""

Each argument is a comma-separated list of storyline Options overrides (Python
literals); "" is the default configuration. --split keeps the clusters of one split.
Every row also gives its paired difference from the default configuration over the same
clusters (always run, first): an idea's worth with its interval.
"""

from __future__ import annotations

import argparse
import ast
import time
from collections.abc import Callable

from clusters import load_clusters

from storyline import DEFAULTS, Cluster, summarize
from storyline.evaluate import bootstrap, run


def overrides(text: str) -> dict[str, object]:
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    return {key.strip(): ast.literal_eval(value.strip()) for key, value in pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters")
    parser.add_argument("settings", nargs="+")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--recall", action="store_true")
    parser.add_argument("--split", help="only clusters whose 'split' field is this")
    args = parser.parse_args()
    clusters = load_clusters(args.clusters, split=args.split)
    kind = "recall" if args.recall else "F1"
    print(
        f"{args.clusters}: {len(clusters)} clusters ({args.split or 'all'}), "
        f"{args.words} words, ROUGE {kind}, mean [95% bootstrap interval]\n"
    )
    print("| setting | rouge1 | rouge2 | rouge1 - default | rouge2 - default | seconds |")
    print("|---|---|---|---|---|---|")
    default = None
    # The default first, asked for or not: every other row pairs with it.
    for setting in ["", *(s for s in args.settings if s.strip())]:
        start = time.perf_counter()
        results, report = run(
            clusters, _system(args.words, setting), words=args.words, recall=args.recall
        )
        default = default or results
        paired = [
            bootstrap([r.scores[m] - d.scores[m] for r, d in zip(results, default, strict=True)])
            for m in ("rouge1", "rouge2")
        ]
        print(
            f"| {setting or 'default'} | {report.intervals['rouge1']} | "
            f"{report.intervals['rouge2']} | {paired[0]} | {paired[1]} | "
            f"{time.perf_counter() - start:.0f} |",
            flush=True,
        )


def _system(words: int, setting: str) -> Callable[[Cluster], tuple[list[str], dict]]:
    options = DEFAULTS.with_(words=words, **overrides(setting))
    return lambda c: ([s.text for s in summarize(c, options=options).sentences], {})


if __name__ == "__main__":
    main()
