"""Page metadata computed in Python: canonical, Open Graph/X card, JSON-LD, feed discovery.

``theme/templates/partials/head_meta.html`` calls :func:`page_meta` (a Jinja global bound to
the settings) and renders the JSON-LD blocks with ``|tojson``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import FeedsConfig
from .stories import CONTROL_CHARS, WIB, zoned

TITLE_MAX = 70
DESCRIPTION_MAX = 200
HEADLINE_MAX = 110
JSONLD_RATIOS = ("16x9", "4x3", "1x1")


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (with "…")."""
    text = " ".join(CONTROL_CHARS.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-–—")
    return cut + "…"


def iso(value: datetime) -> str:
    """ISO 8601 in WIB with offset, e.g. ``2026-11-20T09:30:00+07:00``."""
    return zoned(value).astimezone(WIB).isoformat(timespec="seconds")


@dataclass
class PageMeta:
    """What ``head_meta.html`` writes."""

    canonical: str
    title: str
    description: str
    og_type: str = "website"
    image: dict[str, Any] | None = None
    published: str = ""
    modified: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    feeds: list[dict[str, str]] = field(default_factory=list)
    jsonld: list[dict[str, Any]] = field(default_factory=list)


def _og_image(photo: Any, config: FeedsConfig) -> dict[str, Any] | None:
    if photo is None or not photo.url:
        return None
    og = getattr(photo, "renditions", {}).get("og")
    src = og or photo
    return {
        "url": config.absolute(src.url),
        "width": src.width,
        "height": src.height,
        "alt": photo.alt,
        "type": getattr(og, "mime", "image/jpeg"),
    }


def _jsonld_images(photo: Any, config: FeedsConfig) -> list[str]:
    renditions = getattr(photo, "renditions", {})
    urls = [config.absolute(renditions[r].url) for r in JSONLD_RATIOS if r in renditions]
    return urls or ([config.absolute(photo.url)] if photo.url else [])


def publisher(config: FeedsConfig, logo: str | None) -> dict[str, Any]:
    org: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": config.publisher,
        "url": config.siteurl + "/",
    }
    if logo:
        org["logo"] = {"@type": "ImageObject", "url": config.absolute(logo)}
    return org


def place(article: Any) -> dict[str, Any] | None:
    kec = getattr(article, "kecamatan", None)
    if kec is None:
        return None
    kel = getattr(article, "kelurahan", None)
    area = (kel or kec).area
    names = ([f"Kelurahan {kel.name}"] if kel else []) + [f"Kecamatan {kec.name}", "Jakarta Utara"]
    return {
        "@type": "Place",
        "name": ", ".join(names),
        "geo": {"@type": "GeoCoordinates", "latitude": area.lat, "longitude": area.lon},
        "address": {
            "@type": "PostalAddress",
            "addressLocality": kel.name if kel else kec.name,
            "addressRegion": "DKI Jakarta",
            "addressCountry": "ID",
        },
    }


def news_article(article: Any, config: FeedsConfig, logo: str | None) -> dict[str, Any]:
    """schema.org ``NewsArticle`` for a story."""
    url = config.absolute(article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": shorten(article.title, HEADLINE_MAX),
        "description": shorten(getattr(article, "summary", "") or "", DESCRIPTION_MAX),
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
        "inLanguage": config.language,
        "articleSection": article.category.name,
        "author": [
            {"@type": "Person", "name": a.name, "url": config.absolute(a.url)}
            for a in getattr(article, "authors", [])
        ],
        "publisher": publisher(config, logo),
    }
    lead = getattr(article, "lead_photo", None)
    if lead is not None:
        data["image"] = _jsonld_images(lead, config)
    if tags := [t.name for t in getattr(article, "tags", [])]:
        data["keywords"] = tags
    if location := place(article):
        data["contentLocation"] = location
    return data


