"""XML sitemaps (index + children of at most 50,000 URLs) and the Google News sitemap."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from newsroom.outputs import write_if_changed

from .config import FeedsConfig
from .metadata import iso

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
EXCLUDED_PREFIXES = ("admin/", "feeds/")
EXCLUDED_FILES = ("404.html",)


@dataclass(frozen=True)
class Entry:
    """One URL of the site with its last modification time (if known)."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class NewsEntry:
    url: str
    title: str
    published: datetime


def page_path(output_file: str) -> str | None:
    """Site URL path of a written HTML file, or ``None`` when it must not be listed."""
    path = posixpath.normpath(output_file.replace(os.sep, "/"))
    if not path.endswith(".html") or path.startswith(EXCLUDED_PREFIXES):
        return None
    if posixpath.basename(path) in EXCLUDED_FILES or "/page/" in f"/{path}":
        return None
    return path.removesuffix("index.html")


def _urlset(entries: list[Entry], config: FeedsConfig) -> str:
    rows = []
    for e in entries:
        lastmod = f"<lastmod>{iso(e.lastmod)}</lastmod>" if e.lastmod else ""
        rows.append(f"<url><loc>{escape(config.absolute(e.url))}</loc>{lastmod}</url>")
    body = "\n".join(rows)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">'
    return f"{head}\n{body}\n</urlset>\n"


def write_sitemaps(entries: list[Entry], config: FeedsConfig) -> list[Path]:
    """``sitemap.xml`` (an index) and ``sitemap-N.xml`` children; returns every file written."""
    entries = sorted(entries, key=lambda e: e.url)
    size = config.sitemap_max_urls
    chunks = [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
    written = []
    index_rows = []
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemap-{number}.xml"
        path = config.output_path / name
        write_if_changed(path, _urlset(chunk, config).encode("utf-8"))
        written.append(path)
        newest = max((e.lastmod for e in chunk if e.lastmod), default=None)
        lastmod = f"<lastmod>{iso(newest)}</lastmod>" if newest else ""
        index_rows.append(f"<sitemap><loc>{escape(config.absolute(name))}</loc>{lastmod}</sitemap>")
    index = config.output_path / "sitemap.xml"
    rows = "\n".join(index_rows)
    write_if_changed(
        index,
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
        f"{rows}\n</sitemapindex>\n".encode(),
    )
    return [index, *written]


def in_news_window(published: datetime, now: datetime, config: FeedsConfig) -> bool:
    """Whether a story published at ``published`` is within the last ``news_days`` days."""
    return now - timedelta(days=config.news_days) <= published <= now


def recent_news(stories: list[NewsEntry], now: datetime, config: FeedsConfig) -> list[NewsEntry]:
    """Stories published within the last ``news_days`` days, newest first, at most ``news_max``."""
    fresh = [s for s in stories if in_news_window(s.published, now, config)]
    return sorted(fresh, key=lambda s: s.published, reverse=True)[: config.news_max]


def write_news_sitemap(stories: list[NewsEntry], config: FeedsConfig) -> Path:
    rows = [
        f"<url><loc>{escape(config.absolute(s.url))}</loc><news:news><news:publication>"
        f"<news:name>{escape(config.sitename)}</news:name>"
        f"<news:language>{escape(config.language)}</news:language></news:publication>"
        f"<news:publication_date>{iso(s.published)}</news:publication_date>"
        f"<news:title>{escape(s.title)}</news:title></news:news></url>"
        for s in stories
    ]
    body = "\n".join(rows)
    path = config.output_path / "sitemap-berita.xml"
    write_if_changed(
        path,
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
        f'xmlns:news="{NEWS_NS}">\n{body}\n</urlset>\n'.encode(),
    )
    return path
