"""Run output work that needs the finished site but not its pages beside the page writer.

Some output is made from the stories alone — the feeds, ``stories.json`` for syndication, the
photo derivatives linked into the output — and was written after (or before) every page, on the
one core Pelican uses. Plugins offer such work to :func:`newsroom.outputs.beside_pages` at
``get_writer``, when every story is final. During a build run by :class:`.uptodate.UpToDatePelican`
it is taken, queued and, when the first generator starts writing pages, run in one forked
process (which sees the site exactly as it is at that moment) while the build process writes
pages. What the work announces comes back to the build process when the pages are done, before
``finalized``: claimed output files, "valid until" moments and every log record (so its warnings
are shown and its errors fail the build as before). An exception in the work is raised again in
the build process, naming the task. Work offered at any other time (a preview, a plain Pelican
run) is not taken: the plugin runs it itself, as it did before.

Without ``fork``, with one usable core or ``STABLE_OUTPUT_BACKGROUND = False`` the taken work
runs in the build process after the last page is written, in the order it was offered.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

from blinker import signal

from .parallel import default_workers, fork_available

logger = logging.getLogger(__name__)

#: Sent by ``newsroom.outputs.beside_pages(name, work)``.
output_beside_pages = signal("output_beside_pages")
output_claimed = signal("output_claimed")
output_valid_until = signal("output_valid_until")

Task = tuple[str, Callable[[], Any]]
#: Seconds a failed build waits for forked work to finish its files before stopping it.
ABANDON_WAIT = 60.0
#: Log record attributes that travel back (values of other types are dropped).
_PLAIN = (str, int, float, bool, type(None))


class BackgroundError(RuntimeError):
    """Work run beside the pages failed; the message names the task."""


@dataclass
class Effects:
    """What the work announced: claimed paths, validity moments, log records, a failure, and
    what each task returned."""

    claims: list[str] = field(default_factory=list)
    moments: list[datetime] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None
    results: list[Any] = field(default_factory=list)


class _Capture(logging.Handler):
    def __init__(self, effects: Effects) -> None:
        super().__init__(logging.NOTSET)
        self.effects = effects

    def emit(self, record: logging.LogRecord) -> None:
        self.effects.records.append(plain_record(record))


def plain_record(record: logging.LogRecord) -> dict[str, Any]:
    """A picklable copy of ``record``: message formatted, traceback as text (like
    :meth:`logging.handlers.QueueHandler.prepare`)."""
    message = record.getMessage()
    if record.exc_info:
        message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
    fields = {k: v for k, v in vars(record).items() if isinstance(v, _PLAIN)}
    fields.update(msg=message, args=None, exc_info=None, exc_text=None)
    return fields


def run_capturing(tasks: list[Task]) -> Effects:
    """Run ``tasks`` in order (in a forked process), collecting what they announce."""
    effects = Effects()

    def claimed(_sender: Any = None, paths: Any = (), **_kw: Any) -> None:
        effects.claims.extend(map(str, paths))

    def valid(moment: datetime, **_kw: Any) -> None:
        effects.moments.append(moment)

    output_claimed.connect(claimed, weak=False)
    output_valid_until.connect(valid, weak=False)
    root = logging.getLogger()
    root.handlers = [_Capture(effects)]  # printed (and counted) by the build process
    for name, work in tasks:
        try:
            effects.results.append(work())
        except Exception as exc:  # sent back and raised again by the build process
            effects.failure = f"{name}: " + "".join(traceback.format_exception_only(exc)).strip()
            break
    return effects


def _child(tasks: list[Task], conn: Connection, parents_end: Connection) -> None:
    parents_end.close()  # so that a build that stopped listening makes send() fail at once
    effects = run_capturing(tasks)
    with contextlib.suppress(OSError):  # the build failed and stopped listening
        conn.send(effects)
    conn.close()


def replay(effects: Effects) -> list[Any]:
    """Announce in this process what the work announced in its own; what its tasks returned."""
    for fields in effects.records:
        record = logging.makeLogRecord(fields)
        logging.getLogger(record.name).handle(record)
    if effects.claims:
        output_claimed.send(paths=effects.claims)
    for moment in effects.moments:
        output_valid_until.send(moment)
    if effects.failure:
        raise BackgroundError(f"Pekerjaan di samping penulisan halaman gagal — {effects.failure}")
    return effects.results


class Forked:
    """Tasks running in one forked process, and what they announce."""

    def __init__(self, tasks: list[Task]) -> None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self.process: Any = context.Process(target=_child, args=(tasks, send, receive), daemon=True)
        self.process.start()
        send.close()
        self.conn: Connection | None = receive

    def join(self) -> list[Any]:
        """Wait for the tasks and replay what they announced (raising their failure); what
        each task returned (nothing when already joined)."""
        conn, self.conn = self.conn, None
        if conn is None:
            return []
        try:
            effects = conn.recv()
        except EOFError:
            effects = None
        finally:
            conn.close()
            self.process.join()
        if effects is None:
            code = self.process.exitcode
            effects = Effects(failure=f"proses berhenti tanpa hasil (kode {code})")
        return replay(effects)

    def abandon(self, wait: float) -> None:
        """Forget what the tasks announce, but let them finish their files (up to ``wait``
        seconds, then the process is stopped) rather than leave half-written files behind."""
        if self.conn is not None:
            self.conn.close()  # (its results are not read: sending them cannot block it)
            self.conn = None
        self.process.join(wait)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


class Background:
    """The queue of one build and the processes running beside its page writer."""

    def __init__(self) -> None:
        self.queued: list[Task] = []
        self.forked: Forked | None = None
        self.others: list[Forked] = []
        self.accepting = False
        self.parallel = True

    def begin(self, settings: dict[str, Any]) -> None:
        """A build starts: take work from now on."""
        self.abandon()
        self.accepting = True
        self.parallel = bool(settings.get("STABLE_OUTPUT_BACKGROUND", True))

    def end(self) -> None:
        """The build is over (or failed): take no more work, stop what still runs."""
        self.accepting = False
        self.abandon()

    def add(self, name: str, work: Callable[[], None]) -> bool:
        """Queue ``work``; False when no build is taking work (the caller runs it)."""
        if self.accepting:
            self.queued.append((name, work))
        return self.accepting

    def can_fork(self) -> bool:
        return self.accepting and self.parallel and fork_available() and default_workers() > 1

    def start(self) -> None:
        """Start what is queued in a forked process, when allowed (else :meth:`join` runs it)."""
        if not (self.queued and self.can_fork()):
            return
        tasks, self.queued = self.queued, []
        self.forked = Forked(tasks)
        logger.debug("%d pekerjaan berjalan di samping penulisan halaman", len(tasks))

    def fork_now(self, name: str, work: Callable[[], None]) -> Forked | None:
        """Run ``work`` in its own forked process from now on, when allowed (the caller joins
        it); None when not (the caller runs it itself)."""
        if not self.can_fork():
            return None
        forked = Forked([(name, work)])
        self.others.append(forked)
        return forked

    def join(self) -> None:
        """Wait for the forked work and replay what it announced; run anything still queued
        here, in the order it was offered (after the pages, as it was before: whatever the
        work changes in the stories cannot reach the pages' signatures)."""
        tasks, self.queued = self.queued, []
        for _name, work in tasks:
            work()
        forked, self.forked = self.forked, None
        if forked is not None:
            forked.join()

    def abandon(self, wait: float = ABANDON_WAIT) -> None:
        """The build failed: forget the queue and what forked work announces, letting it
        finish its files first (:meth:`Forked.abandon`)."""
        self.queued = []
        running = [f for f in (self.forked, *self.others) if f is not None]
        self.forked, self.others = None, []
        for forked in running:
            forked.abandon(wait)


BACKGROUND = Background()


def take(name: str, work: Callable[[], None] | None = None, **_kw: Any) -> bool:
    """Receiver of ``output_beside_pages``: True when the work was taken."""
    return work is not None and BACKGROUND.add(name, work)


output_beside_pages.connect(take, weak=False)
