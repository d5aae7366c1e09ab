"""The HTTP API against the real app (FastAPI's TestClient speaks HTTP to it in-process)."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline import DEFAULTS
from storyline.web import create_app


def _documents(folder: Path) -> list[dict]:
    return [{"id": p.name, "text": p.read_text()} for p in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app()) as test_client:
        yield test_client


def _limited(**limits) -> TestClient:
    return TestClient(create_app(options=DEFAULTS.with_(**limits)))


def test_health_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    assert {"/v1/briefs", "/v1/stories", "/v1/stories/{story_id}"} <= set(schema["paths"])


def test_brief_is_the_same_json_as_the_cli(client, cli, example):
    answer = client.post("/v1/briefs", json={"documents": _documents(example), "words": 150})
    assert answer.status_code == 200
    done = cli("summarize", str(example), "--words", "150", "--format", "json")
    assert answer.json() == json.loads(done.stdout)
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")


def test_text_and_markdown_formats(client, example):
    docs = _documents(example)
    text = client.post("/v1/briefs", json={"documents": docs, "format": "text", "words": 80})
    assert text.headers["content-type"].startswith("text/plain")
    assert "Kerry" in text.text and not text.text.startswith("{")
    markdown = client.post("/v1/briefs", json={"documents": docs, "format": "markdown"})
    assert "**Sources**" in markdown.text


def test_include_text_lets_citations_index_the_documents(client, example):
    data = client.post(
        "/v1/briefs", json={"documents": _documents(example), "include_text": True}
    ).json()
    texts = {d["id"]: d["text"] for d in data["documents"]}
    first = data["sentences"][0]
    exact = first["citations"][0]
    assert texts[exact["document"]][exact["start"] : exact["end"]] == first["text"]


def test_html_documents_are_extracted(client, example):
    docs = _documents(example)
    docs[0] = {
        "id": "page.html",
        "html": "<html><head><title>Kerry in Sochi</title></head><body><nav>Home | World</nav>"
        f"<article><p>{docs[0]['text']}</p></article></body></html>",
    }
    data = client.post("/v1/briefs", json={"documents": docs}).json()
    assert data["documents"][0]["title"] == "Kerry in Sochi"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"{not json", "json_invalid"),
        (b'{"documents": []}', "too_short"),
        (b'{"documents": [{"text": "a", "url": "https://x.org/"}]}', "exactly one"),
        (b'{"documents": [{"url": "file:///etc/passwd"}]}', "string_pattern_mismatch"),
        (b'{"documents": [{"path": "/etc/passwd"}]}', "extra_forbidden"),
        (b'{"documents": [{"text": "a"}], "words": 0}', "greater_than_equal"),
    ],
)
def test_malformed_requests_get_422_with_the_reason(client, body, why):
    answer = client.post("/v1/briefs", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert why in json.dumps(answer.json())


def test_body_over_the_limit_is_413_declared_or_chunked(example):
    docs = _documents(example)
    with _limited(api_max_body_bytes=5_000) as small:
        declared = small.post("/v1/briefs", json={"documents": docs})
        assert declared.status_code == 413
        assert "larger than 5,000 bytes" in declared.json()["detail"]
        assert declared.headers["connection"] == "close"  # the unread rest is not a request
        body = json.dumps({"documents": docs}).encode()
        chunks = (body[i : i + 1000] for i in range(0, len(body), 1000))  # no Content-Length
        chunked = small.post(
            "/v1/briefs", content=chunks, headers={"content-type": "application/json"}
        )
        assert chunked.status_code == 413 and chunked.headers["connection"] == "close"


def test_too_many_documents_or_words_is_413(example):
    docs = _documents(example)
    with _limited(api_max_documents=3, api_max_document_words=3000) as small:
        many = small.post("/v1/briefs", json={"documents": docs})
        assert many.status_code == 413 and "limit is 3" in many.json()["detail"]
        long = small.post("/v1/briefs", json={"documents": [*docs[:2], {"text": "word " * 3001}]})
        assert long.status_code == 413 and "3,001 words" in long.json()["detail"]


def test_request_over_the_time_limit_is_408(example):
    with _limited(api_time_limit=0.001) as hurried:
        answer = hurried.post("/v1/briefs", json={"documents": _documents(example)})
    assert answer.status_code == 408
    assert "limit per request" in answer.json()["detail"]


def test_unreadable_document_is_named_and_the_rest_summarized(client, example):
    docs = [*_documents(example)[:3], {"id": "blank", "text": "   "}]
    data = client.post("/v1/briefs", json={"documents": docs}).json()
    assert data["problems"] == ["blank: empty document"]
    assert data["sentences"]
    nothing = client.post("/v1/briefs", json={"documents": [{"id": "blank", "text": " "}]})
    assert nothing.status_code == 422 and "blank: empty document" in nothing.json()["detail"]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "localhost", "[::1]", "10.0.0.7", "169.254.169.254", "[::ffff:127.0.0.1]"],
)
def test_server_refuses_private_addresses(client, example, address):
    docs = [*_documents(example)[:2], {"url": f"http://{address}:9/latest/meta-data"}]
    data = client.post("/v1/briefs", json={"documents": docs}).json()
    assert len(data["problems"]) == 1
    assert (
        "refused" in data["problems"][0]
        and "private, loopback or link-local" in (data["problems"][0])
    )


def test_hostile_url_is_never_fetched_unless_allowed(client, example, site):
    page = (example / "article-002.txt").read_text()
    url = site.add("/secret", f"<html><body><article><p>{page}</p></article></body></html>")
    docs = [*_documents(example)[:2], {"url": url}]
    refused = client.post("/v1/briefs", json={"documents": docs}).json()
    assert site.hits == [] and "refused" in refused["problems"][0]
    with TestClient(create_app(allow_private_urls=True)) as trusting:
        allowed = trusting.post("/v1/briefs", json={"documents": docs}).json()
    assert site.hits == ["/secret"]
    assert "problems" not in allowed and allowed["documents"][2]["id"] == url


@pytest.fixture(scope="module")
def store(tmp_path_factory, cli, example, harbor_fire) -> Path:
    db = tmp_path_factory.mktemp("store") / "news.db"
    done = cli("ingest", str(example), str(harbor_fire), "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    return db


def test_stories_and_one_story_with_its_brief(store):
    with TestClient(create_app(store)) as client:
        stories = client.get("/v1/stories").json()
        assert sorted(len(s["articles"]) for s in stories) == [3, 5]
        assert all("brief" not in s for s in stories)
        with_briefs = client.get("/v1/stories", params={"brief": "true", "words": 60}).json()
        assert all(s["brief"]["words"] <= 60 for s in with_briefs)
        fire = next(s for s in stories if len(s["articles"]) == 3)
        one = client.get(f"/v1/stories/{fire['id']}").json()
        assert "harbor" in one["brief"]["text"].lower()
        assert all(d["text"] for d in one["brief"]["documents"])
        assert client.get("/v1/stories/999").status_code == 404
        assert client.get("/v1/stories", params={"since": "yesterday-ish"}).status_code == 400


def test_stories_without_a_store_is_404(client):
    answer = client.get("/v1/stories")
    assert answer.status_code == 404 and "--db" in answer.json()["detail"]


def test_insights_are_the_same_json_as_the_cli(client, cli, example):
    body = {"documents": _documents(example), "words": 100, "insights": True}
    answer = client.post("/v1/briefs", json=body).json()
    done = cli("summarize", str(example), "--words", "100", "--insights", "--format", "json")
    assert answer == json.loads(done.stdout)
    insights = answer["insights"]
    assert set(insights) == {"quotes", "quotes_shown", "entities", "timeline", "disagreements"}
    assert insights["quotes"][0]["speaker"] and insights["quotes"][0]["citations"]
    assert "insights" not in client.post("/v1/briefs", json={**body, "insights": False}).json()


@pytest.mark.parametrize("path", ["file:///etc/passwd", "/etc/passwd", "../../etc/passwd"])
def test_file_paths_are_never_read(client, example, path):
    docs = _documents(example)[:2]
    as_url = client.post("/v1/briefs", json={"documents": [*docs, {"url": path}]})
    assert as_url.status_code == 422  # only http(s) URLs pass validation
    as_text = client.post("/v1/briefs", json={"documents": [*docs, {"id": "p", "text": path}]})
    data = as_text.json()
    assert "root:" not in json.dumps(data)  # the path is text, not a file to open
    assert data.get("problems") or all(d["id"] != "p" or d["flagged"] for d in data["documents"])


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ({"text": "News of the day.\u0000 More news."}, "binary data, not text"),
        ({"url": "http://example.com:99999/"}, "malformed URL"),
        ({"url": "http://[::1/"}, "malformed URL"),
        ({"html": "<html><body>" + "<p>x</p>" * 60_000 + "</body></html>"}, "HTML tags"),
    ],
    ids=["nul", "port", "ipv6", "tags"],
)
def test_bad_documents_are_refused_with_a_4xx_naming_them(client, document, why):
    answer = client.post("/v1/briefs", json={"documents": [{"id": "bad", **document}]})
    assert answer.status_code == 422 and why in answer.json()["detail"]


@contextlib.contextmanager
def _serving(options):
    """The real app under uvicorn on 127.0.0.1 (its port), with ``options``."""
    import socket
    import threading

    import uvicorn

    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(options=options), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture
def slow_limits_server():
    """A one-second body deadline."""
    with _serving(DEFAULTS.with_(api_body_seconds=1.0)) as port:
        yield port


def test_a_body_sent_a_byte_at_a_time_is_cut_off(slow_limits_server):
    import socket

    with socket.create_connection(("127.0.0.1", slow_limits_server), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        start = time.monotonic()
        answer = b""
        for _ in range(20):  # a byte every quarter second, for up to five seconds
            try:
                sock.sendall(b" ")
            except OSError:
                break
            time.sleep(0.25)
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(4096)
            sock.setblocking(True)
            if answer:
                break
    assert answer.startswith(b"HTTP/1.1 408") and b"not received within 1 s" in answer
    assert time.monotonic() - start < 4


def test_work_past_the_time_limit_is_ended_and_the_worker_replaced(example, dripping_url):
    """One worker, held by a URL that drips a byte every half second: the request gets 408
    at its deadline, and the next one is served by a fresh worker, not queued behind."""
    limits = DEFAULTS.with_(api_workers=1, api_time_limit=3.0, fetch_timeout=120.0)
    with TestClient(create_app(options=limits, allow_private_urls=True)) as client:
        start = time.monotonic()
        stuck = client.post("/v1/briefs", json={"documents": [{"url": dripping_url}]})
        assert stuck.status_code == 408 and time.monotonic() - start < 10
        served = client.post("/v1/briefs", json={"documents": _documents(example)})
        assert served.status_code == 200 and time.monotonic() - start < 30


def test_one_client_may_not_hold_every_connection(example):
    """Two requests of one client sending their bodies slowly take its share; its third
    is answered 429 at once, while they still wait."""
    import socket

    limits = DEFAULTS.with_(api_requests_per_client=2, api_body_seconds=10.0)
    with _serving(limits) as port:
        slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(2)]
        for sock in slow:
            sock.sendall(
                b"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
            )
        time.sleep(0.5)
        start = time.monotonic()
        third = httpx.post(f"http://127.0.0.1:{port}/v1/briefs", json={"documents": []})
        assert third.status_code == 429 and "more than 2 requests at once" in third.text
        assert time.monotonic() - start < 2
        for sock in slow:
            sock.close()
