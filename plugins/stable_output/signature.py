"""Page signatures: a digest of exactly what one rendered page can show.

A page's signature covers the template (and every template it extends, includes or imports),
the value of every variable those templates name, and a site-wide *code hash* (theme templates,
plugin sources, Pelican's version and the settings). Two builds that give a page the same
signature render the same bytes, so the writer can skip rendering it.

Which variables a page reads is found statically with :func:`jinja2.meta.find_undeclared_variables`
over the template tree; a template whose includes cannot be resolved statically gets no signature
(it is always rendered). Values are digested structurally: Pelican content objects and URL
wrappers by their attributes (stories linked from a story — related, previous/next — by their own
attributes, not by their links), pagination pages by the stories they list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import operator
import os
import types
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateError
from pelican.contents import Content
from pelican.paginator import Page
from pelican.urlwrappers import URLWrapper

if TYPE_CHECKING:
    from .storykeys import StoryDigests

logger = logging.getLogger(__name__)

# Attributes never digested: back-references to the whole site or to the settings.
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context"})
# ``page_meta()`` (plugins/feeds) reads these context keys directly, not through the template.
PAGE_META_NAMES = frozenset(
    {
        "article",
        "page",
        "output_file",
        "SOCIAL_ACCOUNTS",
        "category",
        "tag",
        "author",
        "kelurahan",
        "kecamatan",
        "unit",
    }
)
MAX_DEPTH = 6
_MISSING = object()
#: Settings that change how a build writes (in place or from an empty folder), not what.
RUNTIME_SETTINGS = frozenset({"NEWSROOM_CLEAN_OUTPUT", "NEWSROOM_PREVIOUS_OUTPUT", "DEBUG"})
# Attributes linking a story to other stories (plugins/theme_context), also when empty/None.
LINK_ATTRIBUTES = frozenset({"related_stories", "older_story", "newer_story", "translations"})
#: Attributes made from more than the story's own folder, the data files, code and settings
#: (the syndication ledger; Pelican rewrites links to other content in the body): digested on
#: every build. Every other attribute is part of the story's *own* digest, which may be kept
#: between builds while the story's key holds (:mod:`.storykeys`).
LIVE_ATTRIBUTES = frozenset({"syndication", "_content", "_summary"})
# Code is covered by the code hash: digested by name only.
CODE_TYPES = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.ModuleType,
    functools.partial,
    type,
)


#: Strings longer than this are digested by hash (escaping a story body for ``repr`` and joining
#: it into the page's parts cost more than hashing it).
LONG_TEXT = 256


def text_digest(text: str) -> str:
    """Digest of a long text (a story body), by hash rather than ``repr``."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _h(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


