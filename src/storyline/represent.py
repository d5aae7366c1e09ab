"""Stage 3, represent: sentences as unit vectors, by a named, swappable embedder.

Embedders are registered by name (as spaCy registers pipeline components); each
has one verb, ``embed(texts) -> (n, d) float32 array of unit rows``. The default,
WordLlama, is a static model whose weights ship inside its PyPI wheel: loading
it touches no network, and it embeds tens of thousands of sentences a second.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy import sparse


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


_REGISTRY: dict[str, Callable[[], Embedder]] = {}


def register(name: str) -> Callable[[Callable[[], Embedder]], Callable[[], Embedder]]:
    def decorator(factory: Callable[[], Embedder]) -> Callable[[], Embedder]:
        _REGISTRY[name] = factory
        return factory

    return decorator


@cache
def get_embedder(name: str) -> Embedder:
    """The embedder registered under ``name``, loaded once per process."""
    if name not in _REGISTRY:
        raise ValueError(f"unknown embedder {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]()


class WordLlamaEmbedder:
    """WordLlama's 256-d model, loaded from the files inside the installed wheel.

    ``WordLlama.load()`` looks for the tokenizer in a folder the wheel does not
    have and then tries Hugging Face, so the two files are opened directly. The model
    is a mean of token vectors; WordLlama's own ``embed`` pads every batch of texts to
    its longest and averages through the padding, which took two thirds of the time.
    Here the unpadded token ids form one sparse (texts x vocabulary) matrix of
    ``1 / length`` entries, and its product with the weights is the mean: the same
    vectors, three times faster.
    """

    def __init__(self) -> None:
        import wordllama
        from safetensors import safe_open
        from wordllama import WordLlama

        # The tokenizer's worker threads spin on after each batch and take the other core
        # from the rest of the pipeline (and from other processes of a batch run): one
        # thread was faster end to end, measured. An explicit setting still wins.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        root = Path(wordllama.__file__).parent
        self._tokenizer = WordLlama.load_tokenizer(
            root / "tokenizers/l2_supercat_tokenizer_config.json"
        )
        self._tokenizer.no_padding()
        with safe_open(root / "weights/l2_supercat_256.safetensors", framework="np") as f:
            self._weights = np.asarray(f.get_tensor("embedding.weight"), dtype=np.float32)
        self._words: dict[str, list[int]] = {}  # a word's token ids, "▁" before it

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vocabulary, dim = self._weights.shape
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        encoded = self._token_ids(texts)
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        ids = np.fromiter(chain.from_iterable(encoded), dtype=np.int64, count=lengths.sum())
        ids = np.clip(ids, 0, vocabulary - 1)
        means = bag_matrix(lengths, ids, 1.0 / np.maximum(lengths, 1), vocabulary)
        vectors = np.asarray(means @ self._weights, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)  # a text without tokens stays zero

    def _token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's token ids, word by word from a cache. The tokenizer turns every
        space into "▁" and has no token with "▁" inside, so a text's ids are its
        space-separated words' ids, each word tokenized alone: the same ids, and news
        repeats its words. A text with two spaces in a row, or one at an end ("▁▁" is a
        token), is tokenized whole."""
        whole = [n for n, t in enumerate(texts) if "  " in t or t[:1] == " " or t[-1:] == " "]
        found: list[list[int]] = [[] for _ in texts]
        for n, ids in zip(whole, self._encode([texts[n] for n in whole]), strict=True):
            found[n] = ids
        cache, skip = self._words, set(whole)
        if len(cache) > _CACHED_WORDS:
            cache.clear()
        split = [t.split(" ") if n not in skip else [] for n, t in enumerate(texts)]
        new = list({w for words in split for w in words if w not in cache})
        cache.update(zip(new, self._encode(new), strict=True))
        for n, words in enumerate(split):
            if n not in skip:
                found[n] = list(chain.from_iterable(cache[w] for w in words if w))
        return found

    def _encode(self, texts: list[str]) -> list[list[int]]:
        # The fast variant skips the character offsets of every token, which nothing here
        # reads: the same ids in half the time.
        return [e.ids for e in self._tokenizer.encode_batch_fast(texts, add_special_tokens=False)]


_CACHED_WORDS = 500_000  # words whose token ids are kept, at most (tens of megabytes)

register("wordllama")(WordLlamaEmbedder)


def bag_matrix(
    lengths: np.ndarray, columns: np.ndarray, row_values: np.ndarray, width: int
) -> sparse.csr_matrix:
    """A sparse (rows x width) matrix from ragged rows: row r holds ``lengths[r]`` of the
    flat ``columns`` (in order), each entry ``row_values[r]``. Bags of tokens or terms
    are kept so: a dense texts-by-vocabulary matrix of a big cluster takes gigabytes."""
    pointers = np.concatenate([[0], np.cumsum(lengths)])
    values = np.repeat(np.asarray(row_values, dtype=np.float32), lengths)
    return sparse.csr_matrix((values, columns, pointers), shape=(len(lengths), max(1, width)))
