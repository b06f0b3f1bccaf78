"""Which search shard a story belongs to, and each shard's fingerprint (pure functions).

Shards follow the calendar, relative to the newest story, so a boundary never depends on how
many stories there are (deleting or back-dating a story touches only its own shard):

- stories of the newest story's month: one shard per *dasarian* (days 1–10, 11–20, 21–end),
  named ``YYYY-MM-DD`` after the first day; a new story lands in a shard of at most ~10 days;
- older stories: one shard per period of ``months`` months counted from January, named
  ``YYYY-MM`` after the first month (``months=6``: ``2025-01`` and ``2025-07``).

When the newest month moves on, last month's dasarian shards fold into their period shard
(one period is re-indexed, once a month). A shard's fingerprint digests its stories (by their own
attributes, not the stories they link to) and the site code, so it changes exactly when what
Pagefind would index for it can change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

DASARIAN_STARTS = (21, 11, 1)


@dataclass
class Shard:
    """One Pagefind bundle: its name, the output files it indexes and their fingerprint."""

    name: str
    pages: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def tag(self) -> str:
        """Short form of the fingerprint (cache tag of the shard's entry file in the browser)."""
        return self.fingerprint[:12]


def shard_name(date: datetime, newest: datetime, months: int) -> str:
    """Name of the shard holding a story dated ``date`` when the newest story is ``newest``."""
    if (date.year, date.month) == (newest.year, newest.month):
        start = next(d for d in DASARIAN_STARTS if date.day >= d)
        return f"{date.year:04d}-{date.month:02d}-{start:02d}"
    first = (date.month - 1) // months * months + 1
    return f"{date.year:04d}-{first:02d}"


def plan(
    stories: Iterable[object],
    months: int,
    base: str,
    digest: Callable[[object], str],
) -> list[Shard]:
    """Shards of ``stories`` (objects with ``date`` and ``save_as``), newest shard first.

    ``base`` is the site-wide part of every fingerprint (code, settings, Pagefind version);
    ``digest`` gives one story's digest.
    """
    if months < 1 or 12 % months:
        raise ValueError(f"SEARCH_INDEX_ARCHIVE_MONTHS={months}: pakai 1, 2, 3, 4, 6 atau 12")
    # ``save_as`` is formatted from the settings on every access: read it once per story.
    placed = [(s, s.save_as) for s in stories]
    placed = [(s, save_as) for s, save_as in placed if save_as]
    if not placed:
        return []
    newest = max(s.date for s, _save_as in placed)
    members: dict[str, list[tuple[str, str]]] = {}
    for story, save_as in placed:
        name = shard_name(story.date, newest, months)
        members.setdefault(name, []).append((save_as, digest(story)))
    shards = []
    for name in sorted(members, reverse=True):
        entries = sorted(members[name])
        hasher = hashlib.sha256(f"{base}\0{name}".encode())
        for save_as, story_digest in entries:
            hasher.update(f"\0{save_as}\0{story_digest}".encode())
        shards.append(Shard(name, [p for p, _ in entries], hasher.hexdigest()))
    return shards
