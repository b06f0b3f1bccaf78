"""Synthesize realistic-looking photographs with Pillow: real JPEGs with camera EXIF.

No external assets are used: every picture is drawn procedurally (sky, skyline, water, roads,
trees, tents, banners, people) and then given a colour cast, slight blur, vignetting and
film-like grain, so that the JPEG files have the size and texture of real news photos.
Everything is deterministic from the seed.

Used for the sample content (photos committed beside the stories), for tests of the media
pipeline (orientation, GPS stripping) and for benchmarks (camera-size images made at run time).

    python -m tests.support.photos fill content/berita [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

RGB = tuple[int, int, int]
SCENES = ("river", "street", "crowd", "indoor", "coast", "park")

#: Words (Indonesian, lower case) in a photo's alt text or caption that suggest its scene.
#: When several scenes match, the one with most hits wins; ties go to the earlier scene.
SCENE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "river": ("kali", "sungai", "waduk", "saluran", "turap", "pompa", "lumpur", "pengerukan",
              "ekskavator", "bantaran", "genangan"),
    "coast": ("pantai", "laut", "pesisir", "kapal", "perahu", "nelayan", "pelabuhan", "dermaga",
              "mangrove", "muara", "tambak"),
    "indoor": ("ruang", "ruangan", "rapat", "kelas", "aula", "kantor", "loket", "laboratorium",
               "gedung", "meja", "layar", "paparan", "pendopo"),
    "street": ("jalan", "lalu lintas", "trotoar", "kendaraan", "parkir", "jembatan", "halte",
               "aspal", "bus", "motor", "ruas", "simpang", "pedagang"),
    "park": ("taman", "pohon", "rptra", "hutan kota", "bibit", "tanaman", "menanam", "kebun",
             "lapangan", "senam"),
    "crowd": ("warga", "posyandu", "vaksinasi", "imunisasi", "bazar", "pasar murah", "peserta",
              "antre", "antrean", "lomba", "festival", "tenda", "stan", "penonton", "upacara"),
}  # fmt: skip

COPYRIGHT = "Sudin Kominfotik Jakarta Utara"

#: Camera bodies and the lens each one usually carries.
_LENSES = {
    "Canon EOS 80D": "EF-S18-135mm f/3.5-5.6 IS USM",
    "Canon EOS 90D": "EF-S18-135mm f/3.5-5.6 IS USM",
    "NIKON D7500": "18.0-140.0 mm f/3.5-5.6",
    "ILCE-6400": "E 18-135mm F3.5-5.6 OSS",
}
_FIRMWARE = {
    "Canon": "Firmware Version 1.0.2",
    "NIKON CORPORATION": "Ver.1.03",
    "SONY": "ILCE-6400 v2.00",
}

# Clothing colours seen at city events: batik, civil-servant khaki, PPSU orange, Satpol PP
# dark green, white shirts, hijab colours.
_CLOTHES: tuple[RGB, ...] = (
    (196, 64, 52), (236, 236, 230), (58, 88, 150), (232, 160, 44), (86, 132, 88),
    (150, 120, 80), (235, 110, 30), (60, 80, 60), (120, 60, 110), (40, 40, 48), (170, 190, 210),
)  # fmt: skip
_SKIN: tuple[RGB, ...] = ((140, 98, 70), (118, 82, 58), (160, 118, 86), (98, 68, 50))
_TENT_ROOFS: tuple[RGB, ...] = ((240, 240, 236), (40, 90, 170), (200, 50, 40), (236, 236, 236))
_BANNERS: tuple[RGB, ...] = ((24, 92, 160), (200, 40, 40), (20, 120, 80), (240, 160, 20))


def _rng(seed: int | str) -> random.Random:
    """A random generator that gives the same sequence for the same seed in any process."""
    digest = hashlib.sha256(str(seed).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend of two colours (t=0 gives a, t=1 gives b)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(colour: RGB, delta: int) -> RGB:
    """The colour made lighter (positive delta) or darker (negative delta)."""
    r, g, b = (max(0, min(255, c + delta)) for c in colour)
    return (r, g, b)


def _gradient(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: RGB, bottom: RGB
) -> None:
    """Fill ``box`` with a vertical gradient from ``top`` to ``bottom``."""
    x0, y0, x1, y1 = box
    span = max(1, y1 - y0)
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / span))


def _sky(img: Image.Image, rng: random.Random, horizon: int) -> RGB:
    """Tropical daytime sky with soft clouds above ``horizon``; returns the haze colour."""
    w = img.width
    top = (rng.randint(60, 110), rng.randint(120, 165), rng.randint(195, 235))
    haze = (rng.randint(200, 225), rng.randint(210, 228), rng.randint(220, 235))
    _gradient(ImageDraw.Draw(img), (0, 0, w, horizon), top, haze)
    mask = Image.new("L", (w, max(1, horizon)), 0)
    clouds = ImageDraw.Draw(mask)
    for _ in range(rng.randint(3, 9)):
        cx, cy = rng.randint(-100, w + 100), rng.randint(0, int(horizon * 0.8))
        for _ in range(rng.randint(4, 9)):
            rx, ry = rng.randint(40, 160), rng.randint(18, 50)
            ox, oy = rng.randint(-150, 150), rng.randint(-25, 25)
            clouds.ellipse(
                [cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry], fill=rng.randint(90, 170)
            )
    mask = mask.filter(ImageFilter.GaussianBlur(18))
    img.paste((248, 248, 250), (0, 0, w, mask.height), mask)
    return haze


def _building(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    box: tuple[int, int, int, int],
    colour: RGB,
    haze: RGB,
    depth: float,
) -> None:
    """One building with rows of windows; ``depth`` (0 near .. 1 far) fades it into the haze."""
    x0, y0, x1, y1 = box
    wall = _mix(colour, haze, depth)
    draw.rectangle(box, fill=wall)
    draw.rectangle([x1 - max(2, (x1 - x0) // 6), y0, x1, y1], fill=_shade(wall, -18))
    glass = _mix((70, 86, 104), haze, depth)
    lit = _mix((210, 214, 200), haze, depth)
    step_x = max(8, (x1 - x0) // rng.randint(4, 8))
    step_y = rng.randint(14, 24)
    for wy in range(y0 + 8, y1 - 10, step_y):
        for wx in range(x0 + 5, x1 - step_x // 2 - 4, step_x):
            fill = lit if rng.random() < 0.25 else glass
            draw.rectangle([wx, wy, wx + step_x // 2, wy + step_y // 2], fill=fill)


def _skyline(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, base: int, haze: RGB, max_height: int
) -> None:
    """Two layers of apartment blocks and offices standing on ``base``."""
    for depth, scale in ((0.65, 1.0), (0.3, 0.55)):
        x = -rng.randint(0, 80)
        while x < width:
            bw = rng.randint(width // 18, width // 7)
            bh = int(rng.uniform(0.25, 1.0) * max_height * scale)
            if rng.random() < 0.2:
                x += bw // 2
                continue
            colour = rng.choice(
                ((190, 180, 165), (160, 165, 175), (210, 205, 190), (150, 140, 130))
            )
            _building(draw, rng, (x, base - bh, x + bw, base), colour, haze, depth)
            x += bw + rng.randint(0, 24)


def _houses(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, base: int, size: int
) -> None:
    """A row of small kampung houses with tiled roofs along ``base``."""
    x = -rng.randint(0, size)
    while x < width:
        hw = rng.randint(size, size * 2)
        hh = rng.randint(size // 2, size)
        wall = rng.choice(((222, 210, 180), (180, 200, 190), (230, 190, 150), (200, 200, 205)))
        draw.rectangle([x, base - hh, x + hw, base], fill=wall)
        roof = rng.choice(((150, 70, 50), (120, 120, 125), (170, 90, 60)))
        draw.polygon(
            [(x - 6, base - hh), (x + hw + 6, base - hh), (x + hw // 2, base - hh - size // 3)],
            fill=roof,
        )
        door = x + hw // 3
        draw.rectangle([door, base - hh // 2, door + max(4, hw // 6), base], fill=(90, 70, 55))
        x += hw + rng.randint(2, 10)


def _water(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    width: int,
    top: int,
    bottom: int,
    colour: RGB,
    sky: RGB,
) -> None:
    """Water from ``top`` to ``bottom`` with ripples that grow towards the viewer."""
    _gradient(draw, (0, top, width, bottom), _mix(colour, sky, 0.35), _shade(colour, -40))
    span = max(1, bottom - top)
    for _ in range(span * 3):
        y = rng.randint(top, bottom)
        near = (y - top) / span
        length = int(rng.uniform(8, 30) + near * rng.uniform(30, 140))
        x = rng.randint(-length, width)
        light = rng.random() < 0.55
        ripple = _shade(_mix(colour, sky, 0.5), 30) if light else _shade(colour, -55)
        draw.line([(x, y), (x + length, y)], fill=ripple, width=1 + int(near * 2.5))


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, base: int, height: int) -> None:
    """A broad tropical tree (trembesi/angsana) of ``height`` pixels standing at ``base``."""
    trunk = max(4, height // 14)
    draw.rectangle([x - trunk, base - height * 0.55, x + trunk, base], fill=(86, 64, 44))
    green = (rng.randint(35, 70), rng.randint(95, 140), rng.randint(35, 65))
    r = height * 0.35
    for _ in range(rng.randint(7, 12)):
        cx = x + rng.uniform(-r, r)
        cy = base - height * 0.62 + rng.uniform(-r * 0.6, r * 0.4)
        rr = r * rng.uniform(0.45, 0.75)
        tone = _shade(green, rng.randint(-25, 20))
        draw.ellipse([cx - rr, cy - rr * 0.8, cx + rr, cy + rr * 0.8], fill=tone)


def _person(
    draw: ImageDraw.ImageDraw, rng: random.Random, x: float, foot: float, height: float
) -> None:
    """A standing person seen from a few metres away, ``height`` pixels tall."""
    h = height
    skin = rng.choice(_SKIN)
    shirt = rng.choice(_CLOTHES)
    trousers = rng.choice(((40, 40, 55), (60, 60, 70), (90, 80, 70), (30, 50, 90), shirt))
    half = h * 0.13
    # legs, torso, arms, head (with hijab for some)
    draw.rectangle([x - half * 0.8, foot - h * 0.47, x - half * 0.1, foot], fill=trousers)
    draw.rectangle([x + half * 0.1, foot - h * 0.47, x + half * 0.8, foot], fill=trousers)
    draw.rounded_rectangle(
        [x - half, foot - h * 0.82, x + half, foot - h * 0.42],
        radius=max(1, int(h * 0.04)),
        fill=shirt,
    )
    arm = _shade(shirt, -20)
    draw.rectangle([x - half * 1.35, foot - h * 0.8, x - half, foot - h * 0.5], fill=arm)
    draw.rectangle([x + half, foot - h * 0.8, x + half * 1.35, foot - h * 0.5], fill=arm)
    head = h * 0.085
    cy = foot - h * 0.9
    if rng.random() < 0.35:
        hijab = rng.choice(
            ((230, 230, 225), (40, 40, 50), (170, 60, 90), (60, 100, 150), (200, 170, 120))
        )
        draw.ellipse(
            [x - head * 1.25, cy - head * 1.1, x + head * 1.25, cy + head * 1.6], fill=hijab
        )
        draw.ellipse([x - head * 0.7, cy - head * 0.6, x + head * 0.7, cy + head * 0.8], fill=skin)
    else:
        draw.ellipse([x - head, cy - head, x + head, cy + head * 1.1], fill=skin)
        draw.chord(
            [x - head, cy - head * 1.1, x + head, cy + head * 0.7], 180, 360, fill=(25, 22, 20)
        )


def _people(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    width: int,
    far: int,
    near: int,
    count: int,
    h_far: float,
    h_near: float,
) -> None:
    """``count`` people standing between the ``far`` and ``near`` ground lines, in perspective."""
    feet = sorted(rng.uniform(far, near) for _ in range(count))
    span = max(1, near - far)
    for foot in feet:
        t = (foot - far) / span
        _person(draw, rng, rng.uniform(-20, width + 20), foot, h_far + (h_near - h_far) * t)


def _banner(
    draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[float, float, float, float]
) -> None:
    """A printed event banner (spanduk) with a logo and lines of "text"."""
    x0, y0, x1, y1 = box
    colour = rng.choice(_BANNERS)
    draw.rectangle(box, fill=colour)
    bh = y1 - y0
    draw.rectangle([x0, y1 - bh * 0.18, x1, y1], fill=_shade(colour, -45))
    draw.ellipse(
        [x0 + bh * 0.1, y0 + bh * 0.12, x0 + bh * 0.55, y0 + bh * 0.57], fill=(245, 245, 240)
    )
    text_x = x0 + bh * 0.7
    y = y0 + bh * 0.15
    for size in (0.16, 0.11, 0.08):
        line_h = bh * size
        length = (x1 - text_x - bh * 0.2) * rng.uniform(0.55, 0.95)
        x = text_x
        while x < text_x + length:
            word = line_h * rng.uniform(1.5, 4.5)
            draw.rectangle([x, y, min(x + word, text_x + length), y + line_h], fill=(248, 244, 230))
            x += word + line_h * 0.6
        y += line_h * 1.5


def _tent(
    draw: ImageDraw.ImageDraw, rng: random.Random, x0: float, base: float, width: float
) -> None:
    """An event tent (tenda) with a pitched roof and four poles."""
    height = width * 0.55
    roof = rng.choice(_TENT_ROOFS)
    eave = base - height * 0.72
    draw.polygon(
        [
            (x0, eave),
            (x0 + width, eave),
            (x0 + width * 0.82, base - height),
            (x0 + width * 0.18, base - height),
        ],
        fill=roof,
    )
    draw.rectangle([x0, eave, x0 + width, eave + height * 0.08], fill=_shade(roof, -40))
    draw.rectangle([x0, eave + height * 0.08, x0 + width, base], fill=(60, 60, 62))
    for px in (x0 + 2, x0 + width - 6):
        draw.rectangle([px, eave, px + 4, base], fill=(200, 200, 200))


def _vehicle(
    draw: ImageDraw.ImageDraw, rng: random.Random, x: float, base: float, length: float
) -> None:
    """A car or minibus seen from the side."""
    body = rng.choice(
        (
            (220, 220, 220),
            (40, 40, 45),
            (180, 30, 30),
            (30, 60, 120),
            (150, 150, 155),
            (230, 200, 60),
        )
    )
    h = length * 0.32
    draw.rounded_rectangle(
        [x, base - h * 0.75, x + length, base - h * 0.15], radius=max(1, int(h * 0.15)), fill=body
    )
    draw.polygon(
        [
            (x + length * 0.2, base - h * 0.75),
            (x + length * 0.32, base - h * 1.15),
            (x + length * 0.72, base - h * 1.15),
            (x + length * 0.85, base - h * 0.75),
        ],
        fill=body,
    )
    draw.polygon(
        [
            (x + length * 0.28, base - h * 0.78),
            (x + length * 0.35, base - h * 1.07),
            (x + length * 0.7, base - h * 1.07),
            (x + length * 0.78, base - h * 0.78),
        ],
        fill=(60, 75, 90),
    )
    for wx in (x + length * 0.22, x + length * 0.78):
        r = h * 0.22
        draw.ellipse([wx - r, base - h * 0.15 - r, wx + r, base - h * 0.15 + r], fill=(25, 25, 25))


def _scene_river(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * rng.uniform(0.36, 0.46))
    haze = _sky(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    _skyline(draw, rng, w, horizon, haze, int(horizon * 0.7))
    _houses(draw, rng, w, horizon + 8, max(20, w // 28))
    bank = int(h * rng.uniform(0.78, 0.86))
    _water(draw, rng, w, horizon + 8, bank, (70, 100, 90), haze)
    # concrete embankment (turap) and inspection road in the foreground
    draw.polygon([(0, bank - 14), (w, bank - 30), (w, h), (0, h)], fill=(170, 168, 160))
    draw.polygon([(0, bank - 14), (w, bank - 30), (w, bank - 18), (0, bank)], fill=(130, 128, 122))
    if rng.random() < 0.6:  # yellow excavator on the bank
        ex = rng.uniform(w * 0.1, w * 0.6)
        s = h * 0.12
        draw.rectangle([ex, bank - s * 1.4, ex + s * 1.4, bank - s * 0.4], fill=(232, 180, 20))
        draw.rectangle(
            [ex + s * 0.1, bank - s * 1.3, ex + s * 0.6, bank - s * 0.8], fill=(60, 70, 80)
        )
        draw.rectangle([ex - s * 0.1, bank - s * 0.4, ex + s * 1.5, bank], fill=(40, 40, 40))
        draw.line(
            [
                (ex + s * 1.2, bank - s * 1.2),
                (ex + s * 2.4, bank - s * 2.0),
                (ex + s * 3.0, bank - s * 0.3),
            ],
            fill=(232, 180, 20),
            width=max(3, int(s * 0.18)),
        )
    _people(draw, rng, w, bank - 10, h - 10, rng.randint(1, 5), h * 0.16, h * 0.3)


def _scene_coast(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * rng.uniform(0.4, 0.5))
    haze = _sky(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    if rng.random() < 0.5:  # port cranes far away
        for _ in range(rng.randint(2, 4)):
            cx = rng.uniform(0, w)
            ch = horizon * rng.uniform(0.15, 0.3)
            crane = _mix((190, 70, 50), haze, 0.6)
            draw.rectangle([cx, horizon - ch, cx + 6, horizon], fill=crane)
            draw.line(
                [(cx - ch * 0.3, horizon - ch), (cx + ch * 0.8, horizon - ch)], fill=crane, width=4
            )
    shore = int(h * rng.uniform(0.8, 0.9))
    _water(draw, rng, w, horizon, shore, (40, 96, 130), haze)
    for _ in range(rng.randint(3, 7)):  # wooden fishing boats (perahu)
        by = rng.uniform(horizon + 20, shore - 10)
        t = (by - horizon) / max(1, shore - horizon)
        bl = w * (0.05 + 0.2 * t)
        bx = rng.uniform(-bl * 0.3, w - bl * 0.7)
        hull = rng.choice(((30, 90, 160), (190, 50, 40), (40, 130, 80), (230, 200, 60)))
        draw.polygon(
            [
                (bx, by - bl * 0.12),
                (bx + bl, by - bl * 0.12),
                (bx + bl * 0.85, by),
                (bx + bl * 0.12, by),
            ],
            fill=hull,
        )
        draw.line(
            [(bx, by - bl * 0.1), (bx + bl, by - bl * 0.1)],
            fill=(240, 240, 235),
            width=max(1, int(bl * 0.02)),
        )
        draw.rectangle(
            [bx + bl * 0.55, by - bl * 0.3, bx + bl * 0.8, by - bl * 0.12], fill=(210, 205, 190)
        )
        draw.line(
            [(bx + bl * 0.3, by - bl * 0.12), (bx + bl * 0.3, by - bl * 0.55)],
            fill=(90, 70, 50),
            width=2,
        )
    sand = rng.choice(((120, 110, 90), (150, 140, 120)))
    _gradient(draw, (0, shore, w, h), sand, _shade(sand, -30))
    for _ in range(rng.randint(0, 6)):  # young mangroves on the mud
        _tree(draw, rng, rng.randint(0, w), h - rng.randint(0, h - shore), int(h * 0.08))
    _people(draw, rng, w, shore, h, rng.randint(1, 6), h * 0.14, h * 0.28)


def _scene_street(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * rng.uniform(0.42, 0.5))
    haze = _sky(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    _skyline(draw, rng, w, horizon, haze, int(horizon * 0.8))
    vx = w * rng.uniform(0.4, 0.6)
    _gradient(draw, (0, horizon, w, h), (150, 148, 140), (110, 108, 100))
    draw.polygon(
        [(vx - w * 0.04, horizon), (vx + w * 0.04, horizon), (w * 1.1, h), (-w * 0.1, h)],
        fill=(72, 72, 76),
    )
    for i in range(10):  # dashed centre line, longer towards the viewer
        t0, t1 = (i / 10) ** 1.6, ((i + 0.5) / 10) ** 1.6
        y0, y1 = horizon + (h - horizon) * t0, horizon + (h - horizon) * t1
        draw.line(
            [(vx, y0), (vx + (w / 2 - vx) * t1, y1)], fill=(236, 236, 230), width=int(2 + 10 * t1)
        )
    # shophouses (ruko) with signs on the left, trees on the right
    shop_base = horizon + int(h * 0.08)
    x = -10
    while x < vx - w * 0.12:
        sw = rng.randint(w // 12, w // 7)
        sh = rng.randint(int(h * 0.18), int(h * 0.3))
        draw.rectangle(
            [x, shop_base - sh, x + sw, shop_base],
            fill=rng.choice(((225, 215, 195), (200, 205, 210), (235, 225, 210))),
        )
        draw.rectangle([x + 4, shop_base - sh * 0.45, x + sw - 4, shop_base], fill=(80, 80, 85))
        draw.rectangle(
            [x + 6, shop_base - sh * 0.62, x + sw - 6, shop_base - sh * 0.5],
            fill=rng.choice(_BANNERS),
        )
        x += sw + 2
    for _ in range(rng.randint(3, 6)):
        _tree(
            draw,
            rng,
            int(rng.uniform(vx + w * 0.15, w)),
            shop_base + rng.randint(0, 40),
            int(h * rng.uniform(0.2, 0.35)),
        )
    for _ in range(rng.randint(2, 6)):
        base = rng.uniform(horizon + h * 0.1, h * 0.95)
        t = (base - horizon) / (h - horizon)
        _vehicle(draw, rng, rng.uniform(0, w * 0.9), base, w * (0.06 + 0.22 * t))
    _people(draw, rng, int(w * 0.35), shop_base, h, rng.randint(2, 6), h * 0.1, h * 0.3)


def _scene_crowd(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * rng.uniform(0.3, 0.4))
    haze = _sky(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    _skyline(draw, rng, w, horizon, haze, int(horizon * 0.6))
    for _ in range(rng.randint(2, 5)):
        _tree(draw, rng, rng.randint(0, w), horizon + 10, int(h * rng.uniform(0.2, 0.3)))
    ground = rng.choice(((150, 146, 136), (120, 140, 90), (170, 160, 140)))
    _gradient(draw, (0, horizon, w, h), ground, _shade(ground, -30))
    tent_base = horizon + int(h * 0.2)
    x = rng.uniform(-w * 0.1, w * 0.1)
    while x < w:
        tw = rng.uniform(w * 0.22, w * 0.34)
        _tent(draw, rng, x, tent_base, tw)
        x += tw + rng.uniform(4, 30)
    bx = rng.uniform(w * 0.1, w * 0.4)
    _banner(draw, rng, (bx, tent_base - h * 0.22, bx + w * 0.45, tent_base - h * 0.12))
    _people(draw, rng, w, tent_base - 5, h + h * 0.2, rng.randint(18, 40), h * 0.14, h * 0.5)


def _scene_indoor(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    wall = rng.choice(((226, 218, 200), (210, 214, 216), (232, 226, 214)))
    floor_y = int(h * rng.uniform(0.55, 0.62))
    _gradient(draw, (0, 0, w, floor_y), _shade(wall, 10), _shade(wall, -30))
    for lx in range(int(w * 0.1), w, int(w * 0.22)):  # ceiling lamps
        draw.ellipse([lx, h * 0.03, lx + w * 0.08, h * 0.06], fill=(255, 252, 240))
    for wx in (0.02, 0.82):  # windows
        draw.rectangle(
            [w * wx, h * 0.12, w * (wx + 0.14), floor_y - h * 0.12], fill=(190, 210, 225)
        )
        draw.line(
            [(w * (wx + 0.07), h * 0.12), (w * (wx + 0.07), floor_y - h * 0.12)],
            fill=(120, 110, 100),
            width=6,
        )
    if rng.random() < 0.5:
        draw.rectangle([w * 0.3, h * 0.1, w * 0.7, h * 0.36], fill=(30, 30, 34))  # screen
        draw.rectangle([w * 0.31, h * 0.115, w * 0.69, h * 0.345], fill=(40, 110, 170))
        _banner(draw, rng, (w * 0.34, h * 0.14, w * 0.66, h * 0.25))
    else:
        _banner(draw, rng, (w * 0.2, h * 0.1, w * 0.8, h * 0.34))
    floor = rng.choice(((170, 150, 120), (190, 185, 175), (150, 110, 80)))
    _gradient(draw, (0, floor_y, w, h), floor, _shade(floor, -40))
    # table for officials under the banner, then rows of seated audience
    draw.rectangle(
        [w * 0.22, floor_y - h * 0.06, w * 0.78, floor_y + h * 0.04], fill=(236, 236, 236)
    )
    draw.rectangle([w * 0.22, floor_y + h * 0.02, w * 0.78, floor_y + h * 0.04], fill=(40, 90, 60))
    for px in range(int(w * 0.27), int(w * 0.75), int(w * 0.1)):
        _person(draw, rng, px, floor_y + h * 0.02, h * 0.28)
    rows = rng.randint(3, 5)
    for row in range(rows):
        t = (row + 1) / rows
        y = floor_y + (h - floor_y) * (0.25 + 0.85 * t)
        size = h * (0.18 + 0.35 * t)
        x = rng.uniform(-size * 0.3, size * 0.3)
        while x < w + size:
            if rng.random() < 0.85:  # back of a seated person
                shirt = rng.choice(_CLOTHES)
                draw.rounded_rectangle(
                    [x - size * 0.17, y - size * 0.55, x + size * 0.17, y],
                    radius=int(size * 0.05),
                    fill=shirt,
                )
                hair = (25, 22, 20) if rng.random() < 0.6 else rng.choice(_CLOTHES)
                draw.ellipse(
                    [x - size * 0.1, y - size * 0.78, x + size * 0.1, y - size * 0.52], fill=hair
                )
            x += size * rng.uniform(0.38, 0.5)


def _scene_park(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * rng.uniform(0.38, 0.48))
    haze = _sky(img, rng, horizon)
    draw = ImageDraw.Draw(img)
    _skyline(draw, rng, w, horizon, haze, int(horizon * 0.55))
    grass = (rng.randint(80, 110), rng.randint(135, 165), rng.randint(60, 80))
    _gradient(draw, (0, horizon, w, h), _mix(grass, haze, 0.3), _shade(grass, -35))
    for _ in range(w // 3):  # grass texture
        gx, gy = rng.randint(0, w), rng.randint(horizon, h)
        draw.line(
            [(gx, gy), (gx + rng.randint(-2, 2), gy - rng.randint(2, 8))],
            fill=_shade(grass, rng.randint(-40, 25)),
        )
    px = w * rng.uniform(0.3, 0.7)
    draw.polygon(
        [
            (px - w * 0.02, horizon),
            (px + w * 0.02, horizon),
            (px + w * 0.25, h),
            (px - w * 0.25, h),
        ],
        fill=(196, 180, 160),
    )
    trees = sorted(
        (rng.randint(horizon + 5, horizon + int(h * 0.25)), rng.randint(0, w))
        for _ in range(rng.randint(5, 10))
    )
    for base, tx in trees:
        _tree(draw, rng, tx, base, int(h * (0.2 + 0.5 * (base - horizon) / h)))
    if rng.random() < 0.5:  # RPTRA playground frame
        gx = w * rng.uniform(0.05, 0.6)
        gy = horizon + h * 0.25
        draw.rectangle([gx, gy - h * 0.15, gx + w * 0.15, gy - h * 0.13], fill=(220, 60, 50))
        for lx in (gx, gx + w * 0.15 - 8):
            draw.rectangle([lx, gy - h * 0.15, lx + 8, gy], fill=(240, 190, 30))
    _people(
        draw,
        rng,
        w,
        horizon + int(h * 0.2),
        h + int(h * 0.1),
        rng.randint(3, 14),
        h * 0.12,
        h * 0.4,
    )


_SCENE_DRAWERS = {
    "river": _scene_river,
    "coast": _scene_coast,
    "street": _scene_street,
    "crowd": _scene_crowd,
    "indoor": _scene_indoor,
    "park": _scene_park,
}


def _develop(img: Image.Image, rng: random.Random) -> Image.Image:
    """Make a drawing look photographed: colour cast, lens softness, vignetting and grain."""
    w, h = img.size
    warm = rng.uniform(-0.04, 0.06)
    r, g, b = img.split()
    r = r.point(lambda v: min(255, round(v * (1 + warm))))
    b = b.point(lambda v: min(255, round(v * (1 - warm))))
    img = Image.merge("RGB", (r, g, b)).filter(ImageFilter.GaussianBlur(rng.uniform(0.9, 1.4)))
    vignette = Image.radial_gradient("L").resize((w, h)).point(lambda v: max(0, v - 110))
    img = Image.composite(Image.new("RGB", (w, h)), img, vignette.point(lambda v: v // 3))
    # Zero-mean grain from the seeded generator (Image.effect_noise is not seedable).
    amplitude = 7
    grain = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    grain = grain.point(lambda v: v * 2 * amplitude // 255).filter(ImageFilter.GaussianBlur(0.5))
    return ImageChops.add(img, Image.merge("RGB", (grain, grain, grain)), offset=-amplitude)


def synthesize(
    width: int, height: int, *, seed: int | str, scene: str | None = None
) -> Image.Image:
    """A deterministic, photo-like RGB image of a Jakarta Utara scene.

    ``scene`` is one of :data:`SCENES`; ``None`` picks one from the seed.
    """
    rng = _rng(seed)
    scene = scene or rng.choice(SCENES)
    if scene not in _SCENE_DRAWERS:
        raise ValueError(f"unknown scene {scene!r}; choose from {', '.join(SCENES)}")
    img = Image.new("RGB", (width, height))
    _SCENE_DRAWERS[scene](img, rng)
    return _develop(img, rng)


def _dms(degrees: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees as the EXIF triple of rationals: degrees, minutes, seconds (1/100 s)."""
    hundredths = round(abs(degrees) * 360000)
    d, rest = divmod(hundredths, 360000)
    m, s = divmod(rest, 6000)
    return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100))


