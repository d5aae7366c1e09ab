"""Who writes to the process's stdout and stderr: storyline alone.

``--format json`` and ``jsonl`` are only machine-readable if nothing else reaches stdout.
Some libraries print from C, where ``sys.stdout`` cannot catch it: ``highspy.Highs()``
prints a banner from 1.16 on, before any option can turn it off. These guards work on the
file descriptors themselves.
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache

_LOCK = threading.Lock()  # the descriptors are the process's: threads take turns


@contextmanager
def muted() -> Iterator[None]:
    """Within the block, whatever C code writes to descriptors 1 and 2 is dropped."""
    with _LOCK:
        _flush_python()
        saved = (os.dup(1), os.dup(2))
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            os.dup2(null, 2)
            yield
        finally:
            _flush_c()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in (*saved, null):
                os.close(fd)


@contextmanager
def owned_stdout() -> Iterator[None]:
    """For a command's run: ``sys.stdout``, which storyline prints to, keeps the real
    stdout, while descriptor 1, which C code writes to, points at the null device.
    Libraries' log records and warnings are kept off stderr too (they are not
    storyline's messages). Without a real stdout (output captured in-process) it only
    quiets the logs."""
    _quiet_python_libraries()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        yield
        return
    original = sys.stdout
    original.flush()
    private = os.dup(fd)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)
    sys.stdout = open(  # noqa: SIM115 - closed below, after the run
        private,
        "w",
        encoding=original.encoding,
        errors=original.errors,
        buffering=1 if original.line_buffering else -1,
    )
    try:
        yield
    finally:
        with suppress(OSError):  # a reader that went away (storyline ... | head)
            sys.stdout.flush()
        _flush_c()
        os.dup2(private, fd)
        with suppress(OSError):
            sys.stdout.close()
        sys.stdout = original


def _quiet_python_libraries() -> None:
    """Log records of libraries go nowhere (not to Python's last-resort stderr handler),
    and warnings become such records."""
    logging.captureWarnings(True)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _flush_python() -> None:
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, ValueError, OSError):
            stream.flush()


def _flush_c() -> None:
    """Empty C's stdio buffers, so that what a library printed lands while the guard holds
    (a pipe's stdout is block-buffered)."""
    with suppress(OSError, AttributeError, TypeError):
        _c_library().fflush(None)


@cache
def _c_library() -> ctypes.CDLL:
    return ctypes.CDLL(None)  # the C library the process runs on (raises on Windows)
