"""Unchanged pages are not rewritten (mtime stable); changed pages are replaced."""

from __future__ import annotations

import os

import pytest
from stable_output import replace_if_changed

from tests.conftest import run_pelican
from tests.support.stories import write_story


def test_replace_if_changed(tmp_path):
    path = tmp_path / "a.html"
    assert replace_if_changed(str(path), b"satu")
    os.utime(path, ns=(1, 1))
    assert not replace_if_changed(str(path), b"satu")
    assert path.stat().st_mtime_ns == 1
    assert replace_if_changed(str(path), b"dua")
    assert path.read_bytes() == b"dua"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]  # no temp file left


def test_rebuild_without_changes_rewrites_nothing(mini_content, tmp_path):
    write_story(mini_content, "satu")
    write_story(mini_content, "dua", Title="Berita Kedua", Date="2026-11-21 10:00")
    out = tmp_path / "output"
    assert run_pelican(mini_content, out).returncode == 0
    pages = list(out.rglob("*.html"))
    for page in pages:
        os.utime(page, ns=(1, 1))
    assert run_pelican(mini_content, out).returncode == 0
    assert all(p.stat().st_mtime_ns == 1 for p in pages)

    story = mini_content / "berita/2026/11/dua/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    assert run_pelican(mini_content, out).returncode == 0
    changed = {p.relative_to(out).as_posix() for p in pages if p.stat().st_mtime_ns != 1}
    assert "berita/2026/11/21/dua/index.html" in changed
    assert "berita/2026/11/20/satu/index.html" not in changed


def test_cleaning_build_keeps_unchanged_pages_and_drops_stale_ones(mini_content, tmp_path):
    """Production (NEWSROOM_CLEAN_OUTPUT) starts from an empty output, yet unchanged pages come
    back from the set-aside previous tree with their mtime; files no longer produced are gone."""
    write_story(mini_content, "satu")
    write_story(mini_content, "dua", Title="Berita Kedua", Date="2026-11-21 10:00")
    out = tmp_path / "output"
    clean = ["NEWSROOM_CLEAN_OUTPUT=true"]
    assert run_pelican(mini_content, out, extra=clean).returncode == 0
    (out / "sisa-lama.html").write_text("stale", encoding="utf-8")
    pages = [p for p in out.rglob("*.html") if p.name != "sisa-lama.html"]
    for page in pages:
        os.utime(page, ns=(1, 1))

    story = mini_content / "berita/2026/11/dua/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    build = run_pelican(mini_content, out, extra=clean)
    assert build.returncode == 0, build.log
    assert not (out / "sisa-lama.html").exists()
    assert not (tmp_path / ".output.previous").exists()
    kept = {p.relative_to(out).as_posix() for p in pages if p.stat().st_mtime_ns == 1}
    assert "berita/2026/11/20/satu/index.html" in kept
    assert "berita/2026/11/21/dua/index.html" not in kept
    assert "Paragraf baru." in (out / "berita/2026/11/21/dua/index.html").read_text("utf-8")


def test_state_files_are_replaced_whole_or_left_as_they_were(tmp_path, monkeypatch):
    from stable_output import atomic  # noqa: PLC0415

    state = tmp_path / "cache" / "state.json"
    atomic.write_atomically(state, b'{"versi": 1}')
    assert state.read_bytes() == b'{"versi": 1}'

    def broken_replace(_src, _dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        atomic.write_atomically(state, b'{"versi": 2}')
    assert state.read_bytes() == b'{"versi": 1}'
    assert sorted(p.name for p in state.parent.iterdir()) == ["state.json"]
