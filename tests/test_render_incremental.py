"""Incremental output (plugins/stable_output): signatures, stable pagination, parallel == serial."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican.paginator import PaginationRule
from stable_output.pagination import bucket_bounds, stable_pages

from tests.conftest import run_pelican
from tests.support.stories import write_story

NO_PHOTO = ("Image", "ImageAlt", "ImageCaption", "ImageCredit")
# Two stories per listing page, so a handful of stories already makes several pages.
SMALL_PAGES = ["DEFAULT_PAGINATION=2", "THEME_SEARCH=false"]  # more -e pairs (conftest)


def _items(count: int) -> list[int]:
    """Stand-ins for stories, newest first (higher = newer)."""
    return list(range(count, 0, -1))


@pytest.mark.parametrize("per_page", [1, 2, 5, 12])
def test_older_pages_keep_their_stories_when_one_is_added(per_page):
    for count in range(60):
        before = stable_pages("x/index.html", "x/", _items(count), _settings(), per_page)
        after = stable_pages("x/index.html", "x/", _items(count + 1), _settings(), per_page)
        old = {p.url: p.object_list for p in before[1:]}
        new = {p.url: p.object_list for p in after[1:]}
        assert all(new[url] == items for url, items in old.items())  # no page shifted or vanished
        assert len(set(new) - set(old)) <= 1  # at most one new archived page


@pytest.mark.parametrize(("count", "per_page"), [(0, 3), (2, 3), (3, 3), (7, 3), (35, 10)])
def test_pages_cover_every_story_once_newest_first(count, per_page):
    bounds = bucket_bounds(count, per_page)
    covered = [i for start, stop in bounds for i in range(start, stop)]
    assert covered == list(range(count))
    pages = stable_pages("x/index.html", "x/", _items(count), _settings(), per_page)
    assert pages[0].url == "x/" and not pages[0].has_previous()
    assert all(len(p.object_list) == per_page for p in pages[1:])
    assert len(pages[0].object_list) < 2 * per_page or count < per_page
    numbers = [p.number for p in pages]
    assert numbers == [1, *range(len(pages), 1, -1)]  # archived pages counted from the oldest
    assert [p.has_next() for p in pages] == [True] * (len(pages) - 1) + [False]


def _settings() -> dict:
    return {
        "PAGINATION_PATTERNS": [
            PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
        ]
    }


def _story(content: Path, n: int, **fields: str) -> None:
    fields = {"Tags": "kerja bakti", **fields}
    write_story(
        content,
        f"berita-uji-{n:02d}",
        Title=f"Berita Uji Nomor {n}",
        Date=f"2026-11-{n + 1:02d} 09:00",
        photos=(),
        drop=NO_PHOTO + tuple(k for k, v in fields.items() if not v),
        **{k: v for k, v in fields.items() if v},
    )


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*.html")
        if "admin" not in p.relative_to(out).parts
    }


def _tamper(out: Path) -> None:
    """Change every page's bytes but not its size or mtime: only a re-render undoes it."""
    for page in out.rglob("*.html"):
        stat = page.stat()
        page.write_bytes(page.read_bytes().replace(b"Kabar Jakarta Utara", b"KABAR JAKARTA UTARA"))
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _rendered(out: Path) -> set[str]:
    return {p for p, (data, _m) in _snapshot(out).items() if b"KABAR JAKARTA UTARA" not in data}


def test_new_story_renders_only_what_shows_it(mini_content, tmp_path):
    for n in range(1, 8):
        _story(mini_content, n)
    out = tmp_path / "output"
    first = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert first.returncode == 0, first.log
    _tamper(out)
    again = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert again.returncode == 0, again.log
    assert _rendered(out) == set()  # nothing changed: no page rendered again

    before = _snapshot(out)
    # Only the rubrik in common: older stories have closer related stories than this one.
    unrelated = {"Kecamatan": "Cilincing", "Tags": "posyandu"}
    _story(mini_content, 8, **unrelated, Kelurahan="", Unit="")
    added = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert added.returncode == 0, added.log
    after = _snapshot(out)
    rendered = _rendered(out)
    assert "berita/2026/11/09/berita-uji-08/index.html" in rendered
    assert "berita/2026/11/08/berita-uji-07/index.html" in rendered  # its "next story" link
    assert "index.html" in rendered and "arsip/2026/11/index.html" in rendered  # first pages
    assert "berita/2026/11/02/berita-uji-01/index.html" not in rendered
    # Older listing pages (bucket 1 = the two oldest stories) keep their bytes and mtime.
    for older in ("arsip/2026/11/page/2/index.html", "penulis/rina-marlina/page/2/index.html"):
        assert after[older] == before[older]
    assert "topik/kerja-bakti/index.html" not in rendered  # a listing without the new story
    # Later home pages list only stories (index_continued.html): what the first page also shows
    # (rubrik counts, stories per kecamatan) changed, yet only the newest archived page and its
    # neighbour may render again.
    later_home = {p for p in after if p.startswith("page/")}
    assert len(later_home) >= 3
    assert len(rendered & later_home) <= 2, sorted(rendered & later_home)
    assert b"<h1>Berita terbaru</h1>" in after[min(later_home)][0]
    assert len(rendered) < len(after) / 2, (sorted(rendered), len(after))