def camera_exif(
    *,
    taken: datetime,
    make: str = "Canon",
    model: str = "Canon EOS 80D",
    artist: str | None = None,
    copyright: str | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int = 1,
) -> Image.Exif:
    """Camera-like EXIF: device, exposure, local time (WIB), author and optionally GPS.

    The exposure is chosen from the time of day (higher ISO in the evening) and varies a
    little with the timestamp, so different shots get different but plausible settings.
    """
    rng = _rng(f"{make}/{model}/{taken.isoformat()}")
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    evening = taken.hour >= 18 or taken.hour < 6
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Software] = _FIRMWARE.get(make, "Firmware Version 1.0.0")
    exif[ExifTags.Base.DateTime] = stamp
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.XResolution] = IFDRational(72, 1)
    exif[ExifTags.Base.YResolution] = IFDRational(72, 1)
    exif[ExifTags.Base.ResolutionUnit] = 2
    if artist:
        exif[ExifTags.Base.Artist] = artist
    if copyright:
        exif[ExifTags.Base.Copyright] = copyright
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    ifd[ExifTags.Base.ExifVersion] = b"0231"
    ifd[ExifTags.Base.DateTimeOriginal] = stamp
    ifd[ExifTags.Base.DateTimeDigitized] = stamp
    ifd[ExifTags.Base.OffsetTime] = "+07:00"
    ifd[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    ifd[ExifTags.Base.ExposureTime] = IFDRational(
        1, rng.choice((30, 60, 80)) if evening else rng.choice((125, 160, 200, 250, 320, 500))
    )
    ifd[ExifTags.Base.FNumber] = IFDRational(rng.choice((40, 45, 50, 56, 63, 71, 80)), 10)
    ifd[ExifTags.Base.ISOSpeedRatings] = rng.choice(
        (1600, 3200, 6400) if evening else (100, 200, 400, 800)
    )
    ifd[ExifTags.Base.FocalLength] = IFDRational(rng.choice((18, 24, 35, 50, 70, 85, 135)), 1)
    ifd[ExifTags.Base.ExposureProgram] = 3  # aperture priority
    ifd[ExifTags.Base.MeteringMode] = 5  # pattern
    ifd[ExifTags.Base.Flash] = 16  # did not fire
    ifd[ExifTags.Base.ColorSpace] = 1  # sRGB
    ifd[ExifTags.Base.LensModel] = _LENSES.get(model, "EF-S18-135mm f/3.5-5.6 IS USM")
    serial = int.from_bytes(hashlib.sha256(f"{model}/{artist}".encode()).digest()[:4], "big")
    ifd[ExifTags.Base.BodySerialNumber] = f"{serial % 10**12:012d}"
    if gps:
        lat, lon = gps
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "S" if lat < 0 else "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = _dms(lat)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = _dms(lon)
        gps_ifd[ExifTags.GPS.GPSAltitudeRef] = 0  # above sea level
        gps_ifd[ExifTags.GPS.GPSAltitude] = IFDRational(rng.randint(20, 90), 10)
    return exif


#: How the camera stores the pixels for an EXIF orientation; ``exif_transpose`` undoes it.
_STORE_ROTATION = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,  # counter-clockwise; orientation 6 is shown turned clockwise
    8: Image.Transpose.ROTATE_270,
}