class Digester:
    """Structural digests of template values, cached for the lifetime of one build."""

    def __init__(self, stories: StoryDigests | None = None, verify: bool = False) -> None:
        # id() keys are safe: content objects live for the whole build.
        self._content: dict[tuple[int, bool], str] = {}
        self._own: dict[int, tuple[Any, str]] = {}
        self._names: dict[int, tuple[Any, tuple[list[str], list[str]]]] = {}
        self.stories = stories
        self.verify = verify
        self._shared: dict[tuple[str, int], str] = {}
        # Attribute values of content objects (kept alive here, so their ids stay unique):
        # a story's linked and full digests, and its ``metadata``, share them.
        self._members: dict[int, tuple[Any, str]] = {}
        # URL wrappers (tags, categories, authors) by class and name: each story has its own
        # instances, but their attributes follow from the name and the settings alone.
        self._wrappers: dict[tuple[type, str], str] = {}
        # Listing pages (kept alive here, like the attribute values above).
        self._pages: dict[tuple[int, int], tuple[Any, str]] = {}
        # The site-wide part of page signatures, by template variables (with their values).
        self._site: dict[tuple[str, ...], tuple[tuple[Any, ...], str]] = {}

    def shared(self, name: str, obj: Any) -> str:
        """Digest of a site-wide context value (not changed while pages are written)."""
        key = (name, id(obj))
        cached = self._shared.get(key)
        if cached is None:
            cached = self._shared[key] = self.value(obj)
        return cached

    def site_part(self, names: tuple[str, ...], values: tuple[Any, ...]) -> str:
        """Digest of site-wide ``values`` (``_MISSING`` for a name the context lacks), kept
        while the very same objects come again."""
        found = self._site.get(names)
        if found is not None and all(map(operator.is_, values, found[0])):
            return found[1]
        digest = _h(*_named(names, values, self.shared))
        self._site[names] = (values, digest)
        return digest

    def value(self, obj: Any, depth: int = 0) -> str:  # noqa: PLR0911
        """Digest of ``obj``; equal digests mean the templates see equal values."""
        kind = _kind(type(obj))  # by type, once per type: this runs ~900,000 times a build
        if kind == _TEXT:
            return "text:" + text_digest(obj) if len(obj) > LONG_TEXT else repr(obj)
        if kind == _SCALAR:
            return repr(obj)
        if kind == _DATETIME:
            return f"dt:{obj.isoformat()}:{obj.tzname()}"
        if kind == _DATE:
            return f"{type(obj).__name__}:{obj!r}"
        if depth > MAX_DEPTH:
            return f"deep:{type(obj).__qualname__}"
        if kind == _CONTENT:
            cached = self._content.get((id(obj), depth > 0))
            return cached if cached is not None else self.content(obj, linked=depth > 0)
        if kind == _WRAPPER:
            return self._wrapper(obj, depth)
        if kind == _PAGE:
            return self._page(obj, depth)
        if kind != _BUILTIN and hasattr(obj, "num_pages") and hasattr(obj, "per_page"):
            return f"paginator:{obj.num_pages}:{obj.per_page}"
        return self._structure(obj, depth)

    def _structure(self, obj: Any, depth: int) -> str:  # noqa: PLR0911
        """Containers, code, plain value objects and anything else, by what they hold."""
        if isinstance(obj, Mapping):
            items = sorted((repr(k), self.value(v, depth + 1)) for k, v in obj.items())
            return _h("map", *(f"{k}={v}" for k, v in items))
        if isinstance(obj, (set, frozenset)):
            return _h("set", *sorted(self.value(v, depth + 1) for v in obj))
        if isinstance(obj, (list, tuple)):
            return _h("seq", *(self.value(v, depth + 1) for v in obj))
        if isinstance(obj, CODE_TYPES):
            name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "")
            return f"code:{getattr(obj, '__module__', '')}.{name}"
        if _plain_value_type(type(obj)):
            text = repr(obj)
            if " at 0x" not in text:
                return _h("repr", text)
        if hasattr(obj, "__dict__"):
            return self._attributes(obj, depth, sorted(vars(obj)))
        if hasattr(obj, "__slots__"):
            return self._attributes(obj, depth, sorted(obj.__slots__))
        text = repr(obj)
        return _h("repr", type(obj).__qualname__, "" if " at 0x" in text else text)

    def content(self, item: Content, linked: bool = False) -> str:
        """A story or page: every attribute; other content it links to by its own attributes."""
        key = (id(item), linked)
        cached = self._content.get(key)
        if cached is None:
            live, links = self._outside(item)
            if linked:
                parts = [type(item).__qualname__, f"own={self.own(item)}"]
                parts.append(f"shown={links_digest(item)}")  # links to other content in the body
                names = live
            else:  # what a link shows, and the content it links to
                parts, names = [f"linked={self.content(item, linked=True)}"], links
            parts += [f"{name}={self._member(getattr(item, name))}" for name in names]
            cached = self._content[key] = _h(*parts)
        return cached

    def _outside(self, item: Content) -> tuple[list[str], list[str]]:
        """Names of the attributes of ``item`` not in its own digest: live ones, and those
        linking other content (skipped when ``item`` is itself shown as a link)."""
        found = self._names.get(id(item))
        if found is None:
            live, links = [], []
            for name, value in vars(item).items():
                if name in LINK_ATTRIBUTES:
                    links.append(name)
                elif name in SKIPPED_ATTRIBUTES:
                    continue
                elif _links_content(value):
                    links.append(name)
                elif name in LIVE_ATTRIBUTES:
                    live.append(name)
            found = self._names[id(item)] = (item, (sorted(live), sorted(links)))
        return found[1]

    def own(self, item: Content) -> str:
        """Digest of the attributes of ``item`` made from its own folder, the data files, code
        and settings — remembered between builds by ``stories`` while the story's key holds."""
        found = self._own.get(id(item))
        if found is None:
            if self.stories is None:
                digest = self._own_fresh(item)
            else:
                digest = self.stories.kept(item, self._own_fresh, self.verify, "LIVE_ATTRIBUTES")
            found = self._own[id(item)] = (item, digest)
        return found[1]

    def _own_fresh(self, item: Content) -> str:
        parts = []
        for name in sorted(vars(item)):
            if name in SKIPPED_ATTRIBUTES or name in LIVE_ATTRIBUTES or name in LINK_ATTRIBUTES:
                continue
            value = getattr(item, name)
            if _links_content(value):
                continue
            if name == "metadata" and isinstance(value, dict):
                digest = self._metadata(item, value)
            else:
                digest = self._member(value)
            parts.append(f"{name}={digest}")
        return _h(*parts)

    def _metadata(self, item: Content, metadata: dict[str, Any]) -> str:
        """``metadata``: a value that is the very object of the attribute of the same name
        (Pelican sets one per key) is digested there already; only the rest here."""
        items = []
        for key, value in metadata.items():
            mirrored = getattr(item, key.lower(), _MISSING) is value
            items.append(f"{key!r}=" + ("attr" if mirrored else self._member(value)))
        return _h("map", *sorted(items))

    def _member(self, value: Any) -> str:
        """Digest of one attribute value of a content object, once per build."""
        if value is None or isinstance(value, (bool, int, float, str, bytes, Content)):
            return self.value(value, 1)
        found = self._members.get(id(value))
        if found is None:
            found = self._members[id(value)] = (value, self.value(value, 1))
        return found[1]

    def _wrapper(self, obj: URLWrapper, depth: int) -> str:
        key = (type(obj), obj.name)
        cached = self._wrappers.get(key)
        if cached is None:
            names = ("name", "slug", "url", "save_as")
            cached = self._wrappers[key] = self._attributes(obj, depth, names)
        return cached

    def _attributes(self, obj: Any, depth: int, names: Iterable[str]) -> str:
        parts = [type(obj).__qualname__]
        for name in names:
            if name in SKIPPED_ATTRIBUTES or name.startswith("__"):
                continue
            parts.append(f"{name}={self.value(getattr(obj, name, None), depth + 1)}")
        return _h(*parts)

    def _page(self, page: Any, depth: int) -> str:
        """A listing page by the stories it lists; once per build (the writer hands the same
        page to three pages: as the page itself and as its neighbours' previous/next)."""
        found = self._pages.get((id(page), depth))
        if found is None:
            items = (self.value(v, depth + 1) for v in page.object_list)
            neighbours = (page.has_previous(), page.has_next())
            digest = _h("page", str(page.number), page.url, page.save_as, repr(neighbours), *items)
            found = self._pages[(id(page), depth)] = (page, digest)
        return found[1]


