"""A Markdown reader that checks every story before Pelican sees it.

It parses the ``Key: value`` header itself (to know line numbers), validates it against the
newsroom's rules, renders the body with Python-Markdown plus :mod:`.figures`, and returns
Pelican-ready metadata. A file with errors is recorded in :data:`.problems.BUILD_LOG` and
raises, so it is never cached or written.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper

from .config import NewsroomConfig
from .figures import FigureExtension, is_local
from .header import Header, split_header
from .inline import QuickInline
from .model import Kecamatan, Kelurahan, Photo, Unit
from .problems import BUILD_LOG, InvalidFileError, Problem
from .validate import StoryValues, check_body_images, check_page, check_story

logger = logging.getLogger(__name__)


def decode(raw: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (BOM allowed) and normalise Windows/Mac line endings."""
    problems = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                path,
                line,
                "Berkas",
                f"bukan teks UTF-8 (byte 0x{raw[exc.start]:02x} tidak sah)",
                "buka berkas di editor lalu simpan ulang dengan encoding UTF-8",
            )
        )
        text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def image_line(header: Header, src: str) -> int:
    """Line number of the first body line that references ``src``."""
    for offset, line in enumerate(header.body.split("\n")):
        if f"({src}" in line or f"({src} " in line:
            return header.body_line + offset
    return header.body_line


@dataclass
class Parsed:
    """What reading one file produced, before Pelican's metadata objects are made.

    Plain data (picklable, no settings inside): worker processes return it and the parse cache
    (:mod:`.readcache`) stores it, so warnings are shown again when a cached file is reused.
    """

    content: str
    story: bool
    problems: list[Problem]
    failed: bool
    values: StoryValues | None = None
    images: list[tuple[str, str, str, int]] = field(default_factory=list)
    page_fields: list[tuple[str, str]] = field(default_factory=list)


class NewsroomReader(MarkdownReader):
    """Reader for ``.md`` stories and pages of the newsroom."""

    file_extensions: ClassVar[list[str]] = ["md", "markdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.config = NewsroomConfig.from_settings(settings)
        self._figures = FigureExtension()
        md_settings = dict(self.settings["MARKDOWN"])
        extensions = [
            e for e in md_settings.pop("extensions", []) if e != "markdown.extensions.meta"
        ]
        self._md = Markdown(extensions=[*extensions, self._figures, QuickInline()], **md_settings)
        #: Files parsed ahead of time (by :mod:`.parallel` or the cache), by absolute path.
        self.prepared: dict[str, Parsed] = {}
        #: Slug of each (kind, name) seen in this build: every story has its own tag, rubrik
        #: and wilayah objects, each would otherwise run ``slugify`` for the same names again.
        self._slugs: dict[tuple[type, str], str] = {}

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        parsed = self.prepared.pop(source_path, None) or self.parse(source_path)
        BUILD_LOG.extend(parsed.problems)
        if parsed.failed:
            raise InvalidFileError(self.config.display(source_path))
        if parsed.story and parsed.values is not None:
            folder = Path(source_path).parent
            metadata = self._story_metadata(parsed.values, folder, parsed.images)
        else:
            metadata = {key: self.process_metadata(key, value) for key, value in parsed.page_fields}
        return parsed.content, metadata

    def parse(self, source_path: str) -> Parsed:
        """Decode, check and render one file; never raises for bad content."""
        shown = self.config.display(source_path)
        with open(source_path, "rb") as handle:
            text, problems = decode(handle.read(), shown)
        header = split_header(text)
        folder = Path(source_path).parent
        self._md.reset()
        content = self._md.convert(header.body)
        if not self.config.is_story(source_path):
            problems += check_page(shown, header)
            fields = [(f.key, f.value) for f in header.fields.values()]
            failed = any(p.severity == "error" for p in problems)
            return Parsed(content, False, problems, failed, page_fields=fields)
        files = frozenset(os.listdir(folder))
        values, found = check_story(shown, header, files, self.config.rules)
        images = self._body_images(header)
        problems += found + check_body_images(shown, images, files)
        failed = any(p.severity == "error" for p in problems)
        if values.status == "draft":
            problems = [p.for_draft() for p in problems]
        return Parsed(content, True, problems, failed, values, images)

    def _body_images(self, header: Header) -> list[tuple[str, str, str, int]]:
        return [
            (src, alt, title, image_line(header, src))
            for src, alt, title in self._figures.processor.images
            if is_local(src)
        ]

    def _story_metadata(
        self, v: StoryValues, folder: Path, images: list[tuple[str, str, str, int]]
    ) -> dict[str, Any]:
        s = self.settings
        rel_folder = self.config.relative(folder)
        photos = []
        if v.image:
            photos.append(
                Photo(
                    file=v.image,
                    source_path=f"{rel_folder}/{v.image}",
                    alt=v.image_alt,
                    caption=v.image_caption,
                    credit=v.image_credit,
                    lead=True,
                    focus=v.image_focus,
                )
            )
        for src, alt, caption, _line in images:
            if src != v.image:
                photos.append(
                    Photo(file=src, source_path=f"{rel_folder}/{src}", alt=alt, caption=caption)
                )
        meta: dict[str, Any] = {
            "title": v.title,
            "date": v.date,
            "summary": v.summary,
            "category": self.process_metadata("category", v.category),
            "authors": self.process_metadata("authors", v.authors),
            "status": v.status,
            "photos": photos,
            "syndicate": v.syndicate,
            "photographer": v.photographer,
            "image_alt": v.image_alt,
            "image_caption": v.image_caption,
            "image_credit": v.image_credit,
        }
        meta["author"] = meta["authors"][0]
        if v.modified:
            meta["modified"] = v.modified
        if v.tags:
            meta["tags"] = self.process_metadata("tags", v.tags)
        if v.kecamatan:
            kecamatan = Kecamatan(v.kecamatan, s)
            meta["kecamatan"] = kecamatan
            if v.kelurahan:
                meta["kelurahan"] = Kelurahan(v.kelurahan, kecamatan, s)
        if v.unit:
            meta["unit"] = Unit(v.unit, s)
        if v.image:
            meta["image"] = v.image
        if v.youtube_id:
            meta["youtube_id"] = v.youtube_id
        if v.video_file:
            meta["video_file"] = v.video_file
        meta.update(v.extra)
        for key in ("category", "kecamatan", "kelurahan", "unit"):
            if key in meta:
                self._known_slug(meta[key])
        for wrapper in [*meta["authors"], *meta.get("tags", ())]:
            self._known_slug(wrapper)
        return meta

    def _known_slug(self, wrapper: URLWrapper) -> None:
        """Give ``wrapper`` the slug of an earlier one of the same kind and name (Pelican keeps
        it in ``_slug``, filled on first use from the name and the settings alone)."""
        key = (type(wrapper), wrapper.name)
        slug = self._slugs.get(key)
        if slug is None:
            self._slugs[key] = wrapper.slug
        elif wrapper._slug is None:
            wrapper._slug = slug
