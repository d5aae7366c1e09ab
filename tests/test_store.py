"""The story store: a real SQLite file, written by `storyline ingest`, read by `stories`."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline import DEFAULTS, StorylineError
from storyline.ingest.read import read_articles
from storyline.store import Store
from storyline.stories import profiles


def _stories(cli, db: Path, *extra: str) -> list[dict]:
    done = cli("stories", "--db", str(db), "--format", "jsonl", *extra)
    assert done.returncode == 0, done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_ingest_groups_and_stores_each_article_once(cli, example, harbor_fire, tmp_path):
    db = tmp_path / "news.db"
    first = cli("ingest", str(example), str(harbor_fire), "--db", str(db))
    assert first.returncode == 0, first.stderr.decode()
    assert b"8 articles stored" in first.stdout
    # one line for all the undated articles, not one each
    assert (
        first.stderr.count(b"no date") == 1 and b"of 8 articles stored have no date" in first.stderr
    )
    copy = tmp_path / "copy.txt"  # the same article under another name, re-spaced
    copy.write_text("  ".join((harbor_fire / "one.txt").read_text().split()))
    edited = tmp_path / "edited.txt"  # and again with two words changed
    edited.write_text((harbor_fire / "one.txt").read_text().replace("nine", "ten", 1))
    edited.write_text(edited.read_text().replace("Tuesday", "Monday", 1))
    again = cli("ingest", str(example), str(copy), str(edited), "--db", str(db))
    assert b"0 articles stored, 2 duplicates skipped, 5 already stored" in again.stdout
    assert b"copy.txt: duplicate of one.txt" in again.stderr
    assert b"edited.txt: duplicate of one.txt" in again.stderr
    stories = _stories(cli, db)
    assert sorted(len(s["articles"]) for s in stories)[-2:] in ([3, 5], [3, 4])
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 8


def test_new_articles_join_existing_stories_and_briefs_follow(cli, harbor_fire, tmp_path):
    db = tmp_path / "news.db"
    one, two, three = sorted(harbor_fire.iterdir())
    cli("ingest", str(one), str(two), "--db", str(db))
    (story,) = _stories(cli, db, "--brief", "--words", "50")
    assert story["brief"]["words"] <= 50
    with sqlite3.connect(db) as con:  # mark the kept brief to see whether it is reused
        con.execute("UPDATE briefs SET brief = json_set(brief, '$.text', 'KEPT')")
    (same,) = _stories(cli, db, "--brief", "--words", "50")
    assert same["brief"]["text"] == "KEPT"
    cli("ingest", str(three), "--db", str(db))
    (grown,) = _stories(cli, db, "--brief", "--words", "50")
    assert grown["id"] == story["id"]
    assert len(grown["articles"]) == 3
    assert grown["brief"]["text"] != "KEPT"


def test_stories_since_and_formats(cli, harbor_fire, tmp_path):
    db = tmp_path / "news.db"
    lines = [
        json.dumps({"id": p.stem, "text": p.read_text(), "published": f"2020-01-0{n}T10:00Z"})
        for n, p in enumerate(sorted(harbor_fire.iterdir()), 1)
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    cli("ingest", str(tmp_path / "a.jsonl"), "--db", str(db))
    assert _stories(cli, db, "--since", "2019-12-31")[0]["first"].startswith("2020-01-01")
    assert _stories(cli, db, "--since", "2d") == []
    markdown = cli("stories", "--db", str(db), "--brief", "--format", "markdown").stdout.decode()
    assert markdown.startswith("# Story 1: Fire destroys warehouses")
    assert "**Sources**" in markdown
    assert "## story-" not in markdown  # the story's heading is the only one
    bad = cli("stories", "--db", str(db), "--since", "soon")
    assert bad.returncode == 2 and b"expected 2d" in bad.stderr


def test_a_locked_store_gives_a_clear_error(harbor_fire, tmp_path):
    db = tmp_path / "news.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    articles = list(read_articles([str(harbor_fire)], DEFAULTS))
    options = DEFAULTS.with_(lock_timeout=0.2)
    with Store(db, options) as store, pytest.raises(StorylineError, match="locked by another"):
        store.add(articles, profiles(articles))
    holder.execute("ROLLBACK")
    with Store(db, options) as store:
        assert len(store.add(articles, profiles(articles)).stored) == 3


def test_not_a_database(cli, tmp_path):
    bogus = tmp_path / "news.db"
    bogus.write_text("hello, not sqlite" * 100)
    done = cli("ingest", __file__, "--db", str(bogus))
    assert done.returncode == 1
    assert done.stderr.decode().strip().endswith(")") and b"Traceback" not in done.stderr


def test_killed_ingest_leaves_a_consistent_store(tmp_path, example):
    vocabulary = sorted({w for p in example.iterdir() for w in p.read_text().split()})
    lines = [  # 400 distinct articles of 150 words drawn from the example's vocabulary
        json.dumps({"id": f"a{n}", "text": _sentences(random.Random(n).choices(vocabulary, k=150))})
        for n in range(400)
    ]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines))
    db = tmp_path / "news.db"
    command = [sys.executable, "-m", "storyline", "ingest", str(source), "--db", str(db)]
    victim = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and victim.poll() is None:
        if db.exists() and _count(db) > 0:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = _count(db)
    assert 0 < stored < 400
    done = subprocess.run(command, capture_output=True, timeout=300)
    assert done.returncode == 0
    # the rest added, nothing twice; but a draw of words that reads as page furniture,
    # never stored, which the rerun names again
    pages = done.stderr.count(b"not an article")
    assert pages < 10 and _count(db) == 400 - pages
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 400 - pages
        orphans = "SELECT count(*) FROM articles WHERE story NOT IN (SELECT id FROM stories)"
        assert con.execute(orphans).fetchone()[0] == 0


def _sentences(words: list[str]) -> str:
    """Words as sentences of fifteen (an article, not a line of page furniture)."""
    return " ".join(" ".join(words[k : k + 15]) + "." for k in range(0, len(words), 15))


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_what_is_stored_does_not_depend_on_the_batches(cli, example, harbor_fire, tmp_path):
    """Re-filed copies (a few words edited) are stored once whether they come in one call
    or many; a rewrite with a new lead and a new paragraph is a new article."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*sorted(example.iterdir()), *sorted(harbor_fire.iterdir())]:
        (folder / path.name).write_text(path.read_text())
    one = (harbor_fire / "one.txt").read_text()
    (folder / "one-refiled.txt").write_text(one.replace("nine", "ten", 1))
    rewrite = "Investigators returned to the burned warehouse on Wednesday morning.\n" + one
    (folder / "one-rewrite.txt").write_text(rewrite + "\nThe port reopened two of its piers.\n")
    names = sorted(p.name for p in folder.iterdir())

    def stored(*calls: list[str]) -> set[str]:
        db = tmp_path / f"{len(calls)}.db"
        for call in calls:
            assert cli("ingest", *[str(folder / n) for n in call], "--db", str(db)).returncode == 0
        with sqlite3.connect(db) as con:
            return {row[0] for row in con.execute("SELECT id FROM articles")}

    whole = stored(names)
    assert len(whole & {"one.txt", "one-refiled.txt"}) == 1 and "one-rewrite.txt" in whole
    assert stored(names[:4], names[4:8], names[8:]) == whole