def write_photo(
    path: str | Path,
    *,
    width: int,
    height: int,
    seed: int | str,
    scene: str | None = None,
    taken: datetime,
    artist: str | None = None,
    copyright: str | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int = 1,
    quality: int = 82,
    make: str = "Canon",
    model: str = "Canon EOS 80D",
) -> Path:
    """Write a JPEG whose pixels are stored as a camera would for ``orientation``.

    ``ImageOps.exif_transpose`` on the file gives back the upright ``width`` × ``height`` scene.
    """
    path = Path(path)
    upright = synthesize(width, height, seed=seed, scene=scene)
    rotation = _STORE_ROTATION.get(orientation)
    stored = upright.transpose(rotation) if rotation is not None else upright
    exif = camera_exif(
        taken=taken,
        make=make,
        model=model,
        artist=artist,
        copyright=copyright,
        gps=gps,
        orientation=orientation,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=quality, exif=exif, optimize=True, subsampling="4:2:0")
    return path


# --- filling a content folder -------------------------------------------------------------

_BODY_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+\"([^\"]*)\")?\s*\)")
_CAMERAS = (
    ("Canon", "Canon EOS 80D"),
    ("Canon", "Canon EOS 90D"),
    ("NIKON CORPORATION", "NIKON D7500"),
    ("SONY", "ILCE-6400"),
)
MAX_BYTES = 400 * 1024


