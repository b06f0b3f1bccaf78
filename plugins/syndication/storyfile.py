"""Writing ``stories.json`` one story at a time, reusing the previous build's unchanged entries.

The file stays one JSON document (``{"siteurl": …, "stories": [ … ]}``, CONTRACTS.md), laid out
with one story per line, so :func:`.story.load_stories` reads old and new files alike::

    {"siteurl": "https://…", "stories": [
    {"authors": […], "date": "…", "feed_item": {…}, "id": "berita/2026/11/slug", …},
    …
    ]}

Nothing builds the whole document in memory: each entry is serialised on its own and streamed to
a temporary file. Beside the file, ``stories.json.index`` records, per story, the key its line
was made with and where the line is (offset, length), together with the file's identity (inode,
size, mtime, ctime). On the next build a story whose key is unchanged is copied from the old
file byte for byte instead of being rebuilt; the index is trusted only while the file is exactly
the one it describes. The key (:func:`stable_output.storykeys.key_for`) covers everything an
entry is made from: every file of the story's folder, the data files, and the build's code,
packages and settings.

The new file replaces the old one only when its bytes differ (its mtime stays otherwise).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

#: Bump when the layout of a line or of the index changes.
FORMAT = 1
_CHUNK = 1 << 20

FileId = tuple[int, int, int, int]


@dataclass(frozen=True)
class Row:
    """One story to write: its id, the key of its inputs and what makes its entry."""

    id: str
    key: str
    source: Any  # handed to the ``make`` callable on a cache miss


@dataclass(frozen=True)
class Written:
    """What :func:`write_stories_file` did."""

    stories: int
    rebuilt: int
    changed: bool


def index_path(path: Path) -> Path:
    return path.with_name(path.name + ".index")


def _file_id(handle: IO[bytes]) -> FileId:
    """Identity of an open file: any write, rename or replacement changes it."""
    st = os.fstat(handle.fileno())
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Previous:
    """The previous file and its index: lines reusable by key, or nothing when they disagree."""

    def __init__(self, path: Path) -> None:
        self.entries: dict[str, list[Any]] = {}
        self.handle: IO[bytes] | None = None
        try:
            index = json.loads(index_path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            logger.info("Indeks %s tidak terpakai (%s): semua berita dihitung ulang", path, exc)
            return
        if not isinstance(index, dict) or index.get("format") != FORMAT:
            return
        try:
            self.handle = open(path, "rb")  # noqa: SIM115 (closed by close())
        except OSError:
            return
        if list(_file_id(self.handle)) != index.get("file"):
            self.close()  # not the file the index describes
            return
        self.entries = index.get("entries") or {}

    def line(self, row: Row) -> bytes | None:
        """The previous line of ``row`` when it was made with the same key."""
        entry = self.entries.get(row.id)
        if self.handle is None or not entry or entry[0] != row.key:
            return None
        _key, offset, length = entry
        self.handle.seek(offset)
        data = self.handle.read(length)
        if len(data) != length or not (data.startswith(b"{") and data.endswith(b"}")):
            return None
        return data

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _identical(new: IO[bytes], path: Path) -> FileId | None:
    """Identity of the file at ``path`` when its bytes equal ``new``'s, else None."""
    try:
        with open(path, "rb") as old:
            kept = _file_id(old)
            if kept[1] != _file_id(new)[1]:
                return None
            new.seek(0)
            while True:
                chunk = new.read(_CHUNK)
                if chunk != old.read(_CHUNK):
                    return None
                if not chunk:
                    return kept
    except OSError:
        return None


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stream(
    handle: IO[bytes],
    siteurl: str,
    rows: Iterable[Row],
    make: Callable[[Any], dict[str, Any]],
    previous: _Previous,
    index: dict[str, list[Any]],
) -> tuple[int, int]:
    """Write the document to ``handle`` and fill ``index``; return (stories, rebuilt entries)."""
    handle.write(b'{"siteurl": ' + json.dumps(siteurl).encode() + b', "stories": [\n')
    stories = rebuilt = 0
    separator = b""
    for row in rows:
        line = previous.line(row)
        if line is None:
            entry = make(row.source)
            line = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8")
            rebuilt += 1
        handle.write(separator)
        index[row.id] = [row.key, handle.tell(), len(line)]
        handle.write(line)
        separator = b",\n"
        stories += 1
    handle.write(b"\n]}\n" if separator else b"]}\n")
    return stories, rebuilt


def _write_index(path: Path, file_id: FileId, entries: dict[str, list[Any]]) -> None:
    data = {"format": FORMAT, "file": list(file_id), "entries": entries}
    target = index_path(path)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        logger.warning("Indeks %s tidak bisa disimpan (%s): build berikut lebih lambat",
                       target, exc)  # fmt: skip


def write_stories_file(
    path: Path, siteurl: str, rows: Iterable[Row], make: Callable[[Any], dict[str, Any]]
) -> Written:
    """Write ``stories.json`` from ``rows`` (already in file order); atomic, never half-written.

    ``make(row.source)`` builds the entry of a story whose line cannot be reused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = _Previous(path)
    index: dict[str, list[Any]] = {}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w+b") as handle:
            stories, rebuilt = _stream(handle, siteurl, rows, make, previous, index)
            handle.flush()
            previous.close()
            kept = _identical(handle, path)
            changed = kept is None
            if kept is None:
                os.fsync(handle.fileno())
                os.replace(tmp, path)
                _fsync_dir(path.parent)
                file_id = _file_id(handle)  # after the rename, which changes ctime
            else:
                os.unlink(tmp)
                file_id = kept
    except BaseException:
        previous.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _write_index(path, file_id, index)
    return Written(stories=stories, rebuilt=rebuilt, changed=changed)
