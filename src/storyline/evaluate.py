"""ROUGE evaluation of briefs against human references, with bootstrap intervals, and
readability signals a reader would notice.

Scores follow the usual conventions: rouge-score with Porter stemming; F1 unless
recall is asked for; several references are averaged; each output is cut at the
word budget before scoring, for every system alike (:func:`cut_lines`). Readability
(:func:`readability`) counts, per brief, sentences that open on a reference to
something before them, pairs of sentences that say one thing twice, fragments and
page junk: rough, automatic stand-ins for the hand labels of bench/readability.py.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import Stemmer
from rouge_score import rouge_scorer

from storyline.data import Cluster
from storyline.errors import StorylineError
from storyline.junk import junk_reason
from storyline.language import load_language
from storyline.options import DEFAULTS, Options
from storyline.segment import split_sentences
from storyline.text import opener

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
SIGNALS = ("opens_on_reference", "repeats", "fragments", "junk")  # per 100 brief sentences
REPEAT_SHARE = 0.75  # the shorter's content words the other holds: one thing told twice
_ENDS = tuple(".!?\"”’')")
BOOTSTRAP_SAMPLES = 1000
SEED = 20151205

# ROUGE as published reads English (rouge-score's tokenizer, Porter stemmer): so do the
# ROUGE-Lsum sentence cut and the readability signals of English briefs
_ENGLISH = load_language("en")
_IN_ENGLISH = DEFAULTS.with_(language="en")


class UnicodeTokenizer:
    """rouge-score's tokenizer keeps only [a-z0-9], so a Greek or Hebrew summary would
    score zero: this one lower-cases, splits on white space and strips punctuation and
    symbols from each token's ends (combining marks stay), then stems with the language's
    Snowball stemmer where it has one (never with what storyline adds to read a language,
    such as Hebrew's clitics: the yardstick does not move with the system it measures)."""

    def __init__(self, code: str) -> None:
        algorithm = load_language(code).stemmer  # Snowball's only: the scorer stays fixed
        self.stem = Stemmer.Stemmer(algorithm).stemWord if algorithm else str

    def tokenize(self, text: str) -> list[str]:
        tokens = (_strip_marks(token) for token in text.lower().split())
        return [self.stem(token) for token in tokens if token]


def _strip_marks(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


@cache
def scorer(language: str) -> rouge_scorer.RougeScorer:
    """rouge-score as published for English; with :class:`UnicodeTokenizer` for the rest."""
    if language == "en":
        return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return rouge_scorer.RougeScorer(list(METRICS), tokenizer=UnicodeTokenizer(language))


def score(
    summary: str, references: Sequence[str], *, recall: bool = False, language: str = "en"
) -> dict[str, float]:
    """ROUGE of one summary (sentences on separate lines) against one or more references,
    tokenized for ``language`` (see :func:`scorer`)."""
    if not references:
        raise ValueError("no reference to score against")
    totals = dict.fromkeys(METRICS, 0.0)
    for reference in references:
        result = scorer(language).score(_lines(reference, language), summary)
        for metric in METRICS:
            value = result[metric].recall if recall else result[metric].fmeasure
            totals[metric] += 100 * value / len(references)
    return totals


def _lines(text: str, language: str = "en") -> str:
    """One sentence a line, which ROUGE-Lsum needs."""
    return "\n".join(split_sentences(text, load_language(language)))


def cut_lines(sentences: Sequence[str], words: int) -> str:
    """Sentences one a line, cut at the word budget (for ROUGE-Lsum)."""
    kept, left = [], words
    for sentence in sentences:
        tokens = sentence.split()[:left]
        if not tokens:
            break
        kept.append(" ".join(tokens))
        left -= len(tokens)
    return "\n".join(kept)


def readability(sentences: Sequence[str]) -> dict[str, int]:
    """Counts over one brief's sentences: ``sentences``; those opening on a word that
    points back ("He", "This", "But", "Also"), outside a quotation; pairs where nearly all
    the shorter's content words are in the other; fragments (a lower-case start, no
    closing mark, fewer than four words); and sentences the junk test refuses."""
    stems = [{_ENGLISH.stem(t) for t in _ENGLISH.terms(s)} for s in sentences]
    repeats = sum(
        1
        for a in range(len(stems))
        for b in range(a + 1, len(stems))
        if min(len(stems[a]), len(stems[b])) >= 3
        and len(stems[a] & stems[b]) >= REPEAT_SHARE * min(len(stems[a]), len(stems[b]))
    )
    return {
        "sentences": len(sentences),
        "opens_on_reference": sum(
            not s.lstrip().startswith(("“", '"')) and opener(s) in _ENGLISH.words["leaning_openers"]
            for s in sentences
        ),
        "repeats": repeats,
        "fragments": sum(_fragment(s) for s in sentences),
        "junk": sum(junk_reason(s, _IN_ENGLISH) is not None for s in sentences),
    }


def _fragment(sentence: str) -> bool:
    text = sentence.strip().lstrip("“\"‘'(")
    return len(text.split()) < 4 or text[:1].islower() or not text.endswith(_ENDS)


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.2f} [{self.low:.2f}, {self.high:.2f}]"


def bootstrap(values: Sequence[float], *, samples: int = BOOTSTRAP_SAMPLES) -> Interval:
    """Mean and 95% percentile bootstrap interval over clusters (fixed seed: repeatable)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(SEED)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Interval(float(data.mean()), float(low), float(high))


@dataclass(frozen=True)
class Scored:
    """One cluster's result: the output record and its scores."""

    record: dict
    scores: dict[str, float]
    words: int


def evaluate(
    clusters: Iterable[Cluster | StorylineError],
    system: Callable[[Cluster], tuple[list[str], dict]],
    *,
    words: int,
    recall: bool = False,
    on_error: Callable[[StorylineError], None] = lambda err: None,
) -> Iterator[Scored]:
    """Score ``system`` (cluster -> brief sentences and an output record) on every cluster.

    A cluster the system cannot brief scores zero, so failures are never hidden.
    """
    for cluster in clusters:
        if isinstance(cluster, StorylineError):
            on_error(cluster)
            continue
        if not cluster.references:
            raise StorylineError(
                cluster.id, "has no reference summaries (Multi-News release files: --references)"
            )
        try:
            sentences, record = system(cluster)
        except StorylineError as err:
            on_error(err)
            sentences, record = [], {"id": cluster.id, "error": err.message}
        summary = cut_lines(sentences, words)
        language = cluster.language or "en"
        scores = score(summary, cluster.references, recall=recall, language=language)
        signals = readability(sentences)
        yield Scored(
            {**record, "scores": scores, "readability": signals, "scored_as": language},
            scores,
            len(summary.split()),
        )


@dataclass(frozen=True)
class Report:
    intervals: dict[str, Interval]
    clusters: int
    mean_words: float
    seconds: float
    signals: dict[str, float]  # per 100 brief sentences (see SIGNALS)
    languages: tuple[str, ...] = ("en",)  # of the clusters scored: how they were tokenized

    def lines(self, title: str) -> list[str]:
        rate = self.clusters / self.seconds if self.seconds else float("nan")
        rows = [
            f"{title}: {self.clusters} clusters, {self.mean_words:.1f} words on average, "
            f"{rate:.2f} clusters/s"
        ]
        rows += [f"  {m:<10} {self.intervals[m]}" for m in METRICS]
        rows.append(f"  tokenized: {_tokenizers(self.languages)}")
        rows.append(
            "  readability, per 100 brief sentences: "
            + ", ".join(f"{k.replace('_', ' ')} {v:.1f}" for k, v in self.signals.items())
        )
        return rows


def _tokenizers(languages: Sequence[str]) -> str:
    others = [code for code in languages if code != "en"]
    said = ["rouge-score's (English, Porter stems)"] if "en" in languages else []
    if others:
        said.append(f"Unicode-aware (lower case, white space; {', '.join(others)})")
    return " and ".join(said)


def report(results: Sequence[Scored], seconds: float) -> Report:
    counts = [r.record.get("readability", {}) for r in results]
    total = sum(c.get("sentences", 0) for c in counts)
    signals = {k: 100 * sum(c.get(k, 0) for c in counts) / max(1, total) for k in SIGNALS}
    return Report(
        {m: bootstrap([r.scores[m] for r in results]) for m in METRICS},
        len(results),
        float(np.mean([r.words for r in results])) if results else 0.0,
        seconds,
        signals,
        tuple(sorted({r.record.get("scored_as", "en") for r in results})) or ("en",),
    )


def storyline_system(options: Options) -> Callable[[Cluster], tuple[list[str], dict]]:
    """What ``storyline eval`` scores: a cluster's brief as its sentences, and its JSON
    record (written with ``--output``, so that ``--compare`` can pair two runs)."""
    from storyline.core import summarize  # the pipeline: imported only when it is scored
    from storyline.render import to_dict

    def system(cluster: Cluster) -> tuple[list[str], dict]:
        brief = summarize(cluster, options=options)
        return [s.text for s in brief.sentences], to_dict(brief)

    return system


def run(
    clusters: Iterable[Cluster | StorylineError],
    system: Callable[[Cluster], tuple[list[str], dict]],
    *,
    words: int,
    recall: bool = False,
    progress: Callable[[Iterable[Scored]], Iterable[Scored]] = lambda x: x,
    on_error: Callable[[StorylineError], None] = lambda err: None,
) -> tuple[list[Scored], Report]:
    start = time.perf_counter()
    results = list(
        progress(evaluate(clusters, system, words=words, recall=recall, on_error=on_error))
    )
    return results, report(results, time.perf_counter() - start)


def compare(first: Path, second: Path) -> dict[str, Interval]:
    """Paired difference (second - first) per metric over the clusters both files scored."""
    a, b = _scores_by_id(first), _scores_by_id(second)
    shared = [key for key in a if key in b]
    if not shared:
        raise StorylineError(str(second), f"no cluster id in common with {first}")
    return {m: bootstrap([b[k][m] - a[k][m] for k in shared]) for m in METRICS}


def _scores_by_id(path: Path) -> dict[str, dict[str, float]]:
    result = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise StorylineError(str(path), f"cannot read ({err})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            result[str(record["id"])] = record["scores"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise StorylineError(
                str(path), f"line {number}: not an eval output line (no id or scores)"
            ) from None
    if not result:
        raise StorylineError(str(path), "no scored clusters")
    return result
