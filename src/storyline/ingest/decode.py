"""Bytes to text, refusing what is not text with a message a person can act on."""

from __future__ import annotations

import codecs

import charset_normalizer

from storyline.errors import StorylineError

_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}
MAX_CHAOS = 0.1  # charset_normalizer's mess measure: above it, not text
SNIFF_BYTES = 1 << 16  # what is measured of a text with a byte order mark
# Byte order marks, UTF-32's first: its little-endian mark begins with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> str:
    """Decode a file or response body: by its byte order mark (UTF-16, UTF-32), else UTF-8,
    then the best-fitting legacy encoding."""
    if not data.strip():
        raise StorylineError(source, "empty input")
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return _by_mark(data, encoding, source)
    head = data[:8192]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > len(head) * 0.05:
        raise StorylineError(source, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or guess.chaos > MAX_CHAOS or guess.coherence < 0.2:
            raise StorylineError(
                source, f"undecodable bytes: not UTF-8 (byte {err.start}) nor another text encoding"
            ) from None
        return str(guess)


def _by_mark(data: bytes, encoding: str, source: str) -> str:
    """Text that opens on a byte order mark, if what follows reads as text in that encoding
    (random bytes can open on one too)."""
    guess = charset_normalizer.from_bytes(data[:SNIFF_BYTES]).best()
    try:
        if guess is not None and guess.chaos <= MAX_CHAOS:
            return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    raise StorylineError(source, f"undecodable bytes: a {encoding} byte order mark, not {encoding}")
