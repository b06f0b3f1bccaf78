"""``invoke preview-story``: render one story with the real theme in about a second.

Pelican runs over a small temporary content folder that holds only the chosen story (its
``index.md`` copied, its photos and videos linked) and links to everything else the site needs
(data, pages); the archive is never read, so the time does not grow with it. A draft is shown
as it will look once published (its ``Status: draft`` line becomes ``Status: published`` in the
copy, on the same line, so messages keep their line numbers) and required fields left empty by
``invoke new`` are shown as "[… belum diisi]" instead of blocking the preview.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.config import NewsroomConfig
from newsroom.problems import ContentError
from pelican import Pelican, signals

from .check import quiet_problem_log

_DRAFT_LINE = re.compile(r"^(Status[ \t]*:[ \t]*)(draft|draf|hidden)[ \t]*$", re.I | re.M)
#: Required fields a fresh draft leaves empty, shown in the preview instead of blocking it.
_EMPTY_REQUIRED = {"Title": "judul", "Summary": "ringkasan", "Author": "reporter"}
_EMPTY_LINE = re.compile(r"^(Title|Summary|Author)[ \t]*:[ \t]*$", re.M)


def preview_text(text: str) -> str:
    """The story as the preview renders it: published, empty required fields marked.

    Only whole lines are rewritten, so line numbers in messages stay those of the real file.
    """
    header, sep, body = text.partition("\n\n")
    header = _DRAFT_LINE.sub(r"\1published", header)
    header = _EMPTY_LINE.sub(
        lambda m: f"{m.group(1)}: [{_EMPTY_REQUIRED[m.group(1)]} belum diisi]", header
    )
    return header + sep + body


@dataclass(frozen=True)
class PreviewResult:
    """Where the preview was written and the story's address inside it."""

    output: Path
    url: str
    seconds: float


def stage(story: Path, content: Path, article_paths: tuple[str, ...], stage_dir: Path) -> Path:
    """Build the temporary content folder for ``story``; return the staged index.md."""
    story = story.resolve()
    content = content.resolve()
    folder = story.parent
    rel = folder.relative_to(content)
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    for entry in content.iterdir():
        if entry.name not in article_paths:
            (stage_dir / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    target = stage_dir / rel
    target.mkdir(parents=True)
    for item in folder.iterdir():
        if item.is_file() and item.name != story.name:
            (target / item.name).symlink_to(item)
    text = story.read_text(encoding="utf-8", errors="replace")
    (target / story.name).write_text(preview_text(text), encoding="utf-8")
    return target / story.name


class _UrlCatcher:
    """Remembers the URL Pelican gives the staged story."""

    def __init__(self, source: Path) -> None:
        self.source = str(source)
        self.url = ""

    def __call__(self, generator: Any) -> None:
        for article in getattr(generator, "articles", []):
            if article.source_path == self.source:
                self.url = article.url


def render(story: Path, settings: dict[str, Any], stage_dir: Path) -> PreviewResult:
    """Render ``story`` alone into ``stage_dir/output`` with the project's settings and theme."""
    started = time.perf_counter()
    content = Path(settings["PATH"])
    staged = stage(
        story, content, tuple(settings.get("ARTICLE_PATHS", ["berita"])), stage_dir / "content"
    )
    output = stage_dir / "output"
    run_settings = {
        **settings,
        "PATH": str(stage_dir / "content"),
        "OUTPUT_PATH": str(output),
        "WITH_FUTURE_DATES": True,
        "DELETE_OUTPUT_DIRECTORY": True,
        "NEWSROOM_CLEAN_OUTPUT": False,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    catcher = _UrlCatcher(staged)
    signals.article_generator_finalized.connect(catcher)
    try:
        with quiet_problem_log():
            Pelican(run_settings).run()
    except ContentError as exc:
        config = NewsroomConfig.from_settings(settings)
        staged_shown, real_shown = config.display(staged), config.display(story)
        lines = [str(p).replace(staged_shown, real_shown) for p in exc.problems]
        raise PreviewError("\n".join(lines)) from None
    finally:
        signals.article_generator_finalized.disconnect(catcher)
    if not catcher.url:
        raise PreviewError(f"{story}: berita tidak terbangun — jalankan `invoke check {story}`")
    return PreviewResult(output, catcher.url, time.perf_counter() - started)


class PreviewError(RuntimeError):
    """The story could not be rendered; the message lists its problems (real paths)."""
