"""Quote-speaker precision and recall against the hand labels in tests/fixtures/insights.

    python bench/insights.py [--verbose]

Each fixture is the bundled example (its four on-event articles) or excerpts of a
Multi-News dev cluster; see storyline/insights/score.py for how a found quote is matched
to a label. ``--verbose`` lists every mistake.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from storyline.insights import quotes_in
from storyline.insights.score import load_labels, score_quotes

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "insights"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    print(f"Quotes and speakers against hand labels; {date.today()}\n")
    print("| labels | quotes labelled | found | right | precision | recall |")
    print("|---|---|---|---|---|---|")
    right = found = labelled = 0
    start = time.perf_counter()
    for path in sorted(FIXTURES.glob("*.json")):
        articles, labels = load_labels(path)
        score = score_quotes(quotes_in(articles), articles, labels)
        right, found, labelled = right + score.right, found + score.found, labelled + score.labelled
        print(f"| {path.stem} | {score.labelled} | {score.found} | {score.right} | "
              f"{score.precision:.3f} | {score.recall:.3f} |")  # fmt: skip
        if args.verbose:
            for line in score.wrong:
                print(f"|   {line} |")
    print(
        f"| all | {labelled} | {found} | {right} | {right / found:.3f} | {right / labelled:.3f} |"
    )
    print(f"\n{time.perf_counter() - start:.1f} s, model load included")


if __name__ == "__main__":
    main()
