"""Command line: a thin layer over the Python API (summarize, pipe, stories, the store).

Exit status: 0 when every input gave a brief, 1 when some input or cluster
failed (the others still get their briefs), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

from storyline.core import pipe, readings
from storyline.data import Article, Brief, Cluster, Story
from storyline.dates import parse_since
from storyline.engine import ENGINES, Engine, get_engine
from storyline.errors import StorylineError, StorylineNotice
from storyline.ingest import count_clusters, read_inputs
from storyline.ingest.clusters import with_references
from storyline.ingest.read import read_articles
from storyline.options import DEFAULTS
from storyline.present import (
    READING_FORMATS,
    STORY_FORMATS,
    group_story,
    render_readings,
    render_stories,
    story_record,
)
from storyline.relate import NOT_AN_ARTICLE
from storyline.render import BRIEF_FORMATS, render, to_dict
from storyline.store import Store
from storyline.stories import articles_only, group_articles, profile_all
from storyline.streams import owned_stdout
from storyline.text import printable

# A progress bar: on a terminal only (never in a pipe or a log), gone when done
_BAR: dict = {"file": sys.stderr, "disable": None, "leave": False}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with owned_stdout():
            return args.run(args)
    except StorylineError as err:
        _say(f"storyline: error: {err}")
        return 1
    except KeyboardInterrupt:
        _say("storyline: interrupted")
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
    summarize.add_argument(
        "--format",
        choices=BRIEF_FORMATS,
        help="default: on a terminal the brief with its citations, sources and what was set "
        "aside; in a pipe the bare text. html: one page per brief",
    )
    summarize.add_argument(
        "--include-text",
        action="store_true",
        help="JSON: add each document's text, which citation offsets index",
    )
    summarize.add_argument(
        "--insights",
        action="store_true",
        help="add quotes and speakers, people and organisations, a timeline and disagreements",
    )
    summarize.add_argument(
        "--language",
        default=DEFAULTS.language,
        metavar="CODE",
        help="the brief's language, ISO 639-1 (default auto: the one most articles use; "
        "articles in another are set aside)",
    )
    summarize.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULTS.time_limit,
        metavar="SECONDS",
        help=f"each brief stops with an error past this (default {DEFAULTS.time_limit:g})",
    )
    _add_engine(summarize)
    summarize.set_defaults(run=_summarize)

    read = commands.add_parser(
        "read",
        help="show what storyline keeps of each article: title, date and article prose",
        description="Each article as storyline reads it, after cleaning (articles given "
        "together are cleaned together, as summarize would: lines they share are furniture).",
    )
    read.add_argument("inputs", nargs="+", metavar="INPUT", help="as for summarize")
    read.add_argument(
        "--format", choices=READING_FORMATS, default="text", help="jsonl: one article a line"
    )
    read.set_defaults(run=_read)

    cluster = commands.add_parser(
        "cluster",
        help="group articles into stories, one story a JSON line (no database)",
        description="Every input article (files, URLs, feeds, article or cluster JSONL) ends "
        "up in exactly one story.",
    )
    cluster.add_argument("inputs", nargs="+", metavar="INPUT")
    cluster.add_argument("--out", default="-", metavar="FILE", help="where to write (default -)")
    cluster.add_argument("--brief", action="store_true", help="add each story's brief")
    cluster.add_argument(
        "--words", type=_positive, default=DEFAULTS.words, help="word budget of each brief"
    )
    _add_engine(cluster)
    cluster.set_defaults(run=_cluster)

    ingest = commands.add_parser(
        "ingest",
        help="add articles to a story store (SQLite), grouping them into stories",
        description="Duplicates (same URL or near-identical text) are stored once; new "
        "articles join existing stories or start new ones.",
    )
    ingest.add_argument("inputs", nargs="+", metavar="INPUT")
    ingest.add_argument("--db", required=True, metavar="FILE", help="the store (created if new)")
    _add_engine(ingest)
    ingest.set_defaults(run=_ingest)

    stories = commands.add_parser("stories", help="list a store's stories, with briefs on demand")
    stories.add_argument("--db", required=True, metavar="FILE", help="the story store")
    stories.add_argument("--since", type=_since, help="active since: 2d, 12h, 1w or a date")
    stories.add_argument(
        "--min-articles", type=_positive, default=1, help="only stories of this many articles"
    )
    stories.add_argument("--brief", action="store_true", help="each story with its brief")
    stories.add_argument(
        "--regroup",
        action="store_true",
        help="first group every stored article again in one pass, as cluster would",
    )
    stories.add_argument(
        "--words", type=_positive, default=DEFAULTS.words, help="word budget of each brief"
    )
    stories.add_argument(
        "--format", choices=STORY_FORMATS, default="text", help="text: a line a story"
    )
    _add_engine(stories)
    stories.set_defaults(run=_stories)

    serve = commands.add_parser(
        "serve",
        help="HTTP API and a page to paste articles and read the brief (http://HOST:PORT/)",
        description="POST /v1/briefs, GET /v1/stories[/ID] (with --db), /healthz, "
        "/openapi.json, and the page at /.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument(
        "--port",
        type=_port,
        default=8000,
        help="default 8000; 0: any free port (the address is printed)",
    )
    serve.add_argument("--db", metavar="FILE", help="a story store for /v1/stories")
    serve.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let submitted URLs reach loopback, private and link-local addresses",
    )
    serve.add_argument(
        "--workers", type=_positive, default=1, help="server processes (each loads the model)"
    )
    serve.set_defaults(run=_serve)

    evaluate = commands.add_parser(
        "eval",
        help="score briefs against reference summaries with ROUGE",
        description="Summarize every cluster of a cluster file and score the briefs with "
        "ROUGE-1/2/L/Lsum (rouge-score, Porter stemming), with 95% bootstrap intervals. "
        "Or, with --compare, the paired difference between two --output files.",
    )
    evaluate.add_argument("clusters", nargs="?", help="cluster file with references")
    evaluate.add_argument(
        "--references",
        metavar="FILE",
        help="reference summaries one a line (Multi-News release .tgt)",
    )
    evaluate.add_argument(
        "--words", type=_positive, default=DEFAULTS.words, help="word budget of each brief"
    )
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


def _add_engine(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where to run: this process, or Dask (a local cluster of worker processes)",
    )
    command.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler to use (tcp://host:8786)"
    )
    command.add_argument(
        "--workers",
        type=_positive,
        default=DEFAULTS.dask_workers,
        help="worker processes of the local Dask cluster (default: %(default)s)",
    )


def _since(value: str) -> float:
    when = parse_since(value)
    if when is None:
        raise argparse.ArgumentTypeError(f"expected 2d, 12h, 1w or a date, got {value!r}")
    return when


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not 0 < number <= 86_400:
        raise argparse.ArgumentTypeError(f"expected seconds (0 to 86400), got {value!r}")
    return number


def _port(value: str) -> int:
    number = int(value) if value.isdigit() else -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {value!r}")
    return number


def _report(problem: StorylineError) -> int:
    """Print a problem as one line; return 1 for a failure, 0 for a notice."""
    if isinstance(problem, StorylineNotice):
        _say(f"storyline: note: {problem}")
        return 0
    _say(f"storyline: error: {problem}")
    return 1


def _summarize(args: argparse.Namespace) -> int:
    """Each brief as it comes (text and Markdown ones parted by a blank line); JSON briefs
    are one document at the end: the brief, or a list of them."""
    options = DEFAULTS.with_(
        words=args.words,
        insights=args.insights,
        progress=True,
        time_limit=args.time_limit,
        language=args.language,
    )
    failures = shown = 0
    kept: list[Brief] = []
    fmt = args.format or ("terminal" if sys.stdout.isatty() else "text")
    total = count_clusters(args.inputs, options)
    with _engine(args) as engine:
        results = pipe(read_inputs(args.inputs, options), options=options, engine=engine)
        if total != 1:  # a cluster file: one bar over its clusters, on a terminal only
            results = tqdm(results, desc="briefs", unit="cluster", total=total, **_BAR)
        for result in results:
            if isinstance(result, StorylineError):
                failures += _report(result)
            elif fmt == "json":
                kept.append(result)
            elif fmt == "terminal":
                _show(render(result, "markdown"), parted=bool(shown))
                shown += 1
            else:
                parted = shown and fmt in ("text", "markdown")
                _write(("\n" if parted else "") + render(result, fmt))
                shown += 1
    if len(kept) == 1:
        _write(render(kept[0], "json", include_text=args.include_text))
    elif kept:
        payload = [to_dict(b, include_text=args.include_text) for b in kept]
        _write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 1 if failures else 0


def _read(args: argparse.Namespace) -> int:
    """Each article's reading as its cluster is read."""
    failures = 0
    for cluster in read_inputs(args.inputs, DEFAULTS):
        if isinstance(cluster, StorylineError):
            failures += _report(cluster)
        else:
            _write(render_readings(readings(cluster, DEFAULTS), args.format))
    return 1 if failures else 0


