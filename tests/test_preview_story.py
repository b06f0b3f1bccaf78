"""`invoke preview-story`: one story rendered alone looks like the published story page."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from workflow.check import run_check
from workflow.preview import PREVIEW_NOTE, PreviewError, render
from workflow.settings import load

from tests.conftest import run_pelican
from tests.support.stories import write_photo, write_story

VIDEO_ID = "KsUntr80pct"


def _story_with_media(content: Path, slug: str = "pengerukan-kali", **fields: str) -> Path:
    """A story with a lead photo, two body photos (so a gallery) and a YouTube video."""
    body = (
        "Alat berat mengeruk lumpur Kali Sunter sejak Senin pagi.\n\n"
        '![Warga menonton pengerukan](warga-menonton.jpg "Warga menonton dari jembatan.")\n\n'
        "Petugas menargetkan pengerukan selesai dalam dua pekan.\n\n"
        '![Turap beton di tepi kali](turap.jpg "Turap beton di sisi utara kali.")\n'
    )
    story = write_story(content, slug, body=body, Video=f"https://youtu.be/{VIDEO_ID}", **fields)
    for name in ("warga-menonton.jpg", "turap.jpg"):
        write_photo(story.parent / name, (2400, 1600))
    return story


def _between(html: str, start: str, end: str) -> str:
    """The part of ``html`` from ``start`` up to the first ``end`` after it."""
    begin = html.index(start)
    return html[begin : html.index(end, begin) + len(end)]


class _Refs(HTMLParser):
    """Every local file a page points to (src, srcset, href), without the SITEURL prefix."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value or name not in {"src", "srcset", "href"}:
                continue
            for item in value.split(","):
                url = item.strip().split(" ")[0]
                if url.startswith("/") and not url.startswith("//"):
                    self.refs.add(url.lstrip("/"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def built_and_previewed(mini_content: Path, tmp_path: Path):
    """The same story built with the whole site (next to an older one) and previewed alone."""
    write_story(mini_content, "kerja-bakti-lama", Date="2026-11-10 08:00")
    story = _story_with_media(mini_content)
    build = run_pelican(mini_content, tmp_path / "site" / "output")
    assert build.returncode == 0, build.log
    result = render(story, load(content=mini_content), tmp_path / "preview")
    site_page = build.output / result.url / "index.html"
    preview_page = result.output / result.url / "index.html"
    return site_page.read_text("utf-8"), preview_page.read_text("utf-8"), result


def test_preview_page_is_the_published_story_page(built_and_previewed):
    site, preview, _result = built_and_previewed
    # same head: title, description, canonical address and JSON-LD from the same templates
    for start, end in (("<title>", "</title>"), ('<link rel="canonical"', ">")):
        assert _between(preview, start, end) == _between(site, start, end)
    # same header of the story (rubrik, title, summary, byline, date, place) and the same text
    head = ('<header class="story-head">', "</header>")
    assert _between(preview, *head) == _between(site, *head)
    body = ('<div class="body">', "</div>")
    assert _text(_between(preview, *body)) == _text(_between(site, *body))
    # the body photos are <picture>s, the gallery holds every photo, the video is there
    assert _between(preview, *body).count("<picture") == 2
    gallery = ('<section class="gallery"', "</section>")
    figures = _between(preview, *gallery).count("<figure")
    assert figures == 3
    assert figures == _between(site, *gallery).count("<figure")
    assert VIDEO_ID in preview
    # the older story is the full build's "previous story"; the preview leaves it out, says so
    assert 'rel="prev"' in site
    assert 'rel="prev"' not in preview
    assert PREVIEW_NOTE in preview and PREVIEW_NOTE not in site
    assert preview.index(PREVIEW_NOTE) == preview.index("<body>") + len("<body>")


def test_preview_menu_lists_every_rubrik_as_the_published_site(built_and_previewed, mini_content):
    site, preview, _result = built_and_previewed
    nav = ('<nav class="wrap main-nav"', "</nav>")
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', _between(preview, *nav))
    rubrik = load(content=mini_content)["NEWSROOM_RUBRIK"]
    assert [unescape(name) for _url, name in links[1:-2]] == rubrik
    # the story's own rubrik (the only one the small site has) links where the site links it
    site_links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', _between(site, *nav))
    assert set(site_links[1:-2]) <= set(links)


def test_every_file_the_preview_page_uses_is_written(built_and_previewed):
    _site, preview, result = built_and_previewed
    parser = _Refs()
    parser.feed(preview)
    local = {r for r in parser.refs if r.startswith(("berita/", "theme/"))}
    photos = {r for r in local if r.endswith(".jpg")}
    assert len(photos) >= 3  # lead and two body photos
    assert any(r.startswith("theme/css/") for r in local)
    files = {r.split("#")[0] + ("index.html" if r.endswith("/") else "") for r in local}
    missing = sorted(f for f in files if not (result.output / f).is_file())
    assert missing == []


def test_preview_writes_the_story_page_only(built_and_previewed):
    _site, _preview, result = built_and_previewed
    pages = sorted(p.relative_to(result.output).as_posix() for p in result.output.rglob("*.html"))
    assert pages == [f"{result.url}index.html"]
    assert not list(result.output.rglob("*.xml"))  # no feeds or sitemaps
    assert not (result.output / "pagefind").exists()


@pytest.mark.parametrize(
    ("fields", "remove"),
    [
        ({"Kecamatan": "Bekasi"}, "turap.jpg"),  # found while reading the story
        ({"Agenda": "tidak-ada-agenda"}, ""),  # found once the story is read (reach plugin)
    ],
)
def test_preview_reports_errors_as_check_does(
    mini_content: Path, tmp_path: Path, fields: dict[str, str], remove: str
):
    story = _story_with_media(mini_content, **fields)
    if remove:
        (story.parent / remove).unlink()
    settings = load(content=mini_content)
    expected = [str(p) for p in run_check(settings, [story]).errors]
    assert len(expected) == len(fields) + bool(remove)
    with pytest.raises(PreviewError) as caught:
        render(story, settings, tmp_path / "preview")
    assert sorted(str(caught.value).splitlines()) == sorted(expected)
    assert not (tmp_path / "preview" / "output" / "berita").exists()  # nothing half-written


def test_preview_again_after_an_edit_shows_the_new_text(mini_content: Path, tmp_path: Path):
    """The livereload server of `preview-story` renders again in the same process."""
    story = _story_with_media(mini_content)
    settings = load(content=mini_content)
    first = render(story, settings, tmp_path / "preview")
    text = story.read_text(encoding="utf-8")
    story.write_text(text + "\nParagraf tambahan setelah disunting.\n", encoding="utf-8")
    second = render(story, settings, tmp_path / "preview")
    assert second.url == first.url
    page = (second.output / second.url / "index.html").read_text(encoding="utf-8")
    assert "Paragraf tambahan setelah disunting." in page
    assert page.count(PREVIEW_NOTE) == 1


def test_a_story_with_errors_keeps_the_last_good_preview(mini_content: Path, tmp_path: Path):
    """While the story has errors the browser keeps showing its last good version."""
    story = _story_with_media(mini_content)
    settings = load(content=mini_content)
    good = render(story, settings, tmp_path / "preview")
    page = good.output / good.url / "index.html"
    before = page.read_bytes()
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("Kecamatan: Tanjung Priok", "Kecamatan: Bekasi"), "utf-8")
    with pytest.raises(PreviewError, match="Kecamatan"):
        render(story, settings, tmp_path / "preview")
    assert page.read_bytes() == before
