"""Pelican signal handlers of the news theme."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .related import RelatedIndex, latest_videos, neighbours
from .strings import STRINGS

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "THEME_RELATED_COUNT": 4,
    "THEME_VIDEO_COUNT": 4,
    "THEME_HOME_KECAMATAN_COUNT": 3,
    "THEME_LOGO": "",
    "THEME_COLORS": {},
    "THEME_SEARCH": True,
}


def add_globals(generator: Any) -> None:
    """``generator_init``: UI strings (``T``) and theme defaults for every template."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.globals["T"] = STRINGS
    for key, value in DEFAULTS.items():
        env.globals.setdefault(key, generator.settings.get(key, value))


def add_story_links(generator: Any) -> None:
    """``article_generator_finalized``: related, previous/next and the latest videos."""
    settings = generator.settings
    stories = list(generator.articles)
    count = settings.get("THEME_RELATED_COUNT", DEFAULTS["THEME_RELATED_COUNT"])
    links = neighbours(stories)
    index = RelatedIndex(stories)
    for story in stories:
        story.related_stories = index.related(story, count)
        story.older_story, story.newer_story = links[id(story)]
    videos = settings.get("THEME_VIDEO_COUNT", DEFAULTS["THEME_VIDEO_COUNT"])
    generator.context["latest_videos"] = latest_videos(stories, videos)


def site_fingerprint(output: Path, skip: frozenset[str] = frozenset({"pagefind"})) -> str:
    """SHA-256 over every HTML page (path and bytes) outside the ``skip`` top-level folders."""
    digest = hashlib.sha256()
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output)
        if rel.parts[0] not in skip:
            digest.update(rel.as_posix().encode() + b"\0" + page.read_bytes())
    return digest.hexdigest()


def build_search_index(pelican: Any) -> None:
    """``finalized``: run Pagefind over the output so search works on a static host.

    Pagefind's file names are not byte-stable between runs, so the index is rebuilt only when a
    page changed (fingerprint in ``pagefind/source.sha256``): an unchanged site deploys unchanged.
    """
    if not pelican.settings.get("THEME_SEARCH", DEFAULTS["THEME_SEARCH"]):
        return
    output = Path(pelican.output_path)
    if not (output / "index.html").exists():
        return
    index = output / "pagefind"
    stamp = index / "source.sha256"
    # The CMS admin (never indexed) may be written after this handler: leave it out.
    skip = frozenset({"pagefind", pelican.settings.get("CMS_ADMIN_DIR", "admin")})
    fingerprint = site_fingerprint(output, skip)
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == fingerprint:
        log.debug("Indeks pencarian masih sesuai, tidak dibuat ulang")
        return
    shutil.rmtree(index, ignore_errors=True)  # no stale index files from older builds
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("Indeks pencarian Pagefind gagal dibuat: %s", exc)
        return
    if proc.returncode != 0:
        log.error("Indeks pencarian Pagefind gagal dibuat: %s", proc.stderr.strip())
        return
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    log.info("Indeks pencarian Pagefind ditulis ke %s", index)
