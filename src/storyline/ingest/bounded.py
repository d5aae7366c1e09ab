"""Reading within caps: gzip that stops decompressing at its cap, lines that stop at theirs.

A 2 MB gzip can expand to gigabytes, and a cluster file can hold one line of
gigabytes: both are read as streams and counted, so memory stays bounded whatever
the input claims to be.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO, cast

from storyline.errors import StorylineError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
# Text compresses 3-10 times; past this ratio a stream is a compression bomb, not news
MAX_RATIO = 100


class Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip stream (members one after another), refused with a
    StorylineError once they pass ``limit`` bytes, or ``MAX_RATIO`` times the compressed
    bytes read when that is more (cluster files may be of any size, bombs may not)."""

    def __init__(self, raw: BinaryIO, source: str, limit: int, *, any_size: bool = False):
        self._raw, self._source, self._limit, self._any_size = raw, source, limit, any_size
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._read_in = self._given_out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while not self._pending:
            if not self._fill():
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _fill(self) -> bool:
        """Decompress the next piece; False at the end of the stream."""
        compressed = self._inflate.unconsumed_tail or self._raw.read(CHUNK)
        if not compressed:
            if not self._inflate.eof and self._read_in:
                raise StorylineError(self._source, "broken gzip data (truncated)")
            return False
        if compressed is not self._inflate.unconsumed_tail:
            self._read_in += len(compressed)
        try:
            self._pending = self._inflate.decompress(compressed, CHUNK)
            if self._inflate.eof and self._inflate.unused_data:  # the next member
                rest = self._inflate.unused_data
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._pending += self._inflate.decompress(rest, CHUNK)
        except zlib.error as err:
            raise StorylineError(self._source, f"broken gzip data ({err})") from None
        self._given_out += len(self._pending)
        self._check()
        return True

    def _check(self) -> None:
        cap = max(self._limit, MAX_RATIO * self._read_in) if self._any_size else self._limit
        if self._given_out > cap:
            why = "the limit" if cap == self._limit else f"{MAX_RATIO} times its compressed size"
            raise StorylineError(
                self._source, f"decompresses to more than {cap:,} bytes ({why}): refused"
            )


def opened(
    raw: BinaryIO, source: str, limit: int, *, any_size: bool = False
) -> io.BufferedReader[Any]:
    """``raw`` as it reads, decompressed (within the caps) when it starts as gzip."""
    buffered: io.BufferedReader[Any] = (
        raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast(Any, raw))
    )
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return io.BufferedReader(Gunzip(buffered, source, limit, any_size=any_size), CHUNK)
    return buffered


def read_capped(stream: BinaryIO, source: str, limit: int) -> bytes:
    """All of ``stream``, refused past ``limit`` bytes without reading more than that."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise StorylineError(source, f"larger than {limit:,} bytes")
    return data


def lines(handle: TextIO, source: str, limit: int) -> Iterator[str | StorylineError]:
    """The lines of ``handle``; a line longer than ``limit`` characters is an error in its
    place, read past in pieces (never held whole)."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):
            line = handle.readline(limit)
        yield StorylineError(source, f"line {number}: longer than {limit:,} characters")
