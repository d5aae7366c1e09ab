"""The command line as a user runs it: every input kind, batch mode, and every error path."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import pty
import re
import socket
import struct
import subprocess
import sys
import termios

import pytest

JUNK_LINES = [
    "Email Print",
    "Accessibility links",
    "Breaking News",
    "Add a comment",
    "Sort by",
    "Article continues after advertisement",
    "LEARN MORE",
    "More World News",
]


def assert_one_line_error(result, *fragments: str) -> None:
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "expected an error message"
    for fragment in fragments:
        assert any(fragment in line for line in lines), err


@pytest.fixture(scope="module")
def example_json(cli, example):
    result = cli("summarize", str(example), "--format", "json", "--include-text")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_example_contract(example_json):
    cited = {c["document"] for s in example_json["sentences"] for c in s["citations"]}
    assert "article-003.txt" not in cited
    assert len({s["citations"][0]["document"] for s in example_json["sentences"]}) >= 3
    assert example_json["words"] <= 250
    assert {d["id"]: d["reason"] for d in example_json["documents"] if d["flagged"]} == {
        "article-003.txt": "different event"
    }
    for junk in JUNK_LINES:
        assert junk not in example_json["text"]
    texts = {d["id"]: d["text"] for d in example_json["documents"]}
    for s in example_json["sentences"]:
        c = s["citations"][0]
        assert texts[c["document"]][c["start"] : c["end"]] == s["text"]


def test_text_and_markdown(cli, example):
    text = cli("summarize", str(example), "--words", "100")
    assert text.returncode == 0 and 0 < len(text.stdout.split()) <= 100
    markdown = cli("summarize", str(example), "--format", "markdown")
    assert b"**Sources**" in markdown.stdout and b"left out: different event" in markdown.stdout


def test_read_shows_what_is_kept_of_each_article(cli, example):
    result = cli("read", str(example), "--format", "jsonl")
    assert result.returncode == 0 and not result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == [f"article-00{n}.txt" for n in range(5)]
    first = records[0]
    assert first["title"] == "Kerry heads to Russia for first Putin meeting in two years"
    assert first["text"].startswith("U.S. Secretary of State John Kerry headed to Russia")
    assert first["words"] == len(first["text"].split())
    kept = "\n".join(r["text"] for r in records)
    assert "პრეზიდენტი" not in kept  # the Georgian caption
    assert not any(line in kept.splitlines() for line in JUNK_LINES)
    text = cli("read", str(example / "article-000.txt")).stdout.decode()
    assert text.startswith("== article-000.txt (") and first["text"] in text


def test_read_names_a_pages_author_and_keeps_its_title_whole(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Kerry, Putin meet in Sochi</title><meta name="author" '
        'content="Jane Reporter"><meta property="article:published_time" content='
        '"2015-05-12T10:00:00Z"></head><body><article><h1>Kerry, Putin meet in Sochi</h1><p>'
        "U.S. Secretary of State John Kerry met Russian President Vladimir Putin in Sochi on "
        "Tuesday for their first talks in two years, officials said.</p><p>The two men "
        "discussed the ceasefire in eastern Ukraine and the civil war in Syria during a "
        "meeting that lasted more than four hours.</p></article></body></html>",
        encoding="utf-8",
    )
    record = json.loads(cli("read", str(page), "--format", "jsonl").stdout)
    assert (record["title"], record["author"]) == ("Kerry, Putin meet in Sochi", "Jane Reporter")
    heading = cli("read", str(page)).stdout.decode().splitlines()[0]
    assert heading.endswith(": Kerry, Putin meet in Sochi · Jane Reporter · 2015-05-12")


def test_files_and_url_together(cli, example, site):
    url = site.add("/a", (example / "article-004.txt").read_bytes(), content_type="text/plain")
    result = cli(
        "summarize",
        str(example / "article-000.txt"),
        str(example / "article-002.txt"),
        url,
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr.decode()
    ids = [d["id"] for d in json.loads(result.stdout)["documents"]]
    assert ids == ["article-000.txt", "article-002.txt", url]


def _clusters(example, n: int) -> bytes:
    docs = [
        {"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(example.iterdir())
    ]
    return "".join(json.dumps({"id": f"c{i}", "documents": docs}) + "\n" for i in range(n)).encode()


def test_gzip_clusters_on_stdin_give_one_brief_each(cli, example):
    result = cli("summarize", "--format", "jsonl", "-", stdin=gzip.compress(_clusters(example, 3)))
    assert result.returncode == 0, result.stderr.decode()
    briefs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [b["id"] for b in briefs] == ["c0", "c1", "c2"]


def test_plain_article_on_stdin(cli, example):
    result = cli(
        "summarize", "-", "--words", "60", stdin=(example / "article-000.txt").read_bytes()
    )
    assert result.returncode == 0 and len(result.stdout.split()) <= 60


def test_bad_cluster_is_reported_and_the_others_briefed(cli, example, tmp_path):
    lines = _clusters(example, 2).decode().splitlines()
    empty = json.dumps({"id": "junk", "documents": [{"text": "Email Print\nSort by"}]})
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([lines[0], "{oops", empty, lines[1]]) + "\n", encoding="utf-8")
    result = cli("summarize", str(path), "--format", "jsonl")
    assert [json.loads(x)["id"] for x in result.stdout.decode().splitlines()] == ["c0", "c1"]
    assert_one_line_error(result, "line 2: malformed JSON", "junk: no usable sentence")


def test_empty_binary_and_undecodable_files(cli, example, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "bytes.txt").write_bytes(bytes([0xFF, 0xFE, 0x81, 0x8D, 0x90, 0x9D]) * 50)
    for name, message in [
        ("empty.txt", "empty input"),
        ("image.txt", "unsupported file type (.txt): give text, HTML, PDF or DOCX"),
        ("bytes.txt", "undecodable bytes"),
    ]:
        result = cli("summarize", str(tmp_path / name))
        assert_one_line_error(result, name, message)
    # a bad file among good ones: reported, and the brief is still made from the rest
    result = cli(
        "summarize",
        str(tmp_path / "empty.txt"),
        str(example / "article-000.txt"),
        str(example / "article-002.txt"),
    )
    assert result.returncode == 1 and len(result.stdout.split()) > 50
    assert_one_line_error(result, "empty.txt: empty input")


def test_unreachable_url_and_missing_file(cli):
    assert_one_line_error(
        cli("summarize", "http://127.0.0.1:9/story"), "127.0.0.1:9", "unreachable"
    )
    assert_one_line_error(cli("summarize", "no/such/file.txt"), "no such file")


def test_serve_on_a_port_in_use_says_so(cli):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = cli("serve", "--port", port)
    assert_one_line_error(result, f"cannot listen on 127.0.0.1:{port}", "in use")
    result = cli("serve", "--port", "99999")
    assert result.returncode == 2 and b"a port from 0 to 65535" in result.stderr


def test_no_input_and_empty_stdin(cli):
    assert cli("summarize").returncode == 2
    assert_one_line_error(cli("summarize", "-", stdin=b""), "<stdin>: empty input")


def test_bad_words_value(cli, example):
    result = cli("summarize", str(example), "--words", "zero")
    assert result.returncode == 2 and b"positive whole number" in result.stderr


def test_insights_in_text_and_markdown(cli, example):
    markdown = cli("summarize", str(example), "--insights", "--format", "markdown").stdout.decode()
    for heading in ("**Quotes**", "**People and organisations**", "**Timeline**"):
        assert heading in markdown
    assert "- Marie Harf: “" in markdown
    text = cli("summarize", str(example), "--insights").stdout.decode()
    assert "\nQuotes\n" in text and "[article-001.txt]" in text
    assert b"Quotes" not in cli("summarize", str(example)).stdout


def _on_a_terminal(args: list[str], stream: str = "stderr") -> tuple[int, str]:
    """Run the CLI with stderr (or stdout) on a pseudo-terminal (100 columns); its exit code
    and what the terminal showed."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    on_terminal = {stream: secondary}
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", *args],
        stdout=on_terminal.get("stdout", subprocess.DEVNULL),
        stderr=on_terminal.get("stderr", subprocess.DEVNULL),
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.wait(timeout=300), shown.decode("utf-8", "replace")


