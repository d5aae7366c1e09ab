"""Readability of briefs as editors judge it: hand labels, and the packets they are made from.

    python bench/readability.py packets DIR [--set baseline|unseen|fresh] [--briefs MN DUC TAC]
    python bench/readability.py score bench/labels/baseline/*.jsonl

`packets` writes one text file per cluster of a label set (the brief, its sources and the
references) for a reader following ../shared/guides/brief-reading-guide.md, plus
`key.json` (opaque brief id -> cluster and brief file); the briefs are `storyline eval
--output` files. Packets of several versions may share a folder (and a key), so that
readers get old and new briefs mixed, not knowing which is which. The clusters of each
set are fixed in bench/labels/clusters.json: 40 `baseline` clusters (Multi-News dev raw,
DUC 2003, TAC 2011), and 15 `unseen` and 15 `fresh` ones, each kept unread until a change
was judged.
Packets hold dev data: keep them out of the repository.

`score` reports, per file of labels, all together, and per `version` of the briefs and
label set when the labels say (mixed packets): defects per 100 brief sentences
(each type and any), the share of briefs whose first sentence states the event and whose
threads stay together, mean coverage and readability; and where two readers labelled the
same brief, how often they agree on each defect; and where clusters were labelled in two
versions, the briefs left the same (the readers' own noise) apart from those changed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LABELS = Path(__file__).parent / "labels"
DEFECTS = (
    "dangling",
    "junk",
    "off_topic",
    "repeat",
    "malformed",
    "unattributed_quote",
    "contradiction",
)
FILES = {
    "mn": "multinews-dev-raw.jsonl.gz",
    "duc": "duc2003.jsonl.gz",
    "tac": "tac2011-en.jsonl.gz",
}
SOURCE_WORDS = 1_500  # of each source in a packet: what a reader can weigh


def packets(out: Path, label_set: str, briefs: dict[str, Path]) -> None:
    chosen = json.loads((LABELS / "clusters.json").read_text())[label_set]
    out.mkdir(parents=True, exist_ok=True)
    known = out / "key.json"  # packets of other briefs in the same folder stay listed
    key = json.loads(known.read_text()) if known.exists() else {}
    for corpus, ids in chosen.items():
        records = _records(DATA / FILES[corpus])
        made = {r["id"]: r for r in map(json.loads, briefs[corpus].read_text().splitlines())}
        for cluster in ids:
            brief = made[cluster]
            if "sentences" not in brief:
                print(f"{cluster}: no brief ({brief.get('error')}): no packet", file=sys.stderr)
                continue
            opaque = hashlib.sha1(f"{briefs[corpus]}:{cluster}".encode()).hexdigest()[:10]
            name = f"{opaque}.txt"
            (out / name).write_text(_packet(opaque, brief, records[cluster]), encoding="utf-8")
            key[opaque] = {"cluster": cluster, "corpus": corpus, "briefs": str(briefs[corpus])}
    (out / "key.json").write_text(json.dumps(key, indent=1))
    print(f"{len(key)} packets in {out}")


def _records(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {r["id"]: r for r in map(json.loads, lines)}


def _packet(opaque: str, brief: dict, record: dict) -> str:
    lines = [f"BRIEF {opaque} ({brief['words']} words)", ""]
    lines += [f"[{n}] {s['text']}" for n, s in enumerate(brief["sentences"], 1)]
    for k, reference in enumerate(record.get("references") or (), 1):
        lines += ["", f"REFERENCE SUMMARY {k}", reference]
    for document in record["documents"]:
        words = document["text"].split()
        cut = len(words) > SOURCE_WORDS
        text = " ".join(words[:SOURCE_WORDS]) + (" [... the rest left out]" if cut else "")
        lines += ["", f"SOURCE {document['id']} (title: {document.get('title')})", text]
    return "\n".join(lines) + "\n"


def score(paths: list[Path]) -> None:
    every = []
    for path in paths:
        labels = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        every += [(path.stem, label) for label in labels]
        _report(path.name, labels)
    if len(paths) > 1:
        _report("all (each brief once)", _once([label for _, label in every]))
    sets = json.loads((LABELS / "clusters.json").read_text())
    for version in sorted({label.get("version") for _, label in every} - {None}):
        for name in ("baseline", "unseen", "fresh"):
            ids = {c for group in sets[name].values() for c in group}
            chosen = [
                lb for _, lb in every if lb.get("version") == version and lb["cluster"] in ids
            ]
            if chosen:
                _report(f"{version}, {name} clusters", _once(chosen))
    _paired([label for _, label in every])
    _agreement(every)


def _paired(labels: list[dict]) -> None:
    """For clusters labelled in two versions (by different readers): the briefs the same in
    both, a measure of the readers' own noise, and the changed ones, the later version
    minus the earlier in defective sentences per 100 with a 95% bootstrap interval over
    clusters (1,000 resamples, fixed seed)."""
    by_cluster: dict[str, dict[str, dict]] = {}
    for label in labels:
        if label.get("version"):
            by_cluster.setdefault(label["cluster"], {})[label["version"]] = label
    versions = sorted({v for found in by_cluster.values() for v in found})
    if len(versions) != 2:
        return
    first, second = versions
    pairs = [(f[first], f[second]) for f in by_cluster.values() if len(f) == 2]
    same = [(a, b) for a, b in pairs if _texts(a) == _texts(b)]
    changed = [(a, b) for a, b in pairs if _texts(a) != _texts(b)]
    print(f"paired, {second} against {first}:")
    for name, group in (("same brief (reader noise)", same), ("changed brief", changed)):
        if not group:
            continue
        low, high = _interval(group)
        before, after = _per_100(a for a, _ in group), _per_100(b for _, b in group)
        leads = [sum(pair[k]["lead_states_event"] == "yes" for pair in group) for k in (0, 1)]
        print(
            f"  {name}: {len(group)} clusters, defective per 100 {before:.1f} -> {after:.1f}"
            f" (difference 95% [{low:+.1f}, {high:+.1f}]),"
            f" lead states the event {leads[0]} -> {leads[1]}"
        )


def _texts(label: dict) -> list[str]:
    return [s["text"][:60] for s in label["sentences"]]


def _per_100(labels: Iterable[dict]) -> float:
    sentences = [s for label in labels for s in label["sentences"]]
    return 100 * sum(bool(s["defects"]) for s in sentences) / max(1, len(sentences))


def _interval(pairs: list[tuple[dict, dict]]) -> tuple[float, float]:
    draw = random.Random(1)
    differences = sorted(
        _per_100(b for _, b in sample) - _per_100(a for a, _ in sample)
        for sample in ([draw.choice(pairs) for _ in pairs] for _ in range(1000))
    )
    return differences[25], differences[974]


def _once(labels: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for label in labels:
        if label["brief_id"] not in seen:
            seen.add(label["brief_id"])
            kept.append(label)
    return kept


def _report(name: str, labels: list[dict]) -> None:
    sentences = [s for label in labels for s in label["sentences"]]
    if not sentences:
        print(f"{name}: no labels")
        return
    counts = Counter(d for s in sentences for d in set(s["defects"]))
    per_100 = {d: 100 * counts[d] / len(sentences) for d in DEFECTS}
    anything = 100 * sum(bool(s["defects"]) for s in sentences) / len(sentences)
    lead = sum(label["lead_states_event"] == "yes" for label in labels) / len(labels)
    threads = sum(bool(label["threads_together"]) for label in labels) / len(labels)
    coverage = sum(label["coverage"] for label in labels) / len(labels)
    readable = sum(label["readability"] for label in labels) / len(labels)
    print(f"{name}: {len(labels)} briefs, {len(sentences)} sentences")
    print(f"  defective sentences per 100: {anything:.1f}")
    print("  " + ", ".join(f"{d} {v:.1f}" for d, v in per_100.items()))
    print(f"  lead states the event {lead:.0%}, threads together {threads:.0%}")
    print(f"  coverage {coverage:.2f} / 5, readability {readable:.2f} / 5")


def _agreement(every: list[tuple[str, dict]]) -> None:
    """Per defect, over the sentences two readers both labelled: the share where both
    flagged it or neither did, and how many each flagged."""
    by_brief: dict[str, list[tuple[str, dict]]] = {}
    for reader, label in every:
        by_brief.setdefault(label["brief_id"], []).append((reader, label))
    pairs = [(a, b) for labels in by_brief.values() for a, b in combinations(labels, 2)]
    if not pairs:
        return
    print(f"agreement over {len(pairs)} briefs labelled twice:")
    for defect in (*DEFECTS, "any"):
        same = total = first = second = 0
        for (_, a), (_, b) in pairs:
            for x, y in zip(a["sentences"], b["sentences"], strict=False):
                fx = bool(x["defects"]) if defect == "any" else defect in x["defects"]
                fy = bool(y["defects"]) if defect == "any" else defect in y["defects"]
                same += fx == fy
                first += fx
                second += fy
                total += 1
        print(f"  {defect:<18} {same / total:.0%} agree ({first} vs {second} flagged)")
    lead = sum(a["lead_states_event"] == b["lead_states_event"] for (_, a), (_, b) in pairs)
    print(f"  lead_states_event  {lead / len(pairs):.0%} agree")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    make = verbs.add_parser("packets")
    make.add_argument("out", type=Path)
    make.add_argument("--set", default="baseline", choices=("baseline", "unseen", "fresh"))
    make.add_argument("--briefs", nargs=3, type=Path, metavar=("MN", "DUC", "TAC"))
    judge = verbs.add_parser("score")
    judge.add_argument("labels", nargs="+", type=Path)
    args = parser.parse_args()
    if args.verb == "packets":
        if not args.briefs:
            parser.error("give the eval --output files: --briefs MN DUC TAC")
        packets(args.out, args.set, dict(zip(("mn", "duc", "tac"), args.briefs, strict=True)))
    else:
        missing = [str(p) for p in args.labels if not p.is_file()]
        if missing:
            print(f"readability: no such file: {', '.join(missing)}", file=sys.stderr)
            sys.exit(2)
        score(args.labels)


if __name__ == "__main__":
    main()
