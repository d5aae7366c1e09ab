"""Crash safety of `storyline ingest`: kill -9 at random points, many times.

    python bench/crash.py --kills 20

One store, one input of 8,000 distinct articles (more than the rounds can ingest). Each
round starts `storyline ingest`, kills it with SIGKILL after a random delay, then checks
that the database opens, passes PRAGMA integrity_check, and holds every article the
killed run had reported stored ("N articles stored so far" is printed only after a
batch is committed). A last run ingests the rest: the store must end with all 8,000
articles, none twice, none without a story.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "examples" / "kerry-putin-sochi-2015"
TOTAL = 8_000
REPORTED = re.compile(rb"storyline: (\d+) articles stored so far")


def articles(path: Path, count: int) -> None:
    vocabulary = sorted({w for p in EXAMPLE.iterdir() for w in p.read_text().split()})
    lines = (
        json.dumps({"id": f"a{n}", "text": " ".join(random.Random(n).choices(vocabulary, k=150))})
        for n in range(count)
    )
    path.write_text("\n".join(lines))


def count(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db, timeout=30) as con:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            sys.exit("FAILED: integrity_check")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        return (
            con.execute("SELECT count(*) FROM articles").fetchone()[0]
            if "articles" in tables
            else 0
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="storyline-crash-"))
    source, db = work / "many.jsonl", work / "news.db"
    articles(source, TOTAL)
    command = [sys.executable, "-m", "storyline", "ingest", str(source), "--db", str(db)]
    for kill in range(1, args.kills + 1):
        before = count(db)
        log = work / f"run{kill}.log"  # a file, not a pipe: a full pipe would stall the run
        with log.open("wb") as stderr_file:
            victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr_file)
            delay = chance.uniform(0.5, 6.0)
            time.sleep(delay)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
        stderr = log.read_bytes()
        reported = max((int(n) for n in REPORTED.findall(stderr)), default=0)
        after = count(db)
        ok = after >= min(before + reported, TOTAL)
        verdict = "ok" if ok else "LOST ARTICLES"
        print(f"kill {kill:2d} after {delay:.1f} s: {before} -> {after} stored "
              f"(run reported {reported}); integrity ok; {verdict}")  # fmt: skip
        if not ok:
            sys.exit(1)
    subprocess.run(command, check=True, capture_output=True)
    with sqlite3.connect(db) as con:
        total = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        orphans = con.execute(
            "SELECT count(*) FROM articles WHERE story NOT IN (SELECT id FROM stories)"
        ).fetchone()[0]
    print(f"final run: {total[0]} articles, {total[1]} distinct, {orphans} without a story")
    if total != (TOTAL, TOTAL) or orphans:
        sys.exit(1)


if __name__ == "__main__":
    main()
