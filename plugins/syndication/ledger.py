"""The syndication ledger: one small, human-readable JSON file per story under ``syndication/``.

Format (CONTRACTS.md)::

    {"story": "berita/2026/11/slug", "url": "...", "published": "...+07:00",
     "channels": {"facebook": {"status": "posted", "attempts": 1, "remote_id": "...",
                               "remote_url": "...", "intent_at": "...", "posted_at": "...",
                               "last_error": null}}}

Files are written atomically (temporary file in the same folder, fsync, ``os.replace``, fsync of
the folder) with sorted keys and two-space indentation, so git diffs stay small and merges easy.
Per-channel watermarks live in ``syndication/_state/watermarks.json`` (not matched by
``syndication/*.json``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

STATUSES = ("pending", "in_doubt", "posted", "failed", "skipped")
ENTRY_KEYS = ("status", "attempts", "remote_id", "remote_url", "intent_at", "posted_at")


class CorruptLedgerError(ValueError):
    """A ledger file that cannot be read; the story is reconciled, never re-posted blindly."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: berkas buku sindikasi rusak ({reason})")


def file_name(story_id: str) -> str:
    """``berita/2026/11/slug`` → ``berita__2026__11__slug.json``."""
    return story_id.strip("/").replace("/", "__") + ".json"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as stable, pretty JSON; readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def validate_record(data: Any) -> str | None:
    """Why ``data`` is not a valid ledger record, or None."""
    if not isinstance(data, dict):
        return "bukan objek JSON"
    for key in ("story", "url", "channels"):
        if key not in data:
            return f"kolom {key!r} tidak ada"
    if not isinstance(data["channels"], dict):
        return "'channels' bukan objek"
    for name, entry in data["channels"].items():
        if not isinstance(entry, dict) or entry.get("status") not in STATUSES:
            return f"status kanal {name!r} tidak sah"
        if not isinstance(entry.get("attempts", 0), int):
            return f"attempts kanal {name!r} bukan bilangan"
    return None


@dataclass
class StoryRecord:
    """The ledger record of one story."""

    path: Path
    data: dict[str, Any]

    def entry(self, channel: str) -> dict[str, Any] | None:
        return self.data["channels"].get(channel)

    def ensure(self, channel: str) -> dict[str, Any]:
        entry = self.data["channels"].get(channel)
        if entry is None:
            entry = {
                "status": "pending",
                "attempts": 0,
                "remote_id": None,
                "remote_url": None,
                "intent_at": None,
                "posted_at": None,
                "last_error": None,
            }
            self.data["channels"][channel] = entry
        return entry


class Ledger:
    """All story records in one folder, plus the per-channel watermarks."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.state_path = self.root / "_state" / "watermarks.json"

    def path_for(self, story_id: str) -> Path:
        return self.root / file_name(story_id)

    def load(self, story_id: str) -> StoryRecord | None:
        """The record of a story, None when it has none; raises :class:`CorruptLedgerError`."""
        path = self.path_for(story_id)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CorruptLedgerError(path, str(exc)) from exc
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CorruptLedgerError(path, f"JSON tidak sah baris {exc.lineno}") from exc
        reason = validate_record(data)
        if reason:
            raise CorruptLedgerError(path, reason)
        if data["story"] != story_id:
            raise CorruptLedgerError(path, f"berisi berita lain ({data['story']!r})")
        return StoryRecord(path, data)

    def new(self, story_id: str, url: str, published: str) -> StoryRecord:
        data = {"story": story_id, "url": url, "published": published, "channels": {}}
        return StoryRecord(self.path_for(story_id), data)

    def save(self, record: StoryRecord) -> None:
        write_json_atomic(record.path, record.data)

    def clean_temp(self) -> None:
        """Remove temporary files a killed process left half-written (never a ledger file)."""
        for leftover in self.root.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if self.state_path.parent.is_dir():
            for leftover in self.state_path.parent.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def quarantine(self, path: Path, now: datetime) -> Path:
        """Keep a corrupt file aside (``*.corrupt-<time>``) so nothing is lost."""
        target = path.with_name(f"{path.name}.corrupt-{now:%Y%m%dT%H%M%S}")
        os.replace(path, target)
        return target

    def all_records(self) -> tuple[list[StoryRecord], list[CorruptLedgerError]]:
        records, broken = [], []
        for path in sorted(self.root.glob("*.json")):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                broken.append(CorruptLedgerError(path, str(exc)))
                continue
            reason = validate_record(raw)
            if reason:
                broken.append(CorruptLedgerError(path, reason))
            else:
                records.append(StoryRecord(path, raw))
        return records, broken

    # --- watermarks: a story older than its channel's watermark is never posted by itself ---
    def watermarks(self) -> dict[str, str]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, json.JSONDecodeError):
            return {}  # lost/corrupt state: every channel starts again at "now" (no flood)
        return (
            {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}
        )

    def set_watermark(self, channel: str, when: str) -> None:
        marks = self.watermarks()
        marks[channel] = when
        write_json_atomic(self.state_path, marks)
