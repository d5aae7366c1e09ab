"""Hostile input never breaks a reader or the summarizer: a brief, or a clear error.

Property-based (hypothesis) over every reader and over summarize, plus a short run of
the coverage-guided fuzz harness in fuzz/readers.py (atheris) in its own process.
"""

from __future__ import annotations

import codecs
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline import DEFAULTS, Brief, Cluster, StorylineError, summarize
from storyline.ingest import read_inputs

ROOT = Path(__file__).parents[2]
SUFFIXES = [".txt", ".html", ".jsonl", ".src", ".xml", ".jsonl.gz", ".md"]
OPTIONS = DEFAULTS.with_(words=60)
NASTY = st.sampled_from(["\x00", "\ufffd", "\u200b", "\u202e", "\ufeff", "<div>", "</p>", '"',
                         "“", "|||||", "NEWLINE_CHAR", "{", "\n", ". ", "é", "字"])  # fmt: skip
TEXTY = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=60).map("".join)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path) -> list:
    return list(read_inputs([str(path)], OPTIONS))


def _only_clusters_or_errors(items: list) -> None:
    for item in items:
        assert isinstance(item, Cluster | StorylineError), type(item)


WRAPPINGS = {
    "as is": lambda data: data,
    "gzip": gzip.compress,
    "utf-16 mark": lambda data: codecs.BOM_UTF16_LE + data,
    "utf-32 mark": lambda data: codecs.BOM_UTF32_BE + data,
}


@FUZZ
@given(
    data=st.binary(max_size=3000),
    suffix=st.sampled_from(SUFFIXES),
    wrapping=st.sampled_from(sorted(WRAPPINGS)),
)
def test_random_bytes_in_any_reader(tmp_path_factory, data, suffix, wrapping):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    data = gzip.compress(data) if suffix.endswith(".gz") else data
    path.write_bytes(WRAPPINGS[wrapping](data))
    _only_clusters_or_errors(_read(path))


@FUZZ
@given(text=TEXTY, suffix=st.sampled_from(SUFFIXES))
def test_hostile_text_in_any_reader(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    _only_clusters_or_errors(_read(path))


@FUZZ
@given(texts=st.lists(TEXTY, min_size=1, max_size=4))
def test_summarize_gives_a_brief_or_a_clear_error(texts):
    try:
        brief = summarize(texts, options=OPTIONS)
    except StorylineError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert isinstance(brief, Brief) and brief.words <= 60


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("huge-line.txt", "word " * 2_000_000),  # a 10 MB single line
        ("deep.html", "<div>" * 20_000 + "The mayor spoke. " * 50 + "</div>" * 20_000),
        ("repeated.txt", "The council met today to discuss the city budget again. " * 10_000),
        ("invalid.txt", b"\xff\xfe\x00bad\x80utf8 " * 1000),
        ("truncated.jsonl", '{"id": "c", "documents": [{"text": "a fire'),
    ],
)
def test_extreme_files_end_in_a_brief_or_one_line_error(tmp_path, cli, name, body):
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    done = cli("summarize", str(path), "--words", "60")
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0 or done.stderr.decode().startswith("storyline: ")


def test_a_lone_surrogate_escaped_in_json_is_read_briefed_and_scored(tmp_path, cli):
    """JSON may escape half a surrogate pair ("\\ud800"): no character, and the C and
    Rust libraries behind cleaning and splitting refuse it; it must not cost the brief."""
    folder = ROOT / "examples" / "kerry-putin-sochi-2015"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("article-*.txt"))]
    texts[0] = texts[0].replace(" ", " \ud800 ", 3)  # json.dumps writes it as \ud800
    reference = "Kerry met Putin \ud800 in Sochi. They talked about Ukraine and Syria."
    record = {"id": "c", "documents": [{"text": t} for t in texts], "references": [reference]}
    path = tmp_path / "surrogate.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    done = cli("summarize", str(path), "--words", "60")
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert "Kerry" in done.stdout.decode()
    scored = cli("eval", str(path), "--words", "60")  # references are split into sentences
    assert scored.returncode == 0, scored.stderr.decode()[-500:]
    assert "rouge1" in scored.stdout.decode()


def test_a_short_run_of_the_coverage_guided_fuzzer(tmp_path):
    seed = tmp_path / "corpus"
    seed.mkdir()
    article = ROOT / "examples" / "kerry-putin-sochi-2015" / "article-000.txt"
    (seed / "example").write_bytes(b"\x00" + article.read_bytes())
    harness = str(ROOT / "fuzz" / "readers.py")
    done = subprocess.run(
        [sys.executable, harness, "-atheris_runs=300", "-max_len=4000", str(seed)],
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert b"Done 300 " in done.stderr
