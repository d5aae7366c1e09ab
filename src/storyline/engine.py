"""Where the parallel work runs: this process, or a Dask distributed cluster.

An engine has one verb, ``map(function, items)``: results in input order,
streamed, with a bounded number of items in flight, so a file of thousands of
clusters never sits in memory at once. The function must be a module-level
function (Dask pickles it to send it to worker processes).

``--engine dask`` alone starts a local cluster of worker processes;
``--scheduler tcp://host:8786`` joins an existing one.
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
    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process, one item after another."""

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(function, items)

    def close(self) -> None:
        pass


class DaskEngine:
    """Items sent to Dask workers in windows; results come back in order."""

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
        self.in_flight = options.dask_in_flight  # clusters sent ahead to each worker

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        iterator = iter(items)
        window = self.workers * self.in_flight
        pending = self._client.map(function, list(islice(iterator, window)), pure=False)
        while pending:
            following = list(islice(iterator, window))
            ahead = self._client.map(function, following, pure=False) if following else []
            yield from self._client.gather(pending)
            pending = ahead

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def get_engine(
    name: str = "local", scheduler: str | None = None, options: Options = DEFAULTS
) -> Engine:
    """The engine called ``name`` ("local" or "dask"); a scheduler address implies Dask."""
    if name == "dask" or scheduler:
        return DaskEngine(scheduler, options)
    if name == "local":
        return LocalEngine()
    raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
