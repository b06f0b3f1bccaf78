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
from lxml import etree

from feeds.stories import clean_text, zoned
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
        body='Paragraf [rubrik](/rubrik/) dan ![Foto kedua](kedua.jpg "Kedua. (Kominfotik JU/Budi)")\n',
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
