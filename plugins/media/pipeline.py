"""The build steps: check every published story's media, render (cached), wire up templates.

``prepare`` runs at ``all_generators_finalized``, before Pelican writes anything: it stops the
build on media problems, fills the cache, sets ``photo.sources``/``photo.renditions``/``url``,
``article.video_poster`` and ``article.video_path``, and turns body images into ``<picture>``.
``publish`` runs at ``get_writer`` (after every check, before pages are written) and
hard-links the derivatives from the cache into the output (a copy where linking fails), each
file atomically (temporary name, then rename); a file already in place is left untouched.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from typing import Any, NamedTuple

from newsroom.config import shown
from newsroom.model import Photo
from newsroom.outputs import beside_pages, claim
from newsroom.problems import BUILD_LOG, Problem
from pelican.generators import ArticlesGenerator

from .cache import MediaCache, file_digest, job_key
from .checks import check_image, check_video
from .config import MediaConfig
from .encode import EXT, MIME, Job, Output, title_card
from .sources import SourceIndex

logger = logging.getLogger(__name__)

#: (cache file, output file) pairs waiting for ``publish``; reset by ``prepare``.
PENDING: list[tuple[str, str]] = []
_ATTACH_IMG = re.compile(r'<img\b[^>]*?\bsrc="\{attach\}([^"]+)"[^>]*>')


class Rendition(NamedTuple):
    """One published derivative; ``url`` is relative to SITEURL, like Pelican urls.

    (A named tuple: every build makes one per derivative of every photo of the archive, and a
    tuple is made several times faster than a frozen dataclass.)"""

    url: str
    width: int
    height: int
    mime: str
    size: int


@dataclass(frozen=True)
class Source:
    """One ``<source>`` of a ``<picture>``: a format and its widths."""

    mime: str
    items: tuple[Rendition, ...]

    def srcset_at(self, siteurl: str) -> str:
        """The ``srcset`` attribute: each width's absolute URL (made here, not in the picture
        partial: it runs for every photo of every story shown, and a Jinja loop is slower)."""
        return ", ".join([f"{siteurl}/{r.url} {r.width}w" for r in self.items])


def _story_dir(article: Any) -> str:
    return posixpath.dirname(article.save_as)


def _attach(photo: Photo, outputs: list[Output], key: str, url_dir: str, folder: Path) -> None:
    """Point ``photo`` at its published derivatives and queue them for copying."""
    # Runs for every derivative of every photo on every build: the invariant parts once.
    prefix = f"{url_dir}/{Path(photo.file).stem}-" if url_dir else f"{Path(photo.file).stem}-"
    tag = key[:10]
    base = f"{os.fspath(folder)}/"
    by_fmt: dict[str, list[Rendition]] = {}
    renditions: dict[str, Rendition] = {}
    for out in outputs:
        url = f"{prefix}{out.label}-{tag}.{EXT[out.fmt]}"
        PENDING.append((base + out.name, url))  # out.name: a plain file name
        rendition = Rendition(url, out.width, out.height, MIME[out.fmt], out.size)
        if out.label[-1] == "w":
            by_fmt.setdefault(out.fmt, []).append(rendition)
        else:
            renditions[out.label] = rendition
    for items in by_fmt.values():
        items.sort(key=lambda r: r.width)
    order = [f for f in ("avif", "webp", "jpeg") if f in by_fmt]
    photo.sources = [Source(MIME[f], tuple(by_fmt[f])) for f in order]  # type: ignore[attr-defined]
    photo.renditions = renditions  # type: ignore[attr-defined]
    largest = by_fmt["jpeg"][-1]  # JPEG: always made, last of photo.sources
    photo.url, photo.width, photo.height = largest.url, largest.width, largest.height
    photo.file_size = largest.size  # type: ignore[attr-defined] # the feeds' enclosure length


Planned = list[tuple[Any, Photo, Job]]


def prepare(generators: list[Any]) -> None:
    """``all_generators_finalized``: check, render and attach every published story's media."""
    gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    config = MediaConfig.from_settings(gen.settings)
    PENDING.clear()
    articles = [*gen.articles, *gen.translations]
    index = SourceIndex.load(config.cache_path)
    planned, problems = plan(articles, config, index)
    index.save()
    BUILD_LOG.extend(problems)
    BUILD_LOG.stop_on_errors()

    cache = MediaCache(config.cache_path)
    results, stats = cache.fill([job for _a, _p, job in planned], config.workers, index.reads)
    fix = "buka dan simpan ulang sebagai JPEG, atau ganti fotonya"
    for article, photo, job in planned:
        if error := stats.failed.get(job.source):
            message = f"{photo.file} rusak dan tidak bisa dibaca ({error})"
            BUILD_LOG.extend([Problem(shown(article.source_path), 0, _field(photo), message, fix)])
    BUILD_LOG.stop_on_errors()
    logger.info(
        "Media: %d foto dibuat ulang, %d dari cache, %d berkas foto dibaca ulang",
        stats.encoded, stats.cached, stats.read,
    )  # fmt: skip

    for article in articles:
        article.video_poster = None
    for article, photo, job in planned:
        key = job_key(job)
        if job.kind == "poster":
            poster = Photo(f"{Path(photo.file).stem}-video.jpg", photo.source_path,
                           f"Putar video: {article.title}", focus=photo.focus)  # fmt: skip
            _attach(poster, results[key], key, _story_dir(article), cache.folder(key))
            article.video_poster = poster
        else:
            _attach(photo, results[key], key, _story_dir(article), cache.folder(key))
    for article in articles:
        video = getattr(article, "video_path", "")
        if video and config.publish_video:
            article.video_url = f"{_story_dir(article)}/{Path(video).name}"
            PENDING.append((video, article.video_url))
        article._content = body_pictures(article, gen.env, config.siteurl)


