"""Facts about source photos (digest, format, oriented size), remembered between builds.

Hashing and opening every story photo on every build dominates a no-change rebuild, so each
fact is stored in ``<cache>/sources.json`` with the file's identity: path, size, mtime_ns,
inode and device. Any change of these (an edit, a copy, a replaced file) discards the facts
and the file is read again. Within one build, hard links to the same file are read once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

from PIL import Image, UnidentifiedImageError
from stable_output.atomic import write_atomically

from .encode import oriented_size

logger = logging.getLogger(__name__)
INDEX_FILE = "sources.json"
#: Bump when the stored facts change meaning, so old indexes are ignored.
INDEX_VERSION = 1

#: (size, mtime_ns, inode, device) of a file.
Stamp = tuple[int, int, int, int]


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Probe:
    """What a photo's header says: its format and oriented size, or why it cannot be read
    (``error`` is ``"bomb"`` for too many pixels, ``"unreadable"`` otherwise)."""

    fmt: str = ""
    size: tuple[int, int] | None = None
    error: str = ""


def read_probe(path: Path) -> Probe:
    """Open ``path``'s header (never decode the pixels)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                return Probe(img.format or "", oriented_size(img))
    except Image.DecompressionBombError:
        return Probe(error="bomb")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return Probe(error="unreadable")


class SourceIndex:
    """Digests and probes by path, valid while the file's stamp is unchanged."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file  # None: remember for this build only
        self.entries: dict[str, dict] = {}
        self.changed = False
        self._by_stamp: dict[Stamp, dict] = {}
        self.reads = 0  # files new or changed since the index was saved (read again)

    @classmethod
    def load(cls, cache_path: Path) -> SourceIndex:
        index = cls(cache_path / INDEX_FILE)
        assert index.file is not None
        try:
            raw = json.loads(index.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return index
        except (OSError, ValueError) as exc:
            logger.warning("Media: indeks foto %s diabaikan (%s)", index.file, exc)
            return index
        if isinstance(raw, dict) and raw.get("version") == INDEX_VERSION:
            index.entries = dict(raw.get("files", {}))
        return index

    def stat(self, path: Path) -> os.stat_result | None:
        """``path``'s stat, or None when it is not a regular file."""
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat if S_ISREG(stat.st_mode) else None

    def _entry(self, path: Path, stat: os.stat_result) -> dict:
        """The remembered facts of ``path``, emptied when the file changed."""
        stamp = stamp_of(stat)
        key = str(path.absolute())
        entry = self.entries.get(key)
        if entry is None or tuple(entry.get("stamp", ())) != stamp:
            # Another hard link to the same file shares its facts; otherwise start afresh.
            entry = self._by_stamp.get(stamp)
            if entry is None:
                entry = {"stamp": list(stamp)}
                self.reads += 1
            self.entries[key] = entry
            self.changed = True
        self._by_stamp.setdefault(stamp, entry)
        return entry

    def digest(self, path: Path, stat: os.stat_result | None = None) -> str:
        """SHA-256 of ``path``, hashed only when the file is new or changed."""
        entry = self._entry(path, stat or path.stat())
        if "digest" not in entry:
            entry["digest"] = file_digest(path)
            self.changed = True
        return entry["digest"]

    def probe(self, path: Path, stat: os.stat_result) -> Probe:
        """Format and oriented size of ``path``, opened only when new or changed."""
        entry = self._entry(path, stat)
        if "probe" not in entry:
            found = read_probe(path)
            entry["probe"] = [found.fmt, list(found.size) if found.size else None, found.error]
            self.changed = True
        fmt, size, error = entry["probe"]
        return Probe(fmt, (size[0], size[1]) if size else None, error)

    def save(self) -> None:
        """Write the index atomically (only when something changed); drop vanished files."""
        if not self.changed or self.file is None:
            return
        files = {k: v for k, v in self.entries.items() if os.path.exists(k)}
        write_json(self.file, {"version": INDEX_VERSION, "files": files})
        self.changed = False


def write_json(path: Path, data: Any) -> None:
    """``path`` holds ``data`` as JSON, replaced in one rename (readers see the old file or the
    new one); an ``OSError`` is the caller's."""
    write_atomically(path, json.dumps(data).encode("utf-8"))
