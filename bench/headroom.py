"""How far better sentence scores would carry the brief: ROUGE against salience quality.

    python bench/headroom.py ../shared/data/multinews-dev-raw.jsonl.gz --words 250
    python bench/headroom.py ../shared/data/duc2003.jsonl.gz --words 100 --recall

Each cluster runs through the pipeline as `summarize` runs it, up to relate. The learned
salience model's log-odds for every sentence are then moved by a strength k toward what
the reference says of the sentence, and the brief is chosen again by the same selector:

* ``oracle``: + k if the greedy ROUGE oracle picks the sentence (the label the model is
  trained on, bench/train.py), else 0;
* ``bigrams``: + k x the share of the sentence's word pairs that the reference holds
  (standardised within the cluster): evidence of the kind ROUGE itself counts.

Each row gives the moved probabilities' AUC against the oracle's picks (how well they rank
the sentences an editor's summary draws on; k = 0 is the shipped model's) and the ROUGE of
the briefs, with the paired difference from k = 0. So it tells what a better sentence
scorer must reach, in the one number a scorer is trained and judged by, for a given
ROUGE. It reads the references: a measurement of headroom, never a system.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import numpy as np
from rouge_score.tokenizers import DefaultTokenizer
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).parent))

from train import labels, selectable

from storyline import DEFAULTS, Cluster, Options
from storyline.data import Sentence
from storyline.evaluate import bootstrap, cut_lines, score
from storyline.ingest import read_inputs
from storyline.relate import Relations
from storyline.salience import load_model, salience_scores
from storyline.select import select

STRENGTHS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass
class Case:
    """One cluster's sentences and relations, and what its reference says of each sentence."""

    cluster: Cluster
    sentences: list[Sentence]
    relations: Relations
    keep: list[int]  # the sentences a brief may use (live document, 6-60 words)
    active: np.ndarray  # per sentence: from a live document
    picked: np.ndarray  # per sentence: 1 if the greedy oracle picks it
    bigrams: np.ndarray  # per sentence: share of its word pairs in the reference, standardised
    logit: np.ndarray  # per sentence: the shipped model's log-odds


def prepare(cluster: Cluster, options: Options, words: int, recall: bool) -> Case:
    sentences, relations, keep = selectable(cluster, options)
    picked = np.zeros(len(sentences))
    picked[keep] = labels(sentences, keep, cluster.references, words, recall=recall)
    active = np.array([relations.flags[s.doc] is None for s in sentences], dtype=bool)
    probability = load_model(options.relate.salience_model).predict(relations.features)
    return Case(
        cluster,
        sentences,
        relations,
        keep,
        active,
        picked,
        _bigram_precision(sentences, cluster.references),
        np.log(np.clip(probability, 1e-9, 1.0)) - np.log(np.clip(1.0 - probability, 1e-9, 1.0)),
    )


_TOKENS = DefaultTokenizer(use_stemmer=True)  # the scorer's own tokens and stems


def _bigram_precision(sentences: list[Sentence], references: tuple[str, ...]) -> np.ndarray:
    held: Counter = Counter()
    for reference in references:
        held |= Counter(pairwise(_TOKENS.tokenize(reference)))
    shares = np.zeros(len(sentences))
    for i, sentence in enumerate(sentences):
        pairs = Counter(pairwise(_TOKENS.tokenize(sentence.text)))
        if pairs:
            shares[i] = sum((pairs & held).values()) / sum(pairs.values())
    return (shares - shares.mean()) / (shares.std() + 1e-9) if len(shares) else shares


def moved(case: Case, signal: str, strength: float) -> np.ndarray:
    """The model's probabilities, their log-odds moved toward the reference's evidence."""
    evidence = case.picked if signal == "oracle" else case.bigrams
    return 1.0 / (1.0 + np.exp(-(case.logit + strength * evidence)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--recall", action="store_true")
    args = parser.parse_args()
    options = DEFAULTS.with_(words=args.words, language="en")  # the dev sets are English
    read = list(read_inputs([args.clusters], options))
    problems = [str(e) for e in read if not isinstance(e, Cluster)]
    clusters = [c for c in read if isinstance(c, Cluster) and c.references]
    if not clusters:
        parser.error(problems[0] if problems else f"{args.clusters}: no reference summaries")
    for problem in problems:
        print(f"headroom: left out {problem}", file=sys.stderr)
    cases = [prepare(c, options, args.words, args.recall) for c in clusters]
    kind = "recall" if args.recall else "F1"
    print(
        f"{Path(args.clusters).name}: {len(cases)} clusters, {args.words} words, ROUGE {kind}, "
        "mean [95% bootstrap interval]\n"
    )
    print("| evidence | k | AUC | rouge1 | rouge2 | rouge1 - k=0 | rouge2 - k=0 |")
    print("|---|---|---|---|---|---|---|")
    for signal in ("oracle", "bigrams"):
        base = None
        for strength in STRENGTHS:
            rows, ranked = [], []
            for case in cases:
                probability = moved(case, signal, strength)
                salience = salience_scores(
                    case.relations.features, case.active, case.sentences, options, probability
                )
                relations = replace(case.relations, salience=salience)
                chosen = select(case.sentences, relations, options)
                summary = cut_lines([case.sentences[i].text for i in chosen], args.words)
                found = score(summary, case.cluster.references, recall=args.recall)
                rows.append((found["rouge1"], found["rouge2"]))
                ranked.append((case.picked[case.keep], probability[case.keep]))
            base = base or rows
            picks, scores = (np.concatenate(part) for part in zip(*ranked, strict=True))
            cells = [bootstrap([r[m] for r in rows]) for m in (0, 1)]
            paired = [
                bootstrap([r[m] - b[m] for r, b in zip(rows, base, strict=True)]) for m in (0, 1)
            ]
            print(
                f"| {signal} | {strength:g} | {roc_auc_score(picks, scores):.3f} | "
                f"{cells[0]} | {cells[1]} | {paired[0]} | {paired[1]} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
