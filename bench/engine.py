"""What Dask buys: `storyline summarize` over a cluster file, one process against workers.

    python bench/engine.py ../shared/data/multinews-validation-truncated.jsonl.gz --runs 2

Each setting is the CLI as a user runs it (`storyline summarize FILE --format jsonl`,
output discarded), timed from start to exit, so start-up (the model; for Dask, the
cluster) counts:

- serial: one process;
- local: `--engine dask --workers N` (a local cluster the command starts and stops);
- scheduler, 1 and N workers: `--scheduler ADDRESS` of a cluster this script keeps
  running (scheduler and worker processes of its own, on this machine), so the
  command pays no cluster start-up.

Settings run alternately, ``--runs`` times each; each one's fastest run is kept and
the range is printed. Every setting's output must equal the serial one's.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import time
from contextlib import ExitStack


def timed(command: list[str]) -> tuple[float, str]:
    """Seconds the command took, and a digest of its stdout."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some cluster had no brief, said on stderr
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return seconds, hashlib.sha256(done.stdout).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", help="a cluster file (JSONL, may be gzipped)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each setting")
    args = parser.parse_args()

    from distributed import LocalCluster

    base = ["storyline", "summarize", args.file, "--format", "jsonl"]
    with ExitStack() as stack:
        clusters = {
            n: stack.enter_context(
                LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
                )
            )
            for n in sorted({1, args.workers})
        }
        settings = {
            "serial": base,
            f"local, --workers {args.workers}": [
                *base,
                "--engine",
                "dask",
                "--workers",
                str(args.workers),
            ],
            **{
                f"scheduler, {n} worker{'s' * (n > 1)}": [
                    *base,
                    "--scheduler",
                    cluster.scheduler_address,
                ]
                for n, cluster in clusters.items()
            },
        }
        times: dict[str, list[float]] = {name: [] for name in settings}
        digests = set()
        for _ in range(args.runs):
            for name, command in settings.items():
                seconds, digest = timed(command)
                times[name].append(seconds)
                digests.add(digest)
                print(f"  {name}: {seconds:.1f} s", flush=True)
    if len(digests) != 1:
        raise SystemExit("the settings gave different output")
    best = {name: min(t) for name, t in times.items()}
    print(f"\n{args.file}, best of {args.runs} (range), output identical in every setting")
    for name, t in times.items():
        print(
            f"{name:24s} {best[name]:7.1f} s [{min(t):.1f}-{max(t):.1f}]"
            f"   {best['serial'] / best[name]:.2f}x serial"
        )
    one = best["scheduler, 1 worker"]
    many = best[f"scheduler, {args.workers} workers"] if args.workers > 1 else one
    print(f"scheduler: {args.workers} workers {one / many:.2f}x one worker")


if __name__ == "__main__":
    main()
