"""``invoke bench-media``: photos per second per core, our pipeline vs a plain Pillow loop.

Camera-size JPEGs are generated at run time in a temporary folder (never committed). The
pipeline renders the full derivative set cold (empty cache, all cores), again cached, and cold
in one process (the per-core rate without other load on the cores); the
baseline makes the same files with a straightforward loop: open, resize, save, one process,
no draft decoding.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat, features

from .cache import MediaCache, file_digest
from .config import DEFAULT_FORMATS
from .encode import AVIF_SPEED, EXT, SAVE, WEBP_METHOD, Job, encoder_options
from .geometry import photo_targets

FORMATS = DEFAULT_FORMATS
WIDTHS = (480, 960, 1600)
TUNING = {"avif": {"speed": AVIF_SPEED}, "webp": {"method": WEBP_METHOD}}
#: Encoder settings compared by :func:`compare_formats` (label → Pillow save options).
CANDIDATES = {
    "jpeg": SAVE["jpeg"],
    **{f"webp method {m}": {**SAVE["webp"], "method": m} for m in (2, 4, 6)},
    **(
        {f"avif speed {s}": {**SAVE["avif"], "speed": s} for s in (9, 8, 6)}
        if features.check("avif")
        else {}
    ),
}


def make_photo(path: Path, size: tuple[int, int], seed: int) -> Path:
    """A noisy camera-like JPEG (noise makes encoders work as on real photos) with EXIF."""
    noise = Image.effect_noise(size, 40 + seed % 7)
    gradient = Image.linear_gradient("L").resize(size)
    img = Image.merge("RGB", (noise, gradient, ImageOps.invert(noise)))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 90D"
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 7.0, 1.0), 3: "E", 4: (106.0, 53.0, 2.0)})
    img.save(path, "JPEG", quality=92, exif=exif)
    return path


def baseline(paths: list[Path], out: Path) -> None:
    """The straightforward loop: full decode, resize/crop each target, save; one process."""
    for n, path in enumerate(paths):
        with Image.open(path) as src:
            img = ImageOps.exif_transpose(src).convert("RGB")
        for target in photo_targets(img.size, WIDTHS, FORMATS, (0.5, 0.5), branded=False):
            picture = img.resize(target.size, Image.Resampling.LANCZOS, box=target.box)
            for fmt in target.formats:
                # the same encoder settings as the plugin
                options = {**encoder_options(target.label, fmt), **TUNING.get(fmt, {})}
                buffer = io.BytesIO()
                picture.save(buffer, **options)
                (out / f"{n}-{target.label}.{EXT[fmt]}").write_bytes(buffer.getvalue())


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio of two RGB images of the same size, in dB."""
    squares = ImageStat.Stat(ImageChops.difference(a, b)).sum2
    mse = sum(squares) / (3 * a.width * a.height)
    return 10 * math.log10(255**2 / mse) if mse else 99.0


def compare_formats(paths: list[Path], width: int = 960) -> dict[str, dict[str, float]]:
    """Mean size (KB), PSNR (dB) and encoding time (ms) of each :data:`CANDIDATES` setting,
    on each photo scaled to ``width`` (the card and phone size)."""
    totals = {label: [0.0, 0.0, 0.0] for label in CANDIDATES}
    for path in paths:
        with Image.open(path) as src:
            img = ImageOps.exif_transpose(src).convert("RGB")
        picture = img.resize(
            (width, round(width * img.height / img.width)), Image.Resampling.LANCZOS
        )
        for label, options in CANDIDATES.items():
            buffer = io.BytesIO()
            spent = timed(lambda p=picture, o=options, b=buffer: p.save(b, **o))
            with Image.open(io.BytesIO(buffer.getvalue())) as back:
                quality = psnr(picture, back.convert("RGB"))
            for n, value in enumerate((len(buffer.getvalue()) / 1024, quality, spent * 1000)):
                totals[label][n] += value
    count = max(1, len(paths))
    return {
        label: {
            "kb": round(kb / count, 1),
            "psnr_db": round(db / count, 2),
            "ms": round(ms / count, 1),
        }
        for label, (kb, db, ms) in totals.items()
    }


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(
    count: int = 8, size: tuple[int, int] = (4000, 3000), log=print, sample: Path | None = None
) -> dict:
    """Measure cold, cached and baseline rates, and compare encoder settings on ``sample``'s
    photos (e.g. ``content/``) or else on the generated ones; return the numbers."""
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
        base = Path(tmp)
        log(f"Membuat {count} foto {size[0]}×{size[1]} di {base}")
        paths = [make_photo(base / f"foto-{n}.jpg", size, n) for n in range(count)]

        def pipeline(folder: Path, workers: int) -> None:  # hashing is part of every build
            jobs = [
                Job(str(p), file_digest(p), "photo", WIDTHS, FORMATS, (0.5, 0.5)) for p in paths
            ]
            MediaCache(folder).fill(jobs, workers)

        cold = timed(lambda: pipeline(base / "cache", cores))
        cached = timed(lambda: pipeline(base / "cache", cores))
        serial = timed(lambda: pipeline(base / "serial", 1))
        (base / "plain").mkdir()
        plain = timed(lambda: baseline(paths, base / "plain"))
        compared = sorted(sample.rglob("*.jpg")) if sample and sample.is_dir() else paths
        log(f"Membandingkan format pada {len(compared)} foto")
        formats = compare_formats(compared)
    report = {
        "photos": count,
        "size": f"{size[0]}x{size[1]}",
        "cores": cores,
        "formats": list(FORMATS),
        "cold_s": round(cold, 2),
        "cached_s": round(cached, 3),
        "cold_serial_s": round(serial, 2),
        "plain_s": round(plain, 2),
        "cold_per_core": round(count / cold / cores, 3),
        "cached_per_core": round(count / cached / cores, 1),
        "serial_per_core": round(count / serial, 3),
        "plain_per_core": round(count / plain, 3),
    }
    report["ratio_serial_per_core"] = round(plain / serial, 2)
    report["ratio_cold_per_core"] = round(report["cold_per_core"] / report["plain_per_core"], 2)
    report["ratio_cold_wall"] = round(plain / cold, 2)
    report["compared_photos"] = len(compared)
    report["formats_960w"] = formats
    return report
