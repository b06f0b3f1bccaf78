"""Task logic for ``invoke syndicate``, ``syndication-status`` and ``syndication-backfill``
(also ``python -m syndication.cli …``). Admin-facing output is Indonesian."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from . import channels as registry
from .channels.base import Channel
from .config import SyndicationConfig
from .engine import Engine
from .ledger import Ledger
from .redact import install as install_redaction
from .story import StoriesFileError, load_stories

WIB = ZoneInfo("Asia/Jakarta")
NEEDS_ATTENTION = {"failed", "in_doubt"}
SYMBOLS = {
    "posted": "terkirim",
    "pending": "menunggu",
    "failed": "GAGAL",
    "in_doubt": "RAGU",
    "skipped": "dilewati",
    "sent": "terkirim",
    None: "-",
}


def load_config(settings_file: str | None, root: Path) -> SyndicationConfig:
    settings: dict[str, Any] = {}
    if settings_file:
        from pelican.settings import read_settings  # noqa: PLC0415

        settings = read_settings(str(root / settings_file))
    return SyndicationConfig.from_settings(settings, root)


def make_channels(config: SyndicationConfig, only: Sequence[str] = ()) -> list[Channel]:
    made = []
    for name in config.channels:
        if only and name not in only:
            continue
        cls = registry.get(name)
        if cls is None:
            sys.stderr.write(f"Kanal {name!r} tidak dikenal (SYNDICATION_CHANNELS): dilewati\n")
            continue
        made.append(cls(config.options.get(name, {})))
    return made


def now_wib() -> datetime:
    return datetime.now(WIB).replace(microsecond=0)


def syndicate(
    config: SyndicationConfig,
    *,
    dry_run: bool = False,
    only: Sequence[str] = (),
    retry_failed: bool = False,
    out: TextIO = sys.stdout,
) -> int:
    """Post every new story once; 0 when nothing needs attention."""
    install_redaction()
    try:
        stories = load_stories(config.stories_path)
    except StoriesFileError as exc:
        out.write(f"{exc}\n")
        return 2
    relative = [s.id for s in stories if not s.url.startswith(("http://", "https://"))]
    if relative and not dry_run:
        out.write(
            "Alamat berita belum lengkap (SITEURL kosong): bangun versi produksi dulu "
            "(invoke preview / invoke publish), lalu ulangi.\n"
        )
        return 2
    chans = make_channels(config, only)
    for channel in chans:
        if not channel.live:
            out.write(
                f"{channel.label}: kredensial belum diisi ({', '.join(channel.missing())}); "
                f"permintaan ditulis ke {config.outbox_path}/{channel.name}/\n"
            )
    engine = Engine(Ledger(config.ledger_path), chans, now=now_wib, outbox=config.outbox_path)
    try:
        report = engine.run(
            stories,
            dry_run=dry_run,
            retry_failed=retry_failed,
            out=lambda text: out.write(text + "\n"),
        )
    finally:
        for channel in chans:
            channel.close()
    counts: dict[str, int] = {}
    for outcome in report.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if not dry_run:
            out.write(f"{outcome.story} → {outcome.channel}: {outcome.status} {outcome.detail}\n")
    for problem in report.problems:
        out.write(f"PERHATIAN: {problem}\n")
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "tidak ada berita baru"
    out.write(f"Selesai: {summary}.\n")
    return 0 if report.ok else 1


def status(config: SyndicationConfig, out: TextIO = sys.stdout) -> int:
    """Table of stories × channels; 1 when something needs attention."""
    ledger = Ledger(config.ledger_path)
    records, broken = ledger.all_records()
    names = list(config.channels)
    for record in records:
        names += [n for n in record.data["channels"] if n not in names]
    width = max([len(r.data["story"]) for r in records] + [6])
    out.write("berita".ljust(width) + "  " + "  ".join(n.ljust(9) for n in names) + "\n")
    attention = [str(b) for b in broken]
    for record in sorted(records, key=lambda r: (r.data.get("published") or "", r.data["story"])):
        cells = []
        for name in names:
            entry = record.data["channels"].get(name) or {}
            state = entry.get("status")
            cells.append(SYMBOLS.get(state, str(state)).ljust(9))
            if state in NEEDS_ATTENTION:
                attention.append(
                    f"{record.data['story']} → {name}: {SYMBOLS[state]} — "
                    f"{entry.get('last_error') or 'jalankan invoke syndicate'}"
                )
        out.write(record.data["story"].ljust(width) + "  " + "  ".join(cells) + "\n")
        for name in names:
            entry = record.data["channels"].get(name) or {}
            if entry.get("remote_url"):
                out.write(" " * (width + 2) + f"{name}: {entry['remote_url']}\n")
            for line in partner_lines(name, entry):
                out.write(" " * (width + 2) + line + "\n")
    if attention:
        out.write("\nPerlu perhatian:\n" + "".join(f"- {a}\n" for a in attention))
        return 1
    out.write("\nSemua beres.\n")
    return 0


def partner_lines(channel: str, entry: dict[str, Any]) -> list[str]:
    """One line per partner of a partner-media delivery (``email``/``webhook``): its own
    checkpoint, so staff see who got the story and who did not."""
    partners = entry.get("mitra") or (entry.get("progress") or {}).get("mitra") or {}
    lines = []
    for key, state in sorted(partners.items()):
        word = SYMBOLS.get(state.get("status"), str(state.get("status")))
        error = (
            f" — {state['error']}" if state.get("error") and state.get("status") != "sent" else ""
        )
        lines.append(f"{channel} → {key} ({state.get('to', '')}): {word}{error}")
    return lines


def backfill(
    config: SyndicationConfig, channel: str, since: str, *, yes: bool, out: TextIO = sys.stdout
) -> int:
    """Move a channel's watermark back to ``since`` (explicit, confirmed)."""
    if channel not in config.channels:
        out.write(f"Kanal {channel!r} tidak aktif; pilih dari: {', '.join(config.channels)}\n")
        return 2
    try:
        when = datetime.fromisoformat(since)
    except ValueError:
        out.write(f"Tanggal {since!r} tidak bisa dibaca: tulis seperti 2026-11-01\n")
        return 2
    if when.tzinfo is None:
        when = when.replace(tzinfo=WIB)
    ledger = Ledger(config.ledger_path)
    try:
        stories = load_stories(config.stories_path)
    except StoriesFileError as exc:
        out.write(f"{exc}\n")
        return 2
    marks = ledger.watermarks()
    key = channel
    current = datetime.fromisoformat(marks[key]) if key in marks else now_wib()
    count = sum(1 for s in stories if when <= s.date < current and channel in s.syndicate)
    out.write(
        f"{count} berita sejak {when:%Y-%m-%d %H:%M} akan dikirim ke {channel} pada "
        "`invoke syndicate` berikutnya.\n"
    )
    if not yes:
        out.write("Belum diubah. Ulangi dengan --yes untuk mengonfirmasi.\n")
        return 1
    ledger.set_watermark(key, when.isoformat(timespec="seconds"))
    out.write("Titik mulai diubah.\n")
    return 0


