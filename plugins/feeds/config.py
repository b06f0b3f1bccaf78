"""Settings of the feeds plugin, read once from Pelican's settings with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_HUB = "https://pubsubhubbub.appspot.com/"
DEFAULT_RIGHTS = (
    "© {org}. Boleh dimuat ulang oleh media mitra dengan menyebut sumber "
    '"{site}" dan menautkan ke berita aslinya; foto wajib mencantumkan kreditnya.'
)


@dataclass(frozen=True)
class FeedsConfig:
    """Where feeds go and what they say. Feeds need an absolute SITEURL (production)."""

    siteurl: str
    sitename: str
    subtitle: str
    publisher: str
    language: str
    hub: str
    rights: str
    max_items: int
    output_path: Path
    content_path: Path
    sitemap_max_urls: int
    news_days: int
    news_max: int
    logo: str

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> FeedsConfig:
        siteurl = str(settings.get("SITEURL", "")).rstrip("/")
        publisher = settings.get("FEEDS_PUBLISHER", settings.get("AUTHOR", ""))
        sitename = settings.get("SITENAME", "")
        rights = settings.get("FEEDS_RIGHTS", DEFAULT_RIGHTS)
        return cls(
            siteurl=siteurl,
            sitename=sitename,
            subtitle=settings.get("SITESUBTITLE", ""),
            publisher=publisher,
            language=settings.get("DEFAULT_LANG", "id"),
            hub=os.environ.get("WEBSUB_HUB_URL") or settings.get("FEEDS_WEBSUB_HUB", DEFAULT_HUB),
            rights=rights.format(org=publisher, site=sitename),
            max_items=int(settings.get("FEEDS_MAX_ITEMS", 50)),
            output_path=Path(settings["OUTPUT_PATH"]),
            content_path=Path(settings["PATH"]),
            sitemap_max_urls=int(settings.get("FEEDS_SITEMAP_MAX_URLS", 50_000)),
            news_days=int(settings.get("FEEDS_NEWS_SITEMAP_DAYS", 2)),
            news_max=int(settings.get("FEEDS_NEWS_SITEMAP_MAX", 1000)),
            logo=settings.get("FEEDS_LOGO", "img/logo.png"),
        )

    @property
    def enabled(self) -> bool:
        """Feeds and sitemaps are written only when SITEURL is an absolute http(s) URL."""
        return urlsplit(self.siteurl).scheme in ("http", "https")

    @property
    def host(self) -> str:
        return urlsplit(self.siteurl).hostname or "localhost"

    def absolute(self, url: str) -> str:
        """A site URL (``berita/…/``, ``/berita/…/`` or already absolute) made absolute."""
        if urlsplit(url).scheme:
            return url
        return f"{self.siteurl}/{url.lstrip('/')}"
