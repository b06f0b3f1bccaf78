"""Incremental, sharded Pagefind search index (issue 8).

The stories are split into calendar shards (:mod:`.shards`); each shard is its own Pagefind
bundle under ``output/pagefind/<shard>/`` and is re-indexed only when its fingerprint changes
(:mod:`.bundle`). The search page (theme/templates/search.html) lists the shards from the
``SEARCH_SHARDS`` context variable; theme/static/js/search.js loads the newest one and merges
the others with Pagefind's ``mergeIndex``.

Settings (defaults): ``THEME_SEARCH`` (True: build the index), ``SEARCH_INDEX_ARCHIVE_MONTHS``
(6: months per shard before the newest month), ``SEARCH_INDEX_WORKERS`` (0: one Pagefind
process per core), ``SEARCH_INDEX_TIMEOUT`` (300 s per Pagefind run).
"""

from __future__ import annotations

from newsroom.outputs import stories_written
from pelican import signals

from .handlers import build_index, plan_shards, start_index


def register() -> None:
    signals.all_generators_finalized.connect(plan_shards)
    stories_written.connect(start_index)
    signals.finalized.connect(build_index)
