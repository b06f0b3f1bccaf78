"""Rebuilds reuse unchanged stories' work (feeds, stories.json) yet equal a clean build.

Real production builds of a small site: after each change (an edited story, a swapped photo, a
changed setting, a changed data file) the rebuild with caches must write the same
``stories.json`` and feeds as a clean build into fresh folders, and must recompute only the
stories the change can reach: a story's line is rebuilt exactly when its key in
``stories.json.index`` changes (tests/test_syndication_storyfile.py), so the keys are compared.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Build, run_pelican
from tests.support.stories import write_photo, write_story

SLUGS = ("kerja-bakti-satu", "kerja-bakti-dua", "kerja-bakti-tiga")


def build(content: Path, folder: Path, siteurl: str = "https://kabar.test") -> Build:
    """A production build into ``folder`` (output, caches and stories.json all inside it)."""
    result = run_pelican(
        content,
        folder / "output",
        settings="publishconf.py",
        env={"SITEURL": siteurl, "MEDIA_CACHE_PATH": str(folder / "media")},
        extra=[
            f'SYNDICATION_STORIES_PATH="{folder / "stories.json"}"',
            f'SYNDICATION_LEDGER_PATH="{folder / "ledger"}"',
            "THEME_SEARCH=false",
        ],
    )
    assert result.returncode == 0, result.log[-4000:]
    return result


def keys(folder: Path) -> dict[str, str]:
    index = json.loads((folder / "stories.json.index").read_text("utf-8"))
    return {sid: entry[0] for sid, entry in index["entries"].items()}


def rebuilt(content: Path, folder: Path, siteurl: str = "https://kabar.test") -> int:
    """Build again; how many stories' entries had to be made anew."""
    before = keys(folder)
    build(content, folder, siteurl)
    after = keys(folder)
    assert set(after) == set(before)
    return sum(after[sid] != before[sid] for sid in after)


def feeds(folder: Path) -> dict[str, bytes]:
    root = folder / "output" / "feeds"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_same_as_clean(content: Path, cached: Path, clean: Path, siteurl: str) -> None:
    build(content, clean, siteurl)
    assert (cached / "stories.json").read_bytes() == (clean / "stories.json").read_bytes()
    assert feeds(cached) == feeds(clean)


def test_rebuilds_recompute_only_what_changed_and_equal_a_clean_build(tmp_path, mini_content):
    for day, slug in enumerate(SLUGS, start=17):
        write_story(mini_content, slug, Date=f"2026-11-{day} 09:30", Title=f"Kerja Bakti {slug}")
    cached = tmp_path / "cached"
    build(mini_content, cached)
    stories = json.loads((cached / "stories.json").read_text("utf-8"))["stories"]
    assert len(stories) == len(SLUGS) and all(s["feed_item"] for s in stories)

    story = mini_content / "berita" / "2026" / "11" / SLUGS[1] / "index.md"
    story.write_text(story.read_text("utf-8") + "\nParagraf tambahan setelah disunting.\n")
    assert rebuilt(mini_content, cached) == 1
    assert_same_as_clean(mini_content, cached, tmp_path / "clean-edit", "https://kabar.test")
    assert "Paragraf tambahan" in (cached / "stories.json").read_text("utf-8")

    write_photo(story.parent.parent / SLUGS[2] / "kerja-bakti.jpg", size=(1200, 900))
    assert rebuilt(mini_content, cached) == 1
    assert_same_as_clean(mini_content, cached, tmp_path / "clean-photo", "https://kabar.test")
    assert '"width": 1200' in (cached / "stories.json").read_text("utf-8")

    assert rebuilt(mini_content, cached, "https://kabar2.test") == len(SLUGS)
    assert_same_as_clean(mini_content, cached, tmp_path / "clean-site", "https://kabar2.test")

    data = next((mini_content / "data").glob("*.toml"))
    data.write_text(data.read_text("utf-8") + "\n# catatan\n", "utf-8")
    assert rebuilt(mini_content, cached, "https://kabar2.test") == len(SLUGS)


def test_family_feeds_keep_older_stories_outside_the_site_feed(tmp_path, mini_content):
    """Only the newest FEEDS_MAX_ITEMS of each family get a feed entry, from all stories."""
    write_story(mini_content, "terbaru", Date="2026-11-20 09:30", Tags="banjir")
    write_story(mini_content, "posyandu-lama", Date="2026-11-19 09:30", Tags="posyandu")
    write_story(mini_content, "banjir-lama", Date="2026-11-18 09:30", Tags="banjir")
    result = run_pelican(
        mini_content,
        tmp_path / "output",
        settings="publishconf.py",
        env={"SITEURL": "https://kabar.test", "MEDIA_CACHE_PATH": str(tmp_path / "media")},
        extra=[
            f'SYNDICATION_STORIES_PATH="{tmp_path / "stories.json"}"',
            "FEEDS_MAX_ITEMS=1",
            "THEME_SEARCH=false",
        ],
    )
    assert result.returncode == 0, result.log[-4000:]
    texts = {name: data.decode() for name, data in feeds(tmp_path).items()}
    assert "/terbaru/" in texts["semua.atom.xml"]
    assert "/posyandu-lama/" not in texts["semua.atom.xml"]
    assert "/posyandu-lama/" in texts["topik/posyandu.atom.xml"]
    assert "/terbaru/" in texts["topik/banjir.atom.xml"]
    assert not any("/banjir-lama/" in text for text in texts.values())
