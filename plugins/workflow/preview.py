"""``invoke preview-story``: render one story with the real theme in about a second.

Pelican reads a small temporary content folder that holds only the chosen story (its
``index.md`` copied, its photos and videos linked) and links to everything else the site needs
(data, pages); the archive is never read, so the time does not grow with it. Pelican's own
steps run up to the writer (every generator's context, every plugin's checks and media), then
only the story page, the theme's static files and the story's photos are written: no listings,
feeds, search index or CMS admin. Photos get one 960 px JPEG each. Related and previous/next
stories need the archive and are left out; a note at the top of the page says so.

A draft is shown as it will look once published (its ``Status: draft`` line becomes
``Status: published`` in the copy, on the same line, so messages keep their line numbers) and
required fields left empty by ``invoke new`` are shown as "[… belum diisi]" instead of blocking
the preview.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from newsroom.config import NewsroomConfig
from newsroom.problems import ContentError
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.urlwrappers import Category
from pelican.writers import Writer

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


#: Settings of the preview run. Derivatives: one 960 px JPEG per photo and no social crops
#: (og:image then points at that JPEG), so the camera file is decoded at draft scale (1/4);
#: nothing but the story page, the theme's static files and the photos is written.
PREVIEW_OVERRIDES: dict[str, Any] = {
    "WITH_FUTURE_DATES": True,
    "DELETE_OUTPUT_DIRECTORY": False,  # emptied by _build() once the story passed its checks
    "NEWSROOM_CLEAN_OUTPUT": False,
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "NEWSROOM_READ_CACHE": False,
    "NEWSROOM_READ_WORKERS": 1,
    "MEDIA_WIDTHS": (960,),
    "MEDIA_FORMATS": ("jpeg",),
    "MEDIA_LEAD_CROPS": (),
    "MEDIA_BODY_CROPS": (),
    "MEDIA_WORKERS": 1,
    "THEME_SEARCH": False,
}
#: Plugins that only write other files (the CMS admin): the story page uses nothing of theirs.
#: ``reach`` stays although the page shows nothing of it: it checks the story's ``Agenda:``.
PREVIEW_SKIPPED_PLUGINS = frozenset({"cms"})
#: Shown at the top of the preview page: what differs from the published page.
PREVIEW_NOTE = (
    '<p class="preview-note" role="note" style="margin:0;padding:.5rem 1rem;'
    'background:#fff3cd;color:#222;font:600 1rem/1.4 system-ui,sans-serif">'
    "PRATINJAU — belum terbit. Foto ditampilkan dalam satu ukuran saja; berita terkait dan "
    "berita sebelum/sesudahnya baru muncul setelah situs dibangun.</p>"
)
_BODY_OPEN = re.compile(r"<body\b[^>]*>")


def preview_settings(settings: dict[str, Any], content: Path, output: Path) -> dict[str, Any]:
    """The project's settings for rendering the staged ``content`` into ``output``."""
    # Compiled templates are kept between previews by plugins/stable_output (bytecode.py).
    plugins = [p for p in settings.get("PLUGINS", []) if p not in PREVIEW_SKIPPED_PLUGINS]
    return {
        **settings,
        **PREVIEW_OVERRIDES,
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "PLUGINS": plugins,
    }


def _build(pelican: Pelican, staged: Path) -> str:
    """Pelican's own steps up to the writer, then only the staged story's page is written.

    Every generator reads its context and every plugin's ``all_generators_finalized`` handler
    runs (checks, media, syndication links), exactly as in :meth:`Pelican.run`; listings,
    feeds, the search index and other pages are not written. Returns the story's URL.
    """
    context = pelican.settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = pelican.settings["SITEURL"]
    generators = [
        cls(context=context, settings=pelican.settings, path=pelican.path,
            theme=pelican.theme, output_path=pelican.output_path)
        for cls in pelican._get_generator_classes()
    ]  # fmt: skip
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    if "rubrik_menu" in context:
        context["rubrik_menu"] = full_rubrik_menu(context["rubrik_menu"], pelican.settings)
    # Every check passed: replace the last preview (kept until now, so the browser shows it
    # while the story has errors). Pelican copies the theme's few files again each time.
    shutil.rmtree(pelican.output_path, ignore_errors=True)
    # get_writer: the media plugin copies the derivatives; the pages are written by Pelican's
    # plain Writer (no incremental manifest for a throw-away folder).
    signals.get_writer.send(pelican)
    writer = Writer(pelican.output_path, settings=pelican.settings)
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    story = next((a for a in articles.articles if a.source_path == str(staged)), None)
    if story is None:
        return ""
    articles.articles = [story]
    articles.translations = articles.hidden_articles = articles.hidden_translations = []
    articles.generate_articles(
        partial(writer.write_file, relative_urls=pelican.settings["RELATIVE_URLS"])
    )
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            generator.generate_output(writer)  # the theme's CSS/JS and files the story links
    return story.url


def full_rubrik_menu(
    menu: list[tuple[str, str]], settings: dict[str, Any]
) -> list[tuple[str, str]]:
    """The header's rubrik menu as on the published site, where every rubrik has stories.

    The build lists the rubrik that have stories (in ``NEWSROOM_RUBRIK`` order); with only the
    previewed story read, that would be its own rubrik alone.
    """
    found = dict(menu)
    names = list(settings.get("NEWSROOM_RUBRIK") or [])
    names += [name for name in found if name not in names]
    return [(name, found.get(name) or Category(name, settings).url) for name in names]


def mark_preview(page: Path) -> None:
    """Put :data:`PREVIEW_NOTE` at the top of the rendered page."""
    html = page.read_text(encoding="utf-8")
    page.write_text(_BODY_OPEN.sub(lambda m: m.group(0) + PREVIEW_NOTE, html, count=1), "utf-8")


def render(story: Path, settings: dict[str, Any], stage_dir: Path) -> PreviewResult:
    """Render ``story`` alone into ``stage_dir/output`` with the project's settings and theme."""
    started = time.perf_counter()
    content = Path(settings["PATH"])
    staged_content = stage_dir / "content"
    staged = stage(story, content, tuple(settings.get("ARTICLE_PATHS", ["berita"])), staged_content)
    output = stage_dir / "output"
    try:
        with quiet_problem_log():
            url = _build(Pelican(preview_settings(settings, staged_content, output)), staged)
    except ContentError as exc:
        config = NewsroomConfig.from_settings(settings)
        staged_shown, real_shown = config.display(staged), config.display(story)
        lines = [str(p).replace(staged_shown, real_shown) for p in exc.problems]
        raise PreviewError("\n".join(lines)) from None
    if not url:
        raise PreviewError(f"{story}: berita tidak terbangun — jalankan `invoke check {story}`")
    mark_preview(output / url / "index.html")
    return PreviewResult(output, url, time.perf_counter() - started)


class PreviewError(RuntimeError):
    """The story could not be rendered; the message lists its problems (real paths)."""