def test_on_a_terminal_the_brief_comes_with_its_sources_and_what_was_set_aside(cli, example):
    code, shown = _on_a_terminal(["summarize", str(example), "--words", "120"], "stdout")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)  # without the terminal's colours
    assert code == 0 and "[1]" in plain and "Sources" in plain
    assert "article-003.txt" in plain and "left out: different event" in plain
    assert "**" not in plain  # Markdown drawn, not shown as marks
    piped = cli("summarize", str(example), "--words", "120").stdout.decode()
    assert "Sources" not in piped and "[1]" not in piped  # a pipe gets the bare brief


def test_progress_over_a_cluster_file_has_its_total(example, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    cluster = {"documents": [{"id": f"a{n}", "text": t} for n, t in enumerate(texts)]}
    path = tmp_path / "three.jsonl"
    path.write_text(
        "".join(
            json.dumps({**cluster, "id": f"c{n}", "references": ["Kerry met Putin."]}) + "\n"
            for n in range(3)
        )
    )
    for command in (
        ["eval", str(path), "--words", "60"],
        ["summarize", str(path), "--words", "60"],
    ):
        code, shown = _on_a_terminal(command)
        assert code == 0 and "/3 [" in shown, shown  # "2/3 [00:03<00:01, ...]": a total, an ETA


def test_grouping_and_ingesting_show_progress_on_the_terminal_only(cli, example, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    pool = tmp_path / "pool.jsonl"
    pool.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(texts))
    )
    code, shown = _on_a_terminal(["cluster", str(pool), "--brief"])
    assert code == 0 and "reading" in shown and "grouping" in shown and "5/5 [" in shown, shown
    assert "briefs" in shown
    code, shown = _on_a_terminal(["ingest", str(pool), "--db", str(tmp_path / "s.db")])
    assert code == 0 and "ingest" in shown and "5 article" in shown, shown
    piped = cli("cluster", str(pool))
    assert piped.returncode == 0 and b"grouping" not in piped.stderr  # no bar in a pipe


