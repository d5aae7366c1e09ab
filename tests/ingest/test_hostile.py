"""Hostile and odd input: bombs, huge lines, tag floods, odd encodings, malformed and
internal URLs, terminal escapes. Each ends quickly with a one-line error naming the
input, within a bounded time and memory (measured on the real CLI, run as a user would)."""

from __future__ import annotations

import codecs
import gzip
import ipaddress
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline import DEFAULTS, StorylineError
from storyline.ingest import read_inputs
from storyline.ingest.fetch import is_public

PEAK_MB = 1_000  # any input under the caps
SECONDS = 60

_MEASURED = """
import resource, subprocess, sys, json
args, stdin = json.loads(sys.argv[1]), sys.argv[2]
source = open(stdin, "rb") if stdin else subprocess.DEVNULL
done = subprocess.run(args, stdin=source, capture_output=True, timeout={seconds})
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps([done.returncode, done.stdout.decode(), done.stderr.decode(), peak]))
"""


def _measured(*args: str, stdin: Path | None = None) -> tuple[int, str, str, int]:
    """Run the CLI; its exit code, stdout, stderr and peak resident memory in MB."""
    command = [sys.executable, "-m", "storyline", *args]
    script = _MEASURED.format(seconds=SECONDS)
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(command), str(stdin or "")],
        capture_output=True,
        timeout=SECONDS + 30,
        check=True,
    )
    code, stdout, stderr, peak = json.loads(out.stdout)
    return code, stdout, stderr, peak


def _bomb(path: Path, unit: bytes, size: int) -> Path:
    """A gzip of ``size`` bytes of ``unit`` (about a thousand times smaller)."""
    chunk = unit * ((1 << 20) // len(unit))
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "text": _bomb(folder / "bomb.txt", b"a", 300 << 20),
        "one line": _bomb(folder / "line.jsonl.gz", b"a", 300 << 20),
        "newlines": _bomb(folder / "newlines.jsonl.gz", b"\n", 300 << 20),
    }


@pytest.mark.parametrize("kind", ["text", "one line", "newlines"])
def test_a_compression_bomb_is_refused_in_bounded_time_and_memory(bombs, kind):
    code, _, stderr, peak = _measured("summarize", str(bombs[kind]))
    assert code == 1 and "decompresses to more than" in stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert peak < PEAK_MB


def test_a_compression_bomb_on_stdin_too(bombs):
    code, _, stderr, peak = _measured("summarize", "-", stdin=bombs["text"])
    assert code == 1 and "<stdin>: decompresses to more than" in stderr
    assert peak < PEAK_MB


def test_a_cluster_file_line_over_the_cap_is_one_error_and_the_rest_are_read(tmp_path, example):
    documents = [{"id": p.name, "text": p.read_text()} for p in sorted(example.iterdir())]
    good = json.dumps({"id": "good", "documents": documents})
    path = tmp_path / "clusters.jsonl"
    cap = len(good) + 100
    path.write_text(f'{{"id": "huge", "documents": ["{"x" * cap}"]}}\n{good}\n')
    found = list(read_inputs([str(path)], DEFAULTS.with_(max_bytes=cap)))
    assert isinstance(found[0], StorylineError) and f"line 1: longer than {cap:,}" in str(found[0])
    assert found[1].id == "good"


def test_a_flood_of_tags_is_refused_before_extraction(tmp_path):
    page = tmp_path / "tags.html"
    page.write_text("<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>")
    code, _, stderr, peak = _measured("summarize", str(page))
    assert code == 1 and "2,000,004 HTML tags; the limit is 100,000" in stderr
    assert peak < PEAK_MB


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, example, encoding):
    mark = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[encoding]
    text = (example / "article-000.txt").read_text(encoding="utf-8")
    path = tmp_path / "article.txt"
    path.write_bytes(mark + text.encode(encoding))
    (cluster,) = read_inputs([str(path)], DEFAULTS)
    assert cluster.articles[0].text.startswith(text.strip()[:40])


def test_nul_characters_are_refused_alike_from_files_and_text(tmp_path):
    late = tmp_path / "late.txt"  # past the first 8 KB the binary sniffing reads
    late.write_bytes(b"An ordinary sentence of news. " * 400 + b"\x00 and more")
    (error,) = read_inputs([str(late)], DEFAULTS)
    assert "binary data, not text" in str(error)


@pytest.mark.parametrize("url", ["http://[::1/", "http://example.com:99999/", "https://[zz]/"])
def test_a_malformed_url_is_one_line(cli, url):
    result = cli("summarize", url)
    err = result.stderr.decode()
    assert result.returncode == 1 and "malformed URL" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:10.0.0.1",  # IPv4-mapped
        "64:ff9b::7f00:1",  # NAT64
        "64:ff9b::a9fe:a9fe",  # NAT64 of the link-local metadata address
        "2002:7f00:1::",  # 6to4
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo of 127.0.0.1
    ],
)
def test_ipv6_forms_that_carry_an_internal_ipv4_address_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


def test_public_addresses_stay_public():
    for address in ("8.8.8.8", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::"):
        assert is_public(ipaddress.ip_address(address))


def test_a_dripping_server_is_cut_off_at_the_fetch_deadline(dripping_url):
    start = time.monotonic()
    (error,) = read_inputs([dripping_url], DEFAULTS.with_(fetch_timeout=2.0))
    assert "timed out after 2 s" in str(error)
    assert time.monotonic() - start < 5  # the whole download, not each read


def test_terminal_escapes_in_titles_never_reach_the_terminal(cli, example, tmp_path):
    folder = tmp_path / "escapes"
    folder.mkdir()
    for path in sorted(example.iterdir()):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        escaped = f"\x1b]0;pwned\x07{title}\x1b[2J\r"
        (folder / path.name).write_text(f"{escaped}\n{body}", encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        out = cli("summarize", str(folder), "--format", fmt).stdout.decode()
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    data = json.loads(cli("summarize", str(folder), "--format", "json").stdout)
    assert data["documents"][0]["title"].startswith("\x1b]0;pwned")  # JSON keeps and escapes


def test_resource_use_of_the_cli_is_measured_here():
    """The peak the tests above read is the child's own (the measuring parent is fresh)."""
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_an_article_inside_thousands_of_nested_divs_is_read(tmp_path):
    paragraphs = "".join(
        f"<p>Paragraph {n}: the council voted on Tuesday to rebuild the harbor wall after the"
        " storm, officials said.</p>"
        for n in range(8)
    )
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><head><title>Harbor wall</title></head><body>"
        + "<div>" * 5000
        + paragraphs
        + "</div>" * 5000
        + "</body></html>"
    )
    (cluster,) = read_inputs([str(page)], DEFAULTS)
    assert "rebuild the harbor wall" in cluster.articles[0].text