def _card_job(article: Any, config: MediaConfig) -> tuple[Photo, Job]:
    """A poster job from a generated title card, for a video story without a lead photo."""
    name = hashlib.sha256(article.title.encode()).hexdigest()[:16]
    card = title_card(article.title, config.cache_path / "cards" / f"{name}.png")
    photo = Photo("judul.png", "", article.title)
    job = Job(str(card), file_digest(card), "poster", config.widths, config.formats, (0.5, 0.5),
              avif_speed=config.avif_speed, webp_method=config.webp_method)  # fmt: skip
    return photo, job


def _field(photo: Photo) -> str:
    return "Image" if photo.lead else f"Foto {photo.file}"


def plan(
    articles: list[Any], config: MediaConfig, index: SourceIndex
) -> tuple[Planned, list[Problem]]:
    """Check every photo and video of ``articles``; the render jobs and the problems found.

    Digests and header facts come from ``index`` (read again only for new or changed files).
    Sets ``article.video_path`` (absolute) for a local video, for the YouTube channel.
    """
    problems: list[Problem] = []
    planned: Planned = []
    brand_digest = index.digest(Path(config.brand_mark)) if config.brand_mark else ""
    for article in articles:
        story = shown(article.source_path)
        for photo in getattr(article, "photos", []):
            path = config.content_path / photo.source_path
            found, size = check_image(
                path, story, _field(photo), config, lead=photo.lead, index=index
            )
            problems += found
            if size is None:
                continue
            digest = index.digest(path)
            job = Job(str(path), digest, "photo", config.widths, config.formats,
                      photo.focus or (0.5, 0.5), config.brand_mark, brand_digest,
                      config.avif_speed, config.webp_method,
                      config.lead_crops if photo.lead else config.body_crops)  # fmt: skip
            planned.append((article, photo, job))
            if photo.lead and getattr(article, "youtube_id", ""):
                poster = replace(job, kind="poster", brand_mark="", brand_digest="")
                planned.append((article, photo, poster))
        if getattr(article, "youtube_id", "") and not any(p.lead for p in article.photos):
            planned.append((article, *_card_job(article, config)))
        if video := getattr(article, "video_file", ""):
            path = Path(article.source_path).parent / video
            problems += check_video(path, story, config)
            article.video_path = str(path.resolve())
    return _share_lead_crops(planned, config), problems


