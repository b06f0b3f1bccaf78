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


def _cache_with(settings: dict, paths: list[str]) -> ParseCache:
    """A cache that saw exactly ``paths`` (parsed now), saved."""
    reader = NewsroomReader(settings)
    cache = _reload(settings)
    for path in paths:  # as parallel.prepare does: a hit is kept, a miss parsed and put
        if cache.get(path, stamp(path)) is None:
            cache.put(path, stamp(path), reader.parse(path))
    cache.save()
    return cache


def test_a_few_new_files_go_to_the_journal_and_are_read_back(mini_content, settings):
    # 20 stories (with their photos: a story without its lead photo has errors, never cached)
    paths = [str(write_story(mini_content, f"kelurahan-{n:02d}")) for n in range(20)]
    first = _cache_with(settings, paths)
    saved = first.path.stat()
    assert not first.journal.exists()

    # One story more: 1 of 21 entries is under 5 %, so only the journal is written.
    new = str(write_story(mini_content, "posyandu-baru"))
    second = _cache_with(settings, [*paths, new])
    assert second.journal.exists()
    assert (second.path.stat().st_ino, second.path.stat().st_mtime_ns) == (
        saved.st_ino,
        saved.st_mtime_ns,
    )
    again = _reload(settings)
    assert again.get(new, stamp(new)) == NewsroomReader(settings).parse(new)
    assert all(again.get(p, stamp(p)) is not None for p in paths)

    # Nothing new: nothing written at all.
    journal = second.journal.stat().st_mtime_ns
    _cache_with(settings, [*paths, new])
    assert second.journal.stat().st_mtime_ns == journal

    # Many changed files (over 5 %): the whole file again, the journal gone.
    for path in paths[:3]:
        Path(path).write_text(Path(path).read_text(encoding="utf-8") + "\nTambahan.\n", "utf-8")
    third = _cache_with(settings, [*paths, new])
    assert not third.journal.exists() and third.path.stat().st_ino != saved.st_ino
    assert _reload(settings).get(paths[0], stamp(paths[0])) is not None


def test_a_journal_cut_short_is_read_up_to_the_break(mini_content, settings):
    paths = [str(write_story(mini_content, f"rapat-rw-{n:02d}")) for n in range(20)]
    _cache_with(settings, paths)
    new = str(write_story(mini_content, "rapat-rw-baru"))
    cache = _cache_with(settings, [*paths, new])
    with open(cache.journal, "ab") as handle:
        handle.write(b"\x80\x05terpotong")  # a build stopped while appending
    again = _reload(settings)
    assert again.get(new, stamp(new)) is not None
    # The next save writes everything again rather than append behind the broken record.
    later = str(write_story(mini_content, "rapat-rw-lagi"))
    _cache_with(settings, [*paths, new, later])
    assert not cache.journal.exists()
    assert _reload(settings).get(later, stamp(later)) is not None


def test_journal_of_other_code_is_ignored(mini_content, settings):
    paths = [str(write_story(mini_content, f"banjir-rob-{n:02d}")) for n in range(20)]
    _cache_with(settings, paths)
    new = str(write_story(mini_content, "banjir-rob-baru"))
    cache = _cache_with(settings, [*paths, new])
    data = cache.journal.read_bytes()
    # Other code wrote the whole file (without the new story) and a journal record of the old
    # code is left beside it: that record is not read.
    cache.fingerprint = "kode-lain"
    cache._new = {p: e for p, e in cache._new.items() if p != new}
    cache._rewrite()
    cache.journal.write_bytes(data)
    other = _reload(settings)
    other.fingerprint = "kode-lain"
    loaded = other._load()
    assert set(loaded) == set(paths) and new not in loaded
