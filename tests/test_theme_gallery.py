"""Story photo gallery and safe search excerpts, on a small site built for these tests.

The site has one story with a lead photo and two body photos (whose text also carries HTML-like
text, to check that search excerpts never become markup) and one story with a single photo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from theme_context.audit import serve

from .conftest import Build, run_pelican
from .support.stories import DEFAULT_FIELDS, new_content, write_story
from .test_theme_browser import axe_module, browser, visit  # noqa: F401 (pytest fixtures)

GALLERY_BODY = """Warga menempel tulisan `<img src=x onerror=alert(1)>` di papan pengumuman.

![Petugas mengeruk lumpur dari saluran](keruk.jpg "Pengerukan saluran. (Kominfotik JU/Agus)")

Setelah saluran bersih, warga menanam pohon peneduh di sepanjang jalan.

![Warga menanam pohon peneduh di tepi jalan](tanam.jpg "Penanaman pohon peneduh di RW 05.")
"""
LEAD_ALT = DEFAULT_FIELDS["ImageAlt"]


@pytest.fixture(scope="module")
def gallery_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("galeri")
    content = new_content(root)
    write_story(content, body=GALLERY_BODY, photos=("kerja-bakti.jpg", "keruk.jpg", "tanam.jpg"))
    write_story(
        content,
        "satu-foto-koja",
        Title="Satu Foto Saja di Koja",
        Kecamatan="Koja",
        Kelurahan="Lagoa",
        Unit="Kelurahan Lagoa",
        Date="2026-11-21 10:00",
    )
    build = run_pelican(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def _story(build: Build, slug: str) -> tuple[str, str]:
    found = list(build.output.glob(f"berita/*/*/*/{slug}/index.html"))
    assert len(found) == 1, found
    url = "/" + found[0].parent.relative_to(build.output).as_posix() + "/"
    return url, found[0].read_text(encoding="utf-8")


class GalleryParser(HTMLParser):
    """Links, image alts and captions inside ``<section class="gallery">``."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.alts: list[str] = []
        self.captions: list[str] = []
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth or (tag == "section" and a.get("class") == "gallery"):
            self.depth += tag == "section"
        if not self.depth:
            return
        if tag == "a" and "gallery-link" in (a.get("class") or ""):
            self.links.append(a["href"] or "")
        elif tag == "img":
            self.alts.append(a.get("alt") or "")
        elif tag == "figcaption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption" and self._caption is not None:
            self.captions.append(" ".join("".join(self._caption).split()))
            self._caption = None
        elif tag == "section" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)


def test_gallery_lists_every_photo_lead_first_linking_the_large_jpeg(gallery_site: Build) -> None:
    _url, html = _story(gallery_site, "kerja-bakti-sunter-jaya")
    g = GalleryParser()
    g.feed(html)
    assert g.alts == [
        LEAD_ALT,
        "Petugas mengeruk lumpur dari saluran",
        "Warga menanam pohon peneduh di tepi jalan",
    ]
    assert g.captions == [
        f"{DEFAULT_FIELDS['ImageCaption']} ({DEFAULT_FIELDS['ImageCredit']})",
        "Pengerukan saluran. (Kominfotik JU/Agus)",
        "Penanaman pohon peneduh di RW 05.",
    ]
    assert len(g.links) == 3
    for link in g.links:  # without JavaScript each thumbnail opens the large photo itself
        assert link.endswith(".jpg"), link
        assert (gallery_site.output / link.lstrip("/")).is_file(), link
    # The body photos stay as figures where the reporter put them.
    body = html.split('<div class="body">', 1)[1].split('<section class="gallery"', 1)[0]
    assert body.count("<figure>") == 2
    assert 'id="galeri-judul"' in html


def test_story_with_one_photo_has_no_gallery(gallery_site: Build) -> None:
    _url, html = _story(gallery_site, "satu-foto-koja")
    assert 'class="lead-photo"' in html
    assert 'class="gallery"' not in html


@pytest.fixture(scope="module")
def gallery_server(gallery_site: Build) -> Iterator[str]:
    with serve(gallery_site.output) as base:
        yield base


@pytest.mark.browser
def test_gallery_dialog_by_keyboard(visit, gallery_server, gallery_site) -> None:  # noqa: F811
    url, _html = _story(gallery_site, "kerja-bakti-sunter-jaya")
    v = visit("ponsel")
    page = v.open(gallery_server + url)
    links = page.locator(".gallery-link")
    links.first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator(".gallery-dialog")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("img").get_attribute("alt") == LEAD_ALT
    assert dialog.locator("img").get_attribute("loading") is None
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert dialog.locator("figcaption").text_content().startswith("1/3")
    page.keyboard.press("ArrowRight")
    assert dialog.locator("figcaption").text_content().startswith("2/3")
    assert dialog.locator("img").get_attribute("alt") == "Petugas mengeruk lumpur dari saluran"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert dialog.locator("figcaption").text_content().startswith("3/3")
    violations = [x["id"] for x in axe_module.Axe().run(page).response["violations"]]
    assert violations == []
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == links.nth(2).get_attribute("href")
    assert v.errors == [] and v.outside == []


@pytest.mark.browser
def test_search_excerpt_text_never_becomes_markup(visit, gallery_server) -> None:  # noqa: F811
    v = visit("desktop")
    page = v.open(gallery_server + "/cari/?q=onerror")
    excerpt = page.locator(".result-excerpt").first
    excerpt.wait_for(timeout=15000)
    assert "<img src=x onerror=alert(1)>" in re.sub(r"\s+", " ", excerpt.text_content())
    assert excerpt.locator("img").count() == 0
    assert page.locator(".search-results img").count() == 0
    assert v.errors == [] and v.outside == []
