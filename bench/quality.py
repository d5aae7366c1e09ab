"""storyline and the summarizers people use, on the same clusters, in one run, one table.

    python bench/quality.py ../shared/data/multinews-dev-raw.jsonl.gz --words 250
    python bench/quality.py ../shared/data/duc2003.jsonl.gz --words 100 --recall
    python bench/quality.py ../shared/data/tac2011-en.jsonl.gz --words 250

Every system gets the same clusters, the same word budget and the same cut
(storyline.evaluate.cut_lines), and is scored by the same code as `storyline eval`.
Prints a Markdown table (mean and 95% bootstrap interval per metric).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from clusters import load_clusters
from peers import SUMY, lead, oracle, storyline_system, sumy_system

from storyline import DEFAULTS
from storyline.evaluate import METRICS, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--recall", action="store_true")
    parser.add_argument("--systems", help="comma-separated subset of the systems")
    parser.add_argument(
        "--output",
        metavar="DIR",
        help="write each system's per-cluster scores to DIR/<system>.jsonl, "
        "for `storyline eval --compare`",
    )
    args = parser.parse_args()
    options = DEFAULTS.with_(words=args.words)
    clusters = load_clusters(args.clusters, options)
    systems = {
        "storyline": storyline_system(options),
        "lead": lead(args.words),
        **{name: sumy_system(name, args.words) for name in SUMY},
        "oracle (greedy, ceiling)": oracle(args.words, recall=args.recall),
    }
    if args.systems:
        systems = {k: v for k, v in systems.items() if k.split()[0] in args.systems.split(",")}
    kind = "recall" if args.recall else "F1"
    print(
        f"{Path(args.clusters).name}: {len(clusters)} clusters, {args.words} words, "
        f"ROUGE {kind} (rouge-score, stemming), mean [95% bootstrap interval]; "
        f"{date.today().isoformat()}\n"
    )
    print("| system | " + " | ".join(METRICS) + " | words | clusters/s |")
    print("|---" * (len(METRICS) + 3) + "|")
    for name, system in systems.items():
        start = time.perf_counter()
        results, report = run(
            clusters,
            lambda c, s=system: (s(c), {"id": c.id}),
            words=args.words,
            recall=args.recall,
        )
        rate = len(results) / (time.perf_counter() - start)
        if args.output:
            Path(args.output).mkdir(parents=True, exist_ok=True)
            with open(Path(args.output) / f"{name.split()[0]}.jsonl", "w") as out:
                out.writelines(json.dumps(r.record) + "\n" for r in results)
        cells = " | ".join(str(report.intervals[m]) for m in METRICS)
        print(f"| {name} | {cells} | {report.mean_words:.0f} | {rate:.1f} |", flush=True)


if __name__ == "__main__":
    main()
