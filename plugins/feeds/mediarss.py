"""feedgen extensions: Media RSS with credit/description, and entries whose links keep attributes.

feedgen 1.0's ``media`` extension cannot write ``media:credit`` or ``media:description``, so
this registers its own (``fg.register_extension("newsmedia", ...)``). :class:`NewsEntry` fixes
feedgen issue #135 (Atom entry links lose ``rel``/``type``/``title``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

MEDIA_NS = "http://search.yahoo.com/mrss/"
LINK_ATTRS = ("rel", "type", "hreflang", "title", "length")


@dataclass(frozen=True)
class MediaItem:
    """One ``media:content`` with its texts and thumbnail."""

    url: str
    mime: str
    width: int
    height: int
    size: int
    description: str = ""
    credit: str = ""
    thumbnail: tuple[str, int, int] | None = None
    default: bool = False


class NewsMediaExtension(BaseExtension):
    """Feed part: declares the ``media`` namespace."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class NewsMediaEntryExtension(BaseEntryExtension):
    """Entry part: ``media:content`` (+ description, credit, thumbnail) per photo."""

    def __init__(self) -> None:
        self._items: list[MediaItem] = []

    def add(self, item: MediaItem) -> None:
        self._items.append(item)

    def items(self) -> list[MediaItem]:
        return list(self._items)

    def extend_rss(self, entry: Any) -> Any:
        for item in self._items:
            content = xml_elem(f"{{{MEDIA_NS}}}content", entry)
            content.set("url", item.url)
            content.set("type", item.mime)
            content.set("medium", "image")
            if item.default:
                content.set("isDefault", "true")
            if item.size:
                content.set("fileSize", str(item.size))
            if item.width and item.height:
                content.set("width", str(item.width))
                content.set("height", str(item.height))
            if item.description:
                desc = xml_elem(f"{{{MEDIA_NS}}}description", content)
                desc.set("type", "plain")
                desc.text = item.description
            if item.credit:
                credit = xml_elem(f"{{{MEDIA_NS}}}credit", content)
                credit.set("role", "photographer")
                credit.set("scheme", "urn:ebu")
                credit.text = item.credit
            if item.thumbnail:
                url, width, height = item.thumbnail
                thumb = xml_elem(f"{{{MEDIA_NS}}}thumbnail", content)
                thumb.set("url", url)
                if width and height:
                    thumb.set("width", str(width))
                    thumb.set("height", str(height))
        return entry

    def extend_atom(self, entry: Any) -> Any:
        return self.extend_rss(entry)


class NewsEntry(FeedEntry):
    """A feed entry whose Atom links keep every attribute (works around feedgen #135)."""

    def atom_entry(self, extensions: bool = True) -> Any:
        entry = super().atom_entry(extensions)
        written = [el for el in entry if el.tag == "link"]
        for element, data in zip(written, self.link() or [], strict=True):
            for attr in LINK_ATTRS:
                if data.get(attr):
                    element.set(attr, str(data[attr]))
        return entry


ATOM_NS = "http://www.w3.org/2005/Atom"


class WebSubExtension(BaseExtension):
    """Feed part for RSS: ``<atom:link rel="hub">`` (feedgen writes only ``rel="self"`` in RSS).

    Atom feeds get the hub link through ``fg.link(rel="hub")``; this extension is registered
    with ``atom=False``.
    """

    def __init__(self) -> None:
        self.hub = ""

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def extend_rss(self, feed: Any) -> Any:
        if self.hub:
            channel = feed[0]
            link = xml_elem(f"{{{ATOM_NS}}}link", channel)
            link.set("href", self.hub)
            link.set("rel", "hub")
        return feed


class NoEntryExtension(BaseEntryExtension):
    """Entry part of :class:`WebSubExtension` (nothing per entry)."""
