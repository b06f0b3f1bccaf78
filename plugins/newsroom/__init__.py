"""Newsroom content model for Pelican: checked story headers, districts, units and photos.

Stories live one per folder (``content/berita/YYYY/MM/<slug>/index.md`` plus photos). This
plugin reads them with line-aware validation, adds kecamatan/kelurahan/unit pages, gives
templates Indonesian date filters, and stops the build before writing when content is wrong.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals

from .dates import FILTERS
from .listings import ListingGenerator
from .parallel import prepare, save
from .problems import BUILD_LOG, KnownFailureFilter
from .publishing import drop_previous, finalize, reset
from .readcache import data_digest
from .reader import NewsroomReader


def add_reader(readers: Any) -> None:
    """``readers_init``: our reader handles Markdown."""
    for ext in NewsroomReader.file_extensions:
        readers.reader_classes[ext] = NewsroomReader


def add_filters(generator: Any) -> None:
    """``generator_init``: Indonesian date filters for every template."""
    generator.env.filters.update(FILTERS)


def note_data_digest(pelican: Any) -> None:
    """``initialized``: the data files' digest as a setting (``NEWSROOM_DATA_DIGEST``), so what
    is keyed by the settings — page signatures, the up-to-date check — sees a changed kecamatan,
    kelurahan or unit list (the pages listing them show more than what the stories carry)."""
    pelican.settings["NEWSROOM_DATA_DIGEST"] = data_digest(pelican.settings)


def get_generators(_pelican: Any) -> type[ListingGenerator]:
    return ListingGenerator


def register() -> None:
    generators_logger = logging.getLogger("pelican.generators")
    if not any(isinstance(f, KnownFailureFilter) for f in generators_logger.filters):
        generators_logger.addFilter(KnownFailureFilter(BUILD_LOG))
    signals.initialized.connect(reset)
    signals.initialized.connect(note_data_digest)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    for init in (signals.article_generator_init, signals.page_generator_init):
        init.connect(prepare)
    for done in (signals.article_generator_finalized, signals.page_generator_finalized):
        done.connect(save)
    signals.all_generators_finalized.connect(finalize)
    signals.finalized.connect(drop_previous)