def _show(markdown: str, *, parted: bool) -> None:
    """A brief's Markdown view drawn for the terminal (rich): citation numbers, sources,
    what was set aside and why, in the terminal's width."""
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(file=sys.stdout, highlight=False)
    if parted:
        console.rule()
    console.print(Markdown(markdown))


def _say(message: str) -> None:
    """A message on stderr, one line, with no character a terminal would act on (names of
    files and articles come from outside)."""
    print(printable(message), file=sys.stderr, flush=True)


def _write(output: str) -> None:
    sys.stdout.write(output)
    sys.stdout.flush()


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Engine]:
    engine = get_engine(args.engine, args.scheduler, DEFAULTS.with_(dask_workers=args.workers))
    try:
        yield engine
    finally:
        engine.close()


def _read_articles(args: argparse.Namespace, options) -> tuple[list[Article], int]:
    """Every readable article; problems reported on the way (how many failed)."""
    articles, failures = [], 0
    for item in read_articles(args.inputs, options):
        if isinstance(item, StorylineError):
            failures += _report(item)
        else:
            articles.append(item)
    return articles, failures


def _cluster(args: argparse.Namespace) -> int:
    options = DEFAULTS.with_(words=args.words)
    articles, failures = _read_articles(args, options)
    if not articles:
        _say("storyline: error: no articles to group")
        return 1
    with _engine(args) as engine, _output(args.out) as out:
        with _bar("reading", len(articles), "article") as bar:
            found = profile_all(articles, options, engine, bar.update)
        articles, found, pages = articles_only(articles, found)
        for page in pages:
            _say(f"storyline: note: {page.id}: {NOT_AN_ARTICLE}; in no story")
        if not articles:
            _say("storyline: error: no articles to group (every page is set aside)")
            return 1
        undated = sum(p.time is None for p in found)
        if undated:
            _say(
                f"storyline: note: {undated} of {len(articles)} articles have no date; "
                "they are grouped by their text alone"
            )
        with _bar("grouping", len(articles), "article") as bar:
            groups = group_articles(articles, found, options, bar.update)
        clusters = (Cluster(f"story-{n}", tuple(g)) for n, g in enumerate(groups, 1))
        briefs = pipe(clusters, options=options, engine=engine) if args.brief else None
        numbered = enumerate(groups, 1)
        if briefs is not None:  # a brief a story: the bar follows them
            numbered = tqdm(numbered, desc="briefs", unit="story", total=len(groups), **_BAR)
        for number, members in numbered:
            brief = next(briefs) if briefs is not None else None
            out.write(
                render_stories(
                    [story_record(group_story(number, members, options), brief)], "jsonl"
                )
            )
    return 1 if failures else 0


