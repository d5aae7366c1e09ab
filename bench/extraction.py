"""What storyline keeps of real web pages, scored against the article body people marked.

    python bench/extraction.py ../shared/data/article-extraction-dev.jsonl.gz

The pages and their marked bodies come from the Scrapinghub article-extraction benchmark
(``{"id", "url", "html", "articleBody"}`` a line). Its metric: shingles of four ``\\w+``
tokens, true and false positives and negatives counted over the shingle multisets of each
page and normalised by their sum, precision and recall averaged over pages (a page with
nothing predicted has no precision, one with nothing marked no recall), F1 of the means.

Systems, each given the page's HTML:
- ``trafilatura``: the extraction storyline runs first (``Article.text``), alone;
- ``storyline``: what ``storyline read`` keeps: that extraction after storyline's cleaning
  (each page cleaned on its own, as a one-article cluster).
Intervals: 95% bootstrap over pages; ``--worst N`` lists the pages storyline loses most
recall on, against trafilatura, with the marked lines it dropped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from storyline import Cluster, StorylineError, readings
from storyline.ingest.read import article_from_text

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
Counts = tuple[float, float, float]  # tp, fp, fn of one page, normalised by their sum


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - 3)))


def page_counts(truth: str, predicted: str) -> Counts:
    true, pred = shingles(truth), shingles(predicted)
    true.pop((), None)
    pred.pop((), None)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def metrics(pages: list[Counts]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the means, the benchmark's way."""
    precision = np.mean([_share(tp, fp, fn) for tp, fp, fn in pages if tp + fp > 0])
    recall = np.mean([_share(tp, fn, fp) for tp, fp, fn in pages if tp + fn > 0])
    return float(precision), float(recall), float(2 * precision * recall / (precision + recall))


def _share(tp: float, wrong: float, other: float) -> float:
    if wrong == other == 0:
        return 1.0
    return tp / (tp + wrong) if tp + wrong else 0.0


def bootstrap(pages: list[Counts], samples: int = 1000) -> np.ndarray:
    """(samples, 3): precision, recall and F1 over pages drawn again with replacement; the
    same draws for every system (a fixed seed), so two systems' rows pair up."""
    rng = np.random.default_rng(20151205)
    picks = rng.integers(0, len(pages), size=(samples, len(pages)))
    return np.array([metrics([pages[i] for i in pick]) for pick in picks])


def read_pages(path: str) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def systems() -> dict[str, Callable[[dict], str]]:
    def trafilatura_alone(page: dict) -> str:
        return article_from_text(page["html"], page["id"], is_html=True, url=page["url"]).text

    def storyline(page: dict) -> str:
        article = article_from_text(page["html"], page["id"], is_html=True, url=page["url"])
        (reading,) = readings(Cluster(None, (article,)))
        return reading.text

    return {"trafilatura": trafilatura_alone, "storyline": storyline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", help="article-extraction-dev.jsonl.gz")
    parser.add_argument("--worst", type=int, default=0, metavar="N")
    args = parser.parse_args()
    pages = list(read_pages(args.pages))
    outputs: dict[str, list[str]] = {}
    for name, system in systems().items():
        outputs[name] = []
        for page in pages:
            try:
                outputs[name].append(system(page))
            except StorylineError as err:
                print(f"  {name}: {page['id']}: {err.message}")
                outputs[name].append("")
    counts = {
        name: [page_counts(p["articleBody"], text) for p, text in zip(pages, texts, strict=True)]
        for name, texts in outputs.items()
    }
    print(f"{len(pages)} pages; precision / recall / F1, 95% bootstrap intervals")
    spreads = {}
    for name, pages_counts in counts.items():
        found, spreads[name] = metrics(pages_counts), bootstrap(pages_counts)
        print(f"  {name:<12}" + _row(found, spreads[name]))
    difference = np.subtract(*metrics_of(counts, ("storyline", "trafilatura")))
    paired = spreads["storyline"] - spreads["trafilatura"]
    print(f"  {'difference':<12}" + _row(difference, paired, "+") + "  (paired)")
    if args.worst:
        _worst(pages, outputs, counts, args.worst)


def metrics_of(counts: dict, names: tuple[str, str]) -> list[np.ndarray]:
    return [np.array(metrics(counts[name])) for name in names]


def _row(values: Sequence[float], spread: np.ndarray, sign: str = "") -> str:
    low, high = np.percentile(spread, [2.5, 97.5], axis=0)
    return "  ".join(
        f"{v:{sign}.3f} [{a:{sign}.3f}, {b:{sign}.3f}]"
        for v, a, b in zip(values, low, high, strict=True)
    )


def _worst(pages: list[dict], outputs: dict, counts: dict, n: int) -> None:
    """The pages where cleaning loses most recall, with the marked lines it dropped."""

    def recall(c: Counts) -> float:
        return _share(c[0], c[2], c[1])

    losses = sorted(
        range(len(pages)),
        key=lambda i: recall(counts["storyline"][i]) - recall(counts["trafilatura"][i]),
    )
    for i in losses[:n]:
        kept = set(outputs["storyline"][i].split("\n"))
        dropped = [
            line
            for line in outputs["trafilatura"][i].split("\n")
            if line.strip() and line not in kept and line.strip() in pages[i]["articleBody"]
        ]
        print(
            f"\n{pages[i]['id']} recall {recall(counts['trafilatura'][i]):.3f} -> "
            f"{recall(counts['storyline'][i]):.3f}"
        )
        for line in dropped[:8]:
            print(f"   - {line[:150]}")


if __name__ == "__main__":
    main()
