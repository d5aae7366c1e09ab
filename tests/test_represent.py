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
# Texts the word cache must tokenize as the whole text is: runs of spaces, spaces at the
# ends, tabs and line breaks inside a word, scripts without spaces, letters the
# vocabulary lacks (byte tokens), and words seen before in other company
AWKWARD = [
    "Kerry met Putin in Sochi on Tuesday.",
    "  two spaces before",
    "a space after ",
    "two  spaces inside",
    "a tab\tand a\nline break",
    "東京都で地震があった 震度5強",
    "naïve café — “quoted” 🙂 ꙮ",
    "Putin met Kerry. Tuesday Sochi in",
    "",
    " ",
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


def test_word_by_word_token_ids_are_the_whole_texts_ids():
    embedder = get_embedder("wordllama")
    whole = [
        e.ids for e in embedder._tokenizer.encode_batch_fast(AWKWARD, add_special_tokens=False)
    ]
    assert embedder._token_ids(AWKWARD) == whole
    assert embedder._token_ids(AWKWARD) == whole  # again, from the cache
