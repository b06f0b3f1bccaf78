"""Checks across stories and the publishing rules applied once every file has been read.

- duplicate output paths are named with both source files;
- any content error stops the build here, before a single file is written;
- a story's photos are attached to it (published beside it) and measured, and so are files it
  links with ``{attach}`` (a press release PDF); photos of drafts, scheduled stories and
  unreferenced files are never published. With
  ``NEWSROOM_PUBLISH_ORIGINALS = False`` (set when the media plugin publishes derivatives
  instead) no original photo is published at all.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from PIL import Image, UnidentifiedImageError

from .config import NewsroomConfig
from .outputs import claim, valid_until
from .problems import BUILD_LOG, Problem

logger = logging.getLogger(__name__)


def duplicate_outputs(items: list[tuple[str, str]], shown: Any) -> list[Problem]:
    """Problems for output paths claimed by two sources; ``items`` are ``(save_as, source)``."""
    owners: dict[str, str] = {}
    problems = []
    for save_as, source in items:
        if not save_as:
            continue
        if save_as in owners:
            problems.append(
                Problem(
                    shown(source),
                    0,
                    "Slug",
                    f"alamat /{save_as} sudah dipakai {shown(owners[save_as])}",
                    "ganti nama folder berita ini (slug) agar alamatnya berbeda",
                )
            )
        else:
            owners[save_as] = source
    return problems


def measure(path: Path) -> tuple[int, int]:
    """Pixel size of an image file, without decoding it."""
    with Image.open(path) as img:
        return img.size


#: A story may offer a file as it is (a press release PDF, a spreadsheet) by linking it with
#: ``{attach}``; image files only when original photos are published at all.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif", ".tif",
                  ".tiff")  # fmt: skip


def linked_files(
    stories: list[Any], candidates: set[str], originals: bool
) -> list[tuple[str, Any]]:
    """``(file, story)`` for each of ``candidates`` (story-folder files) a published story links
    to, the first such story for a file."""
    found: dict[str, Any] = {}
    for story in stories:
        for path in sorted(story.get_static_links() & candidates):
            if originals or not path.lower().endswith(IMAGE_SUFFIXES):
                found.setdefault(path, story)
    return list(found.items())


def finalize(generators: list[Any]) -> None:
    """``all_generators_finalized``: cross-file checks, stop on errors, attach photos."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    static_gen = next(g for g in generators if isinstance(g, StaticGenerator))
    config = NewsroomConfig.from_settings(articles_gen.settings)

    contents = [*articles_gen.articles, *articles_gen.translations, *pages_gen.pages]
    contents += pages_gen.hidden_pages
    BUILD_LOG.extend(
        duplicate_outputs([(c.save_as, c.source_path) for c in contents], config.display)
    )
    BUILD_LOG.stop_on_errors()
    # A scheduled story (WITH_FUTURE_DATES = False makes it a draft) appears at its time.
    now = datetime.now(UTC)
    valid_until(d.date for d in articles_gen.drafts if getattr(d, "date", None) and d.date > now)

    published: set[str] = set()
    static = articles_gen.context["static_content"]
    # A media plugin that publishes derivatives instead sets NEWSROOM_PUBLISH_ORIGINALS = False.
    originals = articles_gen.settings.get("NEWSROOM_PUBLISH_ORIGINALS", True)
    for article in articles_gen.articles:
        for photo in getattr(article, "photos", []) if originals else []:
            linked = static.get(photo.source_path)
            if linked is None:
                continue
            linked.attach_to(article)
            published.add(photo.source_path)
            photo.url = linked.url
            try:
                photo.width, photo.height = measure(Path(linked.source_path))
            except (OSError, UnidentifiedImageError) as exc:
                logger.warning(
                    "%s: foto tidak bisa dibaca (%s)", config.display(linked.source_path), exc
                )
        article.lead_photo = next((p for p in article.photos if p.lead), None)

    story_roots = tuple(p.rstrip("/") + "/" for p in config.article_paths)
    candidates = {
        sf.relative_source_path
        for sf in static_gen.staticfiles
        if sf.relative_source_path.startswith(story_roots)
    } - published
    if candidates:  # files of story folders that a story links to (nothing else is static there)
        stories = [*articles_gen.articles, *articles_gen.translations]
        for path, story in linked_files(stories, candidates, originals):
            static[path].attach_to(story)  # published beside the story, as its link says
            published.add(path)
    kept = [
        sf
        for sf in static_gen.staticfiles
        if not sf.relative_source_path.startswith(story_roots)
        or sf.relative_source_path in published
    ]
    static_gen.staticfiles = kept
    static_gen.context["staticfiles"] = kept
    claim(os.path.join(config.output_path, sf.save_as) for sf in kept)
    if config.clean_output:
        settings = articles_gen.settings
        previous = set_aside(Path(config.output_path), settings.get("OUTPUT_RETENTION", []))
        # Read by plugins/stable_output: unchanged pages are hard-linked from there.
        settings[PREVIOUS_SETTING] = str(previous)


PREVIOUS_SETTING = "NEWSROOM_PREVIOUS_OUTPUT"


def set_aside(output: Path, retention: list[str]) -> Path:
    """Start from an empty ``output`` (no stale file survives) while keeping the previous tree
    beside it as ``.<name>.previous`` until the build ends; ``retention`` entries move back."""
    previous = output.parent / f".{output.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if output.is_dir():
        os.replace(output, previous)
    output.mkdir(parents=True, exist_ok=True)
    for name in retention:
        if (previous / name).exists():
            os.replace(previous / name, output / name)
    return previous


def drop_previous(pelican: Any) -> None:
    """``finalized``: the build is complete; the set-aside previous tree is no longer needed."""
    previous = pelican.settings.pop(PREVIOUS_SETTING, None)
    if previous:
        shutil.rmtree(previous, ignore_errors=True)


def reset(_pelican: Any) -> None:
    """``initialized``: a new build starts with an empty problem log."""
    BUILD_LOG.clear()
