"""Decode one photo once and write all its derivatives; runs inside worker processes.

Privacy: the decoded image's ``info`` (EXIF, XMP, IPTC, comments) is dropped; derivatives get
only the colour profile and a fresh EXIF block with the allowed credit tags.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .geometry import (
    CROPS,
    SOCIAL,
    Target,
    draft_scale,
    is_frame,
    photo_targets,
    pick_frame,
    poster_targets,
    render_order,
)

#: EXIF tags a derivative may keep (IFD0): Artist and Copyright, i.e. the photo credit.
ALLOWED_EXIF = (0x013B, 0x8298)
ORIENTATION = 0x0112
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
#: Encoder options; AVIF ``speed`` and WebP ``method`` come from the job (MEDIA_AVIF_SPEED,
#: MEDIA_WEBP_METHOD): they trade encoding time for bytes, not for visible quality.
SAVE = {
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "webp": {"format": "WEBP", "quality": 80},
    "avif": {"format": "AVIF", "quality": 60},
}
AVIF_SPEED = 9
WEBP_METHOD = 4
SOCIAL_JPEG = {"format": "JPEG", "quality": 86, "optimize": True, "progressive": True}


@dataclass(frozen=True)
class Job:
    """What to make from one source file; everything that changes the bytes is in here."""

    source: str
    digest: str
    kind: str  # "photo" or "poster"
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    focus: tuple[float, float]
    brand_mark: str = ""
    brand_digest: str = ""
    avif_speed: int = AVIF_SPEED  # libavif/aom 0 (slowest, smallest) .. 10
    webp_method: int = WEBP_METHOD  # libwebp 0 (fastest) .. 6
    crops: tuple[str, ...] = CROPS  # social crops to make (photo jobs)


@dataclass(frozen=True)
class Output:
    """One written derivative (file name inside the job's folder)."""

    label: str
    fmt: str
    name: str
    width: int
    height: int
    size: int


def encoder_options(label: str, fmt: str) -> dict[str, object]:
    """Encoder settings of the ``label`` picture in ``fmt`` (a new dict), before the job's speed
    settings and metadata: social crops are JPEG at ``SOCIAL_JPEG``, the rest at ``SAVE``."""
    social = label in SOCIAL or label == "instagram"
    return dict(SOCIAL_JPEG if social else SAVE[fmt])


def oriented_size(img: Image.Image) -> tuple[int, int]:
    """Width and height after applying the EXIF orientation."""
    w, h = img.size
    return (h, w) if img.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8) else (w, h)


def allowed_exif(img: Image.Image) -> bytes:
    """A new EXIF block holding only the allowed tags of ``img`` (empty if none)."""
    source = img.getexif()
    kept = Image.Exif()
    for tag in ALLOWED_EXIF:
        if source.get(tag):
            kept[tag] = source[tag]
    return kept.tobytes() if len(kept) else b""


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        base = Image.new("RGB", rgba.size, (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return img.convert("RGB")


def play_mark(img: Image.Image) -> None:
    """Draw a round play button in the middle of ``img``."""
    draw = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    r = round(min(w, h) * 0.14)
    cx, cy = w // 2, h // 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(0, 0, 0, 150))
    t = r * 0.5
    draw.polygon([(cx - t * 0.6, cy - t), (cx - t * 0.6, cy + t), (cx + t, cy)], fill="white")


def brand(img: Image.Image, mark: Image.Image) -> None:
    """Paste the branding mark in the bottom-right corner, about 12% of the width."""
    w, h = img.size
    mw = max(1, round(w * 0.12))
    mh = max(1, round(mark.height * mw / mark.width))
    small = mark.resize((mw, mh), Image.Resampling.LANCZOS)
    margin = round(w * 0.02)
    img.paste(small, (w - mw - margin, h - mh - margin), small)


def targets_for(job: Job, size: tuple[int, int]) -> list[Target]:
    if job.kind == "poster":
        return poster_targets(size, job.formats, job.focus)
    branded = bool(job.brand_mark)
    return photo_targets(size, job.widths, job.formats, job.focus, branded=branded, crops=job.crops)


def decode(job: Job) -> tuple[Image.Image, list[Target], tuple[int, int], bytes, bytes | None]:
    """The oriented RGB image (draft-decoded when smaller is enough), its targets, the photo's
    oriented size (the decoded image may be smaller), the allowed EXIF and the ICC profile."""
    with Image.open(job.source) as img:
        size = oriented_size(img)
        targets = targets_for(job, size)
        exif = allowed_exif(img)
        icc = img.info.get("icc_profile")
        scale = draft_scale(targets)
        if img.format == "JPEG" and scale < 1:
            img.draft("RGB", (math.ceil(img.width * scale), math.ceil(img.height * scale)))
        oriented = ImageOps.exif_transpose(img)
        rgb = _to_rgb(oriented)
        rgb.load()
    rgb.info = {}
    return rgb, targets, size, exif, icc


def _scaled(
    img: Image.Image, scale: float, frames: list[tuple[float, Image.Image]], target: Target
) -> Image.Image:
    """``target``'s picture: a crop of a made frame, or scaled from the smallest made frame with
    enough pixels, or from the decoded photo (``scale`` pixels per photo pixel)."""
    frame, whole = pick_frame(frames, target)
    if frame is not None and whole is not None:
        return frame[1].crop(whole)
    source, factor = (img, scale) if frame is None else (frame[1], frame[0])
    left, top, right, bottom = (v * factor for v in target.box)
    box = (max(left, 0.0), max(top, 0.0), min(right, source.width), min(bottom, source.height))
    return source.resize(target.size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def render(job: Job, folder: Path) -> list[Output]:
    """Write every derivative of ``job`` into ``folder``; return what was written."""
    img, targets, size, exif, icc = decode(job)
    mark = None
    if job.brand_mark:
        with Image.open(job.brand_mark) as raw:
            mark = raw.convert("RGBA")
    outputs = []
    scale = img.width / size[0]  # decoded pixels per photo pixel
    frames: list[tuple[float, Image.Image]] = []  # whole-photo pictures made so far
    for target in render_order(targets, size):
        picture = _scaled(img, scale, frames, target)
        if is_frame(target, size):
            frames.append((target.size[0] / size[0], picture))
        if target.play_mark:
            play_mark(picture)
        if target.branded and mark is not None:
            brand(picture, mark)
        for fmt in target.formats:
            options = encoder_options(target.label, fmt)
            if fmt == "avif":
                options["speed"] = job.avif_speed
            elif fmt == "webp":
                options["method"] = job.webp_method
            if exif:
                options["exif"] = exif
            if icc:
                options["icc_profile"] = icc
            buffer = io.BytesIO()
            picture.save(buffer, **options)
            name = f"{target.label}.{EXT[fmt]}"
            (folder / name).write_bytes(buffer.getvalue())
            outputs.append(
                Output(target.label, fmt, name, *target.size, size=len(buffer.getvalue()))
            )
    return outputs


def title_card(title: str, path: Path, size: tuple[int, int] = (1280, 720)) -> Path:
    """A plain 16:9 card with the story title, the poster source for a video without photo."""
    img = Image.new("RGB", size, (12, 59, 94))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=size[1] // 12)
    lines: list[str] = []
    for word in title.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) < size[0] * 0.84:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    draw.multiline_text((size[0] * 0.08, size[1] * 0.08), "\n".join(lines[:4]), font=font,
                        fill="white", spacing=size[1] // 40)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path