def _share_lead_crops(planned: Planned, config: MediaConfig) -> Planned:
    """A photo (by content) that is any story's lead gets the lead's crops everywhere, so all
    its uses share one cache entry and are decoded and encoded once."""
    leads = {job.digest for _a, photo, job in planned if photo.lead}
    return [
        (article, photo, replace(job, crops=config.lead_crops))
        if job.kind == "photo" and job.digest in leads and job.crops != config.lead_crops
        else (article, photo, job)
        for article, photo, job in planned
    ]


def body_pictures(article: Any, env: Any, siteurl: str) -> str:
    """The article's HTML with each local ``<img>`` replaced by the picture partial."""
    photos = {p.file: p for p in getattr(article, "photos", []) if getattr(p, "sources", None)}
    template = env.get_template("partials/picture.html")

    def swap(match: re.Match[str]) -> str:
        photo = photos.get(unescape(match.group(1)))
        if photo is None:
            return match.group(0)
        sizes = "(min-width: 48rem) 48rem, 100vw"
        return template.render(photo=photo, sizes=sizes, priority=False, SITEURL=siteurl).strip()

    return _ATTACH_IMG.sub(swap, article._content or "")


def publish(pelican: Any) -> None:
    """``get_writer``: put queued derivatives into the output, leaving identical files alone —
    beside the page writer when the output manager takes it (pages only name the files)."""
    output = str(pelican.output_path)
    pending = list(PENDING)
    # rel: a URL path made by _attach, never absolute
    targets = [f"{output}{os.sep}{rel}" for _source, rel in pending]
    claim(targets)
    work = functools.partial(link_all, [source for source, _rel in pending], targets, output)
    if not beside_pages("media", work):
        work()


def link_all(sources: list[str], targets: list[str], output: str) -> int:
    """Make each target hold its source's bytes; the number of files written."""
    stats: dict[str, os.stat_result] = {}  # a reused photo's files are linked many times
    written = 0
    for source, target in zip(sources, targets, strict=True):
        src = stats.get(source) or stats.setdefault(source, os.stat(source))
        try:  # the common case first (the very file is in place), without a call to place
            old = os.stat(target)
        except FileNotFoundError:
            pass
        else:
            if _same_file(old, src):
                continue
        written += place(source, target, src=src)
    logger.info("Media: %d berkas ditulis ke %s", written, output)
    return written


def place(
    source: str | Path,
    target: str | Path,
    link: Callable[[str, str], None] = os.link,
    *,
    src: os.stat_result | None = None,
) -> bool:
    """Make ``target`` hold ``source``'s bytes; False when it already does.

    A hard link shares the cache's file (no bytes copied, same mtime on every build); where
    linking is impossible (another file system, no permission) the bytes are copied with the
    source's mtime. A new name is linked straight into place (it appears complete); an
    existing one is replaced by rename, so nothing ever writes through a link into the cache.
    """
    source, target = os.fspath(source), os.fspath(target)
    src = src or os.stat(source)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        if _link_new(source, target, link):
            return True
    else:
        if _same_file(old, src):
            return False
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(target)}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    try:
        link(source, tmp)
    except OSError as exc:
        logger.debug("Media: %s tidak bisa ditautkan (%s); disalin", target, exc)
        shutil.copyfile(source, tmp)
        os.utime(tmp, ns=(src.st_atime_ns, src.st_mtime_ns))
    os.replace(tmp, target)
    return True


def _same_file(old: os.stat_result, src: os.stat_result) -> bool:
    """The very file (same inode) or a copy of it that kept its size and mtime."""
    same_inode = (old.st_ino, old.st_dev) == (src.st_ino, src.st_dev)
    return same_inode or (old.st_size, old.st_mtime_ns) == (src.st_size, src.st_mtime_ns)


def _link_new(source: str, target: str, link: Callable[[str, str], None]) -> bool:
    """Hard-link ``source`` as the new name ``target`` (making its folder); False on failure."""
    for attempt in range(2):
        try:
            link(source, target)
            return True
        except FileNotFoundError:
            if attempt or not os.path.exists(source):
                return False
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except OSError:
            return False
    return False
