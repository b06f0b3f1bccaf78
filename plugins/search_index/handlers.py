"""Pelican signal handlers: plan the shards before pages are written, index them once the story
pages are written (in another process beside the remaining pages when plugins/stable_output
says so, else at ``finalized``)."""

from __future__ import annotations

import functools
import logging
import os
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from stable_output.background import BACKGROUND, Forked
from stable_output.manifest import manifest_path
from stable_output.signature import code_hash
from stable_output.storykeys import StoryDigests

from .bundle import Pagefind, update
from .digest import KeptDigests
from .shards import Shard, plan

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "THEME_SEARCH": True,
    "SEARCH_INDEX_ARCHIVE_MONTHS": 6,
    "SEARCH_INDEX_WORKERS": 0,
    "SEARCH_INDEX_TIMEOUT": 300,
}
CONTEXT_NAME = "SEARCH_SHARDS"
#: Settings that never change what is indexed (``DEBUG`` is set by ``pelican -D``).
UNUSED_SETTINGS = frozenset({"DEBUG"})
_PLANS: dict[str, tuple[list[Shard], float]] = {}
#: Indexing started by :func:`start_index`, by output folder.
_RUNNING: dict[str, Forked] = {}


def _setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def _base(settings: dict[str, Any]) -> str:
    """Site-wide part of every shard fingerprint: Pagefind, theme and plugin code, settings."""
    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "?"
    roots = [settings.get("THEME", ""), *settings.get("PLUGIN_PATHS", [])]
    used = {k: v for k, v in settings.items() if k not in UNUSED_SETTINGS}
    return f"pagefind {pagefind}\0{code_hash(roots, used)}"


def _kept_digests(settings: dict[str, Any], output_path: str) -> StoryDigests:
    """The search index's story digests kept between builds (beside the page manifest)."""
    return StoryDigests(manifest_path(settings.get("CACHE_PATH", ".cache"), output_path, "search"))


def plan_shards(generators: list[Any]) -> None:
    """``all_generators_finalized``: split the published stories into shards.

    Runs before any page is written, so the search page can list the shards
    (``SEARCH_SHARDS``: ``[[name, cache tag], ...]``, newest first).
    """
    articles = next((g for g in generators if hasattr(g, "articles")), None)
    if articles is None:
        return
    settings = articles.settings
    if not _setting(settings, "THEME_SEARCH"):
        articles.context[CONTEXT_NAME] = []
        return
    start = time.monotonic()
    stories = list(articles.articles) + list(getattr(articles, "translations", []))
    kept = _kept_digests(settings, articles.output_path)
    shards = plan(
        stories,
        int(_setting(settings, "SEARCH_INDEX_ARCHIVE_MONTHS")),
        _base(settings),
        KeptDigests(kept, bool(settings.get("STABLE_OUTPUT_VERIFY_STORY_DIGESTS", False))),
    )
    kept.save()
    _PLANS[os.path.abspath(articles.output_path)] = (shards, time.monotonic() - start)
    articles.context[CONTEXT_NAME] = [[s.name, s.tag] for s in shards]


def start_index(generator: Any) -> None:
    """``stories_written`` (plugins/stable_output): every story page is in the output, so the
    changed shards are indexed in another process while the other pages are written."""
    key = os.path.abspath(generator.output_path)
    planned = _PLANS.get(key)
    if planned is None or key in _RUNNING or not _setting(generator.settings, "THEME_SEARCH"):
        return
    work = functools.partial(_index, generator.settings, Path(generator.output_path), *planned)
    forked = BACKGROUND.fork_now("indeks pencarian", work)
    if forked is not None:
        del _PLANS[key]
        _RUNNING[key] = forked


def build_index(pelican: Any) -> None:
    """``finalized``: re-index the shards that changed, drop the ones that are gone (or wait
    for :func:`start_index` to have done so)."""
    settings = pelican.settings
    if not _setting(settings, "THEME_SEARCH"):
        return
    output = Path(pelican.output_path)
    running = _RUNNING.pop(os.path.abspath(output), None)
    if running is not None:
        running.join()
        return
    planned = _PLANS.pop(os.path.abspath(output), None)
    if planned is not None:
        _index(settings, output, *planned)


def _index(
    settings: dict[str, Any], output: Path, shards: list[Shard], plan_seconds: float
) -> None:
    """Bring ``output/pagefind`` in line with ``shards`` (:func:`.bundle.update`) and say how."""
    from pagefind.service import get_executable  # noqa: PLC0415 - only needed here

    executable = get_executable()
    if executable is None:
        log.error("Indeks pencarian tidak dibuat: program Pagefind tidak ditemukan (make setup)")
        return
    workers = int(_setting(settings, "SEARCH_INDEX_WORKERS")) or os.cpu_count() or 1
    tool = Pagefind(str(executable), workers, float(_setting(settings, "SEARCH_INDEX_TIMEOUT")))
    report = update(output, shards, tool)
    if report.indexed or report.removed:
        log.info(
            "Indeks pencarian: %d dari %d bagian dibuat ulang (%s), %d dihapus, %.1f detik "
            "(sidik %.2f detik)",
            len(report.indexed),
            len(shards),
            ", ".join(report.indexed) or "-",
            len(report.removed),
            report.seconds,
            plan_seconds,
        )
    else:
        log.debug(
            "Indeks pencarian masih sesuai (%d bagian): %.2f detik (sidik %.2f detik)",
            len(shards),
            report.seconds,
            plan_seconds,
        )
