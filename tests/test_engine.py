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
