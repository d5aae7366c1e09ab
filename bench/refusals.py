"""Which clusters get no brief, and why; and how full the briefs are.

    python bench/refusals.py ../shared/data/multinews-validation-truncated.jsonl.gz --limit 600

Every cluster is summarized as `storyline summarize` would; the errors are counted by
message (the first examples shown, with their documents' sizes), and the briefs' mean length
against the budget reported.
"""

from __future__ import annotations

import argparse
from collections import Counter
from itertools import islice

from storyline import DEFAULTS, StorylineError, summarize
from storyline.ingest import read_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--limit", type=int, help="only the first N clusters")
    args = parser.parse_args()
    options = DEFAULTS.with_(words=args.words)
    reasons: Counter[str] = Counter()
    examples: list[str] = []
    lengths: list[int] = []
    for cluster in islice(read_inputs([args.clusters], options), args.limit):
        if isinstance(cluster, StorylineError):
            reasons[f"unreadable: {cluster.message}"] += 1
            continue
        try:
            lengths.append(summarize(cluster, options=options).words)
        except StorylineError as err:
            reasons[err.message] += 1
            sizes = [len(a.text.split()) for a in cluster.articles]
            examples.append(f"  {cluster.id}: {err.message} (documents of {sizes} words)")
    total = len(lengths) + sum(reasons.values())
    print(f"{total} clusters: {len(lengths)} briefs, {total - len(lengths)} without")
    for reason, count in reasons.most_common():
        print(f"  {count:>5}  {reason}")
    print("\n".join(examples[:10]))
    if lengths:
        print(f"briefs: {sum(lengths) / len(lengths):.1f} words on average of {args.words}")


if __name__ == "__main__":
    main()
