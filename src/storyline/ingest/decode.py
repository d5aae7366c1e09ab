"""Bytes to text, refusing what is not text with a message a person can act on."""

from __future__ import annotations

import charset_normalizer

from storyline.errors import StorylineError

_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}


def decode(data: bytes, source: str) -> str:
    """Decode a file or response body; UTF-8 first, then the best-fitting legacy encoding."""
    if not data.strip():
        raise StorylineError(source, "empty input")
    head = data[:8192]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > len(head) * 0.05:
        raise StorylineError(source, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or guess.chaos > 0.1 or guess.coherence < 0.2:
            raise StorylineError(
                source, f"undecodable bytes: not UTF-8 (byte {err.start}) nor another text encoding"
            ) from None
        return str(guess)
