"""The news theme in a real Chromium: every page type on phone and desktop, served on loopback.

Checks: no console errors, no request leaving 127.0.0.1, skip link, YouTube facade, Pagefind
search in Indonesian, axe-core with no violations, page weight budget of a story.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from theme_context.audit import serve

from .conftest import Build

playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"ponsel": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(site: Build) -> Iterator[str]:
    """The built sample site on a free loopback port."""
    with serve(site.output) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium tidak terpasang (/usr/bin/chromium); .ci/run memasangnya")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class Visit:
    """One page load: console errors, requests outside loopback, bytes per resource type."""

    def __init__(self, browser: object, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, service_workers="block")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str) -> object:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: object) -> Iterator[functools.partial]:
    visits: list[Visit] = []

    def make(viewport: str = "ponsel") -> Visit:
        v = Visit(browser, VIEWPORTS[viewport])
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


def _pages(site: Build) -> dict[str, str]:
    """One URL of each page type, found in the built output (never hard-coded sample facts)."""
    out = site.output

    def first(pattern: str) -> str:
        found = sorted(out.glob(pattern))
        assert found, f"no page matches {pattern}"
        return "/" + found[0].parent.relative_to(out).as_posix() + "/"

    video = [
        p for p in sorted(out.glob("berita/*/*/*/*/index.html")) if "data-yt=" in p.read_text()
    ]
    assert video, "the sample content has no story with a YouTube video"
    return {
        "beranda": "/",
        "berita": "/" + video[0].parent.relative_to(out).as_posix() + "/",
        "rubrik": first("rubrik/*/index.html"),
        "daftar rubrik": "/rubrik/",
        "kecamatan": first("wilayah/*/index.html"),
        "kelurahan": first("wilayah/*/*/index.html"),
        "wilayah": "/wilayah/",
        "topik": first("topik/*/index.html"),
        "penulis": first("penulis/*/index.html"),
        "unit": first("unit/*/index.html"),
        "arsip": "/arsip/",
        "arsip bulan": first("arsip/*/*/index.html"),
        "halaman 2": first("**/page/2/index.html"),
        "halaman tetap": first("tentang-kami/index.html"),
        "404": "/404.html",
        "cari": "/cari/?q="
        + _title_words(site, "/" + video[0].parent.relative_to(out).as_posix() + "/")[1].lower(),
    }


@pytest.fixture(scope="module")
def pages(site: Build) -> dict[str, str]:
    return _pages(site)


PAGE_TYPES = [
    "beranda", "berita", "rubrik", "daftar rubrik", "kecamatan", "kelurahan", "wilayah", "topik",
    "penulis", "unit", "arsip", "arsip bulan", "halaman 2", "halaman tetap", "404", "cari",
]  # fmt: skip


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_clean_and_accessible(visit, server, pages, kind, viewport) -> None:
    """No console error, nothing fetched outside loopback, one <h1>, axe-core finds nothing."""
    v = visit(viewport)
    page = v.open(server + pages[kind])
    if kind == "cari":
        page.wait_for_selector(".result")  # results, highlights and filters are checked by axe too
    page.mouse.wheel(0, 20000)  # bring lazy photos in, they must load from loopback too
    page.wait_for_load_state("networkidle")
    assert v.errors == [], v.errors
    assert v.outside == [], v.outside
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("img:not([alt])").count() == 0
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px on {viewport}"
    results = axe_module.Axe().run(page)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], violations


def test_skip_link_reaches_main_content(visit, server, pages) -> None:
    page = visit().open(server + pages["berita"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#isi"
    assert page.locator(".skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('isi').contains(document.activeElement)")
    assert inside, "the next Tab after the skip link must stay inside <main>"


def test_video_facade_loads_iframe_only_after_click(visit, server, pages) -> None:
    v = visit("desktop")
    page = v.open(server + pages["berita"])
    page.wait_for_load_state("networkidle")
    assert page.locator(".yt iframe").count() == 0
    assert not [u for u in v.outside if "youtube" in u], v.outside
    link = page.locator(".yt-link")
    assert link.get_attribute("href").startswith("https://www.youtube.com/watch?v=")
    link.click()
    frame = page.locator(".yt iframe")
    frame.wait_for(state="attached")
    src = frame.get_attribute("src")
    assert re.match(r"https://www\.youtube-nocookie\.com/embed/[\w-]{11}\?autoplay=1$", src), src
    assert frame.get_attribute("title")


def _title_words(site: Build, url: str) -> tuple[str, str]:
    class H1(HTMLParser):
        inside = False
        text = ""

        def handle_starttag(self, tag, attrs):
            self.inside = self.inside or tag == "h1"

        def handle_endtag(self, tag):
            if tag == "h1":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.text += data

    parser = H1()
    parser.feed(site.page(url))
    words = [w for w in re.findall(r"[A-Za-z]+", parser.text) if len(w) > 5]
    return parser.text.strip(), max(words, key=len)


def _filter_values(page: object, name: str) -> list[str]:
    return page.eval_on_selector_all(f"#f-{name} option", "os => os.map(o => o.value)")


def test_search_finds_story_for_indonesian_query(visit, server, pages, site) -> None:
    """Typed query → the story; filters narrow; the URL reproduces the search; lazy Pagefind."""
    title, word = _title_words(site, pages["berita"])
    story_html = site.page(pages["berita"])
    kecamatan = re.search(r'data-pagefind-filter="kecamatan">([^<]+)<', story_html).group(1)
    v = visit("desktop")
    requested: list[str] = []
    v.page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page = v.open(server + "/cari/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if u.startswith("/pagefind/")], "Pagefind loaded before use"
    page.focus("#q")
    page.keyboard.type(word.lower())
    result = page.locator(".result-title a", has_text=title[:30])
    result.first.wait_for(timeout=15000)
    assert result.first.get_attribute("href").rstrip("/").endswith(pages["berita"].rstrip("/"))
    assert not [u for u in requested if "pagefind-ui" in u], "the stock Pagefind UI is not used"
    status = page.locator("#cari-status")
    assert status.get_attribute("aria-live") == "polite"
    assert word.lower() in status.text_content()
    assert page.evaluate("location.search") == f"?q={word.lower()}"
    # Pagefind's highlights are the only markup inside an excerpt.
    tags = page.eval_on_selector_all(
        ".result-excerpt *", "els => [...new Set(els.map(e => e.tagName))]"
    )
    assert tags == ["MARK"], tags

    assert kecamatan in _filter_values(page, "kecamatan")
    page.select_option("#f-kecamatan", kecamatan)
    page.wait_for_function("location.search.includes('kecamatan=')")
    result.first.wait_for()
    other = next(k for k in _filter_values(page, "kecamatan") if k not in ("", kecamatan))
    page.select_option("#f-kecamatan", other)
    page.wait_for_function("location.search.includes('kecamatan=') && !document.querySelector"
                           f"('.result a[href$=\"{pages['berita']}\"]')")  # fmt: skip
    shared = page.url
    assert "kecamatan=" in shared

    again = visit("ponsel").open(shared)
    again.wait_for_function("document.getElementById('cari-status').textContent.length > 0")
    assert again.input_value("#q") == word.lower()
    assert again.input_value("#f-kecamatan") == other
    assert again.locator(".result a", has_text=title[:30]).count() == 0
    assert v.errors == [] and v.outside == []


def test_story_page_budget(visit, server, pages) -> None:
    """≤ 100 KB transferred without photos, ≤ 15 KB of JavaScript, lead photo first."""
    v = visit()
    sizes: dict[str, int] = {}
    v.page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page = v.open(server + pages["berita"])
    page.wait_for_load_state("networkidle")
    non_photo = sum(n for u, n in sizes.items() if not re.search(r"\.(jpe?g|png|webp|avif)$", u))
    js = sum(n for u, n in sizes.items() if u.endswith(".js"))
    assert non_photo <= 100_000, sizes
    assert js <= 15_000, sizes
    lead = page.locator(".lead-photo img")
    assert lead.get_attribute("fetchpriority") == "high"
    # Theme-placed photos (lead, cards, video poster); photos inside the story text are the
    # media plugin's (plugins/media rewrites them as responsive pictures).
    theme_imgs = page.locator("img:not(.body img)").all()
    assert theme_imgs
    for img in theme_imgs:
        assert img.get_attribute("width") and img.get_attribute("height")
        eager = img.get_attribute("fetchpriority") == "high"
        assert eager or img.get_attribute("loading") == "lazy"
    assert page.locator("img[fetchpriority=high]").count() == 1
