"""The render manifest: output path → (page signature, size, mtime) of the last render.

Stored as JSON in the cache folder, one file per output folder. A page is *fresh* when its
signature matches and the file on disk still has the recorded size and modification time (the
writer never touches an unchanged file, so a matching stat means nobody else did either).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from .atomic import write_atomically
from .previous import NO_PREVIOUS, PreviousTree

logger = logging.getLogger(__name__)
VERSION = 1


def manifest_path(cache_path: str, output_path: str, kind: str = "render-manifest") -> Path:
    """``<kind>-<output folder key>.json`` for ``output_path`` inside ``cache_path``."""
    key = hashlib.sha1(os.path.abspath(output_path).encode(), usedforsecurity=False).hexdigest()
    return Path(cache_path) / f"{kind}-{key[:12]}.json"


class Manifest:
    """Signatures of the pages of the previous build, and of this one."""

    def __init__(self, path: Path, old: dict[str, list]) -> None:
        self.path = path
        self.old = old
        self.new: dict[str, list] = {}
        self.previous: PreviousTree = NO_PREVIOUS

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, ValueError) as exc:
            logger.warning("Manifest %s tidak terbaca (%s); semua halaman dirender", path, exc)
            return cls(path, {})
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls(path, {})
        return cls(path, data.get("pages", {}))

    def fresh(self, output: str, signature: str) -> bool:
        """True when ``output`` was rendered from ``signature`` and is untouched on disk."""
        entry = self.old.get(output)
        if entry is None or entry[0] != signature:
            return False
        try:
            stat: os.stat_result | None = os.stat(output)
            linked = True
        except OSError:  # a cleaning build: the page may wait in the previous tree
            stat = self.previous.stat(output)
            linked = False
        if stat is None or [stat.st_size, stat.st_mtime_ns] != entry[1:]:
            return False
        if not linked and not self.previous.link(output):
            return False
        self.new[output] = entry
        return True

    def record(self, output: str, signature: str | None) -> None:
        """Remember the page just written (pages without signature are always rendered)."""
        if signature is None:
            return
        try:
            stat = os.stat(output)
        except OSError:
            return
        self.new[output] = [signature, stat.st_size, stat.st_mtime_ns]

    def save(self) -> None:
        """Write this build's signatures atomically (pages not written this build are dropped)."""
        data = {"version": VERSION, "pages": dict(sorted(self.new.items()))}
        write_atomically(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