def _header(text: str) -> dict[str, str]:
    """The ``Key: value`` lines above the first blank line, keys in lower case."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


def scene_for(text: str, seed: str) -> str:
    """The scene whose keywords occur most often in ``text``; from the seed if none does."""
    lowered = text.lower()
    hits = {
        scene: sum(len(re.findall(rf"\b{re.escape(word)}\b", lowered)) for word in words)
        for scene, words in SCENE_KEYWORDS.items()
    }
    best = max(hits, key=lambda scene: hits[scene])  # first scene wins a tie
    return best if hits[best] else _rng(seed).choice(SCENES)


def _is_local(name: str) -> bool:
    return not (name.startswith(("/", "http:", "https:", "../")) or "://" in name)


def photo_refs(index: Path) -> list[tuple[str, str]]:
    """(file name, describing text) of every local photo a story's ``index.md`` uses."""
    text = index.read_text(encoding="utf-8")
    fields = _header(text)
    refs = []
    if fields.get("image"):
        refs.append(
            (fields["image"], f"{fields.get('imagealt', '')} {fields.get('imagecaption', '')}")
        )
    refs += [(src, f"{alt} {title}") for alt, src, title in _BODY_IMAGE.findall(text)]
    return [(name, words) for name, words in refs if _is_local(name)]


