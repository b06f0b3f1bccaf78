"""Read stories ahead of Pelican: from the parse cache, else in parallel worker processes.

At ``article_generator_init`` / ``page_generator_init`` every source file the generator is about
to read is looked up in the :mod:`.readcache`; the rest are parsed (Markdown, header checks) by a
fork-based process pool — parsing is independent per file, and Pelican alone leaves every core
but one idle. Results go to the generator's :class:`.reader.NewsroomReader` (``prepared``), so
Pelican's ``Readers.read_file`` still builds every Article as usual and every signal still fires.
The cache is saved when the generator has finished its context.

Settings: ``NEWSROOM_READ_WORKERS`` (0 = one per usable core, 1 = no pool) and
``NEWSROOM_READ_PARALLEL_MIN`` (fewer files than this are parsed in the build process itself).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from typing import Any

from pelican.generators import ArticlesGenerator

from .readcache import ParseCache, Stamp, stamp
from .reader import NewsroomReader, Parsed

logger = logging.getLogger(__name__)

_CACHES: dict[int, ParseCache] = {}
#: The reader a forked worker parses with (inherited from the build process).
_WORKER_READER: NewsroomReader | None = None


def workers(settings: dict[str, Any]) -> int:
    wanted = int(settings.get("NEWSROOM_READ_WORKERS", 0))
    return wanted if wanted > 0 else len(os.sched_getaffinity(0))


def _parse_in_worker(path: str) -> Parsed:
    assert _WORKER_READER is not None
    return _WORKER_READER.parse(path)


def parse_all(reader: NewsroomReader, paths: list[str], settings: dict[str, Any]) -> list[Parsed]:
    """Parse ``paths`` (in order), in worker processes when there are enough of them."""
    global _WORKER_READER  # noqa: PLW0603 (fork hands the reader to the workers)
    count = min(workers(settings), len(paths))
    if count < 2 or len(paths) < int(settings.get("NEWSROOM_READ_PARALLEL_MIN", 64)):
        return [reader.parse(p) for p in paths]
    _WORKER_READER = reader
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            chunk = max(1, min(256, len(paths) // (count * 8)))
            return pool.map(_parse_in_worker, paths, chunksize=chunk)
    finally:
        _WORKER_READER = None


def prepare(generator: Any) -> None:
    """``article_generator_init`` / ``page_generator_init``: parse every file ahead of Pelican."""
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, NewsroomReader):
        return
    settings = generator.settings
    is_articles = isinstance(generator, ArticlesGenerator)
    kind = "ARTICLE" if is_articles else "PAGE"
    started = time.perf_counter()
    cache = ParseCache(settings, "articles" if is_articles else "pages")
    _CACHES[id(generator)] = cache
    extensions = tuple(f".{e}" for e in reader.file_extensions)
    missing: list[tuple[str, Stamp]] = []
    hits = 0
    for relative in generator.get_files(
        settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"]
    ):
        if not relative.endswith(extensions):
            continue
        # The same absolute path Pelican's Readers.read_file hands to the reader.
        path = os.path.abspath(os.path.join(generator.path, relative))
        current = stamp(path)
        cached = cache.get(path, current)
        if cached is None:
            missing.append((path, current))
        else:
            reader.prepared[path] = cached
            hits += 1
    parsed = parse_all(reader, [p for p, _ in missing], settings)
    for (path, current), result in zip(missing, parsed, strict=True):
        reader.prepared[path] = result
        cache.put(path, current, result)
    logger.info("%s: %d berkas dari cache, %d dibaca (%.2f s)",
                kind.lower(), hits, len(missing), time.perf_counter() - started)  # fmt: skip


def save(generator: Any) -> None:
    """``article_generator_finalized`` / ``page_generator_finalized``: store the parse cache."""
    cache = _CACHES.pop(id(generator), None)
    if cache is not None:
        cache.save()
