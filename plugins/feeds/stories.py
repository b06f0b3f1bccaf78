"""A story as feeds see it: absolute URLs, stable GUID, clean text, zoned dates, photos."""

from __future__ import annotations

import logging
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from .config import FeedsConfig
from .links import absolutize_html
from .mediarss import MediaItem

logger = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")
# XML 1.0 forbids these; lxml raises on them. Tab, LF and CR are allowed.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str, source: str, field_name: str) -> str:
    """``value`` without XML-illegal control characters (warns once, naming file and field)."""
    cleaned, count = CONTROL_CHARS.subn("", value)
    if count:
        logger.warning(
            "%s: %d karakter kontrol dibuang dari %s untuk feed; hapus karakter itu dari berkas",
            source,
            count,
            field_name,
        )
    return cleaned


def zoned(value: datetime, tz: ZoneInfo = WIB) -> datetime:
    """An aware datetime (feedgen refuses naive ones); naive values are taken as WIB."""
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def story_guid(config: FeedsConfig, source_folder: str, first_published: datetime) -> str:
    """``tag:`` URI (RFC 4151) from the site host, first publication day and source folder.

    Neither a title edit nor a new ``Slug:`` changes it; renaming the folder would.
    """
    day = zoned(first_published).astimezone(WIB).strftime("%Y-%m-%d")
    return f"tag:{config.host},{day}:{source_folder}"


@dataclass
class Story:
    """Everything a feed entry needs, already absolute and clean."""

    guid: str
    url: str
    title: str
    summary: str
    content: str
    published: datetime
    updated: datetime
    category: str
    category_url: str
    kecamatan: str = ""
    kelurahan: str = ""
    point: tuple[float, float] | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    photos: list[MediaItem] = field(default_factory=list)


def media_item(photo: Any, config: FeedsConfig, lead: bool) -> MediaItem | None:
    """A photo as published: absolute URL, MIME type, pixel and byte size of the output file."""
    if not photo.url:
        return None
    og = getattr(photo, "renditions", {}).get("og")
    size = getattr(photo, "file_size", None)  # a derivative of the media plugin
    if size is None:  # the original, published as a static file
        path = config.output_path / unquote(photo.url.lstrip("/"))
        size = path.stat().st_size if path.is_file() else 0
    mime = mimetypes.guess_type(photo.url)[0] or "image/jpeg"
    thumb = (config.absolute(og.url), og.width, og.height) if og else None
    return MediaItem(
        url=config.absolute(photo.url),
        mime=mime,
        width=photo.width,
        height=photo.height,
        size=size,
        description=photo.caption or photo.alt,
        credit=photo.credit,
        thumbnail=thumb or (config.absolute(photo.url), photo.width, photo.height),
        default=lead,
    )


def story_for(article: Any, config: FeedsConfig) -> Story:
    """:func:`from_article`, computed once per article and site URL (feeds and the syndication
    plugin both need it at ``finalized``)."""
    cached = getattr(article, "_feeds_story", None)
    if cached is not None and cached[0] == config.siteurl:
        return cached[1]
    story = from_article(article, config)
    article._feeds_story = (config.siteurl, story)
    return story


def from_article(article: Any, config: FeedsConfig) -> Story:
    """Build a :class:`Story` from a Pelican article (after photos were attached)."""
    source = article.relative_source_path
    folder = Path(source).parent.as_posix()
    url = config.absolute(article.url)
    content = absolutize_html(clean_text(article.content, source, "isi berita"), url)
    kec = getattr(article, "kecamatan", None)
    kel = getattr(article, "kelurahan", None)
    area = (kel or kec).area if (kel or kec) else None
    photos = [
        item
        for p in getattr(article, "photos", [])
        if (item := media_item(p, config, p.lead)) is not None
    ]
    photos.sort(key=lambda m: not m.default)
    published = zoned(article.date)
    return Story(
        guid=story_guid(config, folder, published),
        url=url,
        title=clean_text(article.title, source, "Title"),
        summary=clean_text(getattr(article, "summary", "") or "", source, "Summary"),
        content=content,
        published=published,
        updated=zoned(getattr(article, "modified", None) or article.date),
        category=article.category.name,
        category_url=config.absolute(article.category.url),
        kecamatan=kec.name if kec else "",
        kelurahan=kel.name if kel else "",
        point=(area.lat, area.lon) if area else None,
        authors=[(a.name, config.absolute(a.url)) for a in getattr(article, "authors", [])],
        tags=[t.name for t in getattr(article, "tags", [])],
        photos=photos,
    )


def family_keys(article: Any) -> dict[str, list[str]]:
    """The feed families (rubrik, wilayah, topik, penulis) a story belongs to, by slug.

    Read from the article alone, so feeds can pick the stories they show without building a
    :class:`Story` for every article."""
    kec = getattr(article, "kecamatan", None)
    return {
        "rubrik": [article.category.slug],
        "wilayah": [kec.slug] if kec else [],
        "topik": [t.slug for t in getattr(article, "tags", [])],
        "penulis": [a.slug for a in getattr(article, "authors", [])],
    }
