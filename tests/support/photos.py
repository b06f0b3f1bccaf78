"""Synthesize realistic-looking photographs with Pillow: real JPEGs with camera EXIF.

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

from PIL import ExifTags, Image, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

SCENES = ("river", "street", "crowd", "indoor", "coast", "park")
_KEYWORDS = {
    "river": ("kali", "sungai", "waduk", "saluran", "banjir", "pompa", "turap"),
    "coast": ("pantai", "laut", "pesisir", "kapal", "nelayan", "pelabuhan", "dermaga", "ikan"),
    "street": ("jalan", "lalu lintas", "trotoar", "kendaraan", "parkir", "jembatan", "halte"),
    "indoor": ("ruang", "rapat", "kelas", "aula", "kantor", "loket", "sekolah", "siswa"),
    "park": ("taman", "pohon", "rptra", "hutan", "bibit", "tanam", "lapangan"),
    "crowd": ("warga", "posyandu", "vaksin", "bazar", "pasar", "peserta", "antre", "lomba"),
}


def _rng(seed: int | str) -> random.Random:
    digest = hashlib.sha256(str(seed).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top, bottom) -> None:
    x0, y0, x1, y1 = box
    span = max(1, y1 - y0)
    for y in range(y0, y1):
        t = (y - y0) / span
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=colour)


def _buildings(draw, rng, w, horizon, count) -> None:
    x = -rng.randint(0, 60)
    while x < w:
        bw = rng.randint(w // 14, w // 6)
        bh = rng.randint(horizon // 5, int(horizon * 0.8))
        shade = rng.randint(120, 210)
        tint = (shade, shade - rng.randint(0, 25), shade - rng.randint(10, 40))
        draw.rectangle([x, horizon - bh, x + bw, horizon], fill=tint)
        for wy in range(horizon - bh + 12, horizon - 10, 22):
            for wx in range(x + 8, x + bw - 10, 18):
                lit = rng.random() < 0.3
                draw.rectangle(
                    [wx, wy, wx + 8, wy + 10], fill=(230, 220, 170) if lit else (70, 80, 95)
                )
        x += bw + rng.randint(2, 20)
        count -= 1


def _people(draw, rng, w, ground, n, scale) -> None:
    for _ in range(n):
        px = rng.randint(0, w)
        py = ground + rng.randint(0, int(scale * 3))
        size = scale * (0.7 + (py - ground) / (scale * 6))
        shirt = rng.choice(
            [(200, 60, 50), (240, 240, 235), (60, 90, 160), (240, 170, 40), (80, 140, 90)]
        )
        draw.ellipse(
            [px - size * 0.25, py - size * 2.3, px + size * 0.25, py - size * 1.8],
            fill=(110, 75, 55),
        )
        draw.rounded_rectangle(
            [px - size * 0.4, py - size * 1.8, px + size * 0.4, py - size * 0.8], 6, fill=shirt
        )
        draw.rectangle([px - size * 0.35, py - size * 0.8, px + size * 0.35, py], fill=(50, 50, 70))


def _trees(draw, rng, w, ground, n) -> None:
    for _ in range(n):
        tx = rng.randint(0, w)
        th = rng.randint(ground // 4, ground // 2)
        draw.rectangle([tx - 6, ground - th // 2, tx + 6, ground], fill=(90, 65, 40))
        r = th // 2
        green = (rng.randint(30, 70), rng.randint(100, 150), rng.randint(40, 70))
        draw.ellipse([tx - r, ground - th - r // 2, tx + r, ground - th // 2 + r // 2], fill=green)


def _water(draw, rng, w, top, bottom, colour) -> None:
    _gradient(draw, (0, top, w, bottom), colour, tuple(max(0, c - 50) for c in colour))
    for _ in range((bottom - top) // 3):
        y = rng.randint(top, bottom)
        x = rng.randint(0, w)
        length = rng.randint(20, 120)
        draw.line([(x, y), (x + length, y)], fill=tuple(min(255, c + 40) for c in colour), width=2)


def synthesize(
    width: int, height: int, *, seed: int | str, scene: str | None = None
) -> Image.Image:
    """A deterministic, photo-like RGB image of a Jakarta Utara scene."""
    rng = _rng(seed)
    scene = scene or rng.choice(SCENES)
    if scene not in SCENES:
        raise ValueError(f"unknown scene {scene!r}; choose from {', '.join(SCENES)}")
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    horizon = int(height * rng.uniform(0.38, 0.55))
    sky_top = (rng.randint(70, 120), rng.randint(130, 170), rng.randint(200, 235))
    if scene == "indoor":
        _gradient(draw, (0, 0, width, height), (225, 220, 205), (160, 150, 135))
        draw.rectangle([0, int(height * 0.72), width, height], fill=(150, 120, 90))
        draw.rectangle(
            [width * 0.15, height * 0.12, width * 0.85, height * 0.42], fill=(40, 90, 150)
        )
        _people(draw, rng, width, int(height * 0.75), rng.randint(8, 18), height / 14)
    else:
        _gradient(draw, (0, 0, width, horizon), sky_top, (225, 230, 235))
        if scene in ("river", "coast"):
            _buildings(draw, rng, width, horizon, 8)
            _water(
                draw,
                rng,
                width,
                horizon,
                height,
                (60, 110, 120) if scene == "river" else (40, 100, 150),
            )
            if scene == "coast":
                for _ in range(rng.randint(2, 5)):
                    bx, by = rng.randint(0, width), rng.randint(horizon + 20, height - 40)
                    draw.polygon(
                        [(bx, by), (bx + 160, by), (bx + 130, by + 40), (bx + 20, by + 40)],
                        fill=(180, 50, 40),
                    )
            else:
                draw.rectangle([0, int(height * 0.88), width, height], fill=(150, 150, 145))
                _people(draw, rng, width, int(height * 0.86), rng.randint(2, 6), height / 16)
        else:
            _buildings(draw, rng, width, horizon, 10)
            ground = (120, 120, 115) if scene == "street" else (90, 140, 70)
            _gradient(draw, (0, horizon, width, height), ground, tuple(c - 40 for c in ground))
            if scene == "street":
                draw.polygon(
                    [
                        (width * 0.35, horizon),
                        (width * 0.65, horizon),
                        (width, height),
                        (0, height),
                    ],
                    fill=(70, 70, 75),
                )
                for y in range(horizon + 20, height, 60):
                    draw.line([(width / 2, y), (width / 2, y + 30)], fill=(240, 240, 240), width=6)
            else:
                _trees(draw, rng, width, horizon + 40, rng.randint(5, 10))
            count = rng.randint(15, 40) if scene == "crowd" else rng.randint(2, 10)
            if scene == "crowd":
                draw.rectangle(
                    [width * 0.1, horizon - 40, width * 0.6, horizon + 30], fill=(235, 235, 230)
                )
            _people(draw, rng, width, horizon + 40, count, height / 11)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise((width, height), rng.uniform(10, 18)).convert("RGB")
    return Image.blend(img, noise, 0.06)


def _dms(degrees: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = abs(degrees)
    d = int(degrees)
    m = int((degrees - d) * 60)
    hundredths = round((degrees - d - m / 60) * 360000)
    return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(hundredths, 100))


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
    """Camera-like EXIF: device, exposure, time, author and optionally a GPS position."""
    exif = Image.Exif()
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Software] = "Firmware Version 1.1.1"
    exif[ExifTags.Base.DateTime] = stamp
    exif[ExifTags.Base.Orientation] = orientation
    if artist:
        exif[ExifTags.Base.Artist] = artist
    if copyright:
        exif[ExifTags.Base.Copyright] = copyright
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    ifd[ExifTags.Base.DateTimeOriginal] = stamp
    ifd[ExifTags.Base.DateTimeDigitized] = stamp
    ifd[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    ifd[ExifTags.Base.ExposureTime] = IFDRational(1, 250)
    ifd[ExifTags.Base.FNumber] = IFDRational(56, 10)
    ifd[ExifTags.Base.ISOSpeedRatings] = 200
    ifd[ExifTags.Base.FocalLength] = IFDRational(35, 1)
    ifd[ExifTags.Base.LensModel] = "EF-S18-135mm f/3.5-5.6 IS USM"
    ifd[ExifTags.Base.BodySerialNumber] = "0632" + str(abs(hash(model)) % 10**8).zfill(8)
    if gps:
        lat, lon = gps
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "S" if lat < 0 else "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = _dms(lat)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = _dms(lon)
        gps_ifd[ExifTags.GPS.GPSAltitudeRef] = 0
        gps_ifd[ExifTags.GPS.GPSAltitude] = IFDRational(7, 1)
    return exif


_STORE_ROTATION = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,
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
) -> Path:
    """Write a JPEG whose pixels are stored as a camera would for ``orientation``.

    ``ImageOps.exif_transpose`` on the file gives back the upright ``width`` × ``height`` scene.
    """
    path = Path(path)
    upright = synthesize(width, height, seed=seed, scene=scene)
    stored = (
        upright.transpose(_STORE_ROTATION[orientation])
        if orientation in _STORE_ROTATION
        else upright
    )
    exif = camera_exif(
        taken=taken, artist=artist, copyright=copyright, gps=gps, orientation=orientation
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=quality, exif=exif, optimize=True)
    return path


_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"([^\"]*)\")?\)")


def _header(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def _scene_for(text: str, seed: str) -> str:
    lowered = text.lower()
    for scene, words in _KEYWORDS.items():
        if any(word in lowered for word in words):
            return scene
    return _rng(seed).choice(SCENES)


def fill(content: Path, *, force: bool = False) -> list[Path]:
    """Generate every photo referenced by stories under ``content`` that does not exist yet."""
    written = []
    for n, index in enumerate(sorted(content.rglob("index.md"))):
        text = index.read_text(encoding="utf-8")
        fields = _header(text)
        taken = datetime.strptime(fields.get("date", "2026-11-01 09:00")[:16], "%Y-%m-%d %H:%M")
        refs = []
        if fields.get("image"):
            refs.append(
                (fields["image"], fields.get("imagealt", "") + fields.get("imagecaption", ""))
            )
        refs += [(src, alt + title) for alt, src, title in _IMAGE_RE.findall(text)]
        for k, (name, words) in enumerate(refs):
            target = index.parent / name
            if target.exists() and not force:
                continue
            seed = f"{index.parent.name}/{name}"
            rng = _rng(seed)
            orientation = 6 if (n + k) % 7 == 3 else 1
            width, height = (1067, 1600) if (n + k) % 11 == 5 else (1600, rng.choice((1067, 1200)))
            gps = (
                (rng.uniform(-6.15, -6.10), rng.uniform(106.74, 106.95))
                if rng.random() < 0.5
                else None
            )
            write_photo(
                target, width=width, height=height, seed=seed, scene=_scene_for(words, seed),
                taken=taken, artist=fields.get("photographer") or None,
                copyright="Sudin Kominfotik Jakarta Utara", gps=gps, orientation=orientation,
            )  # fmt: skip
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fill_cmd = sub.add_parser("fill", help="generate missing photos referenced by stories")
    fill_cmd.add_argument("content", type=Path)
    fill_cmd.add_argument("--force", action="store_true", help="regenerate existing photos too")
    args = parser.parse_args(argv)
    for path in fill(args.content, force=args.force):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
