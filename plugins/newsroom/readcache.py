"""The parse cache: what reading each Markdown file produced, reused while nothing it used changed.

Pelican's own content cache stamps only the file itself, pickles the settings with every
metadata object and skips ``article_generator_context`` for cached articles. Ours stores
:class:`.reader.Parsed` (plain data: rendered HTML, checked header values, problems) and:

- stamps each file by inode, size, mtime and ctime in nanoseconds plus the names in its folder
  (a story is checked against the photos beside it, so adding or deleting a photo re-reads it);
- is thrown away whole when anything else a parse depends on changes: the newsroom plugin's
  code, the installed Markdown version, ``content/data/*.toml`` (kecamatan, kelurahan, units),
  the settings the reader uses and the working directory (paths in messages are shown from it);
- shows a cached file's warnings again, so a rebuild reports the same problems as a clean build;
- never stores a file with errors, and keeps only the files seen by the latest build (files no
  longer present may stay until they are 5 % of the entries, see :class:`ParseCache`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Iterator
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from stable_output.atomic import write_atomically

from .reader import Parsed

logger = logging.getLogger(__name__)

Stamp = tuple[int, int, int, int, tuple[str, ...]]
#: Settings a parse reads (besides every ``NEWSROOM_*`` setting).
PARSE_SETTINGS = ("PATH", "ARTICLE_PATHS", "PAGE_PATHS", "MARKDOWN", "TIMEZONE")
#: ``NEWSROOM_*`` settings that change how files are read, not what a parse produces.
NOT_PARSE_SETTINGS = (
    "NEWSROOM_READ_",
    "NEWSROOM_CLEAN_OUTPUT",
    "NEWSROOM_PUBLISH_ORIGINALS",
    "NEWSROOM_DATA_DIGEST",  # the data files are digested above
)
_FORMAT = 1
#: Share of the entries the journal may hold (and of saved entries that may be for files no
#: longer present) before the whole file is written again.
JOURNAL_SHARE = 0.05


def stamp(path: str) -> Stamp:
    """What must stay the same for a cached parse of ``path`` to be reused."""
    st = os.stat(path)
    names = tuple(sorted(os.listdir(os.path.dirname(path))))
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, names)


def fingerprint(settings: dict[str, Any]) -> str:
    """Digest of everything besides the file itself that a parse depends on."""
    digest = hashlib.sha256(f"format {_FORMAT}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for package in ("markdown", "pelican"):
        digest.update(f"{package}=={importlib_metadata.version(package)}\n".encode())
    digest.update(data_digest(settings).encode())
    used = {k: settings.get(k) for k in PARSE_SETTINGS}
    used |= {
        k: v
        for k, v in settings.items()
        if k.startswith("NEWSROOM_") and not k.startswith(NOT_PARSE_SETTINGS)
    }
    digest.update(json.dumps(used, sort_keys=True, default=repr).encode())
    digest.update(os.getcwd().encode())
    return digest.hexdigest()


def data_digest(settings: dict[str, Any]) -> str:
    """Digest of the data files (``content/data/*.toml``: kecamatan, kelurahan, units)."""
    digest = hashlib.sha256()
    data = Path(settings.get("NEWSROOM_DATA_PATH", Path(settings["PATH"]) / "data"))
    for data_file in sorted(data.glob("*.toml")):
        digest.update(data_file.name.encode() + b"\0" + data_file.read_bytes())
    return digest.hexdigest()


class ParseCache:
    """One generator's parse cache file (``CACHE_PATH/newsroom-<name>.pickle``).

    A build that adds or changes a few files does not write the whole file again (±25 MB at
    10,000 stories, ±0.16 s): the new entries are appended to ``newsroom-<name>.journal`` beside
    it, read back in order after the file. The whole file is written again (and the journal
    removed) when the journal would hold more than :data:`JOURNAL_SHARE` of the entries, or
    when more than that share of the saved entries belongs to files the build no longer has.
    Every journal record carries the fingerprint; a record that cannot be read (a build
    stopped while appending) ends the journal there.
    """

    def __init__(self, settings: dict[str, Any], name: str) -> None:
        self.path = Path(settings["CACHE_PATH"]) / f"newsroom-{name}.pickle"
        self.journal = self.path.with_suffix(".journal")
        self.fingerprint = fingerprint(settings)
        self.enabled = bool(settings.get("NEWSROOM_READ_CACHE", True))
        self._old: dict[str, tuple[Stamp, Parsed]] = {}
        self._new: dict[str, tuple[Stamp, Parsed]] = {}
        self._journaled = 0  # entries in the journal
        # A saved file of this fingerprint was read, and its journal to the end: new entries
        # may be appended; otherwise the whole file is written.
        self._appendable = False
        if self.enabled and settings.get("LOAD_CONTENT_CACHE"):
            self._old = self._load()

    def _load(self) -> dict[str, tuple[Stamp, Parsed]]:
        try:
            with open(self.path, "rb") as handle:
                saved_fingerprint, entries = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError, ImportError) as exc:  # fmt: skip
            logger.warning("Cache baca %s tidak terpakai (%s); semua berkas dibaca ulang",
                           self.path, exc)  # fmt: skip
            return {}
        if saved_fingerprint != self.fingerprint:
            logger.info("Kode, data wilayah/unit atau pengaturan berubah: semua dibaca ulang")
            return {}
        self._appendable = True
        for added in self._journal_records():
            entries.update(added)
            self._journaled += len(added)
        return entries

    def _journal_records(self) -> Iterator[dict[str, tuple[Stamp, Parsed]]]:
        """The journal's records made with this build's fingerprint, up to the first that
        cannot be read."""
        try:
            handle = open(self.journal, "rb")  # noqa: SIM115 (closed below)
        except OSError:
            return
        with handle:
            while True:
                try:
                    saved_fingerprint, added = pickle.load(handle)
                except EOFError:
                    return
                except (OSError, pickle.UnpicklingError, ValueError, TypeError,
                        AttributeError, ImportError) as exc:  # fmt: skip
                    logger.info("Jurnal cache baca %s terpotong (%s)", self.journal, exc)
                    self._appendable = False
                    return
                if saved_fingerprint == self.fingerprint:
                    yield added

    def get(self, path: str, current: Stamp) -> Parsed | None:
        """The cached parse of ``path`` if its stamp still matches (and keep it)."""
        entry = self._old.get(path)
        if entry is None or entry[0] != current:
            return None
        self._new[path] = entry
        return entry[1]

    def put(self, path: str, current: Stamp, parsed: Parsed) -> None:
        if not parsed.failed:
            self._new[path] = (current, parsed)

    def save(self) -> None:
        """Keep the entries of this build: appended to the journal when they are few, else the
        whole file written again (atomically), dropping files no longer present."""
        if not self.enabled:
            return
        added = {p: e for p, e in self._new.items() if self._old.get(p) is not e}
        if not added and len(self._new) == len(self._old):
            return  # the same entries as saved
        gone = len(self._old) - (len(self._new) - len(added))
        limit = JOURNAL_SHARE * max(len(self._new), 1)
        fits = self._appendable and self._journaled + len(added) <= limit and gone <= limit
        if not (fits and self._append(added)):
            self._rewrite()

    def _append(self, added: dict[str, tuple[Stamp, Parsed]]) -> bool:
        try:
            with open(self.journal, "ab") as handle:
                pickle.dump((self.fingerprint, added), handle, pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError) as exc:
            logger.info("Jurnal cache baca %s tidak bisa ditambah (%s)", self.journal, exc)
            return False
        return True

    def _rewrite(self) -> None:
        try:
            data = pickle.dumps((self.fingerprint, self._new), pickle.HIGHEST_PROTOCOL)
            write_atomically(self.path, data)
            self.journal.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError) as exc:
            logger.warning("Cache baca %s tidak bisa disimpan: %s", self.path, exc)
