"""Atom 1.0, RSS 2.0 (full ``content:encoded``), JSON Feed 1.1 and the partner feed, via feedgen.

feedgen pitfalls handled here (each covered by a test):
- the RSS channel ``<link>`` is the *last* Atom link added, so the site link is added last;
- Atom entry links lose attributes (:class:`.mediarss.NewsEntry`);
- ``content(type="CDATA")`` makes invalid Atom, so content is always ``type="html"``;
- ``add_entry()`` prepends, so entries are added with ``order="append"`` newest first;
- naive datetimes raise, so every date is zoned (:func:`.stories.zoned`);
- control characters crash lxml, so text is cleaned first (:func:`.stories.clean_text`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from newsroom.outputs import write_if_changed

from .config import FeedsConfig
from .mediarss import (
    NewsEntry,
    NewsMediaEntryExtension,
    NewsMediaExtension,
    NoEntryExtension,
    WebSubExtension,
)
from .stories import WIB, Story

logger = logging.getLogger(__name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedSpec:
    """One feed family: where it is written and the page it belongs to."""

    path: str  # without extension, relative to the output root, e.g. "feeds/rubrik/kesehatan"
    title: str
    home: str  # absolute URL of the HTML page the feed mirrors

    def url(self, config: FeedsConfig, ext: str) -> str:
        return config.absolute(f"{self.path}.{ext}")


def _base(spec: FeedSpec, config: FeedsConfig, ext: str, stories: list[Story]) -> FeedGenerator:
    fg = FeedGenerator()
    self_url = spec.url(config, ext)
    fg.id(self_url)
    fg.title(spec.title)
    fg.subtitle(config.subtitle or spec.title)
    fg.description(config.subtitle or spec.title)
    fg.language(config.language)
    fg.author({"name": config.publisher, "uri": config.siteurl + "/"})
    fg.rights(config.rights)
    fg.generator("Kabar Jakarta Utara (feedgen)")
    fg.updated(max((s.updated for s in stories), default=datetime(2000, 1, 1, tzinfo=WIB)))
    # Order matters: RSS takes the last link as its channel <link>.
    fg.link(href=self_url, rel="self", type=MIME[ext])
    fg.link(href=config.hub, rel="hub")
    fg.link(href=spec.home, rel="alternate", type="text/html")
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("websub", WebSubExtension, NoEntryExtension, atom=False, rss=True)
    fg.websub.hub = config.hub
    return fg


MIME = {
    "atom.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "json": "application/feed+json",
}


def _entry(fg: FeedGenerator, story: Story, partner: bool) -> NewsEntry:
    fe = fg.add_entry(NewsEntry(), order="append")  # add_entry registers the extensions
    fe.guid(story.guid, permalink=False)
    fe.title(story.title)
    fe.link(href=story.url, rel="alternate", type="text/html", title=story.title)
    fe.published(story.published)
    fe.updated(story.updated)
    fe.description(story.summary or story.title)
    fe.content(story.content, type="html")  # never "CDATA": invalid in Atom
    fe.summary(story.summary or story.title)
    for name, url in story.authors:
        fe.author({"name": name, "uri": url})
    fe.category(term=story.category, scheme=story.category_url, label=story.category)
    if partner and story.kecamatan:
        fe.category(term=f"Kecamatan {story.kecamatan}", label=f"Kecamatan {story.kecamatan}")
    if not partner:
        for tag in story.tags:
            fe.category(term=tag, label=tag)
    fe.dc.dc_creator([name for name, _url in story.authors])
    if partner:
        for item in story.photos:
            fe.newsmedia.add(item)
        lead = next((p for p in story.photos if p.default), None)
        if lead and lead.size:
            fe.enclosure(lead.url, str(lead.size), lead.mime)
        if story.point:
            fe.geo.point(f"{story.point[0]:.4f} {story.point[1]:.4f}")
    return fe


def build_feedgen(
    spec: FeedSpec, config: FeedsConfig, ext: str, stories: list[Story], *, partner: bool = False
) -> FeedGenerator:
    """A feedgen feed of ``stories`` (already newest first and cut to size)."""
    fg = _base(spec, config, ext, stories)
    if partner:
        fg.register_extension("newsmedia", NewsMediaExtension, NewsMediaEntryExtension)
        fg.load_extension("geo", atom=True, rss=True)
    for story in stories:
        _entry(fg, story, partner)
    return fg


def json_feed_item(s: Story, config: FeedsConfig) -> dict[str, Any]:
    """One JSON Feed 1.1 item (also the body of the partner webhook, plugins/syndication)."""
    item: dict[str, Any] = {
        "id": s.guid,
        "url": s.url,
        "title": s.title,
        "content_html": s.content,
        "summary": s.summary,
        "date_published": s.published.isoformat(),
        "date_modified": s.updated.isoformat(),
        "authors": [{"name": n, "url": u} for n, u in s.authors],
        "tags": [s.category, *s.tags],
        "language": config.language,
    }
    lead = next((p for p in s.photos if p.default), None)
    if lead:
        item["image"] = lead.url
    return item


def json_feed(spec: FeedSpec, config: FeedsConfig, stories: list[Story]) -> dict[str, Any]:
    """A JSON Feed 1.1 document."""
    items = [json_feed_item(s, config) for s in stories]
    return {
        "version": JSON_FEED_VERSION,
        "title": spec.title,
        "home_page_url": spec.home,
        "feed_url": spec.url(config, "json"),
        "description": config.subtitle,
        "language": config.language,
        "authors": [{"name": config.publisher, "url": config.siteurl + "/"}],
        "hubs": [{"type": "WebSub", "url": config.hub}],
        "items": items,
    }


def write_family(
    spec: FeedSpec, config: FeedsConfig, stories: list[Story], exts: tuple[str, ...]
) -> list[Path]:
    """Write ``spec`` in each format of ``exts``; returns the files written."""
    written = []
    for ext in exts:
        path = config.output_path / f"{spec.path}.{ext}"
        if ext == "json":
            data = json.dumps(json_feed(spec, config, stories), ensure_ascii=False, indent=1)
            write_if_changed(path, (data + "\n").encode("utf-8"))
        elif ext == "atom.xml":
            write_if_changed(path, build_feedgen(spec, config, ext, stories).atom_str(pretty=True))
        else:
            write_if_changed(path, build_feedgen(spec, config, ext, stories).rss_str(pretty=True))
        written.append(path)
    return written


def write_partner(spec: FeedSpec, config: FeedsConfig, stories: list[Story]) -> Path:
    """The partner feed (RSS 2.0 + Media RSS + GeoRSS + Dublin Core)."""
    path = config.output_path / f"{spec.path}.rss.xml"
    feed = build_feedgen(spec, config, "rss.xml", stories, partner=True)
    write_if_changed(path, feed.rss_str(pretty=True))
    return path
