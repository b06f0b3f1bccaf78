"""Render queued pages in forked worker processes.

The jobs (template + local context) are already in memory when the pool forks, so workers
inherit them: only job numbers go out and rendered bytes come back. The parent writes the pages
in job order as results arrive (bounded memory), so files are created in the same order on every
build whatever worker rendered them, and output is deterministic.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

# Inherited by forked workers; only set while a pool is running.
_RENDER: Callable[[int], Any] | None = None


class RenderError(RuntimeError):
    """A page failed to render; the message names the output file."""


def _work(index: int) -> tuple[int, Any, str | None]:
    assert _RENDER is not None
    try:
        return index, _RENDER(index), None
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return index, None, detail


def _serial(render: Callable[[int], Any], index: int, names: Sequence[str]) -> Any:
    try:
        return render(index)
    except Exception as exc:
        raise RenderError(f"Halaman {names[index]} gagal dirender: {exc}") from exc


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run(
    render: Callable[[int], Any],
    consume: Callable[[int, Any], None],
    names: Sequence[str],
    workers: int,
    min_jobs: int,
) -> None:
    """``consume(i, render(i))`` for every job ``i``, in job order; ``render`` in forked workers.

    Runs serially when there are fewer than ``min_jobs`` jobs, one worker, or no ``fork``.
    Raises :class:`RenderError` naming the first page (in job order) that failed.
    """
    global _RENDER  # noqa: PLW0603 - the forked workers read it
    count = len(names)
    if workers <= 1 or count < min_jobs or not fork_available():
        for i in range(count):
            consume(i, _serial(render, i, names))
        return
    logger.info("%d halaman dirender dengan %d proses", count, workers)
    errors: dict[int, str] = {}
    chunk = max(1, min(16, count // (workers * 8)))
    _RENDER = render
    gc.collect()
    gc.freeze()  # keep the collector from touching (and so copying) inherited objects
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for index, result, error in pool.imap(_work, range(count), chunk):
                if error is not None:
                    errors[index] = error
                elif not errors:
                    consume(index, result)
    finally:
        _RENDER = None
        gc.unfreeze()
    if errors:
        first = min(errors)
        more = f" (dan {len(errors) - 1} halaman lain)" if len(errors) > 1 else ""
        raise RenderError(f"Halaman {names[first]} gagal dirender: {errors[first]}{more}")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
