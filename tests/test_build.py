"""The sample site, built by the real Pelican: URLs, publication rules, dates, districts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from stable_output.pagination import bucket_bounds

from tests.conftest import ROOT, Build

WIB = ZoneInfo("Asia/Jakarta")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]  # fmt: skip


@dataclass
class Story:
    """What a test needs to know of a sample story, read independently of the plugin."""

    folder: Path
    fields: dict[str, str]

    @property
    def slug(self) -> str:
        return self.folder.name

    @property
    def date(self) -> datetime:
        return datetime.strptime(self.fields["Date"][:16], "%Y-%m-%d %H:%M").replace(tzinfo=WIB)

    @property
    def url(self) -> str:
        return f"/berita/{self.date:%Y/%m/%d}/{self.slug}/"

    @property
    def published(self) -> bool:
        return self.fields.get("Status", "").lower() != "draft" and self.date <= datetime.now(WIB)


def _read(index: Path) -> Story:
    fields = {}
    for line in index.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return Story(index.parent, fields)


STORIES = [_read(p) for p in sorted((ROOT / "content" / "berita").glob("*/*/*/index.md"))]
PUBLISHED = [s for s in STORIES if s.published]
HIDDEN = [s for s in STORIES if not s.published]


def test_sample_content_is_rich_enough():
    assert len(STORIES) >= 24
    assert len([s for s in STORIES if s.fields.get("Status", "").lower() == "draft"]) >= 2
    assert {s.fields["Kecamatan"] for s in STORIES} >= {
        "Penjaringan", "Tanjung Priok", "Koja", "Cilincing", "Pademangan", "Kelapa Gading",
    }  # fmt: skip
    assert len({s.fields["Category"] for s in STORIES}) == 10
    assert len([s for s in STORIES if "Video" in s.fields]) >= 4
    assert len({a.strip() for s in STORIES for a in s.fields["Author"].split(",")}) >= 4


def test_every_published_story_is_written_once_at_its_url(site: Build):
    story_pages = {
        "/" + p.parent.relative_to(site.output).as_posix() + "/"
        for p in (site.output / "berita").rglob("index.html")
    }
    assert story_pages == {s.url for s in PUBLISHED}
    for story in PUBLISHED:
        html = site.page(story.url)
        assert html.count("<h1") == 1
        assert f"<h1>{story.fields['Title']}</h1>" in html.replace("&amp;", "&")


def test_drafts_and_future_stories_are_nowhere(site: Build):
    assert HIDDEN, "the sample has drafts"
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.files()
        if p.suffix in {".html", ".xml", ".txt"}
    )
    for story in HIDDEN:
        assert story.fields["Title"] not in everything
        assert story.slug not in everything
        for photo in story.folder.glob("*.jpg"):
            # the original, or a derivative of it (``<stem>-<size>-<hash>.<ext>``)
            published = [
                p
                for p in site.output.rglob(f"{photo.stem}*")
                if p.name == photo.name or p.name.startswith(f"{photo.stem}-")
            ]
            assert not published or any(
                s.folder != story.folder and list(s.folder.glob(f"{photo.stem}.*"))
                for s in PUBLISHED
            ), f"photo of an unpublished story leaked: {photo.name}"


def test_future_story_waits_for_its_time(mini_content, tmp_path):
    from tests.conftest import run_pelican  # noqa: PLC0415
    from tests.support.stories import write_story  # noqa: PLC0415

    write_story(mini_content, "sudah-terbit")
    tomorrow = datetime.now(WIB).replace(microsecond=0)
    write_story(
        mini_content,
        "besok-terbit",
        folder_month=f"{tomorrow:%Y/%m}",
        Title="Pengumuman Jadwal Besok",
        Date=f"{tomorrow.replace(year=tomorrow.year + 1):%Y-%m-%d %H:%M}",
    )
    build = run_pelican(mini_content, tmp_path / "output", strict=True)
    assert build.returncode == 0, build.log
    assert "sudah-terbit" in build.page("/")
    assert "besok-terbit" not in "".join(p.as_posix() for p in build.files())
    assert "Pengumuman Jadwal Besok" not in build.page("/")


def test_url_scheme(site: Build):
    rel = [p.relative_to(site.output).as_posix() for p in site.files()]
    html = [r for r in rel if r.endswith(".html")]
    allowed = re.compile(
        r"^(index\.html|404\.html|page/\d+/index\.html"
        r"|berita/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/index\.html"
        r"|(rubrik|topik|penulis|unit)/(index\.html|[a-z0-9-]+/(page/\d+/)?index\.html)"
        r"|wilayah/(index\.html|[a-z0-9-]+/((page/\d+/)?|[a-z0-9-]+/(page/\d+/)?)index\.html)"
        r"|arsip/(index\.html|\d{4}/((page/\d+/)?|\d{2}/(page/\d+/)?)index\.html)"
        r"|agenda/[a-z0-9-]+/index\.html"  # reach: agenda per kecamatan and per item
        r"|ikuti-kami/poster/([a-z0-9-]+/[a-z0-9-]+/)?index\.html"  # reach: A4 posters
        r"|[a-z0-9-]+/index\.html)$"
    )
    strays = [r for r in html if not allowed.match(r)]
    assert strays == []
    assert "robots.txt" in rel
    assert "404.html" in rel
    for slug in ("tentang-kami", "ikuti-kami", "kontak"):
        assert f"{slug}/index.html" in rel
    paged = [r for r in rel if re.search(r"[a-z-]\d+\.html$", r)]
    assert paged == [], "no {name}{number}.html pagination"


def test_pagination_uses_page_folders(site: Build):
    per_page = 12
    # Stable pagination (plugins/stable_output): archived pages are counted from the oldest.
    pages = len(bucket_bounds(len(PUBLISHED), per_page))
    assert pages >= 2
    for number in range(2, pages + 1):
        assert (site.output / f"page/{number}/index.html").exists()
    assert not (site.output / f"page/{pages + 1}").exists()
    assert f'href="/page/{pages}/"' in site.page("/")


def test_dates_are_indonesian_in_wib(site: Build):
    for story in PUBLISHED:
        d = story.date
        text = f"{DAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year} {d:%H.%M} WIB"
        html = site.page(story.url)
        assert text in html
        assert f'datetime="{d:%Y-%m-%dT%H:%M}:00+07:00"' in html
    assert '<html lang="id">' in site.page("/")


def test_district_pages_list_their_stories(site: Build):
    slug = lambda name: name.lower().replace(" ", "-")  # noqa: E731
    for story in PUBLISHED:
        kec = slug(story.fields["Kecamatan"])
        assert story.url in _all_pages(site, f"/wilayah/{kec}/")
        if "Kelurahan" in story.fields:
            kel = slug(story.fields["Kelurahan"])
            assert story.url in _all_pages(site, f"/wilayah/{kec}/{kel}/")
    # every one of the 31 kelurahan has a page, even without stories yet
    assert len(list((site.output / "wilayah").glob("*/*/index.html"))) == 31


def _all_pages(site: Build, url: str) -> str:
    """A listing and all its paginated pages, concatenated."""
    html = site.page(url)
    number = 2
    while (site.output / url.strip("/") / f"page/{number}/index.html").exists():
        html += site.page(f"{url}page/{number}/")
        number += 1
    return html


def test_rubrik_author_unit_topic_pages(site: Build):
    story = PUBLISHED[0]
    html = site.page(story.url)
    for prefix in ("/rubrik/", "/penulis/", "/wilayah/", "/topik/", "/unit/"):
        assert f'href="{prefix}' in html, prefix


@pytest.mark.parametrize("name", ["index.html", "rubrik/index.html", "arsip/index.html"])
def test_no_relative_or_broken_internal_links(site: Build, name: str):
    html = (site.output / name).read_text(encoding="utf-8")
    for href in re.findall(r'href="(/[^"#?]*)"', html):
        target = site.output / href.strip("/")
        assert target.exists() or (target / "index.html").exists(), href


def test_production_build_uses_absolute_urls(production_site: Build):
    home = production_site.page("/")
    assert 'href="https://kabar.test/' in home
    assert "User-agent: *" in production_site.page("/robots.txt")
    for story in HIDDEN:
        assert story.fields["Title"] not in home
