"""The syndication engine: decides what is new, records intent before every remote call and the
result right after, reconciles in-doubt deliveries with the platform before any retry, and keeps
one failing channel from blocking the others. It knows no platform: channels come from
:mod:`.channels` through the :class:`~.channels.base.Channel` interface.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .channels.base import Channel, Delivery, write_outbox
from .errors import (
    AuthError,
    ChannelError,
    DuplicateError,
    PermanentError,
    TransientError,
    UnverifiableError,
)
from .ledger import CorruptLedgerError, Ledger, StoryRecord
from .redact import redact
from .retry import RetryPolicy
from .story import Story

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    story: str
    channel: str
    status: str
    detail: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, story: str, channel: str, status: str, detail: str = "") -> None:
        self.outcomes.append(Outcome(story, channel, status, detail))
        log = logger.warning if status in {"failed", "in_doubt"} else logger.info
        log("%s → %s: %s %s", story, channel, status, detail)

    @property
    def ok(self) -> bool:
        return not self.problems and all(
            o.status not in {"failed", "in_doubt"} for o in self.outcomes
        )


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Engine:
    """One run over the stories of the last build."""

    def __init__(
        self,
        ledger: Ledger,
        channels: Iterable[Channel],
        *,
        now: Callable[[], datetime],
        outbox: Path,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.ledger = ledger
        self.channels = {c.name: c for c in channels}
        self.now = now
        self.outbox = Path(outbox)
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.blocked: dict[str, str] = {}  # channel → why it stopped for this run
        self.budget: dict[str, int | None] = {}

    # --- what to do -----------------------------------------------------------------------
    def watermark_key(self, channel: Channel) -> str:
        return channel.name if channel.live else f"{channel.name}@outbox"

    def watermarks(self) -> dict[str, datetime]:
        """Per channel: stories older than this are never posted unless back-filled. A channel
        without a watermark (first run, new channel, lost state) starts now: no flood."""
        self.ledger.clean_temp()
        stored = self.ledger.watermarks()
        marks = {}
        for channel in self.channels.values():
            key = self.watermark_key(channel)
            if key not in stored:
                stored[key] = iso(self.now())
                self.ledger.set_watermark(key, stored[key])
                logger.info(
                    "%s: titik mulai sindikasi %s (berita lebih lama tidak dikirim)",
                    key,
                    stored[key],
                )
            marks[channel.name] = datetime.fromisoformat(stored[key])
        return marks

    def run(
        self,
        stories: Iterable[Story],
        *,
        dry_run: bool = False,
        retry_failed: bool = False,
        out: Callable[[str], Any] = print,
    ) -> Report:
        report = Report()
        marks = self.watermarks() if not dry_run else self._peek_marks()
        now = self.now()
        for story in stories:
            if story.date > now:
                continue
            wanted = [c for c in self.channels.values() if c.name in story.syndicate]
            if not wanted:
                continue
            record, corrupt = self._record(story, report, dry_run)
            for channel in wanted:
                entry = record.entry(channel.name)
                if entry is None and not corrupt and story.date < marks[channel.name]:
                    continue  # older than the channel's start: not new
                revived = (  # outbox entry from before credentials: new since going live?
                    entry is not None
                    and entry.get("outbox")
                    and channel.live
                    and story.date >= marks[channel.name]
                ) or (  # nothing to send before (no video), but the story changed since
                    entry is not None
                    and entry.get("nothing_to_send")
                    and not channel.skip_reason(story)
                )
                if entry is not None and entry["status"] in {"posted", "skipped"} and not revived:
                    if entry["status"] == "posted" and not dry_run:
                        self._after_posted(channel, story, record, report)
                    continue
                if entry is not None and entry["status"] == "failed" and not retry_failed:
                    report.add(story.id, channel.name, "failed", entry.get("last_error") or "")
                    continue
                reason = channel.skip_reason(story)
                if reason:
                    if dry_run:
                        out(f"[{channel.label}] {story.id}\n  dilewati: {reason}")
                    self._skip(story, record, channel.name, reason, report, dry_run)
                    continue
                if dry_run:
                    post = channel.format(story)
                    out(
                        channel.preview(post)
                        + ("" if channel.live else "\n  (tanpa kredensial: ditulis ke outbox/)")
                    )
                    report.add(story.id, channel.name, "dry-run")
                    continue
                old = story.date < marks[channel.name]
                self._deliver(story, record, channel, report, corrupt=corrupt, old=old)
        return report

    def _skip(
        self,
        story: Story,
        record: StoryRecord,
        name: str,
        reason: str,
        report: Report,
        dry_run: bool,
    ) -> None:
        """Nothing to send to this channel for this story: say why, remember it."""
        report.add(story.id, name, "skipped", reason)
        if not dry_run:
            entry = record.ensure(name)
            entry.update(status="skipped", last_error=None, note=reason, nothing_to_send=True)
            entry.pop("outbox", None)
            self.ledger.save(record)

    def _after_posted(
        self, channel: Channel, story: Story, record: StoryRecord, report: Report
    ) -> None:
        """The channel's local follow-up of a posted delivery (idempotent)."""
        try:
            update = channel.after_posted(story, record.ensure(channel.name))
        except OSError as exc:
            report.problems.append(redact(exc))
            return
        if update:
            record.ensure(channel.name).update(update)
            self.ledger.save(record)

    def _peek_marks(self) -> dict[str, datetime]:
        stored = self.ledger.watermarks()
        return {
            c.name: datetime.fromisoformat(stored[self.watermark_key(c)])
            if self.watermark_key(c) in stored
            else self.now()
            for c in self.channels.values()
        }

    def _record(self, story: Story, report: Report, dry_run: bool) -> tuple[StoryRecord, bool]:
        try:
            record = self.ledger.load(story.id)
        except CorruptLedgerError as exc:
            report.problems.append(str(exc))
            logger.error("%s — berita ini dicocokkan dengan platform, tidak dikirim ulang", exc)
            if not dry_run:
                kept = self.ledger.quarantine(exc.path, self.now())
                logger.error("berkas rusak disimpan sebagai %s", kept)
            record = self.ledger.new(story.id, story.url, iso(story.date))
            for name in self.channels:
                if name in story.syndicate:
                    entry = record.ensure(name)
                    entry["status"] = "in_doubt"
                    entry["last_error"] = "buku sindikasi rusak: dicocokkan dengan platform"
            return record, True
        if record is None:
            record = self.ledger.new(story.id, story.url, iso(story.date))
        return record, False

    # --- one delivery ---------------------------------------------------------------------
    def _deliver(  # noqa: PLR0911 (one exit per outcome)
        self,
        story: Story,
        record: StoryRecord,
        channel: Channel,
        report: Report,
        *,
        corrupt: bool,
        old: bool = False,
    ) -> None:
        name = channel.name
        if name in self.blocked:
            report.add(
                story.id,
                name,
                record.entry(name)["status"] if record.entry(name) else "pending",
                self.blocked[name],
            )
            return
        post = channel.format(story)
        if not channel.live:
            path = write_outbox(self.outbox, channel, post)
            entry = record.ensure(name)
            entry.update(status="skipped", outbox=str(path), last_error=None)
            entry.pop("nothing_to_send", None)
            entry["note"] = "tanpa kredensial: permintaan ditulis ke outbox"
            self.ledger.save(record)
            report.add(story.id, name, "outbox", str(path))
            return
        if self.budget.setdefault(name, channel.capacity()) == 0:
            report.add(
                story.id,
                name,
                "pending",
                "batas publikasi platform tercapai: antre ke run berikutnya",
            )
            return
        entry = record.ensure(name)
        entry.pop("outbox", None)
        entry.pop("note", None)
        entry.pop("nothing_to_send", None)
        progress: dict[str, Any] = entry.setdefault("progress", {})

        def checkpoint(update: dict[str, Any]) -> None:
            progress.update(update)
            self.ledger.save(record)

        try:
            if entry["status"] == "in_doubt" or progress:
                found = self._reconcile(channel, post, progress)
                if found is not None and not found.extra.get("resume"):
                    self._posted(record, name, found, report, story, "ditemukan di platform")
                    return
                if found is not None:
                    progress.update(found.extra["resume"])
                elif corrupt and old:
                    entry.update(
                        status="skipped",
                        last_error=None,
                        note="buku rusak, berita lama tidak ada di platform: tidak dikirim",
                    )
                    self.ledger.save(record)
                    report.add(story.id, name, "skipped", entry["note"])
                    return
            for attempt in range(self.policy.attempts):
                entry.update(status="in_doubt", intent_at=iso(self.now()))
                entry["attempts"] = int(entry.get("attempts") or 0) + 1
                self.ledger.save(record)  # intent is on disk before the remote call
                try:
                    delivery = channel.publish(post, progress, checkpoint)
                except DuplicateError:
                    found = self._reconcile(channel, post, progress)
                    if found is None or found.extra.get("resume"):
                        raise
                    delivery = found
                except TransientError as exc:
                    if exc.maybe_delivered:
                        found = self._reconcile(channel, post, progress)
                        if found is not None and not found.extra.get("resume"):
                            self._posted(
                                record, name, found, report, story, "ditemukan setelah gangguan"
                            )
                            return
                        if found is not None:
                            progress.update(found.extra["resume"])
                    entry.update(status="pending", last_error=str(exc))
                    self.ledger.save(record)
                    wait = self.policy.delay(attempt, exc.retry_after)
                    if wait is None or attempt + 1 == self.policy.attempts:
                        if wait is None:
                            self.blocked[name] = f"{exc} — dicoba lagi pada run berikutnya"
                        report.add(story.id, name, "pending", str(exc))
                        return
                    logger.info(
                        "%s → %s: %s; coba lagi dalam %.1f detik", story.id, name, exc, wait
                    )
                    self.sleep(wait)
                    continue
                self._posted(record, name, delivery, report, story, "")
                return
        except AuthError as exc:
            self.blocked[name] = str(exc)
            entry.update(
                status="pending" if entry["status"] != "in_doubt" else "in_doubt",
                last_error=str(exc),
            )
            self.ledger.save(record)
            report.problems.append(str(exc))
            report.add(story.id, name, entry["status"], str(exc))
        except PermanentError as exc:
            entry.update(status="failed", last_error=str(exc))
            self.ledger.save(record)
            report.add(story.id, name, "failed", str(exc))
        except TransientError as exc:  # during reconcile: stay in doubt, never post blindly
            entry["last_error"] = str(exc)
            if entry["status"] != "in_doubt":
                entry["status"] = "in_doubt" if corrupt else entry["status"]
            self.ledger.save(record)
            report.add(story.id, name, entry["status"], f"belum bisa dicocokkan: {exc}")
        except ChannelError as exc:  # pragma: no cover - every subclass is handled above
            entry.update(last_error=redact(exc))
            self.ledger.save(record)
            report.add(story.id, name, entry["status"], str(exc))

    def _reconcile(self, channel: Channel, post: Any, progress: dict[str, Any]) -> Delivery | None:
        """Ask the platform (reads are safe to repeat: transient failures are retried here)."""
        for attempt in range(self.policy.attempts):
            try:
                return channel.reconcile(post, progress)
            except UnverifiableError:
                raise  # asking again cannot help: a human decides
            except TransientError as exc:
                wait = self.policy.delay(attempt, exc.retry_after)
                if wait is None or attempt + 1 == self.policy.attempts:
                    raise
                self.sleep(wait)
        return None  # pragma: no cover - the loop returns or raises

    def _posted(
        self,
        record: StoryRecord,
        name: str,
        delivery: Delivery,
        report: Report,
        story: Story,
        note: str,
    ) -> None:
        entry = record.ensure(name)
        entry.update(
            status="posted",
            remote_id=delivery.remote_id,
            remote_url=delivery.remote_url,
            posted_at=iso(self.now()),
            last_error=None,
        )
        entry.pop("progress", None)
        for key, value in delivery.extra.items():
            if key != "resume":
                entry[key] = value
        self.ledger.save(record)
        self._after_posted(self.channels[name], story, record, report)
        if self.budget.get(name):
            self.budget[name] -= 1
        report.add(
            story.id, name, "posted", f"{delivery.remote_url or delivery.remote_id} {note}".strip()
        )
