"""Per-release work spread over the machine's cores.

A checkout is thousands of releases, each read and rendered on its own:
reading one release's files, or rendering and writing its page, needs
nothing another release computes. `Chunks` runs such work in forked
processes, a chunk of releases at a time, and hands the results back in
order, so the caller sees exactly what a loop would give it, only sooner;
the caller is free to do other work meanwhile.

Forked, not spawned: a worker starts with the parent's memory (the model
already built, the templates already compiled), so only a chunk's bounds
and its results travel between processes. Where there is no `fork`
(Windows), one core, or too little work to pay for starting processes, the
same function runs in this process, one chunk at a time as it is consumed.
`RUNTIME_DOCS_WORKERS` sets the number of processes (1: none).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from .errors import InputError, WorkerDied

if TYPE_CHECKING:
    from concurrent.futures import Executor

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 100  # below this, starting processes costs more than it saves
_CHUNKS_PER_WORKER = 8  # small enough to balance the load, large enough to amortise sending a result
_SERIAL_CHUNK = 50  # in this process: only a chunk's results are held at once

_work: Callable[[tuple[int, int]], object] | None = None  # set for the forked workers to inherit


def count(items: int) -> int:
    """How many processes to use for `items` items of work: 1 means this process alone."""
    setting = os.environ.get("RUNTIME_DOCS_WORKERS", "").strip()
    if setting:
        try:
            wanted = int(setting)
        except ValueError:
            raise InputError("RUNTIME_DOCS_WORKERS", f"must be a whole number of processes, not {setting!r}") from None
        minimum = 1
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        minimum = MIN_ITEMS
    if wanted < 2 or items < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(wanted, items)


class Chunks(Generic[T, R]):
    """`work(chunk)` for consecutive chunks of `items`, in order: `with Chunks(work, items) as parts:`.

    Entering starts the workers, which begin at once; iterating collects their results.
    `work` and `items` are inherited by the forked workers, never pickled, so `work` may be
    a closure over the model and sees the very objects of `items`. An exception raised
    by `work` in a worker is raised here, at its chunk's turn, as a loop would raise it.
    """

    def __init__(self, work: Callable[[Sequence[T]], R], items: Sequence[T]) -> None:
        self._work, self._items = work, items
        self.processes = count(len(items))
        per = -(-len(items) // (self.processes * _CHUNKS_PER_WORKER)) if self.processes > 1 else _SERIAL_CHUNK
        self._bounds = [(i, min(i + per, len(items))) for i in range(0, len(items), max(1, per))]
        self._pool: Executor | None = None

    def __enter__(self) -> Chunks[T, R]:
        if self.processes > 1:
            global _work
            from concurrent.futures import ProcessPoolExecutor  # here: small checkouts never need it

            _work = lambda bounds: self._work(self._items[bounds[0] : bounds[1]])  # noqa: E731
            # Frozen objects are left out of the workers' garbage collections, which would otherwise
            # touch, and so copy, every page of the memory they share with this process.
            gc.freeze()
            try:
                self._pool = ProcessPoolExecutor(self.processes, multiprocessing.get_context("fork"),
                                                 initializer=_started, initargs=(os.getpid(),))
                # Submits every chunk; with fork, the first submission starts all the workers.
                self._results = cast("Iterator[R]", self._pool.map(_run, self._bounds))
            finally:
                gc.unfreeze()
                _work = None
        return self

    def __iter__(self) -> Iterator[R]:
        if self._pool is not None:
            return self._collected()
        return (self._work(self._items[a:b]) for a, b in self._bounds)

    def _collected(self) -> Iterator[R]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            yield from self._results
        except BrokenProcessPool:
            raise WorkerDied("a worker process died (killed, or out of memory?); "
                             "pages already written are whole, the rest were not written") from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _started(parent: int) -> None:
    """A worker leaves Ctrl-C to its parent, which stops the work and exits quietly; and it ends
    when its parent is gone (killed, say): otherwise it would wait for work forever, holding the
    parent's output pipes open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _run(bounds: tuple[int, int]) -> object:
    assert _work is not None
    return _work(bounds)
