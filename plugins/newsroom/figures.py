"""Markdown extension: a photo alone in its paragraph becomes a ``<figure>`` with caption.

``![Petugas mengeruk lumpur](keruk.jpg "Pengerukan Kali Sunter. (Kominfotik JU/Agus)")`` renders
as ``<figure><img alt=… src="{attach}keruk.jpg"><figcaption>…</figcaption></figure>``; Pelican's
``{attach}`` then publishes the photo beside the story. Every photo seen is recorded so the
reader can check that it exists and has alt text.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


def is_local(src: str) -> bool:
    """A path relative to the story folder (not a URL, not site-absolute, not a Pelican link)."""
    return bool(src) and not (urlsplit(src).scheme or src.startswith(("/", "{", "#")))


class FigureProcessor(Treeprocessor):
    """Wrap lone images in figures and record each image (src, alt, caption)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.images: list[tuple[str, str, str]] = []

    def run(self, root: Element) -> None:
        images = list(root.iter("img"))
        self.images = [(i.get("src", ""), i.get("alt", ""), i.get("title", "")) for i in images]
        for img in images:
            if is_local(img.get("src", "")):
                img.set("src", "{attach}" + img.get("src", ""))
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                lone = _lone_image(child) if child.tag == "p" else None
                if lone is not None:
                    parent[index] = _figure(lone)


def _figure(img: Element) -> Element:
    """``<figure>`` holding the image, its title moved into a ``<figcaption>``."""
    figure = Element("figure")
    caption = img.attrib.pop("title", "")
    figure.append(img)
    if caption:
        SubElement(figure, "figcaption").text = caption
    return figure


def _lone_image(paragraph: Element) -> Element | None:
    children = list(paragraph)
    if len(children) != 1 or children[0].tag != "img":
        return None
    if (paragraph.text or "").strip() or (children[0].tail or "").strip():
        return None
    return children[0]


class FigureExtension(Extension):
    """Register :class:`FigureProcessor` after inline processing."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        self.processor = FigureProcessor(md)
        md.treeprocessors.register(self.processor, "newsroom_figures", 5)