@functools.cache
def _plain_value_type(cls: type) -> bool:
    """A frozen dataclass whose generated ``repr`` shows every field: its ``repr`` is its value.

    (Frozen: no attribute can be added or changed after creation, so ``repr`` misses nothing.)
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or not params.repr:
        return False
    generated = getattr(cls.__repr__, "__wrapped__", cls.__repr__)
    if getattr(getattr(generated, "__code__", None), "co_filename", "") != "<string>":
        return False  # a hand-written __repr__ may leave something out
    return all(f.repr for f in dataclasses.fields(cls))


_TEXT, _SCALAR, _DATETIME, _DATE, _CONTENT, _WRAPPER, _PAGE, _BUILTIN, _OTHER = range(9)
#: Built-in containers: no instance attributes, so never a paginator.
_BUILTIN_TYPES = (dict, list, tuple, set, frozenset)


@functools.cache
def _kind(cls: type) -> int:  # noqa: PLR0911
    """How :meth:`Digester.value` digests instances of ``cls`` (checked in this order)."""
    if issubclass(cls, str):
        return _TEXT
    if cls is type(None) or issubclass(cls, (bool, int, float, bytes)):
        return _SCALAR
    if issubclass(cls, dt.datetime):
        return _DATETIME
    if issubclass(cls, (dt.date, dt.time, dt.timedelta)):
        return _DATE
    if issubclass(cls, Content):
        return _CONTENT
    if issubclass(cls, URLWrapper):
        return _WRAPPER
    if issubclass(cls, Page):
        return _PAGE
    return _BUILTIN if cls in _BUILTIN_TYPES else _OTHER


def links_digest(item: Any) -> str:
    """Digest of the body as Pelican shows it when the raw body has links to other content
    (``{filename}…``: rewritten to their URLs on every access), else ``""``. Those URLs belong
    to other stories, so no story key covers them."""
    raw = getattr(item, "_content", "")
    if not isinstance(raw, str) or ("{" not in raw and "|" not in raw):
        return ""
    return text_digest(item.get_content(""))


def _links_content(value: Any) -> bool:
    kind = _kind(type(value))
    if kind == _CONTENT:
        return True
    if kind < _CONTENT:  # text, numbers, dates: the common case, decided by type alone
        return False
    return isinstance(value, (list, tuple)) and any(isinstance(v, Content) for v in value)


class TemplateNames:
    """Variables each template (with everything it extends/includes/imports) reads."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._cache: dict[str, frozenset[str] | None] = {}
        self._parsed: dict[str, tuple[frozenset[str], tuple[str, ...]] | None] = {}

    def __call__(self, name: str) -> frozenset[str] | None:
        """The variable names, or ``None`` when they cannot be known statically."""
        if name not in self._cache:
            self._cache[name] = self._collect(name)
        return self._cache[name]

    def _collect(self, root: str) -> frozenset[str] | None:
        names: set[str] = set()
        todo, seen = [root], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            found = self._own_names(name)
            if found is None:
                return None
            names |= found[0]
            todo.extend(found[1])
        if "page_meta" in names:
            names |= PAGE_META_NAMES
        return frozenset(names)

    def _own_names(self, name: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """Variables one template reads and the templates it names (parsed once per build:
        every page template includes the same partials)."""
        if name not in self._parsed:
            self._parsed[name] = self._parse(name)
        return self._parsed[name]

    def _parse(self, name: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
        try:
            source = self.env.loader.get_source(self.env, name)[0]
            ast = self.env.parse(source)
        except (TemplateError, OSError) as exc:
            logger.debug("Templat %s tidak bisa dianalisis: %s", name, exc)
            return None
        names = set(meta.find_undeclared_variables(ast))
        names |= {n.name for n in ast.find_all(nodes.Name)}
        refs = tuple(meta.find_referenced_templates(ast))
        if None in refs:
            return None
        return frozenset(names), refs  # type: ignore[return-value]


CODE_SUFFIXES = (".py", ".html", ".xml", ".txt", ".j2", ".json", ".toml", ".yml")


def code_hash(roots: Iterable[str | os.PathLike[str]], settings: Mapping[str, Any]) -> str:
    """Digest of every template and Python file under ``roots``, Pelican's version and settings."""
    from pelican import __version__  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    for root in roots:
        if not os.path.isdir(root):
            continue
        files = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", "node_modules")]
            files += [os.path.join(folder, n) for n in names if n.endswith(CODE_SUFFIXES)]
        for path in sorted(files, key=lambda p: Path(p).parts):
            digest.update(Path(path).as_posix().encode() + b"\0" + Path(path).read_bytes())
    kept = {k: v for k, v in settings.items() if k not in RUNTIME_SETTINGS}
    digest.update(Digester().value(kept).encode())
    return digest.hexdigest()


#: Variables the writer sets for each page (the rest of a page's context is the site's).
PAGE_NAMES = frozenset({"output_file", "localsiteurl", "SITEURL"})


@functools.lru_cache(maxsize=1024)
def _split(names: frozenset[str], own: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A template's variables: the site-wide ones and the page's own, each sorted (once per
    template and kind of page: the same split serves thousands of pages)."""
    page = names & (own | PAGE_NAMES)
    return tuple(sorted(names - page)), tuple(sorted(page))


def _named(
    names: tuple[str, ...], values: tuple[Any, ...], digest: Callable[[str, Any], str]
) -> list[str]:
    """``name=digest`` of each value present (not ``_MISSING``)."""
    return [f"{n}={digest(n, v)}" for n, v in zip(names, values, strict=True) if v is not _MISSING]


def page_signature(
    digester: Digester,
    base: str,
    template_name: str,
    names: frozenset[str],
    localcontext: Mapping[str, Any],
    shared: Mapping[str, Any],
    own: Mapping[str, Any] | frozenset[str] = frozenset(),
) -> str:
    """Signature of one page from the values of the variables its templates read.

    ``shared`` is the site-wide context and ``own`` the page's own variables. The site-wide
    variables' part is worked out once for as long as their values stay the very objects of
    ``shared`` (checked for each page, in C), so a page costs only its own variables.
    """
    site, page = _split(names, frozenset(own))
    values = tuple(map(localcontext.get, site, repeat(_MISSING)))
    if all(map(operator.is_, values, map(shared.get, site, repeat(_MISSING)))):
        site_part = digester.site_part(site, values)
    else:  # a page that gives a site-wide variable a value of its own
        site_part = _h(*_named(site, values, lambda _name, value: digester.value(value)))
    parts = [base, template_name, site_part]
    for name in page:
        value = localcontext.get(name, _MISSING)
        if value is not _MISSING:
            parts.append(f"{name}={digester.value(value)}")
    if "page_meta" in names:
        parts.append(f"has_articles={bool(localcontext.get('articles'))}")
    return _h(*parts)
