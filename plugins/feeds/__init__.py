"""Feeds and search-engine metadata for Kabar Jakarta Utara.

- Atom 1.0 + RSS 2.0 (full content) site-wide and per rubrik, kecamatan, topik and penulis,
  a JSON Feed 1.1, and the partner feed (``feeds/mitra.rss.xml``) with Media RSS, GeoRSS and
  Dublin Core — all built with feedgen, all with absolute ``rel=self`` and WebSub ``rel=hub``;
- ``sitemap.xml`` (index), ``sitemap-N.xml`` and ``sitemap-berita.xml`` (Google News);
- the Jinja global ``page_meta()`` used by ``partials/head_meta.html``.

Feeds and sitemaps need absolute URLs, so they are written only when SITEURL is an absolute
``http(s)`` URL (production builds with publishconf.py); development builds skip them.
"""

from __future__ import annotations

import functools
import logging
import os
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from jinja2 import pass_context
from newsroom.outputs import beside_pages, valid_until
from pelican import signals
from pelican.generators import ArticlesGenerator
from stable_output.paths import inside

from .config import FeedsConfig
from .metadata import build_meta, find_logo
from .sitemaps import (
    Entry,
    NewsEntry,
    in_news_window,
    page_path,
    recent_news,
    write_news_sitemap,
    write_sitemaps,
)
from .stories import WIB, clean_text, family_keys, story_for, zoned
from .writer import FeedSpec, write_family, write_partner

logger = logging.getLogger(__name__)
FORMATS = ("atom.xml", "rss.xml")
SITE_FORMATS = ("atom.xml", "rss.xml", "json")


class _State:
    """Per-build state: the articles generator and every HTML page written."""

    def __init__(self) -> None:
        self.articles_gen: ArticlesGenerator | None = None
        self.output = ""
        self.written: dict[str, datetime | None] = {}
        self.feeds_taken = False


STATE = _State()


def reset(pelican: Any) -> None:
    """``initialized``: a new build starts empty."""
    STATE.articles_gen = None
    STATE.output = os.path.abspath(pelican.output_path)
    STATE.written = {}
    STATE.feeds_taken = False


def add_globals(generator: Any) -> None:
    """``generator_init``: the ``page_meta()`` Jinja global."""
    config = FeedsConfig.from_settings(generator.settings)
    logo = find_logo(generator.settings, config.logo)

    @pass_context
    def page_meta(ctx: Any) -> Any:
        return build_meta(dict(ctx.items()), config, logo)

    generator.env.globals["page_meta"] = page_meta


def remember_articles(generator: ArticlesGenerator) -> None:
    """``article_generator_finalized``: keep the generator for :func:`write_all`."""
    STATE.articles_gen = generator


def remember_page(path: str, context: dict[str, Any]) -> None:
    """``content_written``: note each HTML page for the sitemap (with its story's date)."""
    url = page_path(inside(path, STATE.output) or os.path.relpath(path, STATE.output))
    if url is None:
        return
    item = context.get("article") or context.get("page")
    lastmod = None
    if item is not None and getattr(item, "date", None):
        lastmod = zoned(getattr(item, "modified", None) or item.date)
    STATE.written[url] = lastmod


def feed_families(articles: list[Any], gen: ArticlesGenerator, config: FeedsConfig):
    """``(FeedSpec, articles)`` for each rubrik, kecamatan, topic and author with stories.

    ``articles`` are newest first; each family keeps its newest ``max_items``."""
    named: dict[tuple[str, str], Any] = {}  # the page object of each family (name, url)
    for article in gen.articles:
        named[("rubrik", article.category.slug)] = article.category
        for tag in getattr(article, "tags", []):
            named[("topik", tag.slug)] = tag
        for author in getattr(article, "authors", []):
            named[("penulis", author.slug)] = author
        if kec := getattr(article, "kecamatan", None):
            named[("wilayah", kec.slug)] = kec
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for article in articles:
        for family, slugs in family_keys(article).items():
            for slug in slugs:
                groups[(family, slug)].append(article)
    labels = {"rubrik": "Rubrik", "topik": "Topik", "penulis": "Penulis", "wilayah": ""}
    for (family, slug), items in sorted(groups.items()):
        page = named[(family, slug)]
        name, url = (f"Kecamatan {page.name}" if family == "wilayah" else page.name), page.url
        title = f"{config.sitename} — {labels[family]} {name}".replace("—  ", "— ")
        spec = FeedSpec(f"feeds/{family}/{slug}", title, config.absolute(url))
        yield spec, items[: config.max_items]


