"""How well story grouping recovers reference clusters from a shuffled pool of their articles.

    python bench/stories.py ../shared/data/duc2003.jsonl.gz
    python bench/stories.py ../shared/data/multinews-validation-truncated.jsonl.gz --engine dask

Every document of every cluster goes into one pool, shuffled with a fixed seed;
storyline groups the pool (exactly as ``storyline cluster`` does) and the stories
are scored against the clusters: BCubed precision, recall and F1, and the adjusted
Rand index. Documents that Multi-News+ annotators judged unrelated to their cluster
(``irrelevant_votes >= 3``) are left out. Also printed: articles per second (profiling
and grouping, after the model is loaded) and peak memory of this process (with
``--engine dask`` the workers' memory is not in it). Pages that are not articles are set
aside first, as ``cluster`` sets them aside; ``--noise`` keeps the noise documents in.

With ``--ingest CALLS`` the pool also goes into a story store (a temporary SQLite file)
in that many ``ingest`` calls, as ``storyline ingest`` would store it (then, with
``--regroup``, regrouped as ``stories --regroup`` does), and the store's stories are
scored the same way and against ``cluster``'s (BCubed agreement).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import tempfile
import time
from collections import Counter
from itertools import islice

from sklearn.metrics import adjusted_rand_score

from storyline import DEFAULTS, Article
from storyline.dates import dateline
from storyline.engine import get_engine
from storyline.represent import get_embedder
from storyline.store import Store
from storyline.stories import articles_only, group, profile_all

NOISE_VOTES = 3


def pool(
    path: str, seed: int, *, noise: bool = False, limit: int | None = None
) -> tuple[list[Article], list[str]]:
    articles, labels = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in islice(handle, limit):
            cluster = json.loads(line)
            for n, doc in enumerate(cluster["documents"]):
                if doc.get("irrelevant_votes", 0) >= NOISE_VOTES and not noise:
                    continue
                articles.append(
                    Article(
                        id=f"{cluster['id']}/{n}",
                        text=doc["text"],
                        title=doc.get("title"),
                        date=doc.get("date") or dateline(doc["text"]),  # as cluster reads
                    )
                )
                labels.append(cluster["id"])
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return [articles[i] for i in order], [labels[i] for i in order]


def bcubed(truth: list[str], found: list[int]) -> tuple[float, float, float]:
    pair = Counter(zip(truth, found, strict=True))
    in_truth, in_found = Counter(truth), Counter(found)
    precision = sum(pair[(t, f)] / in_found[f] for t, f in zip(truth, found, strict=True))
    recall = sum(pair[(t, f)] / in_truth[t] for t, f in zip(truth, found, strict=True))
    precision, recall = precision / len(truth), recall / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", default="local", choices=["local", "dask"])
    parser.add_argument("--scheduler")
    parser.add_argument("--ingest", type=int, metavar="CALLS", help="also ingest in CALLS calls")
    parser.add_argument("--regroup", action="store_true", help="then regroup the store")
    parser.add_argument("--noise", action="store_true", help="keep Multi-News+ noise documents")
    parser.add_argument("--limit", type=int, help="the first N clusters of the file only")
    args = parser.parse_args()
    articles, truth = pool(args.clusters, args.seed, noise=args.noise, limit=args.limit)
    get_embedder(DEFAULTS.embedder)
    engine = get_engine(args.engine, args.scheduler)
    try:
        start = time.perf_counter()
        profiles = profile_all(articles, DEFAULTS, engine)
        pages = sum(not p.article for p in profiles)  # set aside, as cluster does
        truth = [label for label, p in zip(truth, profiles, strict=True) if p.article]
        articles, profiles, _ = articles_only(articles, profiles)
        profiled = time.perf_counter()
        found = group(profiles, DEFAULTS)
        done = time.perf_counter()
    finally:
        engine.close()
    precision, recall, f1 = bcubed(truth, found)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    clusters, documents = len(set(truth)), len(articles)
    print(f"{args.clusters}: {clusters} clusters, {documents} documents, seed {args.seed}")
    print(f"  pages set aside      {pages} (not articles)")
    print(f"  stories found        {len(set(found))}, the largest {max(Counter(found).values())}")
    print(f"  BCubed P / R / F1    {precision:.3f} / {recall:.3f} / {f1:.3f}")
    print(f"  adjusted Rand index  {adjusted_rand_score(truth, found):.3f}")
    print(
        f"  articles per second  {len(articles) / (done - start):.0f} "
        f"(profiling {profiled - start:.1f} s on {args.engine}, grouping {done - profiled:.1f} s)"
    )
    print(f"  peak memory          {peak:.0f} MB (this process)")
    if args.ingest:
        stored = ingested(articles, profiles, args.ingest, regroup=args.regroup)
        precision, recall, f1 = bcubed(truth, stored)
        agreement = bcubed([str(f) for f in found], stored)[2]
        then = ", then regrouped" if args.regroup else ""
        print(f"  ingested in {args.ingest} calls{then}: {len(set(stored))} stories")
        print(f"  BCubed P / R / F1    {precision:.3f} / {recall:.3f} / {f1:.3f}")
        print(f"  agreement with cluster (BCubed F1)  {agreement:.3f}")


def ingested(articles: list[Article], profiles: list, calls: int, *, regroup: bool) -> list[int]:
    """The story of each article once the pool is ingested in ``calls`` calls (batches of
    ``ingest_batch``, as the CLI sends them), and the store regrouped if asked (``stories
    --regroup``); a duplicate has its original's story."""
    size = DEFAULTS.stories.ingest_batch
    cut = -(-len(articles) // calls)
    original: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/stories.db"
        for start in range(0, len(articles), cut):
            with Store(path, DEFAULTS) as store:
                for at in range(start, min(start + cut, len(articles)), size):
                    end = min(at + size, start + cut, len(articles))
                    added = store.add(articles[at:end], profiles[at:end])
                    original.update(added.duplicates)
        with Store(path, DEFAULTS) as store:
            if regroup:
                store.regroup()
            story = {a: s.id for s in store.stories() for a in s.articles}
    return [story[original.get(a.id, a.id)] for a in articles]


if __name__ == "__main__":
    main()
