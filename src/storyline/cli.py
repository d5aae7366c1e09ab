"""Command line: a thin layer over :func:`storyline.summarize` and :func:`storyline.pipe`.

Exit status: 0 when every input gave a brief, 1 when some input or cluster
failed (the others still get their briefs), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from storyline.core import pipe
from storyline.errors import StorylineError
from storyline.ingest import read_inputs
from storyline.options import DEFAULTS
from storyline.render import FORMATS, render, to_dict


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("storyline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storyline", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    summarize = commands.add_parser(
        "summarize",
        help="brief a story from several articles (or every cluster of a cluster file)",
        description="Articles given together form one story; each line of a cluster file "
        "(JSON Lines or Multi-News format, gzip or not) is a story of its own.",
    )
    summarize.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="text/HTML file, folder, http(s) URL, cluster file, or - for stdin",
    )
    summarize.add_argument(
        "--words",
        type=_positive,
        default=DEFAULTS.words,
        help=f"word budget of each brief (default {DEFAULTS.words})",
    )
    summarize.add_argument("--format", choices=FORMATS, default="text")
    summarize.add_argument(
        "--include-text",
        action="store_true",
        help="JSON: add each document's text, which citation offsets index",
    )
    summarize.set_defaults(run=_summarize)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def _summarize(args: argparse.Namespace) -> int:
    options = DEFAULTS.with_(words=args.words)
    failures = 0
    briefs = []
    for result in pipe(read_inputs(args.inputs, options), options=options):
        if isinstance(result, StorylineError):
            failures += 1
            print(f"storyline: error: {result}", file=sys.stderr)
        elif args.format == "json":
            briefs.append(result)
        else:
            print(render(result, args.format, include_text=args.include_text), flush=True)
            if args.format in ("text", "markdown"):
                print()
    if args.format == "json" and briefs:
        payload = [to_dict(b, include_text=args.include_text) for b in briefs]
        print(
            json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
