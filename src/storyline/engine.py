"""Where the parallel work runs: this process, or a Dask distributed cluster.

An engine has one verb, ``map(function, items)``: results in input order,
streamed, with a bounded number of items in flight, so a file of thousands of
clusters never sits in memory at once. The function must be a module-level
function (Dask pickles it to send it to worker processes). ``workers`` says how
many run at once, so a caller can cut its work into that many parts.

``--engine dask`` alone starts a local cluster of ``--workers`` processes;
``--scheduler tcp://host:8786`` joins an existing one. Items travel in chunks of
``dask_chunk`` (one task each, so a task's fixed cost is shared), every worker
kept busy: a finished chunk is replaced at once, and its results wait only for
the chunks before it, never for a whole window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Protocol, TypeVar

from storyline.errors import StorylineError
from storyline.options import DEFAULTS, Options

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")


class Engine(Protocol):
    workers: int

    def map(
        self, function: Callable[[T], R], items: Iterable[T], chunk: int | None = None
    ) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process, one item after another."""

    workers = 1

    def map(
        self, function: Callable[[T], R], items: Iterable[T], chunk: int | None = None
    ) -> Iterator[R]:
        return map(function, items)

    def close(self) -> None:
        pass


class DaskEngine:
    """Items sent to Dask workers in chunks; results come back in order."""

    def __init__(self, scheduler: str | None = None, options: Options = DEFAULTS) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise StorylineError(
                "--engine dask", "Dask is not installed (pip install 'storyline[dask]')"
            ) from None
        logging.getLogger("distributed").setLevel(logging.WARNING)  # no INFO chatter on stderr
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="10s")
            else:
                self._cluster = LocalCluster(
                    n_workers=options.dask_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self._client = Client(self._cluster)
        except OSError as err:
            raise StorylineError(
                scheduler or "local Dask cluster", f"cannot connect ({err})"
            ) from None
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self.in_flight = options.dask_in_flight  # chunks sent ahead to each worker
        self.chunk = options.dask_chunk

    def map(
        self, function: Callable[[T], R], items: Iterable[T], chunk: int | None = None
    ) -> Iterator[R]:
        """Results in input order; items go ``chunk`` to a task (``dask_chunk`` if None)."""
        from distributed import as_completed

        chunks = enumerate(_chunks(items, chunk or self.chunk))
        running = as_completed()
        number: dict[object, int] = {}  # a task -> its chunk's place in the input

        def send() -> None:
            for n, part in islice(chunks, 1):
                task = self._client.submit(_apply, function, part, pure=False)
                number[task] = n
                running.add(task)

        for _ in range(self.workers * self.in_flight):
            send()
        finished: dict[int, list[R]] = {}
        following = 0
        for task in running:
            finished[number.pop(task)] = task.result()
            send()
            while following in finished:
                yield from finished.pop(following)
                following += 1

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _apply(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    """One task: the function over a chunk of items, on a worker."""
    return [function(item) for item in chunk]


def get_engine(
    name: str = "local", scheduler: str | None = None, options: Options = DEFAULTS
) -> Engine:
    """The engine called ``name`` ("local" or "dask"); a scheduler address implies Dask."""
    if name == "dask" or scheduler:
        return DaskEngine(scheduler, options)
    if name == "local":
        return LocalEngine()
    raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
