"""Quote-speaker precision and recall against hand labels.

    python bench/insights.py [--verbose]
    python bench/insights.py --multiling ../shared/data/multiling2011-dev.jsonl.gz [--verbose]

English: the labels in tests/fixtures/insights, each the bundled example (its four
on-event articles) or excerpts of a Multi-News dev cluster. ``--multiling``: the French and
Greek labels in bench/labels/session23, read without a parser (storyline.insights.speech);
their excerpts (each article's paragraphs with quotation marks and the two before each)
are rebuilt from the dataset, which is not kept in the project, and the clusters used to
write the rules ("dev") are reported apart from those held out. See
storyline/insights/score.py for how a found quote is matched to a label. ``--verbose``
lists every mistake.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from storyline import Article
from storyline.insights import quotes_in
from storyline.insights.score import load_labels, score_quotes
from storyline.options import DEFAULTS

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures" / "insights"
MULTILING_LABELS = Path(__file__).parent / "labels" / "session23"
_MARKS = re.compile('[«»“”"„]')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--multiling", type=Path, help="multiling2011-dev.jsonl.gz")
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    print(f"Quotes and speakers against hand labels; {date.today()}\n")
    start = time.perf_counter()
    sets = _multiling(args.multiling) if args.multiling else _english()
    totals: dict[str, list[int]] = {}
    print("| labels | part | quotes labelled | found | right | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for name, part, articles, labels, language in sets:
        score = score_quotes(
            quotes_in(articles, DEFAULTS.with_(language=language)), articles, labels
        )
        sums = totals.setdefault(part, [0, 0, 0])
        sums[0], sums[1], sums[2] = (
            sums[0] + score.right,
            sums[1] + score.found,
            sums[2] + score.labelled,
        )
        print(f"| {name} | {part} | {score.labelled} | {score.found} | {score.right} | "
              f"{score.precision:.3f} | {score.recall:.3f} |")  # fmt: skip
        if args.verbose:
            for line in score.wrong:
                print(f"|   {line} |")
    for part, (right, found, labelled) in totals.items():
        print(f"| all | {part} | {labelled} | {found} | {right} | "
              f"{right / max(found, 1):.3f} | {right / max(labelled, 1):.3f} |")  # fmt: skip
    print(f"\n{time.perf_counter() - start:.1f} s, model load included")


Labelled = tuple[str, str, list[Article], list[dict], str]  # name, part, articles, labels, lang


def _english() -> Iterator[Labelled]:
    for path in sorted(FIXTURES.glob("*.json")):
        articles, labels = load_labels(path)
        yield path.stem, "English", articles, labels, "en"


def _multiling(data: Path) -> Iterator[Labelled]:
    clusters = {}
    with gzip.open(data, "rt", encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            clusters[cluster["id"]] = cluster
    for path in sorted(MULTILING_LABELS.glob("quotes-*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        cluster = clusters[labels["cluster"]]
        articles = list(_excerpts(cluster))
        part = f"{cluster['language']} {labels['part']}"
        yield labels["cluster"], part, articles, labels["quotes"], cluster["language"]


def _excerpts(cluster: dict) -> Iterator[Article]:
    """Each article's paragraphs with quotation marks and the two before each, as labelled."""
    for n, document in enumerate(cluster["documents"]):
        paragraphs = [p for p in document["text"].split("\n") if p.strip()]
        keep = sorted(
            {k for i, p in enumerate(paragraphs) if _MARKS.search(p) for k in range(i - 2, i + 1)}
            - {-1, -2}
        )
        if keep:
            yield Article(f"{cluster['id']}-{n}", "\n\n".join(paragraphs[k] for k in keep))


if __name__ == "__main__":
    main()
