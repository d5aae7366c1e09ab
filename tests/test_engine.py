"""A real local Dask cluster (two worker processes) gives what one process gives."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_cluster_on_dask_equals_one_process(cli, example, harbor_fire, tmp_path, scheduler):
    local = cli("cluster", str(example), str(harbor_fire), "--brief", "--words", "80")
    remote = cli(
        "cluster",
        str(example),
        str(harbor_fire),
        "--brief",
        "--words",
        "80",
        "--scheduler",
        scheduler,
    )
    assert local.returncode == remote.returncode == 0, remote.stderr.decode()
    assert remote.stdout == local.stdout
    assert local.stdout.count(b"\n") >= 2


def test_summarize_a_cluster_file_on_dask_equals_one_process(cli, example, tmp_path, scheduler):
    import json

    texts = [p.read_text() for p in sorted(example.iterdir())]
    lines = [
        json.dumps(
            {"id": "c1", "documents": [{"id": f"d{n}", "text": t} for n, t in enumerate(texts)]}
        ),
        "{broken",
        json.dumps({"id": "c2", "documents": [{"id": "x", "text": t} for t in texts[:3]]}),
    ]
    clusters = tmp_path / "clusters.jsonl"
    clusters.write_text("\n".join(lines))
    local = cli("summarize", str(clusters), "--format", "jsonl")
    remote = cli(
        "summarize",
        str(clusters),
        "--format",
        "jsonl",
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
    )
    assert local.returncode == remote.returncode == 1  # the broken line
    assert remote.stdout == local.stdout
    assert [json.loads(x)["id"] for x in remote.stdout.splitlines()] == ["c1", "c2"]


def test_results_come_back_in_input_order_when_later_work_finishes_first(scheduler):
    """Chunks finish out of order (the first items are the slowest); the stream is restored
    to input order, every item once."""
    import time

    from storyline import DEFAULTS
    from storyline.engine import get_engine

    def slow_first(n: int) -> int:  # pickled by value: the workers need not import tests
        time.sleep(0.05 * (8 - n))
        return n * n

    engine = get_engine("dask", scheduler, DEFAULTS.with_(dask_chunk=1, dask_in_flight=2))
    try:
        assert engine.workers == 2
        assert list(engine.map(slow_first, range(8))) == [n * n for n in range(8)]
        assert list(engine.map(slow_first, range(8), chunk=3)) == [n * n for n in range(8)]
    finally:
        engine.close()


def test_ingest_on_dask_stores_what_one_process_stores(
    cli, example, harbor_fire, tmp_path, scheduler
):
    """An ingest batch is cut into one profiling task per worker; the stories are the same
    (their times aside: an undated article is timed by when it was stored)."""
    import json

    def stories(db):
        found = json.loads(cli("stories", "--db", str(db), "--format", "json").stdout)
        return [{k: v for k, v in s.items() if k not in ("first", "last")} for s in found]

    local, remote = tmp_path / "local.db", tmp_path / "remote.db"
    inputs = [str(example), str(harbor_fire)]
    assert cli("ingest", *inputs, "--db", str(local)).returncode == 0
    done = cli("ingest", *inputs, "--db", str(remote), "--scheduler", scheduler)
    assert done.returncode == 0, done.stderr.decode()
    assert stories(local) == stories(remote) and len(stories(local)) >= 2
