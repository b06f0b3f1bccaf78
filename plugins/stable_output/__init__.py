"""Incremental, parallel page output: render only what changed, write only changed bytes.

Stock Pelican renders and rewrites every page on every build. This plugin's writer:

- gives every page a *signature* of exactly what it shows (:mod:`.signature`) and skips
  rendering a page whose signature and file are unchanged since the last build (:mod:`.manifest`);
- paginates listings in buckets counted from the oldest story, so a new story leaves older
  listing pages as they are (:mod:`.pagination`); pages 2, 3, … of a listing use the theme's
  ``<template>_continued.html`` when there is one, so they depend only on what they show;
- renders the pages that must be rendered in forked worker processes (:mod:`.parallel`);
- writes a file only when its bytes change, atomically, so unchanged pages keep their mtime;
- runs output work made from the stories alone (feeds, ``stories.json``, photo derivatives)
  in a second process while pages are written (:mod:`.background`);
- keeps the garbage collector off what the build holds to its end (:mod:`.gcfreeze`).

Settings (defaults): ``STABLE_OUTPUT_SKIP_UNCHANGED`` (True), ``STABLE_OUTPUT_PAGINATION``
(True: stable buckets; False: Pelican's pagination), ``STABLE_OUTPUT_WORKERS`` (0 = every core),
``STABLE_OUTPUT_MIN_PARALLEL`` (64: fewer pages are rendered in-process),
``STABLE_OUTPUT_BACKGROUND`` (True: that work in a forked process; False: in the build process),
``STABLE_OUTPUT_STORY_DIGESTS`` (True: keep each story's own digest between builds while its
key holds, :mod:`.storykeys`), ``STABLE_OUTPUT_VERIFY_STORY_DIGESTS`` (False: recompute them and
log an error when a kept one differs — for tests), ``STABLE_OUTPUT_BYTECODE_CACHE`` (True: keep
compiled templates under ``CACHE_PATH``, :mod:`.bytecode`).
"""

from __future__ import annotations

import logging
from typing import Any

from blinker import signal
from pelican import signals
from pelican.generators import ArticlesGenerator

from . import gcfreeze
from .background import BACKGROUND
from .bytecode import use_bytecode_cache
from .generators import freeze_new_article, freeze_urls
from .storykeys import build_code, prefetch, remember_code
from .uptodate import UpToDatePelican
from .writer import IncrementalWriter, StableWriter, replace_if_changed

logger = logging.getLogger(__name__)

__all__ = [
    "IncrementalWriter",
    "StableWriter",
    "UpToDatePelican",
    "register",
    "replace_if_changed",
]

_WRITERS: list[StableWriter] = []
#: ``newsroom.outputs.stories_written`` (by name: this plugin does not import newsroom).
stories_written = signal("stories_written")


class _TrackedWriter(IncrementalWriter):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        _WRITERS.append(self)


def get_writer(_pelican: Any) -> type[IncrementalWriter]:
    return _TrackedWriter


def flush_after_output(generators: list[Any]) -> None:
    """``all_generators_finalized``: render each generator's queued pages when it is done.

    Work offered to run beside the pages (:mod:`.background`) starts with the first generator's
    output and is waited for after the last one's, before ``finalized``."""
    writing = [g for g in generators if getattr(g, "generate_output", None) is not None]
    for generator in writing:
        last = generator is writing[-1]

        def generate_output(
            writer: Any,
            generator: Any = generator,
            _original: Any = generator.generate_output,
            _last: bool = last,
        ) -> None:
            BACKGROUND.start()
            _original(writer)
            if isinstance(writer, IncrementalWriter):
                writer.flush()
                if isinstance(generator, ArticlesGenerator):
                    stories_written.send(generator)
            if _last:
                BACKGROUND.join()

        generator.generate_output = generate_output


def add_rubrik_menu(generator: Any) -> None:
    """``article_generator_finalized``: ``rubrik_menu`` (name, url) in NEWSROOM_RUBRIK order.

    The header shows it on every page; unlike ``categories`` it does not change with each story.
    """
    order = generator.settings.get("NEWSROOM_RUBRIK") or []
    found = {cat.name: cat for cat, _articles in generator.categories}
    names = [n for n in order if n in found] + sorted(n for n in found if n not in order)
    generator.context["rubrik_menu"] = [(n, found[n].url) for n in names]


def compiled_templates(generator: Any) -> None:
    """``generator_init``: templates compiled by an earlier build with the same code are
    loaded, not compiled again (:mod:`.bytecode`)."""
    use_bytecode_cache(generator, build_code())


def report(_pelican: Any) -> None:
    """``finalized``: save the manifest and say how many pages changed."""
    while _WRITERS:
        writer = _WRITERS.pop()
        writer.finish()


def register() -> None:
    signals.initialized.connect(gcfreeze.thaw)
    signals.article_generator_pretaxonomy.connect(gcfreeze.freeze)  # every story read
    signals.get_writer.connect(gcfreeze.freeze)  # every plugin has prepared them
    gcfreeze.at_exit()
    signals.initialized.connect(remember_code)
    signals.generator_init.connect(compiled_templates)
    signals.article_generator_init.connect(prefetch)
    signals.get_writer.connect(get_writer)
    signals.content_object_init.connect(freeze_new_article)
    signals.article_generator_pretaxonomy.connect(freeze_urls)  # stories from Pelican's cache
    signals.all_generators_finalized.connect(flush_after_output)
    signals.article_generator_finalized.connect(add_rubrik_menu)
    signals.finalized.connect(report)