def test_a_big_cluster_shows_a_progress_bar_on_the_terminal_only(cli, example, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example.iterdir())]
    documents = [{"id": f"a{n}", "text": texts[n % len(texts)]} for n in range(120)]
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "documents": documents}) + "\n")
    code, shown = _on_a_terminal(["summarize", str(path), "--words", "60"])
    assert code == 0
    assert "120/120" in shown and "article" in shown
    piped = cli("summarize", str(path), "--words", "60")
    assert piped.returncode == 0 and piped.stderr == b""  # no bar in a pipe or a log


def test_a_brief_past_its_time_limit_is_one_line(cli, example):
    result = cli("summarize", str(example), "--time-limit", "0.001")
    assert_one_line_error(result, "took longer than the 0.001 s limit")
    bad = cli("summarize", str(example), "--time-limit", "soon")
    assert bad.returncode == 2 and b"expected seconds" in bad.stderr


def test_small_things_a_user_sees(cli, example, tmp_path):
    assert b"95% bootstrap" in cli("eval", "--help").stdout
    assert b"default 8000" in cli("serve", "--help").stdout
    short = tmp_path / "short.txt"
    short.write_text("Too short to brief.\n")
    assert_one_line_error(cli("summarize", str(short)), "short.txt: no usable sentence")
    markdown = cli("summarize", str(example), "--format", "markdown").stdout.decode()
    for line in markdown.split("**Sources**")[0].splitlines():
        marks = [int(m) for m in re.findall(r"\[(\d+)\]", line)]
        assert marks == sorted(marks)  # citations in ascending order
