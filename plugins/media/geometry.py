"""Pure geometry: which pixels of a photo each derivative uses (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

#: Social renditions: name -> (width, height); "instagram" keeps the photo's shape within limits.
SOCIAL = {"og": (1200, 630), "16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}
#: Every social crop, the default for lead photos; other photos need fewer (see config.py).
CROPS = (*SOCIAL, "instagram")
INSTAGRAM_WIDTH = 1080
INSTAGRAM_RATIO = (4 / 5, 1.91)
POSTER_WIDTHS = (480, 960, 1280)

Box = tuple[float, float, float, float]


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


def draft_scale(targets: list[Target]) -> float:
    """The smallest scale of the source that still gives every target full resolution."""
    return max(
        max(t.size[0] / (t.box[2] - t.box[0]), t.size[1] / (t.box[3] - t.box[1])) for t in targets
    )