def test_page_rerenders_when_what_it_shows_changes(mini_content, tmp_path):
    for n in range(1, 6):
        _story(mini_content, n)
    out = tmp_path / "output"
    assert run_pelican(mini_content, out, extra=SMALL_PAGES).returncode == 0
    before = _snapshot(out)
    story = mini_content / "berita/2026/11/berita-uji-03/index.md"
    text = story.read_text(encoding="utf-8").replace("Berita Uji Nomor 3", "Judul Baru Nomor 3")
    story.write_text(text, encoding="utf-8")
    build = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert build.returncode == 0, build.log
    after = _snapshot(out)
    touched = {p for p in after if after[p][1] != before[p][1]}
    for page in touched:
        assert b"Judul Baru Nomor 3" in after[page][0], page  # only pages showing the title
    showing = {p for p, (data, _m) in after.items() if b"Judul Baru Nomor 3" in data}
    assert showing == touched
    assert "berita/2026/11/03/berita-uji-02/index.html" in showing  # neighbour's next link


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_parallel_output_equals_serial(mini_content, tmp_path, settings):
    for n in range(1, 7):
        _story(mini_content, n)
    outputs = {}
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}" / "output"
        extra = [
            *SMALL_PAGES,
            f"STABLE_OUTPUT_WORKERS={workers}",
            "STABLE_OUTPUT_MIN_PARALLEL=1",
            *("-v", "--log-handler", "rich"),  # the plain handler leaves out INFO
        ]
        build = run_pelican(mini_content, out, settings, extra, {"SITEURL": "https://kabar.test"})
        assert build.returncode == 0, build.log
        # Production builds too (absolute SITEURL): their pages do not depend on render order.
        assert ("dirender dengan 2 proses" in build.log) == (workers == 2), build.log
        outputs[workers] = {p: data for p, (data, _m) in _snapshot(out).items()}
    assert outputs[1] and outputs[1] == outputs[2]


def test_data_file_change_renders_the_pages_that_show_it(mini_content, tmp_path):
    """A kelurahan added to content/data/wilayah.toml shows on its kecamatan's page at once."""
    for n in range(1, 4):
        _story(mini_content, n)
    out = tmp_path / "output"
    assert run_pelican(mini_content, out, extra=SMALL_PAGES).returncode == 0
    data = mini_content / "data" / "wilayah.toml"
    text = data.read_text(encoding="utf-8")
    anchor = '  { nama = "Pluit", kode = "31.72.01.1005"'
    assert anchor in text
    new = '  { nama = "Muara Baru Uji", kode = "31.72.01.1099", lat = -6.11, lon = 106.80 },\n'
    data.write_text(text.replace(anchor, new + anchor), encoding="utf-8")
    again = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert again.returncode == 0, again.log
    clean = tmp_path / "clean" / "output"
    assert run_pelican(mini_content, clean, extra=SMALL_PAGES).returncode == 0
    pages = ("wilayah/index.html", "wilayah/penjaringan/index.html")
    for page in pages:
        shown = (out / page).read_text(encoding="utf-8")
        assert "Muara Baru Uji" in shown, page
        assert shown == (clean / page).read_text(encoding="utf-8"), page


def test_link_to_another_story_follows_its_new_address(mini_content, tmp_path):
    """A body link ``{filename}…`` shows the other story's URL: when that URL changes (its date
    moved), the linking story's page is rendered again although its own folder did not change
    and the other story is neither its neighbour nor related to it."""
    for n in (1, 2, 3):
        _story(mini_content, n)
    unrelated = {"Kecamatan": "Cilincing", "Tags": "posyandu", "Category": "Kesehatan"}
    _story(mini_content, 4, **unrelated, Kelurahan="", Unit="")
    linking = mini_content / "berita/2026/11/berita-uji-01/index.md"
    text = linking.read_text(encoding="utf-8")
    linking.write_text(text + "\nLihat [berita lain]({filename}../berita-uji-04/index.md).\n")
    out = tmp_path / "output"
    first = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert first.returncode == 0, first.log
    page = out / "berita/2026/11/02/berita-uji-01/index.html"
    before = page.read_text(encoding="utf-8")
    assert "/berita/2026/11/05/berita-uji-04/" in before
    assert before.count("berita-uji-04") == 1  # only the body link: not related, not next
    other = mini_content / "berita/2026/11/berita-uji-04/index.md"
    other.write_text(other.read_text(encoding="utf-8").replace("2026-11-05", "2026-11-06"))
    again = run_pelican(mini_content, out, extra=SMALL_PAGES)
    assert again.returncode == 0, again.log
    shown = page.read_text(encoding="utf-8")
    assert "/berita/2026/11/06/berita-uji-04/" in shown and "/11/05/berita-uji-04/" not in shown
