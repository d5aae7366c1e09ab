"""Train the salience model shipped in src/storyline/models/salience.json.

    python bench/train.py --seed 13 --out src/storyline/models/salience.json

Training data (dev data only): the 81 `train` clusters of multinews-dev-raw, and with
`--truncated N` the first N clusters of multinews-validation-truncated. The 11
`validation` clusters of multinews-dev-raw and all of DUC 2003 stay out. The shipped
model uses no truncated clusters: they are lower-cased, cut to ~500 tokens a cluster,
and so short that the oracle picks half of their sentences, which blurs the labels
(held-out AUC 0.67 with 2,000 of them, 0.73 without).

Each sentence storyline segments is labelled 1 when a greedy ROUGE oracle (250 words)
picks it, else 0; a logistic regression over storyline.salience.FEATURES learns to
predict the label. The result is a few numbers in
JSON, read at run time by storyline.salience.LogisticModel (numpy only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).parent))

from clusters import load_clusters
from peers import oracle_pick

from storyline import DEFAULTS, Cluster, Options
from storyline.core import analyze, in_language
from storyline.data import Sentence
from storyline.relate import Relations
from storyline.salience import FEATURES
from storyline.select import eligible

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def selectable(cluster: Cluster, options: Options) -> tuple[list[Sentence], Relations, list[int]]:
    """A cluster's sentences and relations as `summarize` makes them, and the indices of
    the sentences a brief may use (storyline.select.eligible): those labelled."""
    options = in_language(cluster, options)
    found = analyze(cluster, options)
    return found.sentences, found.relations, eligible(found.sentences, found.relations, options)


def labels(
    sentences: list[Sentence],
    keep: list[int],
    references: tuple[str, ...],
    budget: int,
    *,
    recall: bool = False,
) -> np.ndarray:
    """Per sentence of ``keep``: 1 if a greedy ROUGE oracle picks it, else 0."""
    texts = [sentences[i].text for i in keep]
    picked = set(oracle_pick(texts, references, budget, recall=recall))
    return np.array([k in picked for k in range(len(keep))], dtype=float)


def rows(cluster: Cluster, budget: int, *, recall: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and oracle labels of one cluster's live, selectable sentences."""
    sentences, relations, keep = selectable(cluster, DEFAULTS.with_(salience_model=None))
    found = labels(sentences, keep, cluster.references, budget, recall=recall)
    return relations.features[keep], found


def fit(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    seed: int,
    about: str,
    weights: np.ndarray | None = None,
) -> dict:
    """A logistic model of the labels, as JSON for storyline.salience.LogisticModel; its
    AUC on a fifth of the clusters (``groups``) held out first. ``weights``: each row's."""
    weights = np.ones(len(y)) if weights is None else weights
    rng = np.random.default_rng(seed)
    held = np.isin(
        groups, rng.choice(groups.max() + 1, size=(groups.max() + 1) // 5, replace=False)
    )
    mean, scale = x[~held].mean(axis=0), x[~held].std(axis=0) + 1e-9
    model = LogisticRegression(max_iter=1000, random_state=seed)
    model.fit((x[~held] - mean) / scale, y[~held], sample_weight=weights[~held])
    auc = roc_auc_score(y[held], model.predict_proba((x[held] - mean) / scale)[:, 1])
    model.fit((x - mean) / scale, y, sample_weight=weights)
    return {
        "about": about,
        "held_out_auc": round(float(auc), 4),
        "features": list(FEATURES),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
    }


def clusters(truncated: int) -> list[Cluster]:
    found = load_clusters(DATA / "multinews-dev-raw.jsonl.gz", split="train")
    if truncated:
        found += load_clusters(DATA / "multinews-validation-truncated.jsonl.gz")[:truncated]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--truncated",
        type=int,
        default=0,
        help="add the first N clusters of multinews-validation-truncated",
    )
    parser.add_argument("--out", default="src/storyline/models/salience.json")
    args = parser.parse_args()
    tables, labels, groups = [], [], []
    for number, cluster in enumerate(clusters(args.truncated)):
        if cluster.references:
            x, y = rows(cluster, 250)
            tables.append(x)
            labels.append(y)
            groups.append(np.full(len(y), number))
    x, y, g = np.vstack(tables), np.concatenate(labels), np.concatenate(groups)
    about = (
        "salience model of storyline; made by: python bench/train.py "
        f"--seed {args.seed} --truncated {args.truncated}"
    )
    spec = fit(x, y, g, args.seed, about)
    print(f"{len(y)} sentences, {int(y.sum())} picked by the oracle; ", end="")
    print(f"held-out AUC {spec['held_out_auc']:.3f}")
    Path(args.out).write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    for name, weight in sorted(zip(FEATURES, spec["coef"], strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:<18} {weight:+.3f}")


if __name__ == "__main__":
    main()
