"""What each plugin tells the output manager (plugins/stable_output ``uptodate``).

- :func:`valid_until`: output that depends on the clock says until when it stays valid (a
  scheduled story appears at its time, the news sitemap keeps only recent stories, the agenda
  moves finished events to "past"); an otherwise up-to-date build is redone after that moment.
- :func:`claim`: the files a plugin produced (or left in place because they were unchanged) in
  this build. A file claimed by the previous build and not by this one is stale and removed.
- :func:`beside_pages`: work made from the finished stories alone (feeds, photo derivatives,
  ``stories.json``), offered at ``get_writer``; during a full build the output manager takes it
  and runs it in a second process while the pages are written.
- :data:`stories_written` (sender: the articles generator): sent by the output manager once
  every story page is in the output, while other pages are still being written (the search
  index starts then).

Both are blinker signals named like the functions' purpose, so a plugin does not import the
output manager and works without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from os import PathLike
from pathlib import Path

from blinker import signal
from stable_output import replace_if_changed

output_valid_until = signal("output_valid_until")
output_claimed = signal("output_claimed")
output_beside_pages = signal("output_beside_pages")
stories_written = signal("stories_written")


def valid_until(moments: Iterable[datetime | None]) -> None:
    """Announce the earliest of ``moments`` (aware datetimes); nothing when there is none."""
    found = [m for m in moments if m is not None]
    if found:
        output_valid_until.send(min(found))


def claim(paths: Iterable[str | PathLike[str]]) -> None:
    """Announce files of the output folder (absolute paths) produced by this build."""
    output_claimed.send(paths=paths)


def beside_pages(name: str, work: Callable[[], None]) -> bool:
    """Offer ``work`` to run while the pages are written, possibly in another process that sees
    the site as it is now (so it may only write its own files, claim them and log). True when
    the output manager took it; False when the caller must run it itself."""
    return any(taken for _receiver, taken in output_beside_pages.send(name, work=work))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Claim ``path`` and write ``data`` there atomically unless it already holds exactly that
    (an unchanged file keeps its mtime: minimal deploys); True when written."""
    claim([path])
    path.parent.mkdir(parents=True, exist_ok=True)
    return replace_if_changed(str(path), data)


def next_midnight(now: datetime) -> datetime:
    """The start of the next day in ``now``'s time zone."""
    return datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)
