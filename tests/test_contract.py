"""The output contract: stdout holds storyline's output alone and parses, on every path that
wakes a dependency, and the HTTP API answers what the CLI prints, byte for byte.

CI runs these twice: within requirements.lock, and with the newest releases that
pyproject.toml's bounds allow (.ci/newest), so a release that breaks them fails CI.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from html import escape
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.render import BRIEF_FORMATS
from storyline.web import create_app

pytestmark = pytest.mark.contract


def _documents(folder: Path) -> list[dict]:
    return [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(folder.iterdir())]


def _own_lines_only(stderr: bytes) -> None:
    """stderr holds storyline's own messages, nothing a library wrote."""
    for line in stderr.decode().splitlines():
        assert not line.strip() or line.startswith("storyline"), stderr.decode()


def _parses(stdout: bytes, fmt: str) -> list:
    if fmt == "json":
        return [json.loads(stdout)]
    lines = stdout.decode().splitlines()
    assert lines, "no output"
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def pages(example, tmp_path_factory) -> Path:
    """The example as web pages: title, navigation, article, footer."""
    folder = tmp_path_factory.mktemp("pages")
    for path in sorted(example.iterdir()):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())
        (folder / f"{path.stem}.html").write_text(
            f"<html><head><title>{escape(title)}</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
            "<footer>Share this story. Add a comment.</footer></body></html>",
            encoding="utf-8",
        )
    return folder


@pytest.fixture(scope="module")
def clusters(example, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("clusters") / "three.jsonl.gz"
    record = {"documents": _documents(example), "references": ["Kerry met Putin in Sochi."]}
    lines = [json.dumps({**record, "id": f"c{n}"}) for n in range(3)]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    return path


CASES = {  # what each run wakes: the dependencies that could print
    "highs-wordllama": (["summarize", "{example}", "--format", "json"], "json"),
    "trafilatura-spacy": (["summarize", "{pages}", "--format", "json", "--insights"], "json"),
    "dask": (["summarize", "{clusters}", "--format", "jsonl", "--engine", "dask"], "jsonl"),
    "usearch": (["cluster", "{example}", "{pages}"], "jsonl"),
}


@pytest.mark.parametrize("case", CASES)
def test_stdout_is_storylines_alone(cli, case, example, pages, clusters):
    args, fmt = CASES[case]
    where = {"example": example, "pages": pages, "clusters": clusters}
    result = cli(*(arg.format(**where) for arg in args))
    assert result.returncode == 0, result.stderr.decode()
    assert _parses(result.stdout, fmt)
    _own_lines_only(result.stderr)


def test_the_python_api_prints_nothing(example, tmp_path):
    """A script that calls storyline and pipes its own output keeps its stdout and stderr."""
    script = tmp_path / "use.py"
    script.write_text(
        textwrap.dedent(f"""
        from pathlib import Path

        from storyline import Cluster, pipe, summarize
        from storyline.engine import get_engine
        from storyline.ingest import read_inputs
        from storyline.options import DEFAULTS
        from storyline.stories import group_articles, profile_all

        if __name__ == "__main__":
            (cluster,) = read_inputs([{str(example)!r}], DEFAULTS)
            summarize(cluster, insights=True)
            found = profile_all(list(cluster.articles), DEFAULTS, get_engine())
            group_articles(list(cluster.articles), found, DEFAULTS)
            engine = get_engine("dask")
            try:
                list(pipe([cluster], engine=engine))
            finally:
                engine.close()
        """)
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (result.stdout, result.stderr) == (b"", b"")


def test_eval_runs(cli, clusters, tmp_path):
    out = tmp_path / "scores.jsonl"
    result = cli("eval", str(clusters), "--words", "100", "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().startswith("storyline, 100 words, ROUGE F1")
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["c0", "c1", "c2"]
    _own_lines_only(result.stderr)


def test_the_server_answers(example):
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        address = server.stdout.readline().decode().split()[-1]
        assert address.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=address, timeout=120) as client:
            assert client.get("/healthz").json()["status"] == "ok"
            for fmt in ("json", "jsonl"):
                body = {"documents": _documents(example), "format": fmt, "words": 80}
                answer = client.post("/v1/briefs", json=body)
                assert answer.status_code == 200 and _parses(answer.content, fmt)
    finally:
        server.terminate()
        rest, _ = server.communicate(timeout=30)
    assert rest == b""  # nothing after the address line


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize("insights", [False, True], ids=["plain", "insights"])
@pytest.mark.parametrize("fmt", BRIEF_FORMATS)
def test_api_answers_what_the_cli_prints(client, example, capsys, fmt, insights):
    body = {"documents": _documents(example), "format": fmt, "words": 120, "insights": insights}
    answer = client.post("/v1/briefs", json=body)
    assert answer.status_code == 200
    args = ["summarize", str(example), "--format", fmt, "--words", "120"]
    assert main(args + ["--insights"] * insights) == 0
    assert answer.content == capsys.readouterr().out.encode()


def test_api_text_and_markdown_name_unreadable_documents(client, example):
    documents = [*_documents(example)[:3], {"id": "blank", "text": "  "}]
    for fmt in ("text", "markdown", "html"):
        answer = client.post("/v1/briefs", json={"documents": documents, "format": fmt})
        assert answer.status_code == 200 and "blank: empty document" in answer.text
        assert "Could not be read" in answer.text


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"documents": []}',
        b'{"documents": [{"url": "file:///etc/passwd"}]}',
        b'{"documents": [{"text": "a"}], "words": 0, "format": "pdf"}',
    ],
)
def test_a_malformed_request_gets_a_one_line_detail(client, body):
    answer = client.post("/v1/briefs", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail
    assert answer.json()["errors"]  # FastAPI's list, for programs
