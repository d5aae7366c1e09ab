"""The systems storyline is measured against, behind one signature.

Every system is ``cluster -> list of sentences`` (in output order); the harness cuts
all of them at the same word budget. sumy runs offline here because it gets our own
tokenizer object instead of its stock one, which wants NLTK data it cannot download.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

from storyline import Cluster, summarize
from storyline.language import load_language
from storyline.segment import split_sentences
from storyline.text import words

System = Callable[[Cluster], list[str]]
ENGLISH = load_language("en")  # sumy's tokenizer here reads English


class OfflineTokenizer:
    """What sumy asks of a tokenizer, from storyline's segmenter: no NLTK data needed."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph, ENGLISH)

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)


def _document_sentences(cluster: Cluster) -> list[list[str]]:
    """Each document's sentences, cut by the rules of the cluster's language."""
    lang = load_language(cluster.language or "en")
    return [split_sentences(a.text, lang) for a in cluster.articles]


def storyline_system(options) -> System:
    return lambda cluster: [s.text for s in summarize(cluster, options=options).sentences]


def lead(budget: int) -> System:
    """First sentence of each document in turn, then the second of each, to the budget."""

    def run(cluster: Cluster) -> list[str]:
        docs = _document_sentences(cluster)
        chosen, used = [], 0
        for rank in range(max(map(len, docs), default=0)):
            for sentences in docs:
                if rank < len(sentences) and used < budget:
                    chosen.append(sentences[rank])
                    used += len(sentences[rank].split())
        return chosen

    return run


# sumy's summarizers by module and class; imported only when used (sumy loads nltk)
SUMY = {
    "LexRank": "lex_rank.LexRankSummarizer",
    "TextRank": "text_rank.TextRankSummarizer",
    "LSA": "lsa.LsaSummarizer",
    "Luhn": "luhn.LuhnSummarizer",
    "SumBasic": "sum_basic.SumBasicSummarizer",
    "KL": "kl.KLSummarizer",
}


def sumy_system(name: str, budget: int) -> System:
    """A sumy summarizer over the concatenated documents, asked for enough sentences to
    fill the budget (sumy counts sentences, not words; its output is in document order)."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.utils import get_stop_words

    module, cls = SUMY[name].split(".")
    summarizer_class = getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = OfflineTokenizer()

    def run(cluster: Cluster) -> list[str]:
        text = "\n\n".join(a.text for a in cluster.articles)
        document = PlaintextParser.from_string(text, tokenizer).document
        total = len(document.sentences)
        count = max(1, min(total, budget // 20))
        while True:
            chosen = [str(s) for s in summarizer(document, count)]
            if sum(len(s.split()) for s in chosen) >= budget or count >= total:
                return chosen
            count = min(total, count + max(1, count // 2))

    return run


def oracle(budget: int, *, recall: bool) -> System:
    """Greedy extractive oracle over the documents' sentences: the extraction ceiling."""

    def run(cluster: Cluster) -> list[str]:
        pool = [s for doc in _document_sentences(cluster) for s in doc if 5 <= len(s.split()) <= 80]
        return [pool[i] for i in oracle_pick(pool, cluster.references, budget, recall=recall)]

    return run


def oracle_pick(
    sentences: list[str], references: tuple[str, ...], budget: int, *, recall: bool
) -> list[int]:
    """Indices of the sentences a greedy oracle picks: each step adds the sentence that
    most raises ROUGE-1 + ROUGE-2 against the references, while any does. (n-gram
    counts are kept incrementally; reported scores are rouge-score's own.)"""

    def grams(tokens: list[str]) -> tuple[Counter, Counter]:
        return Counter(tokens), Counter(pairwise(tokens))

    def value(summary: tuple[Counter, Counter]) -> float:
        total = 0.0
        for ref in refs:
            for n in (0, 1):
                hits = sum((summary[n] & ref[n]).values())
                r = hits / max(1, sum(ref[n].values()))
                p = hits / max(1, sum(summary[n].values()))
                total += r if recall else (2 * p * r / (p + r) if hits else 0.0)
        return total

    from rouge_score.tokenizers import DefaultTokenizer  # the scorer's own tokens and stems

    tokenizer = DefaultTokenizer(use_stemmer=True)
    refs = [grams(tokenizer.tokenize(r)) for r in references]
    tokens = [tokenizer.tokenize(s) for s in sentences]
    pool = set(range(len(sentences)))
    chosen: list[int] = []
    summary: list[str] = []
    best, used = 0.0, 0
    while pool and used < budget:
        gain, pick = max((value(grams(summary + tokens[i])), i) for i in pool)
        if gain <= best:
            break
        best, summary = gain, summary + tokens[pick]
        chosen.append(pick)
        pool.remove(pick)
        used += len(sentences[pick].split())
    return chosen
