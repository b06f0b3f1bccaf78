"""Content-addressed cache of derivative sets, filled in parallel.

A job's key hashes the source bytes, every rendering parameter and the code/Pillow versions,
never mtimes, so the cache folder can be restored on another machine (e.g. CI). Each entry is a
folder ``<cache>/<key[:2]>/<key>/`` with the files and ``manifest.json``; it is built in a
temporary folder and renamed into place, so a crash never leaves a half entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import PIL
from PIL import Image

from .config import CODE_VERSION
from .encode import SAVE, SOCIAL_JPEG, Job, Output, render
from .sources import file_digest, write_json

__all__ = ["MediaCache", "Stats", "file_digest", "job_key"]

logger = logging.getLogger(__name__)
STATS_FILE = "last-build.json"
ENTRIES_FILE = "entries.json"
#: Bump when the layout of an ``entries.json`` row changes.
ENTRIES_VERSION = 1


#: Job fields that make its bytes (not where the source or the mark file lies).
_KEY_FIELDS = tuple(f.name for f in fields(Job) if f.name not in ("source", "brand_mark"))


def job_key(job: Job) -> str:
    """Cache key of ``job``: source bytes + parameters + code version (not the source path)."""
    return _key(tuple(getattr(job, name) for name in _KEY_FIELDS))


@functools.lru_cache(maxsize=1 << 16)
def _key(values: tuple[object, ...]) -> str:
    # Once per distinct parameter set (a photo used by many stories has one key). The JSON is
    # the one ``asdict`` gave earlier releases, so filled caches stay valid.
    params: dict[str, object] = dict(zip(_KEY_FIELDS, values, strict=True))
    params["code"] = [CODE_VERSION, PIL.__version__, SAVE, SOCIAL_JPEG]
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


@dataclass
class Stats:
    """What one build did: images encoded, entries found in the cache, failures."""

    encoded: int = 0
    cached: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    read: int = 0  # source files hashed/opened again (new or changed), see sources.py


class MediaCache:
    """Derivative sets by job key, under ``root``.

    Checking an entry means reading its ``manifest.json`` and finding each file (±100 µs): a
    build of an archive with 13,000 distinct photos spent 1.4 s on that alone, every build.
    ``entries.json`` remembers every checked entry with its folder's mtime; while the mtime is
    the same (a file removed from the folder, or the folder replaced, changes it) the entry is
    taken from there with one ``stat``. The file is written again, atomically, only when a
    build found new entries; a lost or stale one only means the entries are checked in full.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, list[Any]] | None = None
        self._found = False  # entries checked in full by this build, not yet saved

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def load(self, key: str) -> list[Output] | None:
        folder = os.path.join(self.root, key[:2], key)
        known = self._entries().get(key)
        if known is not None:
            try:
                mtime = os.stat(folder).st_mtime_ns
            except OSError:
                mtime = None
            if mtime == known[0]:
                return [Output(*item) for item in known[1]]
        outputs = self._load_checked(Path(folder))
        if outputs is not None:
            self._remember(key, folder, outputs)
        return outputs

    @staticmethod
    def _load_checked(folder: Path) -> list[Output] | None:
        try:
            raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        outputs = [Output(**item) for item in raw]
        if not all((folder / o.name).is_file() for o in outputs):
            return None
        return outputs

    def _entries(self) -> dict[str, list[Any]]:
        if self._known is None:
            self._known = {}
            try:
                data = json.loads((self.root / ENTRIES_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return self._known
            if isinstance(data, dict) and data.get("version") == ENTRIES_VERSION:
                self._known = data.get("entries") or {}
        return self._known

    def _remember(self, key: str, folder: str, outputs: list[Output]) -> None:
        try:
            mtime = os.stat(folder).st_mtime_ns
        except OSError:
            return
        rows = [[o.label, o.fmt, o.name, o.width, o.height, o.size] for o in outputs]
        self._entries()[key] = [mtime, rows]
        self._found = True

    def save_entries(self) -> None:
        """Write ``entries.json`` when this build checked entries in full (atomically; a
        failure only means they are checked in full again)."""
        if not self._found:
            return
        data = {"version": ENTRIES_VERSION, "entries": self._entries()}
        try:
            write_json(self.root / ENTRIES_FILE, data)
            self._found = False
        except OSError as exc:
            logger.info("Media: %s tidak bisa disimpan (%s)", ENTRIES_FILE, exc)

    def fill(
        self, jobs: list[Job], workers: int, read: int = 0
    ) -> tuple[dict[str, list[Output]], Stats]:
        """Outputs of every job, rendering the missing ones (in ``workers`` processes);
        ``read``: how many source photos this build read anew (recorded with the rest)."""
        stats = Stats(read=read)
        results: dict[str, list[Output]] = {}
        missing: dict[str, Job] = {}
        for job in jobs:
            key = job_key(job)
            if key in missing:
                continue
            cached = results[key] if key in results else self.load(key)  # one load per key
            if cached is not None:
                results[key] = cached
                stats.cached += 1
            else:
                missing[key] = job
        if missing:
            self.root.mkdir(parents=True, exist_ok=True)
        items = sorted(missing.items())
        if workers > 1 and len(items) > 1:
            context = multiprocessing.get_context("fork")  # workers inherit the loaded plugins
            with ProcessPoolExecutor(min(workers, len(items)), mp_context=context) as pool:
                done = list(pool.map(_build_entry, [str(self.root)] * len(items), items))
        else:
            done = [_build_entry(str(self.root), item) for item in items]
        for key, outputs, error in done:
            if error:
                stats.failed[missing[key].source] = error
            else:
                results[key] = outputs
                stats.encoded += 1
                self._remember(key, os.fspath(self.folder(key)), outputs)
        self.save_entries()
        self.write_stats(stats)
        return results, stats

    def write_stats(self, stats: Stats) -> None:
        """Record what the build did in ``last-build.json`` (read by tests and staff)."""
        data = {"encoded": stats.encoded, "cached": stats.cached, "failed": len(stats.failed)}
        write_json(self.root / STATS_FILE, data | {"read": stats.read})


def _build_entry(root: str, item: tuple[str, Job]) -> tuple[str, list[Output], str]:
    """Render one job into a temporary folder and rename it into the cache (worker side)."""
    key, job = item
    final = Path(root) / key[:2] / key
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=final.parent))
    try:
        outputs = render(job, tmp)
        manifest = json.dumps([asdict(o) for o in outputs], indent=1)
        (tmp / "manifest.json").write_text(manifest, encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:  # an entry is in place: another build's, or a damaged one
            if MediaCache._load_checked(final) is None:
                _replace_damaged(tmp, final)
            shutil.rmtree(tmp, ignore_errors=True)
        return key, outputs, ""
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return key, [], f"{type(exc).__name__}: {exc}"


def _replace_damaged(tmp: Path, final: Path) -> None:
    """Put the new entry ``tmp`` in place of the damaged one at ``final`` (a file of it
    removed by hand): the old folder is renamed aside first, then removed."""
    old = Path(tempfile.mkdtemp(prefix=f".{final.name[:8]}-old-", dir=final.parent))
    try:
        os.rename(final, old / "entry")
        os.rename(tmp, final)
    except OSError as exc:
        logger.debug("Media: entri rusak %s tidak bisa diganti (%s)", final, exc)
    shutil.rmtree(old, ignore_errors=True)
