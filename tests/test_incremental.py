"""Guard: a rebuild that reuses caches writes exactly what a clean build of the same content writes.

A synthetic archive (tests/bench/archive.py) is built as in production; then, round after round,
random stories are edited, added and deleted, the same output folder is rebuilt with its caches,
and the result is compared file by file (same set of files, same bytes) with a clean build of
the same content into a fresh folder with fresh caches. A stale parse cache, a stale related or
listing page, or a file left behind fails the test and names the files.

``KABAR_INCREMENTAL_STORIES`` (default 150) and ``KABAR_INCREMENTAL_ROUNDS`` (default 2) make it
bigger, e.g. ``KABAR_INCREMENTAL_STORIES=3000 pytest tests/test_incremental.py``.
"""

from __future__ import annotations

import filecmp
import os
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.bench.archive import _paragraphs, _places, generate, make_photos, story_text

from .conftest import run_pelican

STORIES = int(os.environ.get("KABAR_INCREMENTAL_STORIES", "150"))
ROUNDS = int(os.environ.get("KABAR_INCREMENTAL_ROUNDS", "2"))
#: More ``-e`` settings (run_pelican's CACHE_PATH is beside ``output``, so each build folder
#: has its own caches). Pagefind's file names differ between runs by design; off here. Story
#: digests kept between builds are checked against freshly computed ones (an error if stale).
EXTRA = ["THEME_SEARCH=false", "STABLE_OUTPUT_VERIFY_STORY_DIGESTS=true"]


def _build(content: Path, output: Path, media_cache: Path) -> None:
    env = {"SITEURL": "https://kabar.test", "MEDIA_CACHE_PATH": str(media_cache)}
    build = run_pelican(content, output, "publishconf.py", EXTRA, env)
    assert build.returncode == 0, build.log[-4000:]
    assert "Sidik tersimpan" not in build.log, build.log[-4000:]
    # The build used (and kept) this folder's own parse cache.
    assert (output.parent / "cache" / "newsroom-articles.pickle").is_file()


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _differences(incremental: Path, clean: Path) -> list[str]:
    ours, theirs = _tree(incremental), _tree(clean)
    problems = [f"hanya di build inkremental: {p}" for p in sorted(ours - theirs)]
    problems += [f"hanya di build bersih: {p}" for p in sorted(theirs - ours)]
    problems += [
        f"isi berbeda: {p}"
        for p in sorted(ours & theirs)
        if not filecmp.cmp(incremental / p, clean / p, shallow=False)
    ]
    return problems


def _edit_round(content: Path, rng: random.Random, round_no: int, photo: Path) -> str:
    """Edit, add and delete a few random stories; return what was done (for the report)."""
    stories = sorted((content / "berita").rglob("index.md"))
    count = max(1, len(stories) // 50)
    chosen = rng.sample(stories, 2 * count)
    edited, deleted = chosen[:count], chosen[count:]
    for index in edited:
        text = index.read_text(encoding="utf-8")
        if rng.random() < 0.5:  # a new title changes listings, related stories and feeds
            text = text.replace("Title: ", f"Title: Diperbarui {round_no} ", 1)
        index.write_text(text + f"\nParagraf tambahan putaran {round_no}.\n", encoding="utf-8")
    for index in deleted:
        shutil.rmtree(index.parent)
    paras, places = _paragraphs(), _places()
    start = datetime(2026, 11, 27, 19, 0) + timedelta(hours=round_no)
    for n in range(count):
        date = start + timedelta(minutes=n)
        folder = content / "berita" / f"{date:%Y}" / f"{date:%m}" / f"tambahan-{round_no}-{n}"
        folder.mkdir(parents=True)
        os.link(photo, folder / photo.name)
        number = 90_000 + round_no * 1000 + n
        text = story_text(number, rng, paras, rng.choice(places), date, photo.name, None)
        (folder / "index.md").write_text(text, encoding="utf-8")
    return f"putaran {round_no}: {count} disunting, {count} dihapus, {count} ditambah"


@pytest.mark.slow
def test_incremental_rebuilds_match_a_clean_build(tmp_path: Path) -> None:
    photos = make_photos(tmp_path / "photos", 2, (1200, 800))
    content = tmp_path / "content"
    generate(content, STORIES, photos)
    media_cache = tmp_path / "media-cache"
    incremental = tmp_path / "incremental" / "output"
    _build(content, incremental, media_cache)
    rng = random.Random(8)
    for round_no in range(1, ROUNDS + 1):
        done = _edit_round(content, rng, round_no, photos[0])
        _build(content, incremental, media_cache)
        clean = tmp_path / f"clean-{round_no}" / "output"
        _build(content, clean, media_cache)
        problems = _differences(incremental, clean)
        assert not problems, f"{done}: {len(problems)} berkas berbeda:\n" + "\n".join(problems[:20])
        shutil.rmtree(clean.parent)
