"""Per-story input keys: while a story's key holds, what was derived from it alone can be reused.

A story is the folder of its ``index.md``. Its key covers every file in that folder (name, inode,
size, mtime, ctime: photos and video included), the data files (``content/data``: kecamatan,
kelurahan, units) and the build's code digest (theme, plugins, project modules, installed
packages, settings, build environment; :func:`.uptodate.code_digest`), taken once at
``initialized`` so that modules imported later in the build do not change it.

Used for page-signature digests (:mod:`.signature`) and ``stories.json`` entries
(plugins/syndication). Something derived from *other* stories or from other files (the
syndication ledger, links between stories) is not covered and must be computed every build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .background import BackgroundError, Forked
from .parallel import default_workers, fork_available
from .paths import inside
from .uptodate import code_digest, tree_entries

logger = logging.getLogger(__name__)

#: Bump when what a key covers changes.
FORMAT = 2

_STATE: dict[str, Any] = {"build": None, "code": None}
_KEYS: dict[int, tuple[Any, str | None, str | None]] = {}


def full_stamp(stat: os.stat_result) -> str:
    """Inode, size, mtime and ctime: a file rewritten in place with its old mtime still shows."""
    return f"{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"


def folder_lines(folder: Path) -> Iterator[str]:
    """``name, inode, size, mtime_ns, ctime_ns`` of every file under ``folder``, sorted."""
    return tree_entries(folder, full_stamp)


def story_key(build_digest: str, story_id: str, folder: Path) -> str:
    """Key of one story: the build's digest plus every file of the story's folder."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{build_digest}\0{story_id}\n".encode())
    for line in folder_lines(folder):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def build_digest(settings: dict[str, Any], code: str) -> str:
    """Digest of everything besides a story's own folder: ``code`` and the data files."""
    data = Path(settings.get("NEWSROOM_DATA_PATH", Path(settings["PATH"]) / "data"))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code.encode())
    for line in folder_lines(data):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def remember_code(pelican: Any) -> None:
    """``initialized``: the build digest of this build (keys start afresh)."""
    _KEYS.clear()
    PREFETCH.stop()
    code = code_digest(pelican.settings, dict(os.environ))
    _STATE["code"], _STATE["build"] = code, build_digest(pelican.settings, code)


def build_code() -> str | None:
    """This build's code digest (None before ``initialized``, e.g. a plain Pelican run)."""
    return _STATE["code"]


def _keys_of(build: str, base: str, folders: list[str]) -> dict[str, str]:
    """``{folder relative to the content folder: story key}``."""
    return {rel: story_key(build, rel, Path(base, rel)) for rel in folders}


class Prefetch:
    """Story keys worked out in a forked process while Pelican reads the stories (every key
    walks its story's folder: ±0.4 s for 10,000 stories on the one core the build uses)."""

    def __init__(self) -> None:
        self.forked: Forked | None = None
        self.base = ""
        self.keys: dict[str, str] = {}
        self.owner = 0  # the process that started it (a forked one must leave it alone)

    def start(self, base: str, folders: list[str]) -> None:
        self.stop()
        build = _STATE["build"]
        if build is None or not folders or not fork_available() or default_workers() < 2:
            return
        work = functools.partial(_keys_of, build, base, folders)
        self.forked = Forked([("kunci berita", work)])
        self.base, self.owner = base, os.getpid()

    def get(self, base: str, rel: str) -> str | None:
        """The prefetched key of the story folder ``rel`` of content folder ``base``."""
        if self.owner != os.getpid():
            return None  # a forked process (render, background work) with a copy of it
        if self.forked is not None:
            try:
                self.keys = self.forked.join()[0]
            except BackgroundError:
                logger.debug("Kunci berita tidak diterima dari proses lain; dihitung di sini")
            self.forked = None
        return self.keys.get(rel) if base == self.base else None

    def stop(self) -> None:
        if self.owner == os.getpid() and self.forked is not None:
            self.forked.abandon(5)
            self.forked = None


PREFETCH = Prefetch()


def prefetch(generator: Any) -> None:
    """``article_generator_init``: start working out every story folder's key."""
    settings = generator.settings
    if _STATE["build"] is None or not hasattr(generator, "_walked"):
        return  # (only FastArticlesGenerator lists the story folders once for everyone)
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    folders = sorted({posixpath.dirname(f.replace(os.sep, "/")) for f in files})
    PREFETCH.keys = {}
    PREFETCH.start(settings["PATH"], folders)


def _source_id(item: Any) -> str | None:
    """``item``'s source file relative to the content folder (None when outside it)."""
    try:
        source, base = item.source_path, item.settings["PATH"]
        rel = inside(source, base)
        return Path(source).relative_to(base).as_posix() if rel is None else rel
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def key_for(article: Any) -> str | None:
    """The story's key in this build (worked out once), or None when there is none to trust
    (no build digest: ``initialized`` was not seen, e.g. a plain Pelican run)."""
    return _identity(article)[1]


def _identity(article: Any) -> tuple[str | None, str | None]:
    """The story's source id and key, worked out once per build."""
    found = _KEYS.get(id(article))
    if found is None:
        build, source = _STATE["build"], _source_id(article)
        key = None
        if build is not None and source is not None:
            rel = posixpath.dirname(source)
            key = PREFETCH.get(article.settings["PATH"], rel)
            if key is None:
                key = story_key(build, rel, Path(article.source_path).parent)
        found = _KEYS[id(article)] = (article, source, key)  # kept: its id stays unique
    return found[1], found[2]


class StoryDigests:
    """Digests of stories kept between builds, each valid while its story's key holds
    (``CACHE_PATH/story-digests-<output key>.json``; only this build's entries are saved)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old: dict[str, list[str]] = {}
        self._new: dict[str, list[str]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT:
            self._old = data.get("stories") or {}

    def get(self, item: Any) -> str | None:
        """The digest remembered for ``item`` when its key is unchanged."""
        sid, key = _identity(item)
        entry = self._old.get(sid) if sid and key else None
        if not entry or entry[0] != key:
            return None
        self._new[sid] = entry
        return entry[1]

    def kept(
        self, item: Any, fresh: Callable[[Any], str], verify: bool = False, live: str = ""
    ) -> str:
        """The digest kept for ``item`` while its key holds, else ``fresh(item)`` (kept for
        the next build). ``verify``: always recompute and log an error when a kept digest
        differs — an attribute made from outside the story's folder must be in ``live``."""
        digest = self.get(item)
        if digest is None or verify:
            new = fresh(item)
            if digest is not None and digest != new:
                logger.error(
                    "Sidik tersimpan %s tidak cocok (%s): atribut yang dibuat dari luar folder "
                    "beritanya harus masuk %s",
                    getattr(item, "source_path", item),
                    self.path.name,
                    live or "daftar atribut hidup",
                )
            digest = new
            self.put(item, digest)
        return digest

    def put(self, item: Any, digest: str) -> None:
        sid, key = _identity(item)
        if sid and key:
            self._new[sid] = [key, digest]

    def save(self) -> None:
        """Write this build's entries atomically (a failure only makes the next build slower)."""
        data = json.dumps({"format": FORMAT, "stories": self._new}, separators=(",", ":"))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            logger.warning("Sidik berita %s tidak bisa disimpan: %s", self.path, exc)
