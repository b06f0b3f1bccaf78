"""``invoke check-links``: no link or image inside the built site leads to a 404.

Reads the output folder once after the build. Every HTML page is parsed with
:mod:`html.parser` and every stylesheet scanned for ``url(…)``; every internal URL (``href``,
``src``, ``srcset``, ``poster``, Open Graph ``content``) is resolved to a file of the output the
way a static host would, and fragments (``#id``) are checked against the ids of the target page.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_URL_ATTRS = {"href", "src", "poster", "data-src"}
_SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "sms", "whatsapp"}
_META_URL_PROPERTIES = {"og:image", "og:url", "twitter:image", "og:video"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")


class _PageParser(HTMLParser):
    """Collects the URLs a page refers to (with line numbers) and its element ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "link" and "preconnect" in values.get("rel", "").split():
            return
        for key, value in values.items():
            if key in _URL_ATTRS and value:
                self.urls.append((value.strip(), line))
            elif key in ("srcset", "imagesrcset") and value:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ", 1)[0]
                    if url:
                        self.urls.append((url, line))
        kind = values.get("property", values.get("name"))
        if tag == "meta" and kind in _META_URL_PROPERTIES and values.get("content"):
            self.urls.append((values["content"].strip(), line))


@dataclass(frozen=True)
class BrokenLink:
    """One internal URL that leads nowhere, and the pages that use it."""

    url: str
    reason: str
    pages: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        more = f" (+{len(self.pages) - 3})" if len(self.pages) > 3 else ""
        shown = ", ".join(self.pages[:3]) + more
        return f"{shown}: {self.url}: {self.reason}"


def _local_path(  # noqa: PLR0911 (one return per kind of URL)
    url: str, page_url: str, site_url: str
) -> tuple[str, str] | None:
    """``(path, fragment)`` of an internal URL relative to the output root, or None if external."""
    parts = urlsplit(url)
    if parts.scheme in _SKIP_SCHEMES:
        return None
    if parts.scheme or url.startswith("//"):
        if not site_url:
            return None
        site = urlsplit(site_url)
        full = urlsplit(url if parts.scheme else f"{site.scheme}:{url}")
        if (full.hostname, full.port) != (site.hostname, site.port):
            return None
        base_path = site.path.rstrip("/")
        if not full.path.startswith(base_path + "/") and full.path != base_path:
            return None
        return full.path[len(base_path) :].lstrip("/"), full.fragment
    if url.startswith("/"):
        site_path = urlsplit(site_url).path.rstrip("/") if site_url else ""
        path = parts.path
        if site_path and path.startswith(site_path + "/"):
            path = path[len(site_path) :]
        return path.lstrip("/"), parts.fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
    slash = "/" if parts.path.endswith("/") else ""
    return ("" if joined == "." else joined) + slash, parts.fragment


def _resolve(output: Path, path: str) -> Path | None:
    """The file a static host would serve for ``path`` (``dir/`` → ``dir/index.html``)."""
    path = unquote(path)
    candidate = output / path
    if path.endswith("/") or not path or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(output.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def check_site(output: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal link or image of the site built into ``output``."""
    pages: dict[str, _PageParser] = {}
    for html_file in sorted(output.rglob("*.html")):
        parser = _PageParser()
        parser.feed(html_file.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[html_file.relative_to(output).as_posix()] = parser
    references = {page: parser.urls for page, parser in pages.items()}
    for css_file in sorted(output.rglob("*.css")):
        text = css_file.read_text(encoding="utf-8", errors="replace")
        references[css_file.relative_to(output).as_posix()] = [
            (m.group(1).strip(), text.count("\n", 0, m.start()) + 1)
            for m in _CSS_URL.finditer(text)
        ]
    broken: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page, urls in references.items():
        for url, line in urls:
            local = _local_path(url, page, site_url)
            if local is None:
                continue
            path, fragment = local
            if not path and url.startswith("#"):
                target_rel = page
            else:
                target = _resolve(output, path)
                if target is None:
                    broken[(url, "tidak ada di situs (404)")].append(f"{page}:{line}")
                    continue
                target_rel = target.relative_to(output).as_posix()
            if fragment and target_rel in pages and fragment not in pages[target_rel].ids:
                broken[(url, f"tidak ada id #{fragment} di halaman tujuan")].append(
                    f"{page}:{line}"
                )
    return [BrokenLink(url, why, tuple(where)) for (url, why), where in sorted(broken.items())]


def report(broken: list[BrokenLink], output: Path, out) -> int:
    """Print one line per broken URL (with the pages using it); exit status 1 if any."""
    for link in broken:
        out.write(f"{output.as_posix()}/{link} — perbaiki tautannya atau terbitkan tujuannya\n")
    if broken:
        out.write(f"{len(broken)} tautan rusak di dalam situs.\n")
        return 1
    out.write("Semua tautan dan gambar di dalam situs dapat dibuka.\n")
    return 0