def news_entry(article: Any, config: FeedsConfig) -> NewsEntry:
    """What the news sitemap shows of a story, read from the article alone (no lxml)."""
    title = clean_text(article.title, article.relative_source_path, "Title")
    return NewsEntry(config.absolute(article.url), title, zoned(article.date))


def offer_feeds(pelican: Any) -> None:
    """``get_writer``: every story is final, so the feeds can be written beside the pages."""
    STATE.feeds_taken = beside_pages("feeds", functools.partial(write_feeds, pelican.settings))


def write_feeds(settings: dict[str, Any]) -> None:
    """The site, partner and family feeds (Atom, RSS, JSON Feed).

    A :class:`Story` (absolute HTML, photo sizes) is built only for the stories a feed shows:
    the newest ``max_items`` of the site and of each family."""
    config = FeedsConfig.from_settings(settings)
    gen = STATE.articles_gen
    if not config.enabled or gen is None:
        return
    articles = sorted(gen.articles, key=lambda a: zoned(a.date), reverse=True)
    home = config.siteurl + "/"
    latest = [story_for(a, config) for a in articles[: config.max_items]]
    write_family(FeedSpec("feeds/semua", config.sitename, home), config, latest, SITE_FORMATS)
    partner = FeedSpec("feeds/mitra", f"{config.sitename} — Feed Mitra Media", home)
    write_partner(partner, config, latest)
    count = 2
    shown = {id(a) for a in articles[: config.max_items]}
    for spec, members in feed_families(articles, gen, config):
        write_family(spec, config, [story_for(a, config) for a in members], FORMATS)
        shown.update(id(a) for a in members)
        count += 1
    logger.info(
        "feeds: %d keluarga feed ditulis ke %s (%d dari %d berita tampil di feed)",
        count,
        config.output_path,
        len(shown),
        len(articles),
    )


def write_all(pelican: Any) -> None:
    """``finalized``: the sitemaps once every page is in the output (and the feeds, unless
    they were written beside the pages)."""
    config = FeedsConfig.from_settings(pelican.settings)
    gen = STATE.articles_gen
    if not config.enabled:
        logger.info("SITEURL bukan alamat http(s) absolut: feed dan sitemap tidak dibuat")
        return
    if gen is None:
        return
    if not STATE.feeds_taken:
        write_feeds(pelican.settings)
    entries = [Entry(url, lastmod) for url, lastmod in STATE.written.items()]
    write_sitemaps(entries, config)
    now = datetime.now(WIB)
    # (recent_news orders them newest first, equal dates in story order, as before)
    news = [
        news_entry(a, config) for a in gen.articles if in_news_window(zoned(a.date), now, config)
    ]
    fresh = recent_news(news, now, config)
    write_news_sitemap(fresh, config)
    valid_until(s.published + timedelta(days=config.news_days) for s in fresh)
    logger.info("feeds: %d halaman di sitemap %s", len(entries), config.output_path)


def register() -> None:
    signals.initialized.connect(reset)
    signals.generator_init.connect(add_globals)
    signals.article_generator_finalized.connect(remember_articles)
    signals.content_written.connect(remember_page)
    signals.get_writer.connect(offer_feeds)
    signals.finalized.connect(write_all)
