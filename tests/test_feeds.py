"""Feeds, partner feed, JSON Feed, page metadata and sitemaps of a real production build."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import lxml.html
import pytest
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from feeds.stories import clean_text, zoned
from lxml import etree

from tests.conftest import ROOT, Build, run_pelican
from tests.support.stories import write_story

SITE = "https://kabar.test"
HUB = "http://127.0.0.1:9/hub"
WIB = ZoneInfo("Asia/Jakarta")
NS = {
    "a": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "georss": "http://www.georss.org/georss",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
MAX_ITEMS = 3


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


@pytest.fixture(scope="module")
def stories_now() -> datetime:
    return datetime.now(WIB).replace(second=0, microsecond=0) - timedelta(minutes=5)


@pytest.fixture(scope="module")
def feeds_site(tmp_path_factory: pytest.TempPathFactory, stories_now: datetime) -> Build:
    """Four stories: now, now-1d (two photos, a control character), now-3d, now-5d."""
    base = tmp_path_factory.mktemp("feeds")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "halaman").mkdir()
    now = stories_now
    write_story(content, "berita-hari-ini", Date=stamp(now), Title="Berita hari ini di Sunter")
    write_story(
        content,
        "berita-kemarin",
        Date=stamp(now - timedelta(days=1)),
        Title="Berita kemarin \x07 di Pluit",
        Kecamatan="Penjaringan",
        Kelurahan="Pluit",
        Author="Rina Marlina, Budi Santoso",
        body='Paragraf [rubrik](/rubrik/) dan ![Foto](kedua.jpg "Kedua. (Kominfotik JU/Budi)")\n',
        photos=("kerja-bakti.jpg", "kedua.jpg"),
    )
    write_story(content, "berita-tiga-hari", Date=stamp(now - timedelta(days=3)))
    write_story(content, "berita-lima-hari", Date=stamp(now - timedelta(days=5)))
    build = run_pelican(
        content,
        base / "output",
        settings="publishconf.py",
        extra=[f"FEEDS_MAX_ITEMS={MAX_ITEMS}"],
        env={"SITEURL": SITE, "WEBSUB_HUB_URL": HUB},
    )
    assert build.returncode == 0, build.log
    return build


def feed_files(build: Build) -> list[Path]:
    return sorted(p for p in (build.output / "feeds").rglob("*") if p.is_file())


def xml_feeds(build: Build) -> list[Path]:
    return [p for p in feed_files(build) if p.suffix == ".xml"]


def url_of(build: Build, path: Path) -> str:
    return f"{SITE}/{path.relative_to(build.output).as_posix()}"


def test_every_feed_family_is_written(feeds_site: Build) -> None:
    names = {p.relative_to(feeds_site.output / "feeds").as_posix() for p in feed_files(feeds_site)}
    for expected in (
        "semua.atom.xml",
        "semua.rss.xml",
        "semua.json",
        "mitra.rss.xml",
        "rubrik/lingkungan.atom.xml",
        "rubrik/lingkungan.rss.xml",
        "wilayah/penjaringan.atom.xml",
        "wilayah/tanjung-priok.rss.xml",
        "topik/kerja-bakti.atom.xml",
        "penulis/budi-santoso.rss.xml",
    ):
        assert expected in names


def test_every_feed_parses_without_bozo(feeds_site: Build) -> None:
    feeds = xml_feeds(feeds_site)  # feedparser reads RSS/Atom; the JSON Feed has its own test
    assert len(feeds) > 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_self_link_equals_feed_url_and_hub_is_present(feeds_site: Build) -> None:
    for path in xml_feeds(feeds_site):
        root = etree.parse(path).getroot()
        links = root.findall(".//a:link", NS)
        if root.tag == "rss":
            links = root.find("channel").findall("a:link", NS)
        rels = {link.get("rel"): link.get("href") for link in links if link.get("rel")}
        assert rels["self"] == url_of(feeds_site, path), path
        assert rels["hub"] == HUB, path
    data = json.loads((feeds_site.output / "feeds/semua.json").read_text())
    assert data["feed_url"] == f"{SITE}/feeds/semua.json"
    assert data["hubs"] == [{"type": "WebSub", "url": HUB}]


def test_rss_channel_link_is_the_home_page_not_the_last_atom_link(feeds_site: Build) -> None:
    # feedgen pitfall: the RSS channel <link> is whichever link was added last.
    for path in xml_feeds(feeds_site):
        root = etree.parse(path).getroot()
        if root.tag == "rss":
            link = root.find("channel/link").text
            assert link.startswith(SITE) and not link.endswith(".xml"), path


def test_ids_dates_and_guids_follow_the_validator_rules(feeds_site: Build) -> None:
    for path in xml_feeds(feeds_site):
        root = etree.parse(path).getroot()
        if root.tag == "rss":
            items = root.findall("channel/item")
            for item in items:
                assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
                guid = item.find("guid")
                assert guid is not None and guid.get("isPermaLink") == "false"
                assert guid.text.startswith("tag:kabar.test,")
            assert parsedate_to_datetime(root.findtext("channel/lastBuildDate")).tzinfo
        else:
            assert root.findtext("a:id", namespaces=NS) == url_of(feeds_site, path)
            items = root.findall("a:entry", NS)
            for entry in items:
                assert urlsplit(entry.findtext("a:id", namespaces=NS)).scheme == "tag"
                for tag in ("a:updated", "a:published"):
                    assert RFC3339.match(entry.findtext(tag, namespaces=NS)), path
            assert RFC3339.match(root.findtext("a:updated", namespaces=NS))
        assert items, path


def test_items_are_newest_first_and_capped(feeds_site: Build) -> None:
    # feedgen pitfall: add_entry() prepends by default.
    parsed = feedparser.parse((feeds_site.output / "feeds/semua.atom.xml").read_bytes())
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len(parsed.entries) == MAX_ITEMS
    titles = [e.title for e in parsed.entries]
    assert titles[0] == "Berita hari ini di Sunter"


def test_no_relative_links_inside_content(feeds_site: Build) -> None:
    checked = 0
    for path in xml_feeds(feeds_site):
        for entry in feedparser.parse(path.read_bytes()).entries:
            html = entry.content[0].value
            for el in lxml.html.fragment_fromstring(html, create_parent="div").iter():
                for attr in ("href", "src"):
                    if el.get(attr):
                        assert urlsplit(el.get(attr)).scheme == "https", (path, el.get(attr))
                        checked += 1
    assert checked > 0


def test_atom_entry_links_keep_their_attributes(feeds_site: Build) -> None:
    # feedgen pitfall (#135): plain FeedEntry drops rel/type from Atom entry links ...
    plain = FeedEntry()
    plain.id("tag:x,2026:a")
    plain.title("t")
    plain.updated(datetime(2026, 1, 1, tzinfo=WIB))
    plain.content("x", type="html")
    plain.link(href="https://x/", rel="alternate", type="text/html")
    assert plain.atom_entry().find("link").get("rel") is None
    # ... ours keep them.
    root = etree.parse(feeds_site.output / "feeds/semua.atom.xml").getroot()
    for entry in root.findall("a:entry", NS):
        link = entry.find("a:link", NS)
        assert link.get("rel") == "alternate" and link.get("type") == "text/html"


def test_atom_content_is_escaped_html_never_cdata(feeds_site: Build) -> None:
    # feedgen pitfall: content(type="CDATA") writes type="CDATA", invalid in Atom.
    fe = FeedEntry()
    fe.content("<p>x</p>", type="CDATA")
    fe.id("tag:x,2026:a")
    fe.title("t")
    fe.updated(datetime(2026, 1, 1, tzinfo=WIB))
    assert fe.atom_entry().find("content").get("type") == "CDATA"
    raw = (feeds_site.output / "feeds/semua.atom.xml").read_text()
    assert "CDATA" not in raw
    root = etree.fromstring(raw.encode())
    assert {c.get("type") for c in root.iterfind("a:entry/a:content", NS)} == {"html"}


def test_naive_datetimes_are_zoned_before_feedgen() -> None:
    fg = FeedGenerator()
    with pytest.raises(ValueError):
        fg.updated(datetime(2026, 11, 20, 9, 30))
    fixed = zoned(datetime(2026, 11, 20, 9, 30))
    fg.updated(fixed)
    assert fixed.utcoffset() == timedelta(hours=7)


def test_control_characters_are_stripped_with_a_warning(
    feeds_site: Build, caplog: pytest.LogCaptureFixture
) -> None:
    fg = FeedGenerator()
    fg.id("tag:x,2026:f")
    fg.title("a\x07b")
    fg.updated(datetime(2026, 1, 1, tzinfo=WIB))
    with pytest.raises(ValueError, match="XML compatible"):
        fg.atom_str()  # lxml refuses control characters
    assert clean_text("a\x07b\x0cc", "x.md", "Title") == "abc"
    assert "x.md: 2 karakter kontrol dibuang dari Title" in caplog.text
    assert "berita-kemarin/index.md: 1 karakter kontrol dibuang dari Title" in feeds_site.log
    titles = [e.title for e in feedparser.parse(feeds_site.output / "feeds/semua.rss.xml").entries]
    assert "Berita kemarin  di Pluit" in titles


def partner_item(build: Build, slug: str) -> etree._Element:
    root = etree.parse(build.output / "feeds/mitra.rss.xml").getroot()
    return next(i for i in root.iterfind("channel/item") if slug in i.findtext("link"))


def test_partner_feed_media_credit_description_and_enclosure(feeds_site: Build) -> None:
    item = partner_item(feeds_site, "berita-kemarin")
    media = item.findall("media:content", NS)
    assert len(media) == 2
    folder = feeds_site.output / urlsplit(item.findtext("link")).path.strip("/")
    for content, name in zip(media, ("kerja-bakti.jpg", "kedua.jpg"), strict=True):
        assert content.get("url") == f"{item.findtext('link')}{name}"
        assert content.get("type") == "image/jpeg"
        assert int(content.get("fileSize")) == (folder / name).stat().st_size
        assert (content.get("width"), content.get("height")) == ("1600", "1067")
        assert content.find("media:thumbnail", NS).get("url").startswith(SITE)
    lead = media[0]
    assert lead.get("isDefault") == "true"
    assert lead.findtext("media:description", namespaces=NS).startswith("Warga membersihkan")
    credit = lead.find("media:credit", NS)
    assert credit.text == "Kominfotik JU/Agus Setiawan" and credit.get("role") == "photographer"
    assert media[1].findtext("media:description", namespaces=NS) == "Kedua. (Kominfotik JU/Budi)"
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == lead.get("url")
    assert int(enclosure.get("length")) == (folder / "kerja-bakti.jpg").stat().st_size > 0
    assert enclosure.get("type") == "image/jpeg"


def test_partner_feed_creators_geo_categories_rights(feeds_site: Build) -> None:
    item = partner_item(feeds_site, "berita-kemarin")
    creators = [c.text for c in item.findall("dc:creator", NS)]
    assert creators == ["Rina Marlina", "Budi Santoso"]
    wilayah = tomllib.loads((ROOT / "content/data/wilayah.toml").read_text())
    kec = next(k for k in wilayah["kecamatan"] if k["nama"] == "Penjaringan")
    kel = next(k for k in kec["kelurahan"] if k["nama"] == "Pluit")
    lat, lon = map(float, item.findtext("georss:point", namespaces=NS).split())
    assert (lat, lon) == (kel["lat"], kel["lon"])
    assert [c.text for c in item.findall("category")] == ["Lingkungan", "Kecamatan Penjaringan"]
    channel = etree.parse(feeds_site.output / "feeds/mitra.rss.xml").getroot().find("channel")
    assert "menyebut sumber" in channel.findtext("copyright")
    assert channel.findtext("link") == f"{SITE}/"
    assert item.findtext("content:encoded", namespaces=NS).startswith("<p>")


def test_json_feed_validates_against_the_schema(feeds_site: Build) -> None:
    schema = json.loads((ROOT / "tests/data/jsonfeed-1.1.schema.json").read_text())
    data = json.loads((feeds_site.output / "feeds/semua.json").read_text())
    jsonschema.validate(data, schema)
    assert len(data["items"]) == MAX_ITEMS
    for item in data["items"]:
        assert RFC3339.match(item["date_published"]) and item["date_published"].endswith("+07:00")
        assert item["url"].startswith(SITE) and item["image"].startswith(SITE)
    broken = {**data, "items": [{"title": "tanpa id"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_guid_survives_title_and_slug_edits(mini_content: Path, tmp_path: Path) -> None:
    index = write_story(mini_content, "kerja-bakti")
    first = run_pelican(mini_content, tmp_path / "o1", "publishconf.py", env={"SITEURL": SITE})
    text = index.read_text().replace(
        "Title: Warga Sunter Jaya", "Slug: kerja-bakti-rw05\nTitle: Ratusan Warga Sunter Jaya"
    )
    index.write_text(text)
    second = run_pelican(mini_content, tmp_path / "o2", "publishconf.py", env={"SITEURL": SITE})
    assert first.returncode == second.returncode == 0, second.log
    before = feedparser.parse(first.output / "feeds/mitra.rss.xml").entries[0]
    after = feedparser.parse(second.output / "feeds/mitra.rss.xml").entries[0]
    assert before.title != after.title and before.link != after.link
    assert before.id == after.id


def test_development_build_writes_no_feeds_or_sitemaps(mini_content: Path, tmp_path: Path) -> None:
    write_story(mini_content)
    build = run_pelican(mini_content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert not (build.output / "feeds").exists()
    assert not (build.output / "sitemap.xml").exists()
    assert 'rel="alternate" type="application/atom+xml"' not in build.page("/")
    assert "Sitemap:" not in (build.output / "robots.txt").read_text()


def head(build: Build, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(build.page(url)).find("head")


def jsonld(build: Build, url: str) -> dict[str, dict]:
    blocks = head(build, url).findall(".//script[@type='application/ld+json']")
    return {b["@type"]: b for b in (json.loads(s.text) for s in blocks)}


def story_url(build: Build, slug: str) -> str:
    return next(
        "/" + p.parent.relative_to(build.output).as_posix() + "/"
        for p in (build.output / "berita").rglob("index.html")
        if p.parent.name == slug
    )


def test_story_jsonld_has_the_required_properties(feeds_site: Build) -> None:
    url = story_url(feeds_site, "berita-kemarin")
    data = jsonld(feeds_site, url)
    article = data["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == "Berita kemarin di Pluit"
    assert article["url"] == SITE + url
    assert article["image"] and all(i.startswith(SITE) for i in article["image"])
    for key in ("datePublished", "dateModified"):
        assert article[key].endswith("+07:00") and RFC3339.match(article[key])
    assert [a["@type"] for a in article["author"]] == ["Person", "Person"]
    assert article["author"][1] == {
        "@type": "Person",
        "name": "Budi Santoso",
        "url": f"{SITE}/penulis/budi-santoso/",
    }
    publisher = article["publisher"]
    assert publisher["@type"] == "GovernmentOrganization"
    logo = publisher["logo"]["url"]
    assert (feeds_site.output / urlsplit(logo).path.lstrip("/")).is_file()
    place = article["contentLocation"]
    assert place["@type"] == "Place" and "Kelurahan Pluit" in place["name"]
    assert place["geo"]["latitude"] < 0
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[0]["item"] == f"{SITE}/" and crumbs[-1]["item"] == SITE + url


def test_story_head_has_canonical_open_graph_and_feed_discovery(feeds_site: Build) -> None:
    url = story_url(feeds_site, "berita-kemarin")
    h = head(feeds_site, url)
    assert h.find("link[@rel='canonical']").get("href") == SITE + url
    og = {m.get("property"): m.get("content") for m in h.findall("meta[@property]")}
    assert len(og["og:title"]) <= 70 and len(og["og:description"]) <= 200
    assert og["og:image"].startswith(SITE) and og["og:type"] == "article"
    assert (feeds_site.output / urlsplit(og["og:image"]).path.lstrip("/")).is_file()
    tw = {m.get("name"): m.get("content") for m in h.findall("meta[@name]")}
    assert tw["twitter:card"] == "summary_large_image"
    feeds = {a.get("href") for a in h.findall("link[@rel='alternate']")}
    assert f"{SITE}/feeds/semua.atom.xml" in feeds
    assert f"{SITE}/feeds/wilayah/penjaringan.atom.xml" in feeds
    assert f"{SITE}/feeds/rubrik/lingkungan.atom.xml" in feeds
    for href in feeds:  # every advertised feed exists
        assert (feeds_site.output / urlsplit(href).path.lstrip("/")).is_file(), href


def test_long_titles_are_cut_for_social_cards() -> None:
    from feeds.metadata import shorten  # noqa: PLC0415

    title = "Wali Kota Jakarta Utara Meninjau Normalisasi Kali Sunter dan Pompa " * 2
    short = shorten(title, 70)
    assert len(short) <= 70 and short.endswith("…") and title.startswith(short[:-1])
    assert shorten("pendek", 70) == "pendek"


def test_home_has_organization_and_listing_pages_have_breadcrumbs(feeds_site: Build) -> None:
    org = jsonld(feeds_site, "/")["GovernmentOrganization"]
    assert org["url"] == f"{SITE}/" and org["sameAs"]
    crumbs = jsonld(feeds_site, "/wilayah/penjaringan/")["BreadcrumbList"]["itemListElement"]
    assert crumbs[-1]["item"] == f"{SITE}/wilayah/penjaringan/"
    feeds = {a.get("href") for a in head(feeds_site, "/topik/kerja-bakti/").findall("link")}
    assert f"{SITE}/feeds/topik/kerja-bakti.atom.xml" in feeds


def test_sitemap_index_lists_children_with_every_page(feeds_site: Build) -> None:
    index = etree.parse(feeds_site.output / "sitemap.xml").getroot()
    children = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert children == [f"{SITE}/sitemap-1.xml"]
    child = etree.parse(feeds_site.output / "sitemap-1.xml")
    urls = [loc.text for loc in child.iterfind(".//sm:loc", NS)]
    for slug in ("berita-hari-ini", "berita-lima-hari"):
        assert SITE + story_url(feeds_site, slug) in urls
    assert f"{SITE}/" in urls and f"{SITE}/wilayah/penjaringan/" in urls
    assert not [u for u in urls if "/admin/" in u or "404" in u or "/page/" in u]


def test_sitemaps_split_at_the_limit(tmp_path: Path) -> None:
    from feeds.config import FeedsConfig  # noqa: PLC0415
    from feeds.sitemaps import Entry, page_path, write_sitemaps  # noqa: PLC0415

    config = FeedsConfig.from_settings(
        {"SITEURL": SITE, "OUTPUT_PATH": str(tmp_path), "PATH": "content"}
    )
    config = config.__class__(**{**config.__dict__, "sitemap_max_urls": 2})
    written = write_sitemaps([Entry(f"p{i}/") for i in range(5)], config)
    assert [p.name for p in written] == [
        "sitemap.xml",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
    ]
    counts = [len(etree.parse(p).findall("sm:url", NS)) for p in written[1:]]
    assert counts == [2, 2, 1]
    assert page_path("404.html") is None and page_path("admin/index.html") is None
    assert page_path("rubrik/page/2/index.html") is None
    assert page_path("rubrik/index.html") == "rubrik/"


def test_news_sitemap_has_exactly_the_last_two_days(feeds_site: Build) -> None:
    root = etree.parse(feeds_site.output / "sitemap-berita.xml").getroot()
    urls = [u.findtext("sm:loc", namespaces=NS) for u in root.iterfind("sm:url", NS)]
    expected = [SITE + story_url(feeds_site, s) for s in ("berita-hari-ini", "berita-kemarin")]
    assert urls == expected
    pub = root.find("sm:url/news:news/news:publication", NS)
    assert pub.findtext("news:name", namespaces=NS) == "Kabar Jakarta Utara"
    assert pub.findtext("news:language", namespaces=NS) == "id"
    date = root.findtext("sm:url/news:news/news:publication_date", namespaces=NS)
    assert RFC3339.match(date)


def test_robots_txt_points_to_both_sitemaps(feeds_site: Build) -> None:
    robots = (feeds_site.output / "robots.txt").read_text()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert f"Sitemap: {SITE}/sitemap-berita.xml" in robots
    assert "Disallow: /admin/" in robots


def test_partner_page_lists_feeds_that_exist(feeds_site: Build) -> None:
    page = lxml.html.fromstring(feeds_site.page("/feed-mitra/"))
    hrefs = [a.get("href") for a in page.iterfind(".//main//a")] or [
        a.get("href") for a in page.iterfind(".//article//a")
    ]
    assert f"{SITE}/feeds/mitra.rss.xml" in hrefs
    assert f"{SITE}/feeds/rubrik/lingkungan.atom.xml" in hrefs
    assert f"{SITE}/feeds/wilayah/penjaringan.atom.xml" in hrefs
    for href in hrefs:
        if href.startswith(SITE):
            assert (feeds_site.output / urlsplit(href).path.lstrip("/")).is_file(), href


def test_sample_site_feeds_parse_and_link_their_photos(production_site: Build) -> None:
    feeds = xml_feeds(production_site)
    assert feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    root = etree.parse(production_site.output / "feeds/mitra.rss.xml").getroot()
    base = urlsplit(root.findtext("channel/link"))
    for content in root.iterfind(".//media:content", NS):
        url = urlsplit(content.get("url"))
        assert url.netloc == base.netloc
        file = production_site.output / url.path.lstrip("/")
        assert int(content.get("fileSize")) == file.stat().st_size


def test_pages_only_advertise_feeds_that_exist(feeds_site: Build) -> None:
    pages = list(feeds_site.output.rglob("index.html"))
    checked = 0
    for page in pages:
        for link in lxml.html.parse(page).getroot().iterfind(".//head/link[@rel='alternate']"):
            target = feeds_site.output / urlsplit(link.get("href")).path.lstrip("/")
            assert target.is_file(), (page, link.get("href"))
            checked += 1
    assert checked > len(pages)
    empty = head(feeds_site, "/wilayah/cilincing/")  # a kecamatan without stories
    assert "/feeds/wilayah/" not in lxml.html.tostring(empty, encoding="unicode")


def test_media_renditions_are_preferred_when_present() -> None:
    from types import SimpleNamespace  # noqa: PLC0415

    from feeds.config import FeedsConfig  # noqa: PLC0415
    from feeds.metadata import _jsonld_images, _og_image  # noqa: PLC0415

    config = FeedsConfig.from_settings({"SITEURL": SITE, "OUTPUT_PATH": "o", "PATH": "c"})

    def rendition(name: str, w: int, h: int) -> SimpleNamespace:
        return SimpleNamespace(url=f"b/{name}.jpg", width=w, height=h, mime="image/jpeg", size=1)

    photo = SimpleNamespace(url="b/foto.jpg", width=1600, height=1067, alt="Alt")
    assert _jsonld_images(photo, config) == [f"{SITE}/b/foto.jpg"]
    assert _og_image(photo, config)["width"] == 1600
    photo.renditions = {
        "og": rendition("og", 1200, 630),
        "1x1": rendition("1x1", 1200, 1200),
        "16x9": rendition("16x9", 1600, 900),
        "4x3": rendition("4x3", 1600, 1200),
    }
    assert _jsonld_images(photo, config) == [f"{SITE}/b/{r}.jpg" for r in ("16x9", "4x3", "1x1")]
    og = _og_image(photo, config)
    assert (og["url"], og["width"], og["height"]) == (f"{SITE}/b/og.jpg", 1200, 630)
