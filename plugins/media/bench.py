"""``invoke bench-media``: photos per second per core, our pipeline vs a plain Pillow loop.

Camera-size JPEGs are generated at run time in a temporary folder (never committed). The
pipeline renders the full derivative set cold (empty cache, all cores), again cached, and cold
in one process (the per-core rate without other load on the cores); the
baseline makes the same files with a straightforward loop: open, resize, save, one process,
no draft decoding.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageOps, features

from .cache import MediaCache, file_digest
from .encode import AVIF_SPEED, EXT, SAVE, SOCIAL_JPEG, WEBP_METHOD, Job
from .geometry import photo_targets

FORMATS = tuple(f for f in ("avif", "webp", "jpeg") if f != "avif" or features.check("avif"))
WIDTHS = (480, 960, 1600)
TUNING = {"avif": {"speed": AVIF_SPEED}, "webp": {"method": WEBP_METHOD}}


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
                options = SOCIAL_JPEG if fmt == "jpeg" and "w" not in target.label else SAVE[fmt]
                options = {**options, **TUNING.get(fmt, {})}  # the same encoder settings
                buffer = io.BytesIO()
                picture.save(buffer, **options)
                (out / f"{n}-{target.label}.{EXT[fmt]}").write_bytes(buffer.getvalue())


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(count: int = 8, size: tuple[int, int] = (4000, 3000), log=print) -> dict:
    """Measure cold, cached and baseline rates; return the numbers."""
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
    return report