def _bar(what: str, total: int | None = None, unit: str = "article") -> tqdm:
    """A bar over ``total`` items (a count and a rate when the total is not known)."""
    return tqdm(desc=what, total=total, unit=unit, **_BAR)


@contextmanager
def _output(name: str) -> Iterator:
    if name == "-":
        yield sys.stdout
        return
    try:
        handle = open(name, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as err:
        raise StorylineError(name, f"cannot write ({err.strerror})") from None
    with handle:
        yield handle


def _ingest(args: argparse.Namespace) -> int:
    options = DEFAULTS
    failures = stored = duplicates = again = undated = 0
    with _engine(args) as engine, Store(args.db, options) as store, _bar("ingest") as bar:
        batches = _batches(read_articles(args.inputs, options), options.stories.ingest_batch)
        for batch, problems in batches:
            bar.update(len(batch))
            failures += sum(_report(p) for p in problems)
            fresh, copies, repeats = _unstored(store, batch)
            again += repeats
            added = store.add(fresh, profile_all(fresh, options, engine))
            stored += len(added.stored)
            duplicates += len(added.duplicates) + len(copies)
            if added.stored:  # committed before it is said: a crash after this loses none
                _say(f"storyline: {stored} articles stored so far")
            for copy, original in [*copies, *added.duplicates]:
                _say(f"storyline: note: {copy}: duplicate of {original}, stored once")
            undated += len(added.undated)
            for name in added.pages:
                _say(f"storyline: note: {name}: {NOT_AN_ARTICLE}; not stored")
        total = store.stories()
    if undated:
        _say(
            f"storyline: note: {undated} of {stored} articles stored have no date; "
            "they are grouped by their text alone"
        )
    print(
        f"{stored} articles stored, {duplicates} duplicates skipped, {again} already stored; "
        f"{args.db} holds {sum(s.size for s in total)} articles in {len(total)} stories"
    )
    return 1 if failures else 0


def _unstored(store: Store, batch: list[Article]) -> tuple[list[Article], list, int]:
    """The articles the store lacks; (copy, original) for stored copies under another name;
    how many are stored already under their own (a rerun after a crash skips them cheaply,
    before any profiling)."""
    fresh, copies, repeats = [], [], 0
    for article in batch:
        original = store.stored_copy(article)
        if original is None:
            fresh.append(article)
        elif original == article.id:
            repeats += 1
        else:
            copies.append((article.id, original))
    return fresh, copies, repeats


def _batches(items: Iterable, size: int) -> Iterator[tuple[list[Article], list[StorylineError]]]:
    """Articles in batches of ``size``, each with the problems read on the way."""
    batch: list[Article] = []
    problems: list[StorylineError] = []
    for item in items:
        if isinstance(item, StorylineError):
            problems.append(item)
            continue
        batch.append(item)
        if len(batch) == size:
            yield batch, problems
            batch, problems = [], []
    if batch or problems:
        yield batch, problems


def _stories(args: argparse.Namespace) -> int:
    options = DEFAULTS.with_(words=args.words)
    if not Path(args.db).is_file():
        _say(f"storyline: error: {args.db}: no such store")
        return 1
    with _engine(args) as engine, Store(args.db, options) as store:
        if args.regroup:
            with _bar("regrouping") as bar:
                moved = store.regroup(bar.update)
            _say(f"storyline: regrouped; {moved} articles moved to another story")
        found = store.stories(args.since, args.min_articles)
        rows: list[tuple[Story, dict | None]] = [(story, None) for story in found]
        if args.brief:

            def brief_many(clusters: list[Cluster]) -> Iterator:
                return pipe(clusters, options=options, engine=engine)  # one by one, as made

            rows = list(store.briefs(found, brief_many))
    _write(render_stories([story_record(story, brief) for story, brief in rows], args.format))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from storyline.web.app import SERVE_SETTINGS

    if args.db and not Path(args.db).is_file():
        _say(f"storyline: error: {args.db}: no such store")
        return 1
    os.environ[SERVE_SETTINGS] = json.dumps(
        {"db": args.db, "allow_private_urls": args.allow_private_urls}
    )
    try:
        listener = _listen(args.host, args.port)
    except OSError as error:
        where = f"{args.host}:{args.port}"
        print(
            f"storyline: error: cannot listen on {where}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    with listener:
        host, port = listener.getsockname()[:2]
        print(f"serving http://{f'[{host}]' if ':' in host else host}:{port}/", flush=True)
        uvicorn.run(
            "storyline.web.app:app_from_environment",
            factory=True,
            fd=listener.fileno(),
            workers=args.workers,
            log_level="warning",
            limit_concurrency=DEFAULTS.serve.api_max_connections,
            timeout_keep_alive=5,
        )
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound here rather than by uvicorn so that "--port 0" (any free
    port) can print the port the system gave; the workers inherit it and accept on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family)
    listener.set_inheritable(True)
    return listener


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
            _say("storyline eval: error: give a cluster file, or --compare A B")
            return 2
        return _score_file(args, evaluate)
    except StorylineError as err:
        _say(f"storyline: error: {err}")
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
    errors: list[StorylineError] = []

    def progress(items):
        total = count_clusters([args.clusters], options)
        return tqdm(
            items, desc="clusters", unit="cluster", total=total, file=sys.stderr, disable=None
        )

    # opened before the run: an unwritable path is said at once, not after minutes of work
    with _output(args.output or os.devnull) as out:
        results, report = evaluate.run(
            clusters,
            evaluate.storyline_system(options),
            words=args.words,
            recall=args.recall,
            progress=progress,
            on_error=errors.append,
        )
        for result in results:
            out.write(json.dumps(result.record, ensure_ascii=False) + "\n")
    for problem in errors:
        _say(f"storyline: error: {problem} (scored as 0)")
    if not results:
        raise StorylineError(args.clusters, "no clusters to evaluate")
    kind = "recall" if args.recall else "F1"
    for line in report.lines(f"storyline, {args.words} words, ROUGE {kind}"):
        print(line)
    return 0  # clusters that failed were reported and scored as zero


if __name__ == "__main__":
    sys.exit(main())
