"""The clusters a benchmark runs on: every readable cluster of a file, and each one that
cannot be read named on stderr (a benchmark over fewer clusters than it says is wrong)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from storyline import DEFAULTS, Cluster, Options, StorylineError
from storyline.ingest import read_inputs


def load_clusters(
    path: str | Path, options: Options = DEFAULTS, *, split: str | None = None
) -> list[Cluster]:
    """The clusters of a cluster file, in order; with ``split``, only those whose record
    says ``"split": split`` (Multi-News dev's train / validation)."""
    wanted = _split_ids(Path(path), split) if split else None
    found, skipped = [], 0
    for item in read_inputs([str(path)], options):
        if isinstance(item, StorylineError):
            print(f"bench: left out {item}", file=sys.stderr)
            skipped += 1
        elif wanted is None or item.id in wanted:
            found.append(item)
    if skipped:
        print(f"bench: {skipped} unreadable cluster(s) of {path} left out", file=sys.stderr)
    return found


def _split_ids(path: Path, split: str) -> set[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        return {r["id"] for r in records if r.get("split") == split}
