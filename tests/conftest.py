"""Shared fixtures: the bundled example, a real HTTP server on 127.0.0.1, a CLI runner."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline import Article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kerry-putin-sochi-2015"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def example() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def harbor_fire() -> Path:
    """Three short articles about another event (written for the tests)."""
    return FIXTURES / "harbor-fire"


class Site:
    """Pages served by a real HTTP server: path -> (status, content type, body, headers)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.url = ""
        self.hits: list[str] = []  # paths requested, in order

    def add(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, content_type, data, headers or {})
        return self.url + path


@pytest.fixture
def site() -> Iterator[Site]:
    pages = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pages.hits.append(self.path)
            status, content_type, body, headers = pages.pages.get(
                self.path, (404, "text/plain", b"not found", {})
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pages.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages
    server.shutdown()
    server.server_close()


class _Drip(BaseHTTPRequestHandler):
    """A page that never quite ends: a byte every half second, for two minutes."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(240):
            try:
                self.wfile.write(b"a")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def dripping_url() -> Iterator[str]:
    """The URL of a page served a byte at a time by a real server on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story"
    server.shutdown()
    server.server_close()


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def cli():
    return run_cli


@pytest.fixture(scope="session")
def twenty_languages() -> list[Article]:
    """The twenty language fixtures' sixty undated reports, one pool in a fixed shuffle:
    twenty events, three reports each."""
    articles = [
        Article(f"{path.stem}-{n}", text)
        for path in sorted((FIXTURES / "languages").glob("*.json"))
        for n, text in enumerate(json.loads(path.read_text(encoding="utf-8")))
    ]
    random.Random(3).shuffle(articles)
    return articles


@pytest.fixture(scope="session")
def hebrew() -> list[str]:
    """Two short articles in Hebrew on one story: a brief written right to left."""
    return [
        "ראש הממשלה הודיע היום על צעדים כלכליים חדשים לעסקים קטנים. הצעדים כוללים הפחתה של מס"
        " ההכנסה ודחיית תשלומים לרשויות המס. האופוזיציה מתחה ביקורת על ההחלטה ואמרה שהיא מאוחרת"
        " מדי.",
        "הממשלה אישרה הבוקר תוכנית כלכלית חדשה לעסקים קטנים ובינוניים. לפי התוכנית, מס ההכנסה של"
        " העסקים יופחת כבר מהחודש הבא. ארגוני העסקים בירכו על ההחלטה של ראש הממשלה.",
    ]
