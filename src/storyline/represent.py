"""Stage 3, represent: sentences as unit vectors, by a named, swappable embedder.

Embedders are registered by name (as spaCy registers pipeline components); each
has one verb, ``embed(texts) -> (n, d) float32 array of unit rows``. The default,
WordLlama, is a static model whose weights ship inside its PyPI wheel: loading
it touches no network, and it embeds tens of thousands of sentences a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np


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
    have and then tries Hugging Face, so the two files are opened directly.
    """

    def __init__(self) -> None:
        import wordllama
        from safetensors import safe_open
        from wordllama import WordLlama
        from wordllama.inference import WordLlamaInference

        root = Path(wordllama.__file__).parent
        tokenizer = WordLlama.load_tokenizer(root / "tokenizers/l2_supercat_tokenizer_config.json")
        with safe_open(root / "weights/l2_supercat_256.safetensors", framework="np") as f:
            weights = f.get_tensor("embedding.weight")
        self._model = WordLlamaInference(weights, tokenizer)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


register("wordllama")(WordLlamaEmbedder)
