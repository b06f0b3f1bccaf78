"""Pure geometry: which pixels of a photo each derivative uses (no I/O)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

#: Social renditions: name -> (width, height); "instagram" keeps the photo's shape within limits.
SOCIAL = {"og": (1200, 630), "16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}
#: Every social crop, the default for lead photos; other photos need fewer (see config.py).
CROPS = (*SOCIAL, "instagram")
INSTAGRAM_WIDTH = 1080
INSTAGRAM_RATIO = (4 / 5, 1.91)
POSTER_WIDTHS = (480, 960, 1280)
#: A made picture serves a smaller target only when it has this much more resolution: a
#: near-1:1 rescaling blurs (crops of exactly the same scale are fine, see ``pick_frame``).
MIN_REDUCTION = 1.3

Box = tuple[float, float, float, float]
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """One output picture: a region of the (oriented) photo scaled to ``size``."""

    label: str
    box: Box
    size: tuple[int, int]
    formats: tuple[str, ...]
    branded: bool = False
    play_mark: bool = False


def focal_box(width: int, height: int, ratio: float, focus: tuple[float, float]) -> Box:
    """The largest box of aspect ``ratio`` inside the photo, centred on ``focus`` when possible."""
    if width / height > ratio:
        crop_w, crop_h = height * ratio, float(height)
    else:
        crop_w, crop_h = float(width), width / ratio
    fx, fy = focus
    left = min(max(fx * width - crop_w / 2, 0.0), width - crop_w)
    top = min(max(fy * height - crop_h / 2, 0.0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def responsive_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """Widths of the srcset: configured ones up to the photo's width, plus its own if smaller."""
    chosen = [w for w in widths if w <= width]
    if width < max(widths):
        chosen.append(width)
    return sorted(set(chosen))


def photo_targets(
    size: tuple[int, int],
    widths: tuple[int, ...],
    formats: tuple[str, ...],
    focus: tuple[float, float],
    *,
    branded: bool,
    crops: tuple[str, ...] = CROPS,
) -> list[Target]:
    """Responsive widths in every format, then the social ``crops`` (JPEG)."""
    width, height = size
    full: Box = (0.0, 0.0, float(width), float(height))
    targets = [
        Target(f"{w}w", full, (w, max(1, round(height * w / width))), formats)
        for w in responsive_widths(width, widths)
    ]
    for label, (w, h) in SOCIAL.items():
        if label in crops:
            box = focal_box(width, height, w / h, focus)
            targets.append(Target(label, box, (w, h), ("jpeg",), branded=branded))
    if "instagram" not in crops:
        return targets
    low, high = INSTAGRAM_RATIO
    ratio = min(max(width / height, low), high)
    box = focal_box(width, height, ratio, focus)
    insta = (INSTAGRAM_WIDTH, round(INSTAGRAM_WIDTH / ratio))
    targets.append(Target("instagram", box, insta, ("jpeg",), branded=branded))
    return targets


def poster_targets(
    size: tuple[int, int], formats: tuple[str, ...], focus: tuple[float, float]
) -> list[Target]:
    """16:9 video posters with a play mark, for the YouTube facade."""
    box = focal_box(size[0], size[1], 16 / 9, focus)
    return [
        Target(f"{w}w", box, (w, round(w * 9 / 16)), formats, play_mark=True) for w in POSTER_WIDTHS
    ]


def needed_scale(target: Target) -> float:
    """Pixels of ``target`` per pixel of the photo: the least scale a source for it must have."""
    left, top, right, bottom = target.box
    return max(target.size[0] / (right - left), target.size[1] / (bottom - top))


def draft_scale(targets: list[Target]) -> float:
    """The smallest scale of the source that still gives every target full resolution."""
    return max(needed_scale(t) for t in targets)


def is_frame(target: Target, size: tuple[int, int]) -> bool:
    """Whether ``target`` shows the whole, unmarked photo, so later targets may start from it."""
    whole = (0.0, 0.0, float(size[0]), float(size[1]))
    return target.box == whole and not (target.branded or target.play_mark)


def render_order(targets: list[Target], size: tuple[int, int]) -> list[Target]:
    """Whole-photo targets largest first, then the crops: each target can then start from a
    picture already made (``pick_frame``)."""
    return sorted(targets, key=lambda t: (not is_frame(t, size), -t.size[0], t.label))


def pick_frame(
    frames: list[tuple[float, T]], target: Target
) -> tuple[tuple[float, T] | None, tuple[int, int, int, int] | None]:
    """Where ``target`` starts from: a frame of exactly its scale in which its box falls on
    whole pixels (then the target is that crop of it, returned too), else the smallest frame
    with ``MIN_REDUCTION`` headroom, else ``None`` (the decoded photo). ``frames`` holds
    (pixels per photo pixel, picture) pairs."""
    needed = needed_scale(target)
    for frame in frames:
        if math.isclose(frame[0], needed, rel_tol=1e-9):
            whole = crop_box(target.box, frame[0], target.size)
            if whole is not None:
                return frame, whole
    enough = [f for f in frames if f[0] >= needed * MIN_REDUCTION]
    return (min(enough, key=lambda f: f[0]) if enough else None), None


def crop_box(box: Box, factor: float, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """``box`` scaled by ``factor`` in whole pixels when it is exactly ``size`` there, else None."""
    scaled = [v * factor for v in box]
    left, top, right, bottom = (round(v) for v in scaled)
    on_pixels = all(abs(v - round(v)) < 1e-6 for v in scaled)
    fits = on_pixels and (right - left, bottom - top) == size
    return (left, top, right, bottom) if fits else None