def fill(content: Path, *, force: bool = False) -> list[Path]:
    """Generate every photo referenced by stories under ``content`` that does not exist yet.

    Seeds are the photo paths relative to ``content``, so the result does not depend on the
    working directory. Every 7th photo is stored with EXIF orientation 6 (camera held upright),
    about half carry a GPS position inside Jakarta Utara, and a few are 4:3 or portrait.
    """
    written = []
    number = 0
    for index in sorted(content.rglob("index.md")):
        fields = _header(index.read_text(encoding="utf-8"))
        taken = datetime.strptime(fields.get("date", "2026-11-01 09:00")[:16], "%Y-%m-%d %H:%M")
        artist = fields.get("photographer") or None
        make, model = _CAMERAS[
            int(hashlib.sha256(str(artist).encode()).hexdigest(), 16) % len(_CAMERAS)
        ]
        for name, words in photo_refs(index):
            number += 1
            target = index.parent / name
            if target.exists() and not force:
                continue
            seed = target.relative_to(content).as_posix()
            rng = _rng(seed)
            if number % 13 == 5:
                width, height = 1067, 1600
            elif number % 9 == 2:
                width, height = 1600, 1200
            else:
                width, height = 1600, 1067
            gps = None
            if number % 2 == 1:  # every other photo keeps the camera's GPS position
                gps = (round(rng.uniform(-6.15, -6.10), 6), round(rng.uniform(106.74, 106.95), 6))
            options = {
                "width": width,
                "height": height,
                "seed": seed,
                "scene": scene_for(words, seed),
                "taken": taken,
                "artist": artist,
                "copyright": COPYRIGHT,
                "gps": gps,
                "orientation": 6 if number % 7 == 0 else 1,
                "make": make,
                "model": model,
            }
            quality = 82
            write_photo(target, quality=quality, **options)
            while target.stat().st_size > MAX_BYTES and quality > 60:
                quality -= 6
                write_photo(target, quality=quality, **options)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fill_cmd = sub.add_parser("fill", help="generate missing photos referenced by stories")
    fill_cmd.add_argument("content", type=Path, help="folder with story folders (index.md)")
    fill_cmd.add_argument("--force", action="store_true", help="regenerate existing photos too")
    args = parser.parse_args(argv)
    for path in fill(args.content, force=args.force):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
