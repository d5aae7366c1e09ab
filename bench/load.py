"""Requests per second and latency of ``POST /v1/briefs`` under concurrent clients.

    python bench/load.py --connections 8 --seconds 30 --workers 1 2
    python bench/load.py --mixed --seconds 600 --workers 1

Starts ``storyline serve`` on 127.0.0.1 (one run per ``--workers`` value), posts the
bundled example's five articles from ``wrk`` (Debian's ``wrk``; script ``bench/load.lua``)
over N connections, and reports throughput, p50/p95/p99 latency and errors. The peer
is the same Python API called in-process, one brief after another, in this run: the
ratio says what the HTTP layer and the concurrency add or cost.

``--mixed`` sends a mix instead (bench/load.lua with MIXED set): briefs, health checks, the
OpenAPI document, stories without a store (404), malformed JSON, invalid fields, a
private URL, and 6 MB bodies (413), and reports every status, p95 latency over all of
them, and the server's resident memory after warm-up and at the end. No 5xx may occur.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "kerry-putin-sochi-2015"


def _body() -> dict:
    documents = [{"id": p.name, "text": p.read_text()} for p in sorted(EXAMPLE.iterdir())]
    return {"documents": documents, "words": 250, "format": "json"}


def _wait_healthy(url: str, server: subprocess.Popen, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"load.py: the server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("load.py: the server did not answer /healthz in time")


def _warm(url: str, body: bytes, times: int) -> None:
    """Load the model in every server process before the clock starts."""
    for _ in range(times):
        request = urllib.request.Request(
            url + "/v1/briefs", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            answer.read()


def _memory_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (uvicorn and pool workers), in MB."""
    ps = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True)
    rows = [tuple(int(x) for x in line.split()) for line in ps.stdout.splitlines()]
    family, total = {pid}, 0
    for _ in range(3):
        family |= {child for child, parent, _ in rows if parent in family}
    total = sum(rss for process, _, rss in rows if process in family)
    return total / 1024


def serve_and_load(
    workers: int, connections: int, seconds: int, body_file: str, mix: bool = False
) -> dict:
    command = ["storyline", "serve", "--port", "0", "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    said = server.stdout.readline().split()  # "serving http://127.0.0.1:PORT/"
    if not said:
        sys.exit(f"load.py: the server exited with code {server.wait()}")
    url = said[-1].rstrip("/")
    try:
        _wait_healthy(url, server)
        _warm(url, Path(body_file).read_bytes(), times=4 * workers)
        warm_mb = _memory_mb(server.pid)
        wrk = subprocess.run(
            ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s",
             "--timeout", "60s", "-s", str(HERE / "load.lua"), url + "/v1/briefs"],
            env={**os.environ, "BODY": body_file, **({"MIXED": "1"} if mix else {})},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        end_mb = _memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = json.loads(wrk.stdout.strip().splitlines()[-1])
    report["per_second"] = report["requests"] / report["seconds"]
    report["memory_mb"] = (warm_mb, end_mb)
    return report


def in_process(seconds: float) -> float:
    """Briefs per second of the Python API on the same body, one after another."""
    from storyline import DEFAULTS, summarize

    texts = [d["text"] for d in _body()["documents"]]
    options = DEFAULTS.with_(words=250)
    summarize(texts, options=options)  # model load outside the clock
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        summarize(texts, options=options)
        done += 1
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--mixed", action="store_true", help="good and bad requests mixed")
    args = parser.parse_args()
    if args.mixed:
        mixed(args)
        return
    peer = in_process(min(args.seconds, 20))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body:
        json.dump(_body(), body)
    print(f"POST /v1/briefs, bundled example (5 articles, 250 words), {args.connections} "
          f"connections, {args.seconds} s each, wrk; {date.today()}\n")  # fmt: skip
    print("| server | requests/s | vs in-process | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    print(f"| in-process API, 1 client (peer) | {peer:.2f} | 1.00 | | | | |")
    for workers in args.workers:
        r = serve_and_load(workers, args.connections, args.seconds, body.name)
        errors = r["socket_errors"] + sum(n for k, n in r["statuses"].items() if k != "200")
        print(f"| serve --workers {workers} | {r['per_second']:.2f} | "
              f"{r['per_second'] / peer:.2f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['p99_ms']:.0f} | {errors} of {r['requests']} |", flush=True)  # fmt: skip
    os.unlink(body.name)


def mixed(args: argparse.Namespace) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body:
        json.dump(_body(), body)
    print(
        f"Mixed requests, {args.connections} connections, {args.seconds} s, wrk; {date.today()}\n"
    )
    for workers in args.workers:
        r = serve_and_load(workers, args.connections, args.seconds, body.name, mix=True)
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        server_errors = sum(v for k, v in r["statuses"].items() if k.startswith("5"))
        print(
            f"serve --workers {workers}: {r['requests']} requests ({r['per_second']:.1f}/s); "
            f"statuses {statuses}; 5xx {server_errors}; socket errors {r['socket_errors']}"
        )
        print(
            f"  latency over all requests: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
            f"p99 {r['p99_ms']:.0f} ms, max {r['max_ms']:.0f} ms"
        )
        print(f"  server memory: {r['memory_mb'][0]:.0f} MB after warm-up, "
              f"{r['memory_mb'][1]:.0f} MB at the end", flush=True)  # fmt: skip
    os.unlink(body.name)


if __name__ == "__main__":
    main()
