"""How well documents are set aside: flags against Multi-News+ noise votes, false alarms on
DUC and TAC, and what a learned document classifier over cluster-internal features can do.

    python bench/flagging.py ../shared/data/multinews-validation-truncated.jsonl.gz \\
        --negatives ../shared/data/duc2003.jsonl.gz ../shared/data/tac2011-en.jsonl.gz \\
        --limit 2500

A noise document has ``irrelevant_votes >= 3`` (of 5 annotators). Every document of the
``--negatives`` sets is on its cluster's subject: a flag there is a false alarm. The
classifier (logistic regression, 5 folds by cluster, negatives folded in alike) shows the
ceiling of features computed inside one cluster; it is a measurement, not shipped.
"""

from __future__ import annotations

import argparse
from itertools import islice

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from storyline import DEFAULTS, StorylineError
from storyline.core import analyze, in_language
from storyline.ingest import read_inputs
from storyline.language import load_language
from storyline.relate import _corroborated_share, _document_terms, _term_overlap, full_length

Row = tuple[str, bool, bool, list[float]]  # cluster, noise, flagged, features


def rows(path: str, limit: int | None, votes: dict[str, int]) -> list[Row]:
    """Per document: its cluster, whether it is noise, whether storyline flags it, and the
    features a classifier may use."""
    found = []
    for cluster in islice(read_inputs([path], DEFAULTS), limit):
        if isinstance(cluster, StorylineError):
            continue
        options = in_language(cluster, DEFAULTS)
        lang = load_language(options.language)
        analysis = analyze(cluster, options)
        sentences, relations = analysis.sentences, analysis.relations
        terms = [lang.terms(s.text) for s in sentences]
        doc_terms = _document_terms(sentences, terms, len(cluster.articles))
        size = [0] * len(cluster.articles)
        for s in sentences:
            size[s.doc] += len(s.text.split())
        live = [d for d in range(len(size)) if size[d]]
        long = full_length(sentences, options)
        corroborated = _corroborated_share(sentences, relations.similarity, live, long, options)
        overlap = _term_overlap(doc_terms, live) if len(live) > 1 else {}
        mid_c = float(np.median(list(corroborated.values()))) if corroborated else 0.0
        mid_o = float(np.median(list(overlap.values()))) if overlap else 0.0
        for d, article in enumerate(cluster.articles):
            raw = len(article.text.split())
            c, o = corroborated.get(d, 0.0), overlap.get(d, 0.0)
            features = [
                np.log1p(size[d]),
                np.log1p(raw),
                size[d] / max(1, raw),
                c,
                min(c / mid_c, 3) if mid_c else 0.0,
                o,
                min(o / mid_o, 3) if mid_o else 0.0,
                np.log(len(live) + 1),
            ]
            noise = votes.get(f"{cluster.id}/{article.id}", 0) >= 3
            found.append((str(cluster.id), noise, relations.flags[d] is not None, features))
    return found


def noise_votes(path: str) -> dict[str, int]:
    import gzip
    import json

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {
            f"{c['id']}/{d['id']}": d.get("irrelevant_votes", 0)
            for c in map(json.loads, handle)
            for d in c["documents"]
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labelled")
    parser.add_argument("--negatives", nargs="*", default=[])
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    labelled = rows(args.labelled, args.limit, noise_votes(args.labelled))
    y = np.array([r[1] for r in labelled])
    flagged = np.array([r[2] for r in labelled])
    print(f"{len(labelled)} documents, {y.sum()} noise")
    print(
        f"storyline's flags: precision {(y & flagged).sum() / max(1, flagged.sum()):.3f}, "
        f"recall {(y & flagged).sum() / max(1, y.sum()):.3f}"
    )
    negatives = []
    for path in args.negatives:
        found = rows(path, None, {})
        print(f"  flagged in {path}: {np.mean([r[2] for r in found]):.1%}")
        negatives += found
    _classifier(labelled, negatives)


def _classifier(labelled: list[Row], negatives: list[Row]) -> None:
    x = np.array([r[3] for r in labelled])
    y = np.array([r[1] for r in labelled])
    groups = np.array([r[0] for r in labelled])
    xn = np.array([r[3] for r in negatives]) if negatives else np.zeros((0, x.shape[1]))
    gn = np.array([r[0] for r in negatives])
    probability, probability_n = np.zeros(len(x)), np.zeros(len(xn))
    folds_n = list(GroupKFold(5).split(xn, groups=gn)) if len(xn) >= 5 else [([], [])] * 5
    for (train, test), (train_n, test_n) in zip(
        GroupKFold(5).split(x, y, groups), folds_n, strict=True
    ):
        fit_x = np.vstack([x[train], xn[train_n]])
        fit_y = np.concatenate([y[train], np.zeros(len(train_n), bool)])
        mean, scale = fit_x.mean(0), fit_x.std(0) + 1e-9
        model = LogisticRegression(max_iter=2000).fit((fit_x - mean) / scale, fit_y)
        probability[test] = model.predict_proba((x[test] - mean) / scale)[:, 1]
        if len(test_n):
            probability_n[test_n] = model.predict_proba((xn[test_n] - mean) / scale)[:, 1]
    print("classifier, 5 folds by cluster: threshold, precision, recall, negatives flagged")
    for threshold in (0.5, 0.6, 0.7, 0.8):
        chosen = probability >= threshold
        precision = (chosen & y).sum() / max(1, chosen.sum())
        false_alarms = float(np.mean(probability_n >= threshold)) if len(xn) else 0.0
        print(
            f"  {threshold}  {precision:.3f}  {(chosen & y).sum() / y.sum():.3f}  "
            f"{false_alarms:.1%}"
        )


if __name__ == "__main__":
    main()
