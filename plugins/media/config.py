"""Settings of the media plugin, read once from Pelican's settings with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import features

from .encode import AVIF_SPEED, WEBP_METHOD
from .geometry import CROPS

#: Crops read from a photo that is no story's lead: ``og`` (feeds, link posts) and
#: ``instagram`` (carousels). 16x9/4x3/1x1 serve the lead only (JSON-LD, YouTube thumbnail).
BODY_CROPS = ("og", "instagram")

#: Formats made when ``MEDIA_FORMATS`` is not set. AVIF is opt-in: at the encoder speeds an
#: archive build can afford (``MEDIA_AVIF_SPEED`` 8-9) its files came out 5-15 % larger than
#: WebP's at the same PSNR on our photos; only speed 6 beat WebP, at ±4x WebP's encoding time.
DEFAULT_FORMATS = ("webp", "jpeg")

#: Bump when derivatives change in what they show (sizes, crops, formats, metadata), so cached
#: ones are made again. A change in how the same pixels are reached (which made picture a crop
#: starts from) keeps it: re-encoding an archive of 30,000 photos costs hours of CI.
CODE_VERSION = "media-2"


@dataclass(frozen=True)
class MediaConfig:
    """Everything the pipeline needs to know, from ``MEDIA_*`` settings."""

    content_path: Path
    output_path: Path
    cache_path: Path
    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    lead_min_edge: int = 1200
    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 100_000_000
    workers: int = 1
    brand_mark: str = ""
    video_max_bytes: int = 4 * 1024 * 1024 * 1024
    publish_video: bool = False
    siteurl: str = ""
    avif_speed: int = AVIF_SPEED
    webp_method: int = WEBP_METHOD
    lead_crops: tuple[str, ...] = CROPS
    body_crops: tuple[str, ...] = BODY_CROPS

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> MediaConfig:
        formats = tuple(settings.get("MEDIA_FORMATS", DEFAULT_FORMATS))
        if not features.check("avif"):
            formats = tuple(f for f in formats if f != "avif")
        if "jpeg" not in formats:
            formats = (*formats, "jpeg")
        cache = Path(settings.get("MEDIA_CACHE_PATH", ".cache/media"))
        workers = int(settings.get("MEDIA_WORKERS", 0) or os.cpu_count() or 1)
        brand = str(settings.get("MEDIA_BRAND_MARK", "") or "")
        if brand and not Path(brand).is_absolute():
            brand = str(Path(settings.get("PATH", ".")).parent / brand)
        return cls(
            content_path=Path(settings["PATH"]),
            output_path=Path(settings["OUTPUT_PATH"]),
            cache_path=cache,
            widths=tuple(sorted(int(w) for w in settings.get("MEDIA_WIDTHS", (480, 960, 1600)))),
            formats=formats,
            lead_min_edge=int(settings.get("MEDIA_LEAD_MIN_EDGE", 1200)),
            max_bytes=int(settings.get("MEDIA_MAX_MB", 50)) * 1024 * 1024,
            max_pixels=int(settings.get("MEDIA_MAX_MEGAPIXELS", 100)) * 1_000_000,
            workers=max(1, workers),
            brand_mark=brand,
            video_max_bytes=int(settings.get("MEDIA_VIDEO_MAX_MB", 4096)) * 1024 * 1024,
            publish_video=bool(settings.get("MEDIA_PUBLISH_VIDEO", False)),
            siteurl=str(settings.get("SITEURL", "")),
            avif_speed=min(10, max(0, int(settings.get("MEDIA_AVIF_SPEED", AVIF_SPEED)))),
            webp_method=min(6, max(0, int(settings.get("MEDIA_WEBP_METHOD", WEBP_METHOD)))),
            lead_crops=_crops(settings.get("MEDIA_LEAD_CROPS", CROPS)),
            body_crops=_crops(settings.get("MEDIA_BODY_CROPS", BODY_CROPS)),
        )


def _crops(names: Any) -> tuple[str, ...]:
    """Known crop names in their canonical order (so the cache key does not depend on order)."""
    unknown = set(names) - set(CROPS)
    if unknown:
        msg = f"MEDIA_*_CROPS: potongan tidak dikenal {sorted(unknown)}; pilihan: {list(CROPS)}"
        raise ValueError(msg)
    return tuple(c for c in CROPS if c in names)
