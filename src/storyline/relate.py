"""Stage 4, relate: how the documents and their sentences bear on each other.

* the cluster's main event: the terms most documents share; a document that
  shares little of it is about a different event (or is pure page noise) and is
  flagged, so it contributes no sentence;
* similarity of every pair of sentences (meaning and wording together);
* support: how many distinct sources carry each sentence's content;
* concepts: the word pairs several sources use;
* salience (computed by :mod:`storyline.salience` from all of these).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from storyline.data import Sentence
from storyline.language import load_language
from storyline.options import Options
from storyline.represent import bag_matrix
from storyline.salience import features, salience_scores
from storyline.text import count_words

NOT_AN_ARTICLE = "not an article (too little article text)"
DIFFERENT_EVENT = "different event"


@dataclass(frozen=True)
class Relations:
    """What relate learned about a cluster; arrays are indexed like ``sentences``."""

    flags: tuple[str | None, ...]  # per document: why it was left out, or None
    similarity: np.ndarray  # (n, n) combined sentence similarity
    support: np.ndarray  # (n,) distinct documents carrying the sentence
    salience: np.ndarray  # (n,) in [0, 1]
    concepts: tuple[frozenset[int], ...]  # per sentence: ids of the event's word pairs
    concept_weights: np.ndarray  # per concept id: how many live documents use it
    features: np.ndarray  # (n, len(FEATURES)): what salience was computed from


def relate(
    sentences: Sequence[Sentence], vectors: np.ndarray, n_docs: int, options: Options
) -> Relations:
    lang = load_language(options.language)
    sentence_terms = [lang.terms(s.text) for s in sentences]  # read once, used four ways
    doc_terms = _document_terms(sentences, sentence_terms, n_docs)
    similarity = _similarity(sentence_terms, vectors)
    flags = flag_documents(sentences, similarity, doc_terms, options)
    active = np.array([flags[s.doc] is None for s in sentences], dtype=bool)
    support = _support(sentences, similarity, active, options)
    concepts, weights = _concepts(sentences, flags, options)
    table = features(
        sentences,
        sentence_terms,
        vectors,
        similarity,
        doc_terms,
        flags,
        support,
        active,
        concepts,
        weights,
    )
    salience = salience_scores(table, active, sentences, options)
    return Relations(tuple(flags), similarity, support, salience, concepts, weights, table)


def _concepts(
    sentences: Sequence[Sentence], flags: list[str | None], options: Options
) -> tuple[tuple[frozenset[int], ...], np.ndarray]:
    """Word pairs that several live documents use: units of the event's content
    (Gillick and Favre's concepts); weighted by how many documents use them."""
    bigrams = load_language(options.language).bigrams
    pairs = [bigrams(s.text) for s in sentences]
    df: Counter[tuple[str, str]] = Counter()
    for doc in {s.doc for s in sentences if flags[s.doc] is None}:
        df.update(set().union(*(p for p, s in zip(pairs, sentences, strict=True) if s.doc == doc)))
    n_live = sum(flag is None for flag in flags)
    quorum = min(options.select.concept_min_documents, max(1, n_live))
    # Sorted, not in set order: set order follows the process's string hashing, and the
    # ILP (solved to a 1% gap) could then return a different brief in each process.
    ids = {pair: k for k, pair in enumerate(sorted(p for p, n in df.items() if n >= quorum))}
    weights = np.array([df[pair] for pair in ids], dtype=float)
    return tuple(frozenset(ids[p] for p in ps if p in ids) for ps in pairs), weights


def _document_terms(
    sentences: Sequence[Sentence], sentence_terms: list[list[str]], n_docs: int
) -> list[Counter[str]]:
    counts: list[Counter[str]] = [Counter() for _ in range(n_docs)]
    for sentence, found in zip(sentences, sentence_terms, strict=True):
        counts[sentence.doc].update(found)
    return counts


def flag_documents(
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    doc_terms: list[Counter[str]],
    options: Options,
) -> list[str | None]:
    """Flag documents with too little article text, or about another event than the rest.

    Reports of one event repeat its facts, so most documents have sentences that
    another source corroborates; a report of an earlier, related event shares the
    topic's words but hardly any of its sentences. A document is flagged when both
    its corroborated share and its word overlap fall well below the cluster's median; a
    short one (whose share means little) only when no other echoes any of its sentences
    and it shares hardly any of their words (a marathon report beside a bridge collapse).
    """
    sizes: Counter[int] = Counter()
    for s in sentences:
        sizes[s.doc] += count_words(s.text)
    # A short text beside articles is a fragment of a page; short texts together (wire
    # items, posts) are the story as given: then only a text with no prose is left out
    least = options.relate.min_article_words
    if all(sizes[d] < least for d in range(len(doc_terms))):
        least = 1
    flags: list[str | None] = [
        None if sizes[d] >= least else NOT_AN_ARTICLE for d in range(len(doc_terms))
    ]
    live = [d for d, flag in enumerate(flags) if flag is None]
    if len(live) < options.relate.offtopic_min_documents:  # with two, neither can outvote the other
        return flags
    long = full_length(sentences, options)
    corroborated = _corroborated_share(sentences, similarity, live, long, options)
    overlap = _term_overlap(doc_terms, live)
    median_c = float(np.median(list(corroborated.values())))
    median_o = float(np.median(list(overlap.values())))
    judged = Counter(s.doc for s, whole in zip(sentences, long, strict=True) if whole)
    limits = options.relate
    for d in live:
        if judged[d] >= limits.offtopic_min_sentences:
            off = (
                corroborated[d] < limits.offtopic_corroboration * median_c
                and overlap[d] < limits.offtopic_overlap * median_o
            )
        else:  # too short for its share of echoed sentences to say much: its words must
            off = corroborated[d] == 0 and overlap[d] < limits.offtopic_short_overlap * median_o
        if off:
            flags[d] = DIFFERENT_EVENT
    return flags


def full_length(sentences: Sequence[Sentence], options: Options) -> np.ndarray:
    """Per sentence, whether it is full length: what corroboration is measured on, and how
    many a document needs to be judged off-event (a short report echoes few sentences of
    the others by chance, so its share of echoed ones says nothing of its event)."""
    least = options.segment.min_sentence_words
    return np.array([count_words(s.text) >= least for s in sentences], dtype=bool)


def _corroborated_share(
    sentences: Sequence[Sentence],
    similarity: np.ndarray,
    live: list[int],
    long: np.ndarray,
    options: Options,
) -> dict[int, float]:
    """Per document, the share of its full-length sentences (``long``) that another
    document echoes."""
    docs = np.array([s.doc for s in sentences])
    result = {}
    for d in live:
        rows = (docs == d) & long
        others = np.isin(docs, [e for e in live if e != d]) & long
        if not rows.any() or not others.any():
            result[d] = 0.0
            continue
        best = similarity[np.ix_(rows, others)].max(axis=1)
        result[d] = float((best >= options.relate.corroboration_similarity).mean())
    return result


def _term_overlap(doc_terms: list[Counter[str]], live: list[int]) -> dict[int, float]:
    """Per document, mean TF-IDF cosine to the other documents (IDF within the cluster)."""
    df: Counter[str] = Counter()
    for d in live:
        df.update(doc_terms[d].keys())
    index = {t: i for i, t in enumerate(df)}
    idf = np.log((len(live) + 1) / (np.array(list(df.values())) + 1)) + 1
    matrix = np.zeros((len(live), len(index)))
    for row, d in enumerate(live):
        for t, k in doc_terms[d].items():
            matrix[row, index[t]] = (1 + np.log(k)) * idf[index[t]]
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-12
    pairs = matrix @ matrix.T
    np.fill_diagonal(pairs, 0.0)
    return {d: float(pairs[row].sum() / (len(live) - 1)) for row, d in enumerate(live)}


def _similarity(sentence_terms: list[list[str]], vectors: np.ndarray) -> np.ndarray:
    """Mean of embedding cosine and term-set cosine: meaning and wording must both agree."""
    lexical = term_matrix(sentence_terms)
    return (vectors @ vectors.T + (lexical @ lexical.T).toarray()) / 2


def term_matrix(sentence_terms: Sequence[Sequence[str]], *, unit: bool = True) -> sparse.csr_matrix:
    """Rows over each sentence's distinct terms: of unit length, so that products of rows
    are cosines, or of ones, so that they count the terms two sentences share."""
    vocabulary: dict[str, int] = {}
    rows = [
        sorted({vocabulary.setdefault(t, len(vocabulary)) for t in found})
        for found in sentence_terms
    ]
    lengths = np.array([len(columns) for columns in rows], dtype=np.int64)
    columns = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(lengths.sum()))
    values = 1.0 / np.sqrt(np.maximum(lengths, 1)) if unit else np.ones(len(lengths))
    return bag_matrix(lengths, columns, values, len(vocabulary))


def _support(
    sentences: Sequence[Sentence], similarity: np.ndarray, active: np.ndarray, options: Options
) -> np.ndarray:
    docs = np.array([s.doc for s in sentences])
    close = (similarity >= options.relate.support_similarity) & active[None, :]
    return np.array(
        [len(set(docs[close[i]]) | {docs[i]}) for i in range(len(sentences))], dtype=np.int32
    )
