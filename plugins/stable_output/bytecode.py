"""Compiled templates kept between builds: Jinja's bytecode cache under ``CACHE_PATH``.

Every generator has its own Jinja environment, so every build compiled the theme's templates
again, once per generator that loads them (±60 compilations, ±0.2 s of a 7 s rebuild of 10,000
stories). Jinja's :class:`~jinja2.FileSystemBytecodeCache` keeps the compiled code, checked
against the template's source; it does not see the environment's options (extensions, block
markers, ``trim_blocks``…), so the folder is named after the build's code digest
(:func:`.uptodate.code_digest`: theme, plugins, packages and settings); of the folders of
other digests the :data:`KEPT` most recently used stay, the rest are removed. The setting
``STABLE_OUTPUT_BYTECODE_CACHE`` (True) turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

logger = logging.getLogger(__name__)

PREFIX = "jinja-"
#: Folders kept (this build's and the most recently used others): builds with other settings
#: sharing the cache folder (``preview-story``, ``make serve`` beside a production build) do not
#: remove each other's.
KEPT = 4


class QuietBytecodeCache(FileSystemBytecodeCache):
    """A cache file that cannot be read or written (folder removed meanwhile, disk full,
    read-only) only means the template is compiled; it never stops the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as exc:  # Jinja lets some through (the folder replaced by a file)
            logger.debug("Templat terkompilasi tidak bisa dibaca: %s", exc)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            # The folder may have been removed meanwhile (by a build of other settings).
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as exc:
            logger.debug("Templat terkompilasi tidak bisa disimpan: %s", exc)


@functools.cache
def bytecode_cache(cache_path: str, code: str) -> QuietBytecodeCache | None:
    """The cache for this code digest (one instance for every environment of the process);
    None when its folder cannot be made."""
    base = Path(cache_path)
    folder = base / f"{PREFIX}{code[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        logger.debug("Folder cache templat %s tidak bisa dibuat: %s", folder, exc)
        return None
    with contextlib.suppress(OSError):
        os.utime(folder)  # the most recently used folders are the ones kept
    others = [p for p in base.glob(f"{PREFIX}*") if p != folder and p.is_dir()]
    others.sort(key=_mtime, reverse=True)
    for stale in others[KEPT - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)
    return QuietBytecodeCache(os.fspath(folder))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def use_bytecode_cache(generator: Any, code: str | None) -> None:
    """Give ``generator``'s environment the bytecode cache of ``code`` (the build's code
    digest; None: not known, e.g. a plain Pelican run, so nothing is cached)."""
    env = getattr(generator, "env", None)
    settings = generator.settings
    if env is None or code is None or not settings.get("STABLE_OUTPUT_BYTECODE_CACHE", True):
        return
    env.bytecode_cache = bytecode_cache(os.path.abspath(settings.get("CACHE_PATH", ".cache")), code)
