"""Leave one dataset out: does the salience model carry from one kind of news to another?

    python bench/lodo.py --out /tmp/lodo

Four English dev sets with references, each a kind of news: Multi-News dev raw (scraped
pages; its 81 `train` clusters train, all 92 are scored, as `storyline eval` does),
Multi-News validation truncated (the release's lower-cased ~500-token clusters: the first
500 train, clusters 1,000-1,499 are scored, never trained on), DUC 2003 (wire copy, 100
words, recall) and TAC 2011 (WikiNews). Sentences are labelled as `bench/train.py` does
(a greedy ROUGE oracle at the set's own budget), and models are trained (the same
logistic regression, each set weighing the same) on every set but one and scored on the
one left out; also a model of all four, and the shipped model (Multi-News dev raw alone).
Each score is `storyline eval`'s ROUGE at the set's budget, with the model given by path;
`storyline eval --compare` pairs any two of the briefs files it leaves in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from clusters import load_clusters
from train import DATA, fit, rows

from storyline import DEFAULTS, evaluate

# name: (file, words, recall, training slice or split, scored slice)
SETS = {
    "MN dev raw": ("multinews-dev-raw.jsonl.gz", 250, False, "train", None),
    "MN truncated": ("multinews-validation-truncated.jsonl.gz", 250, False, (0, 500), (1000, 1500)),
    "DUC 2003": ("duc2003.jsonl.gz", 100, True, None, None),
    "TAC 2011": ("tac2011-en.jsonl.gz", 250, False, None, None),
}


def training_rows(name: str, cache: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, oracle labels and cluster numbers of a set's training clusters."""
    saved = cache / f"{name.replace(' ', '-')}.npz"
    if saved.exists():
        found = np.load(saved)
        return found["x"], found["y"], found["g"]
    file, words, recall, part, _ = SETS[name]
    split = part if isinstance(part, str) else None
    clusters = load_clusters(DATA / file, split=split)
    if isinstance(part, tuple):
        clusters = clusters[part[0] : part[1]]
    tables, labels, groups = [], [], []
    for number, cluster in enumerate(c for c in clusters if c.references):
        x, y = rows(cluster, words, recall=recall)
        tables.append(x)
        labels.append(y)
        groups.append(np.full(len(y), number))
    x, y, g = np.vstack(tables), np.concatenate(labels), np.concatenate(groups)
    np.savez(saved, x=x, y=y, g=g)
    return x, y, g


def train(names: list[str], cache: Path, path: Path) -> Path:
    """A model of these sets' rows (cluster numbers kept apart per set), written to path."""
    parts = [training_rows(n, cache) for n in names]
    offset, groups = 0, []
    for _, _, g in parts:
        groups.append(g + offset)
        offset += int(g.max()) + 1
    x, y = np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    # each set weighs the same, however many sentences it has (Multi-News truncated has
    # the most, and the oracle picks over half of them)
    weights = np.concatenate([np.full(len(p[1]), len(y) / (len(parts) * len(p[1]))) for p in parts])
    about = f"bench/lodo.py: trained on {', '.join(names)}, each set weighing the same"
    spec = fit(x, y, np.concatenate(groups), 13, about, weights)
    path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return path


def score(name: str, model: str, out: Path) -> tuple[float, float, list]:
    """R-1 and R-2 of the set's scored clusters with this model; the per-cluster results."""
    file, words, recall, _, scored = SETS[name]
    options = DEFAULTS.with_(words=words, salience_model=model)
    clusters = load_clusters(DATA / file)
    if scored:
        clusters = list(islice(clusters, scored[0], scored[1]))

    system = evaluate.storyline_system(options)
    results, report = evaluate.run(clusters, system, words=words, recall=recall)
    with out.open("w") as handle:
        for result in results:
            handle.write(json.dumps(result.record) + "\n")
    return report.intervals["rouge1"].mean, report.intervals["rouge2"].mean, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for rows, models, briefs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = list(SETS)
    models = {"shipped": "salience", "all four": str(train(names, args.out, args.out / "all.json"))}
    for left in names:
        others = [n for n in names if n != left]
        path = args.out / f"without-{left.replace(' ', '-')}.json"
        models[f"without {left}"] = str(train(others, args.out, path))
    print("| model | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    table: dict[str, list[str]] = {}
    for label, model in models.items():
        cells = []
        for name in names:
            if label.startswith("without") and label != f"without {name}":
                cells.append("")
                continue
            out = args.out / f"{label.replace(' ', '-')}--{name.replace(' ', '-')}.jsonl"
            r1, r2, _ = score(name, model, out)
            cells.append(f"{r1:.2f} / {r2:.2f}")
        table[label] = cells
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    pair = f"{args.out}/shipped--SET.jsonl {args.out}/MODEL--SET.jsonl"
    print(f"\npaired: storyline eval --compare {pair}")


if __name__ == "__main__":
    main()