def breadcrumbs(config: FeedsConfig, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """schema.org ``BreadcrumbList`` for ``(name, url)`` pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": config.absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def organization(config: FeedsConfig, logo: str | None, same_as: list[str]) -> dict[str, Any]:
    """schema.org ``GovernmentOrganization`` for the home page."""
    return {"@context": "https://schema.org", **publisher(config, logo), "sameAs": same_as}


def feed_links(config: FeedsConfig, ctx: dict[str, Any]) -> list[dict[str, str]]:
    """``<link rel=alternate>`` targets: site-wide feeds plus the ones of this page's subject."""
    if not config.enabled:
        return []
    links = [
        ("feeds/semua.atom.xml", "application/atom+xml", config.sitename),
        ("feeds/semua.rss.xml", "application/rss+xml", f"{config.sitename} (RSS)"),
        ("feeds/semua.json", "application/feed+json", f"{config.sitename} (JSON Feed)"),
    ]
    article = ctx.get("article")
    subjects: list[tuple[str, Any]] = []
    if article is not None:
        subjects += [("rubrik", article.category), ("wilayah", getattr(article, "kecamatan", None))]
    elif ctx.get("articles"):  # a listing page: its feed exists only when it has stories
        subjects += [
            ("rubrik", ctx.get("category")),
            ("wilayah", ctx.get("kecamatan")),
            ("topik", ctx.get("tag")),
            ("penulis", ctx.get("author")),
        ]
    labels = {"rubrik": "Rubrik", "wilayah": "Kecamatan", "topik": "Topik", "penulis": "Penulis"}
    for family, wrapper in subjects:
        if wrapper is None or not hasattr(wrapper, "slug"):
            continue
        path = f"feeds/{family}/{wrapper.slug}.atom.xml"
        title = f"{config.sitename}: {labels[family]} {wrapper.name}"
        if not any(p == path for p, _t, _n in links):
            links.append((path, "application/atom+xml", title))
    return [{"href": config.absolute(p), "type": t, "title": n} for p, t, n in links]


def page_url(ctx: dict[str, Any]) -> str:
    """The site URL of the page being rendered (``output_file`` without ``index.html``)."""
    out = str(ctx.get("output_file") or "")
    return out.removesuffix("index.html")


def find_logo(settings: dict[str, Any], logo: str) -> str | None:
    """Site URL of ``logo`` (a file in the theme's static folder), or ``None`` if missing."""
    if not logo or not (Path(settings["THEME"]) / "static" / logo).is_file():
        return None
    return f"{settings.get('THEME_STATIC_DIR', 'theme')}/{logo}"


def build_meta(ctx: dict[str, Any], config: FeedsConfig, logo: str | None) -> PageMeta:
    """Metadata for one rendered page, from its Jinja context."""
    home = ("Beranda", "")
    article = ctx.get("article")
    page = ctx.get("page")
    same_as = [a["url"] for a in ctx.get("SOCIAL_ACCOUNTS", [])]
    if article is not None:
        meta = PageMeta(
            canonical=config.absolute(article.url),
            title=shorten(article.title, TITLE_MAX),
            description=shorten(getattr(article, "summary", "") or "", DESCRIPTION_MAX),
            og_type="article",
            image=_og_image(getattr(article, "lead_photo", None), config),
            published=iso(article.date),
            modified=iso(getattr(article, "modified", None) or article.date),
            section=article.category.name,
            tags=[t.name for t in getattr(article, "tags", [])],
        )
        meta.jsonld = [
            news_article(article, config, logo),
            breadcrumbs(
                config,
                [home, (article.category.name, article.category.url), (article.title, article.url)],
            ),
        ]
    elif page is not None:
        meta = PageMeta(
            canonical=config.absolute(page.url),
            title=shorten(page.title, TITLE_MAX),
            description=shorten(getattr(page, "summary", "") or config.subtitle, DESCRIPTION_MAX),
        )
        meta.jsonld = [breadcrumbs(config, [home, (page.title, page.url)])]
    else:
        url = page_url(ctx)
        subject = next(
            (
                ctx[k]
                for k in ("category", "tag", "author", "kelurahan", "kecamatan", "unit")
                if ctx.get(k) is not None
            ),
            None,
        )
        name = subject.name if subject is not None else config.sitename
        meta = PageMeta(
            canonical=config.absolute(url),
            title=shorten(name, TITLE_MAX),
            description=shorten(config.subtitle, DESCRIPTION_MAX),
        )
        if url == "":
            meta.jsonld = [organization(config, logo, same_as)]
        elif subject is not None:
            meta.jsonld = [breadcrumbs(config, [home, (name, url)])]
    meta.feeds = feed_links(config, ctx)
    return meta