def resolve(
    config: SyndicationConfig,
    story: str,
    channel: str,
    *,
    posted: bool,
    url: str = "",
    out: TextIO = sys.stdout,
) -> int:
    """A human's decision on an in-doubt delivery the platform cannot confirm: ``posted`` (it
    is there; ``url`` optional) or not (send it again on the next run)."""
    ledger = Ledger(config.ledger_path)
    record = ledger.load(story.strip("/"))
    entry = record.entry(channel) if record else None
    if entry is None:
        out.write(f"Tidak ada catatan {channel!r} untuk berita {story!r} di buku sindikasi.\n")
        return 2
    if entry["status"] not in NEEDS_ATTENTION:
        out.write(f"{story} → {channel} berstatus {SYMBOLS.get(entry['status'])}: tidak diubah.\n")
        return 2
    entry.pop("progress", None)
    stamp = now_wib().isoformat(timespec="seconds")
    if posted:
        entry.update(
            status="posted",
            remote_url=url or None,
            remote_id=url.rstrip("/").rsplit("/", 1)[-1] if url else "manual",
            posted_at=stamp,
            last_error=None,
            note=f"ditandai terkirim oleh admin {stamp}",
        )
        out.write(f"{story} → {channel}: ditandai terkirim.\n")
    else:
        entry.update(
            status="pending", last_error=None, note=f"dikirim ulang atas keputusan admin {stamp}"
        )
        out.write(f"{story} → {channel}: akan dikirim pada invoke syndicate berikutnya.\n")
    ledger.save(record)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syndication.cli")
    parser.add_argument("--settings", default=os.environ.get("SYNDICATION_SETTINGS"))
    parser.add_argument("--root", default=".")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("syndicate")
    run.add_argument("--dry-run", action="store_true")
    run.add_argument("--channel", action="append", default=[])
    run.add_argument("--retry-failed", action="store_true")
    sub.add_parser("status")
    back = sub.add_parser("backfill")
    back.add_argument("--channel", required=True)
    back.add_argument("--since", required=True)
    back.add_argument("--yes", action="store_true")
    fix = sub.add_parser("resolve")
    fix.add_argument("--story", required=True)
    fix.add_argument("--channel", required=True)
    decision = fix.add_mutually_exclusive_group(required=True)
    decision.add_argument("--posted", action="store_true")
    decision.add_argument("--resend", action="store_true")
    fix.add_argument("--url", default="")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    install_redaction()
    config = load_config(args.settings, Path(args.root).resolve())
    if args.command == "syndicate":
        return syndicate(
            config, dry_run=args.dry_run, only=args.channel, retry_failed=args.retry_failed
        )
    if args.command == "status":
        return status(config)
    if args.command == "resolve":
        return resolve(config, args.story, args.channel, posted=args.posted, url=args.url)
    return backfill(config, args.channel, args.since, yes=args.yes)


if __name__ == "__main__":
    sys.exit(main())