def test_a_killed_stories_run_keeps_every_brief_it_made(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(24):  # 24 stories, each told twice, each of its own names
        place, person, firm = (
            f"{stem}{chr(97 + k)}{k * 7 % 10}" for stem in ("Velm", "Oran", "Tisk")
        )
        for n in range(2):
            (folder / f"{place}-{n}.txt").write_text(
                f"Flooding in {place} on Tuesday closed the {firm} plant, {person} said. "
                f"Officials in {place} said the {firm} plant would stay shut for days. "
                f"{person} warned that {place} could flood again. The {firm} workers were "
                f"sent home from {place}, the {n + 20} staff said.\n"
            )
    db = tmp_path / "news.db"
    assert cli("ingest", str(folder), "--db", str(db)).returncode == 0
    stories = len(_stories(cli, db))
    assert stories >= 16
    command = [sys.executable, "-m", "storyline", "stories", "--db", str(db), "--brief"]
    victim = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and victim.poll() is None and _briefs(db) == 0:
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    kept = _briefs(db)
    assert 0 < kept < stories  # written as made, not all at the end
    done = cli("stories", "--db", str(db), "--brief")
    assert done.returncode == 0 and _briefs(db) == stories


def _briefs(db: Path) -> int:
    with sqlite3.connect(db, timeout=5) as con:
        return con.execute("SELECT count(*) FROM briefs").fetchone()[0]


def test_undated_articles_are_stored_in_the_stories_cluster_finds(tmp_path, twenty_languages):
    """Undated articles are grouped by their text alone, in the store as by `cluster`: the
    store once dated them by the time of ingest, and grouped them differently."""
    from storyline.stories import group, profile_all

    articles = twenty_languages
    found = profile_all(articles, DEFAULTS)
    assert all(p.time is None for p in found)
    by_cluster: dict[int, set[str]] = {}
    for article, story in zip(articles, group(found, DEFAULTS), strict=True):
        by_cluster.setdefault(story, set()).add(article.id)
    with Store(tmp_path / "s.db", DEFAULTS) as store:
        store.add(articles, found)
    with Store(tmp_path / "s.db", DEFAULTS) as store:
        stored = {frozenset(s.articles) for s in store.stories()}
    assert len(by_cluster) > 20  # some of the 20 events split: the comparison must bite
    assert stored == {frozenset(ids) for ids in by_cluster.values()}


def test_stories_regrouped_are_clusters_whatever_the_batches(cli, tmp_path):
    """Ingested in two calls (each its own batches), the store's stories differ from what
    `cluster` finds in the same articles; `stories --regroup` makes them the same."""
    folder = Path(__file__).parent / "fixtures" / "languages"
    rows = [
        {"id": f"{path.stem}-{n}", "text": text, "date": f"2026-0{1 + n}-{10 + len(path.stem)}"}
        for path in sorted(folder.glob("*.json"))
        for n, text in enumerate(json.loads(path.read_text(encoding="utf-8")))
    ]
    random.Random(5).shuffle(rows)
    pool, first, second = (tmp_path / f"{name}.jsonl" for name in ("pool", "first", "second"))
    pool.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    first.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:25]))
    second.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[25:]))
    found = cli("cluster", str(pool))
    assert found.returncode == 0, found.stderr.decode()
    clusters = {frozenset(json.loads(line)["articles"]) for line in found.stdout.splitlines()}
    db = tmp_path / "s.db"
    for part in (first, second):
        assert cli("ingest", str(part), "--db", str(db)).returncode == 0
    ingested = {frozenset(s["articles"]) for s in _stories(cli, db)}
    assert ingested != clusters  # the batches made a difference: the test must bite
    regrouped = cli("stories", "--db", str(db), "--regroup", "--format", "jsonl")
    assert regrouped.returncode == 0 and b"articles moved" in regrouped.stderr
    assert {
        frozenset(json.loads(line)["articles"]) for line in regrouped.stdout.splitlines()
    } == clusters
    assert {frozenset(s["articles"]) for s in _stories(cli, db)} == clusters  # and it stays so
