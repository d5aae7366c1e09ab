"""Command line: a thin layer over :func:`storyline.summarize` and :func:`storyline.pipe`.

Exit status: 0 when every input gave a brief, 1 when some input or cluster
failed (the others still get their briefs), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from storyline.core import pipe, summarize
from storyline.data import Cluster
from storyline.errors import StorylineError
from storyline.ingest import read_inputs
from storyline.ingest.clusters import with_references
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

    evaluate = commands.add_parser(
        "eval",
        help="score briefs against reference summaries with ROUGE",
        description="Summarize every cluster of a cluster file and score the briefs with "
        "ROUGE-1/2/L/Lsum (rouge-score, Porter stemming), with 95%% bootstrap intervals. "
        "Or, with --compare, the paired difference between two --output files.",
    )
    evaluate.add_argument("clusters", nargs="?", help="cluster file with references")
    evaluate.add_argument(
        "--references",
        metavar="FILE",
        help="reference summaries one a line (Multi-News release .tgt)",
    )
    evaluate.add_argument("--words", type=_positive, default=DEFAULTS.words)
    evaluate.add_argument("--recall", action="store_true", help="recall instead of F1 (DUC)")
    evaluate.add_argument("--output", metavar="FILE", help="write every brief and its scores")
    evaluate.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="paired difference B - A of two --output files",
    )
    evaluate.set_defaults(run=_evaluate)
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


def _evaluate(args: argparse.Namespace) -> int:
    from storyline import evaluate

    try:
        if args.compare:
            first, second = (Path(p) for p in args.compare)
            print(f"paired difference, {second} - {first} (mean [95% interval]):")
            for metric, interval in evaluate.compare(first, second).items():
                print(f"  {metric:<10} {interval}")
            return 0
        if not args.clusters:
            print("storyline eval: error: give a cluster file, or --compare A B", file=sys.stderr)
            return 2
        return _score_file(args, evaluate)
    except StorylineError as err:
        print(f"storyline: error: {err}", file=sys.stderr)
        return 1


def _score_file(args: argparse.Namespace, evaluate) -> int:
    options = DEFAULTS.with_(words=args.words)
    clusters = read_inputs([args.clusters], options)
    if args.references:
        try:
            lines = Path(args.references).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise StorylineError(args.references, f"cannot read ({err})") from None
        clusters = with_references(clusters, lines, args.references)
    errors = []

    def system(cluster: Cluster) -> tuple[list[str], dict]:
        brief = summarize(cluster, options=options)
        return [s.text for s in brief.sentences], to_dict(brief)

    def progress(items):
        return tqdm(items, desc="clusters", unit="cluster", file=sys.stderr, disable=None)

    results, report = evaluate.run(
        clusters,
        system,
        words=args.words,
        recall=args.recall,
        progress=progress,
        on_error=errors.append,
    )
    for err in errors:
        print(f"storyline: error: {err} (scored as 0)", file=sys.stderr)
    if not results:
        raise StorylineError(args.clusters, "no clusters to evaluate")
    kind = "recall" if args.recall else "F1"
    for line in report.lines(f"storyline, {args.words} words, ROUGE {kind}"):
        print(line)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            for result in results:
                out.write(json.dumps(result.record, ensure_ascii=False) + "\n")
    return 0  # clusters that failed were reported and scored as zero


if __name__ == "__main__":
    sys.exit(main())
