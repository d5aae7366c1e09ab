"""Sentence vectors: WordLlama's own, computed faster, and never NaN."""

from pathlib import Path

import numpy as np
import wordllama
from safetensors import safe_open
from wordllama import WordLlama
from wordllama.inference import WordLlamaInference

from storyline.represent import get_embedder

SENTENCES = [
    "Kerry met Putin in Sochi on Tuesday.",
    "The talks, which lasted more than four hours, covered Ukraine, Syria and Iran.",
    "«Мы обсудили Украину», — сказал Лавров.",
]


def test_vectors_are_wordllamas_own():
    root = Path(wordllama.__file__).parent
    tokenizer = WordLlama.load_tokenizer(root / "tokenizers/l2_supercat_tokenizer_config.json")
    with safe_open(root / "weights/l2_supercat_256.safetensors", framework="np") as f:
        weights = f.get_tensor("embedding.weight")
    reference = WordLlamaInference(weights, tokenizer).embed(SENTENCES, norm=True)
    vectors = get_embedder("wordllama").embed(SENTENCES)
    assert vectors.shape == (3, 256) and vectors.dtype == np.float32
    assert np.allclose(vectors, reference, atol=1e-5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_text_without_tokens_is_a_zero_vector_not_nan():
    vectors = get_embedder("wordllama").embed(["", SENTENCES[0]])
    assert not np.isnan(vectors).any()
    assert not vectors[0].any() and vectors[1].any()
