"""The parse cache and parallel reading of plugins/newsroom (readcache.py, parallel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsroom.parallel import parse_all
from newsroom.problems import BUILD_LOG
from newsroom.readcache import ParseCache, fingerprint, stamp
from newsroom.reader import NewsroomReader
from pelican.settings import read_settings

from .conftest import ROOT
from .support.stories import write_photo, write_story


@pytest.fixture
def settings(mini_content: Path, tmp_path: Path) -> dict:
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(mini_content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
        },
    )


def _reload(settings: dict) -> ParseCache:
    return ParseCache(settings, "articles")


def test_a_cached_parse_is_reused_until_the_file_or_its_folder_changes(mini_content, settings):
    index = write_story(mini_content)
    path = str(index)
    reader = NewsroomReader(settings)
    parsed = reader.parse(path)
    assert not parsed.failed
    cache = _reload(settings)
    cache.put(path, stamp(path), parsed)
    cache.save()
    assert _reload(settings).get(path, stamp(path)) == parsed

    write_photo(index.parent / "foto-baru.jpg")  # a photo added beside the story
    assert _reload(settings).get(path, stamp(path)) is None
    cache = _reload(settings)
    cache.put(path, stamp(path), parsed)
    cache.save()
    index.write_text(index.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    assert _reload(settings).get(path, stamp(path)) is None


def test_only_files_seen_by_the_latest_build_are_kept(mini_content, settings):
    kept, dropped = str(write_story(mini_content, "satu")), str(write_story(mini_content, "dua"))
    reader = NewsroomReader(settings)
    cache = _reload(settings)
    for path in (kept, dropped):
        cache.put(path, stamp(path), reader.parse(path))
    cache.save()
    cache = _reload(settings)
    assert cache.get(kept, stamp(kept)) is not None  # the next build sees only this one
    cache.save()
    assert _reload(settings).get(dropped, stamp(dropped)) is None


@pytest.mark.parametrize(
    "change",
    ["data file", "newsroom setting", "markdown setting", "timezone"],
)
def test_everything_a_parse_depends_on_invalidates_the_whole_cache(mini_content, settings, change):
    path = str(write_story(mini_content))
    cache = _reload(settings)
    cache.put(path, stamp(path), NewsroomReader(settings).parse(path))
    cache.save()
    before = fingerprint(settings)
    if change == "data file":
        unit = mini_content / "data" / "unit.toml"
        unit.write_text(unit.read_text(encoding="utf-8") + "\n# catatan\n", encoding="utf-8")
    elif change == "newsroom setting":
        settings["NEWSROOM_SUMMARY_MAX"] = 120
    elif change == "markdown setting":
        settings["MARKDOWN"] = {**settings["MARKDOWN"], "output_format": "xhtml"}
    else:
        settings["TIMEZONE"] = "Asia/Makassar"
    assert fingerprint(settings) != before
    assert _reload(settings).get(path, stamp(path)) is None


def test_a_file_with_errors_is_never_cached(mini_content, settings):
    path = str(write_story(mini_content, drop=("Title",)))
    parsed = NewsroomReader(settings).parse(path)
    assert parsed.failed
    cache = _reload(settings)
    cache.put(path, stamp(path), parsed)
    cache.save()
    assert _reload(settings).get(path, stamp(path)) is None


def test_warnings_of_a_cached_file_are_reported_again(mini_content, settings):
    body = "Paragraf pembuka.\n\n![Warga membersihkan saluran](kedua.jpg)\n"  # no caption
    path = str(write_story(mini_content, body=body, photos=("kerja-bakti.jpg", "kedua.jpg")))
    parsed = NewsroomReader(settings).parse(path)
    assert parsed.problems and not parsed.failed
    assert {p.severity for p in parsed.problems} == {"warning"}
    cache = _reload(settings)
    cache.put(path, stamp(path), parsed)
    cache.save()
    reader = NewsroomReader(settings)
    reader.prepared[path] = _reload(settings).get(path, stamp(path))
    BUILD_LOG.clear()
    reader.read(path)
    assert BUILD_LOG.problems == parsed.problems
    BUILD_LOG.clear()


def test_worker_processes_parse_exactly_what_the_build_process_parses(mini_content, settings):
    paths = [str(write_story(mini_content, f"berita-{n}", Title=f"Berita {n}")) for n in range(6)]
    paths.append(str(write_story(mini_content, "rusak", drop=("Summary",))))
    reader = NewsroomReader(settings)
    serial = [reader.parse(p) for p in paths]
    pooled = {**settings, "NEWSROOM_READ_WORKERS": 2, "NEWSROOM_READ_PARALLEL_MIN": 1}
    assert parse_all(reader, paths, pooled) == serial
    assert [p.failed for p in serial] == [False] * 6 + [True]


def test_how_files_are_read_or_output_is_cleaned_does_not_invalidate(settings):
    before = fingerprint(settings)
    settings["NEWSROOM_READ_WORKERS"] = 7
    settings["NEWSROOM_CLEAN_OUTPUT"] = not settings["NEWSROOM_CLEAN_OUTPUT"]
    assert fingerprint(settings) == before  # dev and production builds share the cache
