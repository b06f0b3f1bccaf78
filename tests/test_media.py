"""Media pipeline: real Pillow on generated camera-like JPEGs, and real Pelican builds."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

import pytest
from media.bench import psnr
from media.cache import ENTRIES_FILE, MediaCache, file_digest, job_key
from media.checks import check_image, check_svg, check_video
from media.config import MediaConfig
from media.encode import Job, encoder_options
from media.geometry import crop_box, focal_box, photo_targets, pick_frame, render_order
from media.pipeline import place
from media.sources import SourceIndex
from PIL import Image, ImageCms, ImageDraw, features

from tests.conftest import ROOT, run_pelican
from tests.support.photos import write_photo as write_camera_photo
from tests.support.stories import write_story

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
MAKE, MODEL, SOFTWARE, ARTIST, COPYRIGHT, ORIENTATION = (
    0x010F,
    0x0110,
    0x0131,
    0x013B,
    0x8298,
    0x0112,
)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>Lat -6.12</x:xmpmeta>'


def camera_jpeg(
    path: Path,
    size: tuple[int, int] = (1600, 1200),
    *,
    orientation: int = 1,
    gps: tuple[float, float] | None = (-6.1385, 106.8823),
    dot: tuple[float, float] | None = None,
) -> Path:
    """A JPEG like a phone camera's: device tags, GPS, orientation, XMP, comment, ICC profile.

    The top half is red and the bottom half blue (as stored), so orientation can be checked;
    ``dot`` paints a green square at that relative position for focal-point checks.
    """
    img = Image.new("RGB", size, (200, 30, 30))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, size[1] // 2, size[0], size[1]), fill=(30, 30, 200))
    if dot:
        x, y, r = dot[0] * size[0], dot[1] * size[1], size[1] // 20
        draw.rectangle((x - r, y - r, x + r, y + r), fill=(0, 255, 0))
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[SOFTWARE] = "Samsung", "SM-A546E", "A546EXXU5CXF1"
    exif[ARTIST], exif[COPYRIGHT] = "Agus Setiawan", "Kominfotik JU"
    exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[0xA431] = "R58W1234ABC"  # body serial number
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 8.0, 18.6), 3: "E", 4: (106.0, 52.0, 56.3)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=90, exif=exif, xmp=XMP, comment=b"GPS -6.1385", icc_profile=icc)
    return path


def config(tmp_path: Path, **changes: object) -> MediaConfig:
    base = MediaConfig(
        content_path=tmp_path, output_path=tmp_path / "out", cache_path=tmp_path / "cache"
    )
    return replace(base, **changes)


def job_for(path: Path, focus: tuple[float, float] = (0.5, 0.5), kind: str = "photo") -> Job:
    return Job(
        str(path), file_digest(path), kind, (480, 960, 1600), ("avif", "webp", "jpeg"), focus
    )


def render(tmp_path: Path, job: Job, workers: int = 1) -> tuple[Path, list]:
    cache = MediaCache(tmp_path / "cache")
    results, stats = cache.fill([job], workers)
    assert stats.encoded == 1 and not stats.failed
    ((key, outputs),) = results.items()
    return cache.folder(key), outputs


def test_orientation_is_applied(tmp_path):
    src = camera_jpeg(tmp_path / "tegak.jpg", (1600, 1200), orientation=6)
    folder, outputs = render(tmp_path, job_for(src))
    widest = next(o for o in outputs if o.label == "1200w" and o.fmt == "jpeg")
    with Image.open(folder / widest.name) as img:
        assert img.size == (1200, 1600)
        rgb = img.convert("RGB")
        # Orientation 6: the stored top (red) is shown on the right.
        assert rgb.getpixel((1100, 800))[0] > 150 and rgb.getpixel((100, 800))[2] > 150
        assert ORIENTATION not in img.getexif()


def test_no_location_or_device_data_survives(tmp_path):
    src = camera_jpeg(tmp_path / "rumah.jpg")
    folder, outputs = render(tmp_path, job_for(src))
    assert len(outputs) >= 10
    for out in outputs:
        with Image.open(folder / out.name) as img:
            exif = img.getexif()
            assert not exif.get_ifd(GPS_IFD), out.name
            assert not exif.get_ifd(EXIF_IFD), out.name
            assert not {MAKE, MODEL, SOFTWARE} & set(exif), out.name
            assert exif.get(COPYRIGHT) == "Kominfotik JU" and exif.get(ARTIST) == "Agus Setiawan"
            assert "xmp" not in img.info and "comment" not in img.info, out.name
            assert img.info.get("icc_profile"), out.name
        assert b"106.8" not in (folder / out.name).read_bytes()
        assert b"SM-A546E" not in (folder / out.name).read_bytes()


def test_sizes_formats_and_social_renditions(tmp_path):
    src = camera_jpeg(tmp_path / "a.jpg", (2000, 1500))
    folder, outputs = render(tmp_path, job_for(src))
    seen = {}
    for out in outputs:
        with Image.open(folder / out.name) as img:
            assert img.size == (out.width, out.height)
            seen[(out.label, out.fmt)] = (img.format, img.size)
        assert (folder / out.name).stat().st_size == out.size
    for width in (480, 960, 1600):
        assert seen[(f"{width}w", "jpeg")] == ("JPEG", (width, width * 3 // 4))
        assert seen[(f"{width}w", "webp")][0] == "WEBP"
        assert seen[(f"{width}w", "avif")][0] == "AVIF"
    assert seen[("og", "jpeg")] == ("JPEG", (1200, 630))
    assert seen[("16x9", "jpeg")][1] == (1200, 675)
    assert seen[("4x3", "jpeg")][1] == (1200, 900)
    assert seen[("1x1", "jpeg")][1] == (1200, 1200)
    insta = seen[("instagram", "jpeg")][1]
    assert insta[0] == 1080 and 4 / 5 <= insta[0] / insta[1] <= 1.91


def test_instagram_crop_limits_tall_and_wide_photos(tmp_path):
    for size in ((900, 2400), (4000, 1000)):
        src = camera_jpeg(tmp_path / f"{size[0]}.jpg", size, gps=None)
        _folder, outputs = render(tmp_path / str(size[0]), job_for(src))
        insta = next(o for o in outputs if o.label == "instagram")
        assert insta.width == 1080 and 0.79 <= insta.width / insta.height <= 1.92
        assert insta.size < 8 * 1024 * 1024


@pytest.mark.parametrize("focus", [(0.9, 0.5), (0.1, 0.2)])
def test_focal_crop_keeps_the_focal_point(tmp_path, focus):
    src = camera_jpeg(tmp_path / "fokus.jpg", (3000, 1500), gps=None, dot=focus)
    folder, outputs = render(tmp_path, job_for(src, focus))
    for label in ("1x1", "4x3", "instagram"):
        out = next(o for o in outputs if o.label == label)
        with Image.open(folder / out.name) as img:
            rgb = img.convert("RGB")
            left, top, right, bottom = focal_box(3000, 1500, out.width / out.height, focus)
            x = (focus[0] * 3000 - left) / (right - left) * out.width
            y = (focus[1] * 1500 - top) / (bottom - top) * out.height
            r, g, b = rgb.getpixel((min(int(x), out.width - 1), min(int(y), out.height - 1)))
            assert g > 200 and r < 80, (label, (r, g, b))
    # A blind centre crop would have lost it: the square is outside the centred square crop.
    assert abs(focus[0] - 0.5) * 3000 > 1500 / 2


def test_video_poster_has_play_mark(tmp_path):
    src = camera_jpeg(tmp_path / "poster.jpg", gps=None)
    folder, outputs = render(tmp_path, job_for(src, kind="poster"))
    assert {(o.width, o.height) for o in outputs} == {(480, 270), (960, 540), (1280, 720)}
    out = next(o for o in outputs if o.width == 1280 and o.fmt == "jpeg")
    with Image.open(folder / out.name) as img:
        assert min(img.convert("RGB").getpixel((650, 360))) > 220  # white triangle in the middle


def test_cache_hit_encodes_nothing(tmp_path):
    jobs = [job_for(camera_jpeg(tmp_path / f"{w}.jpg", (w, 900), gps=None)) for w in (1300, 1400)]
    cache = MediaCache(tmp_path / "cache")
    _r, cold = cache.fill(jobs, 1)
    assert (cold.encoded, cold.cached) == (2, 0)
    moved = [
        replace(j, source=str(Path(j.source).rename(Path(j.source).with_suffix(".x"))))
        for j in jobs
    ]
    _r, warm = MediaCache(tmp_path / "cache").fill(moved, 1)
    assert (warm.encoded, warm.cached) == (0, 2)
    assert json.loads((tmp_path / "cache" / "last-build.json").read_text())["encoded"] == 0
    changed = [replace(jobs[0], focus=(0.2, 0.2), source=moved[0].source)]
    _r, again = MediaCache(tmp_path / "cache").fill(changed, 1)
    assert again.encoded == 1


def test_checked_entries_are_remembered_until_their_folder_changes(tmp_path):
    jobs = [job_for(camera_jpeg(tmp_path / f"{w}.jpg", (w, 900), gps=None)) for w in (1300, 1400)]
    root = tmp_path / "cache"
    made, _stats = MediaCache(root).fill(jobs, 1)
    assert (root / ENTRIES_FILE).is_file()
    first, second = (job_key(j) for j in jobs)

    # Remembered: the manifest is not read again (spoiled in place, the folder unchanged).
    manifest = root / first[:2] / first / "manifest.json"
    with manifest.open("r+b") as handle:
        handle.write(b"rusak")
    again, stats = MediaCache(root).fill(jobs, 1)
    assert (stats.encoded, stats.cached) == (0, 2) and again == made

    # A derivative removed from the second entry changes its folder: checked in full, made
    # again and put in place of the damaged folder.
    folder = root / second[:2] / second
    removed = next(p for p in folder.iterdir() if p.suffix == ".webp")
    removed.unlink()
    _r, stats = MediaCache(root).fill(jobs, 1)
    assert (stats.encoded, stats.cached) == (1, 1) and removed.is_file()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # none left aside
    _r, stats = MediaCache(root).fill(jobs, 1)
    assert (stats.encoded, stats.cached) == (0, 2)

    # entries.json unreadable: every entry is checked in full (the spoiled manifest now counts).
    (root / ENTRIES_FILE).write_text("{bukan json", encoding="utf-8")
    _r, stats = MediaCache(root).fill(jobs, 1)
    assert (stats.encoded, stats.cached) == (1, 1)


def test_parallel_and_serial_give_identical_bytes(tmp_path):
    jobs = [
        job_for(camera_jpeg(tmp_path / f"{n}.jpg", (1700, 1100), orientation=o))
        for n, o in (("a", 1), ("b", 6), ("c", 3))
    ]
    serial, s_stats = MediaCache(tmp_path / "serial").fill(jobs, 1)
    parallel, p_stats = MediaCache(tmp_path / "parallel").fill(jobs, 2)
    assert s_stats.encoded == p_stats.encoded == 3
    for key, outputs in serial.items():
        assert parallel[key] == outputs
        for out in outputs:
            a = (tmp_path / "serial" / key[:2] / key / out.name).read_bytes()
            b = (tmp_path / "parallel" / key[:2] / key / out.name).read_bytes()
            assert a == b, out.name


def test_bad_images_give_named_problems(tmp_path):
    cfg = config(tmp_path)
    story = "content/berita/2026/11/x/index.md"
    missing, _ = check_image(tmp_path / "hilang.jpg", story, "Image", cfg, lead=True)
    corrupt_path = tmp_path / "rusak.jpg"
    corrupt_path.write_bytes(b"\xff\xd8\xff\xe0 bukan foto" * 10)
    corrupt, _ = check_image(corrupt_path, story, "Image", cfg, lead=True)
    small, _ = check_image(
        camera_jpeg(tmp_path / "kecil.jpg", (800, 600)), story, "Image", cfg, lead=True
    )
    ok, size = check_image(tmp_path / "kecil.jpg", story, "Foto kecil.jpg", cfg, lead=False)
    huge, _ = check_image(
        tmp_path / "kecil.jpg", story, "Image", replace(cfg, max_pixels=400_000), lead=False
    )
    heavy, _ = check_image(
        tmp_path / "kecil.jpg", story, "Image", replace(cfg, max_bytes=1000), lead=False
    )
    assert not ok and size == (800, 600)
    for problems, name, words in (
        (missing, "hilang.jpg", "tidak ditemukan"),
        (corrupt, "rusak.jpg", "rusak"),
        (small, "kecil.jpg", "minimal 1200"),
        (huge, "kecil.jpg", "megapiksel"),
        (heavy, "kecil.jpg", "terlalu besar"),
    ):
        (problem,) = problems
        text = str(problem)
        assert text.startswith(story) and name in text and words in text, text


def test_decompression_bomb_is_refused_without_decoding(tmp_path):
    bomb = tmp_path / "bom.png"
    Image.new("1", (12000, 10000)).save(bomb, optimize=True)  # 120 MP, a few kB
    (problem,), size = check_image(bomb, "s/index.md", "Image", config(tmp_path), lead=False)
    assert size is None and "100 megapiksel" in problem.message


def test_svg_with_script_and_bad_video(tmp_path):
    svg = tmp_path / "peta.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle onload="alert(1)"/></svg>')
    (problem,) = check_svg(svg, "s/index.md", "Foto peta.svg")
    assert "peta.svg" in str(problem) and "skrip" in problem.message
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    assert check_svg(svg, "s/index.md", "Foto peta.svg") == []
    cfg = config(tmp_path)
    mp4 = tmp_path / "liputan.mp4"
    mp4.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    webm = tmp_path / "liputan.webm"
    webm.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(64))
    fake = tmp_path / "palsu.mp4"
    fake.write_bytes(b"<html>bukan video</html>")
    assert check_video(mp4, "s", cfg) == check_video(webm, "s", cfg) == []
    assert "palsu.mp4 bukan video" in check_video(fake, "s", cfg)[0].message
    assert "lebih dari" in check_video(mp4, "s", replace(cfg, video_max_bytes=10))[0].message
    assert "tidak ditemukan" in check_video(tmp_path / "x.mp4", "s", cfg)[0].message


# --- Real Pelican builds -------------------------------------------------------------------


def build(content: Path, tmp_path: Path, name: str = "output", extra: list[str] | None = None):
    cache = f'MEDIA_CACHE_PATH="{tmp_path / "media"}"'
    return run_pelican(content, tmp_path / name, extra=[cache, *(extra or [])])


def encoded(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "media" / "last-build.json").read_text())


def test_site_publishes_private_pictures_only_and_rebuild_encodes_nothing(mini_content, tmp_path):
    body = 'Paragraf.\n\n![Warga menonton dari jembatan](warga.jpg "Warga menonton.")\n'
    index = write_story(mini_content, body=body, photos=(), Video="https://youtu.be/AbCdEfGh123")
    camera_jpeg(index.parent / "kerja-bakti.jpg", (2400, 1800), orientation=8)
    camera_jpeg(index.parent / "warga.jpg", (1600, 1200))
    first = build(mini_content, tmp_path)
    assert first.returncode == 0, first.log
    assert encoded(tmp_path) == {"encoded": 3, "cached": 0, "failed": 0, "read": 2}
    images = [p for p in first.files() if p.suffix in {".jpg", ".webp", ".avif"}]
    assert images and not [p for p in images if p.name in {"kerja-bakti.jpg", "warga.jpg"}]
    for path in images:
        with Image.open(path) as img:
            assert not img.getexif().get_ifd(GPS_IFD) and MODEL not in img.getexif(), path
    html = first.page("/berita/2026/11/20/kerja-bakti-sunter-jaya/")
    # lead photo, body photo and the video facade poster; the theme's photo gallery after them
    # shows the lead and body photos again as thumbnails
    story = html.split('<section class="gallery"', 1)[0]
    assert story.count("<picture>") == 3 and "{attach}" not in html
    assert 'type="image/webp"' in html and 'fetchpriority="high"' in html
    assert 'loading="lazy"' in html and 'type="image/avif"' not in html  # AVIF is opt-in
    assert 'alt="Warga menonton dari jembatan"' in html
    assert 'width="1600" height="2133"' in html  # lead: 2400x1800 turned upright by orientation 8

    second = build(mini_content, tmp_path, "output2")
    assert second.returncode == 0, second.log
    assert encoded(tmp_path) == {"encoded": 0, "cached": 3, "failed": 0, "read": 0}

    def media_names(build):  # Pagefind's own index names are not stable across fresh outputs
        return sorted(p.name for p in build.files() if "pagefind" not in p.parts)

    assert media_names(second) == media_names(first)


def test_media_errors_stop_the_build_naming_story_and_file(mini_content, tmp_path):
    index = write_story(mini_content, photos=())
    (index.parent / "kerja-bakti.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    second = write_story(mini_content, "lomba", photos=(), Title="Lomba Kebersihan Antar-RW")
    camera_jpeg(second.parent / "kerja-bakti.jpg", (900, 600))
    result = build(mini_content, tmp_path)
    assert result.returncode != 0
    assert "kerja-bakti-sunter-jaya/index.md: Image: kerja-bakti.jpg rusak" in result.log
    assert "lomba/index.md: Image: kerja-bakti.jpg hanya 900×600 piksel" in result.log
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").rglob("*.html"))


def test_truncated_photo_fails_after_decoding_named(mini_content, tmp_path):
    index = write_story(mini_content, photos=())
    good = camera_jpeg(tmp_path / "asli.jpg", (1600, 1200)).read_bytes()
    (index.parent / "kerja-bakti.jpg").write_bytes(good[: len(good) // 2])
    result = build(mini_content, tmp_path)
    assert result.returncode != 0
    assert "index.md: Image: kerja-bakti.jpg rusak dan tidak bisa dibaca" in result.log, result.log
    assert not list((tmp_path / "output").rglob("*.html"))


def test_missing_alt_in_body_photo_is_named(mini_content, tmp_path):
    write_story(
        mini_content, body="Teks.\n\n![](warga.jpg)\n", photos=("kerja-bakti.jpg", "warga.jpg")
    )
    result = build(mini_content, tmp_path)
    assert result.returncode != 0
    assert "kerja-bakti-sunter-jaya/index.md" in result.log and "warga.jpg" in result.log


def test_photos_of_drafts_are_never_published(mini_content, tmp_path):
    write_story(mini_content)
    draft = write_story(
        mini_content, "rahasia", photos=(), Status="draft", Image="rahasia-warga.jpg"
    )
    camera_jpeg(draft.parent / "rahasia-warga.jpg")
    result = build(mini_content, tmp_path)
    assert result.returncode == 0, result.log
    names = [p.name for p in result.files()]
    assert any(n.startswith("kerja-bakti-") for n in names)
    assert not [n for n in names if "rahasia" in n]


def test_files_a_story_links_are_published_beside_it_but_never_original_photos(
    mini_content, tmp_path
):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    links = "Unduh [siaran pers]({attach}siaran-pers.pdf) dan [foto asli]({attach}asli.jpg)."
    story = write_story(mini_content, body=f"Paragraf pertama.\n\n{links}\n")
    (story.parent / "siaran-pers.pdf").write_bytes(pdf)
    camera_jpeg(story.parent / "asli.jpg")
    draft = write_story(mini_content, "rahasia", Status="draft",
                        body="Draf.\n\n[Lampiran]({attach}lampiran-rahasia.pdf)\n")  # fmt: skip
    (draft.parent / "lampiran-rahasia.pdf").write_bytes(pdf)
    for name in ("output", "output"):  # the second build, in place, must keep the file
        result = build(mini_content, tmp_path, name)
        assert result.returncode == 0, result.log
        page = next(p for p in result.files() if p.name == "index.html" and "kerja-bakti" in str(p))
        href = re.search(r'href="([^"]*siaran-pers\.pdf)"', page.read_text(encoding="utf-8"))
        assert href, "the story links its press release"
        published = result.output / href.group(1).lstrip("/")
        assert published.read_bytes() == pdf
    names = [p.name for p in result.files()]
    assert "lampiran-rahasia.pdf" not in names  # a draft's file waits for the draft
    assert "asli.jpg" not in names  # originals stay private (EXIF); only derivatives


def test_branding_mark_only_on_social_crops(tmp_path):
    src = camera_jpeg(tmp_path / "a.jpg", gps=None)
    mark = tmp_path / "logo.png"
    Image.new("RGBA", (200, 100), (255, 255, 0, 255)).save(mark)
    branded = replace(job_for(src), brand_mark=str(mark), brand_digest=file_digest(mark))
    folder, outputs = render(tmp_path, branded)
    for out in outputs:
        if out.fmt != "jpeg":
            continue
        with Image.open(folder / out.name) as img:
            r, g, b = img.convert("RGB").getpixel((out.width - out.width // 10, out.height - 30))
        yellow = r > 200 and g > 200 and b < 80
        assert yellow == (not out.label.endswith("w")), out.label


def test_local_video_is_checked_and_kept_out_of_output(mini_content, tmp_path):
    index = write_story(mini_content, Video="liputan.mp4")
    (index.parent / "liputan.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(2048))
    ok = build(mini_content, tmp_path)
    assert ok.returncode == 0, ok.log
    assert not [p for p in ok.files() if p.suffix == ".mp4"]
    (index.parent / "liputan.mp4").write_bytes(b"<!doctype html><title>bukan video</title>")
    bad = build(mini_content, tmp_path, "output-bad")
    assert bad.returncode != 0
    assert "kerja-bakti-sunter-jaya/index.md: Video: liputan.mp4 bukan video" in bad.log


def test_video_without_photo_gets_a_title_card_poster(mini_content, tmp_path):
    drop = ("Image", "ImageAlt", "ImageCaption", "ImageCredit")
    write_story(mini_content, photos=(), drop=drop, Video="https://youtu.be/AbCdEfGh123")
    result = build(mini_content, tmp_path)
    assert result.returncode == 0, result.log
    (poster,) = [
        p for p in result.files() if p.name.startswith("judul-video-1280w-") and p.suffix == ".jpg"
    ]
    with Image.open(poster) as img:
        assert img.size == (1280, 720)
        assert img.convert("RGB").getpixel((40, 600)) == pytest.approx((12, 59, 94), abs=6)


def test_bench_media_smoke():
    from media.bench import run  # noqa: PLC0415

    report = run(count=1, size=(1600, 1200), log=lambda _m: None)
    for key in ("cold_s", "cached_s", "cold_serial_s", "plain_s"):
        assert report[key] > 0
    assert report["ratio_cold_wall"] > 0 and report["photos"] == 1
    compared = report["formats_960w"]
    assert report["compared_photos"] == 1 and {"jpeg", "webp method 4"} <= set(compared)
    for row in compared.values():
        assert row["kb"] > 0 and 20 < row["psnr_db"] < 99 and row["ms"] > 0
    # more encoder effort, smaller file at nearly the same quality
    assert compared["webp method 6"]["kb"] < compared["webp method 2"]["kb"]


def test_sample_site_has_no_originals_and_no_location_data(site):
    from tests.conftest import ROOT  # noqa: PLC0415

    originals = {p.name for p in (ROOT / "content").rglob("*.jpg")}
    images = [p for p in site.files() if p.suffix in {".jpg", ".webp", ".avif", ".png"}]
    assert originals and images
    assert not originals & {p.name for p in images}
    for path in images:
        with Image.open(path) as img:
            exif = img.getexif()
            assert not exif.get_ifd(GPS_IFD) and not {MAKE, MODEL} & set(exif), path
            assert "xmp" not in img.info, path


# --- Build speed: remembered source facts, linked publishing --------------------------------

DERIVATIVE = re.compile(r"-[0-9a-f]{10}\.(jpg|webp|avif)$")


def same_size_edit(path: Path) -> None:
    """New bytes, same size, new mtime, same inode: change one digit of the JPEG comment."""
    data = path.read_bytes()
    assert data.count(b"GPS -6.1385") == 1
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(data.index(b"GPS -6.1385") + 10)
        handle.write(b"6")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    after = path.stat()
    assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)


def test_source_facts_are_remembered_until_the_file_changes(tmp_path):
    photo = camera_jpeg(tmp_path / "a.jpg", (1300, 900))
    os.link(photo, tmp_path / "b.jpg")
    cache = tmp_path / "cache"
    first = SourceIndex.load(cache)
    facts = {n: (first.digest(tmp_path / n), first.probe(tmp_path / n, (tmp_path / n).stat()))
             for n in ("a.jpg", "b.jpg")}  # fmt: skip
    first.save()
    assert first.reads == 1  # the hard link shares the facts of the same file
    assert facts["a.jpg"] == facts["b.jpg"] == (file_digest(photo), facts["a.jpg"][1])
    assert facts["a.jpg"][1].size == (1300, 900)

    again = SourceIndex.load(cache)
    assert again.digest(photo) == facts["a.jpg"][0] and again.reads == 0
    same_size_edit(photo)
    changed = SourceIndex.load(cache)
    assert changed.digest(photo) == file_digest(photo) != facts["a.jpg"][0]
    assert changed.reads == 1
    (cache / "sources.json").write_text("{kacau")
    assert SourceIndex.load(cache).digest(photo) == file_digest(photo)  # a broken index is ignored


def test_place_links_or_copies_and_never_writes_through_a_link(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    a, b = cache / "a.jpg", cache / "b.jpg"
    a.write_bytes(b"derivatif A")
    b.write_bytes(b"derivatif B, lain")
    target = tmp_path / "out" / "berita" / "foto.jpg"
    assert place(a, target)
    assert target.stat().st_ino == a.stat().st_ino
    assert not place(a, target)  # already that very file

    assert place(b, target)  # replaced by rename: the old link's file keeps its bytes
    assert a.read_bytes() == b"derivatif A" and target.read_bytes() == b.read_bytes()

    def cross_device(_src: Path, _dst: Path) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    copy = tmp_path / "out" / "lain" / "salinan.jpg"
    assert place(a, copy, link=cross_device)
    assert copy.read_bytes() == a.read_bytes() and copy.stat().st_ino != a.stat().st_ino
    assert copy.stat().st_mtime_ns == a.stat().st_mtime_ns
    assert not place(a, copy, link=cross_device)  # same size and mtime: left alone


def derivatives(output: Path) -> dict[Path, os.stat_result]:
    return {p: p.stat() for p in output.rglob("*") if DERIVATIVE.search(p.name)}


def test_rebuilds_link_derivatives_and_re_encode_only_what_changed(mini_content, tmp_path):
    index = write_story(mini_content, photos=())
    photo = camera_jpeg(index.parent / "kerja-bakti.jpg", (2400, 1800))
    production = ["NEWSROOM_CLEAN_OUTPUT=true"]  # old output set aside, a fresh folder each build

    def media_build(*extra: str):
        result = build(mini_content, tmp_path, extra=[*production, *extra])
        assert result.returncode == 0, result.log
        return result

    first = media_build()
    cached = {(s.st_ino, s.st_dev): p for p in (tmp_path / "media").rglob("*") if (s := p.stat())}
    published = derivatives(first.output)
    assert published and encoded(tmp_path)["cached"] == 0
    for path, stat in published.items():
        assert cached[(stat.st_ino, stat.st_dev)].read_bytes() == path.read_bytes()

    # Edit the text only (an unchanged build is skipped as a whole, plugins/stable_output).
    index.write_text(index.read_text(encoding="utf-8") + "\nParagraf tambahan.\n", "utf-8")
    second = media_build()
    again = derivatives(second.output)
    assert {p: (s.st_ino, s.st_mtime_ns) for p, s in again.items()} == {
        p: (s.st_ino, s.st_mtime_ns) for p, s in published.items()
    }
    assert encoded(tmp_path)["encoded"] == encoded(tmp_path)["read"] == 0

    same_size_edit(photo)
    third = media_build()
    assert encoded(tmp_path)["encoded"] == encoded(tmp_path)["read"] == 1
    stem = photo.stem
    assert {p.name for p in derivatives(third.output) if p.name.startswith(stem)}.isdisjoint(
        p.name for p in published if p.name.startswith(stem)
    )

    jobs = encoded(tmp_path)["encoded"] + encoded(tmp_path)["cached"]
    fourth = media_build("MEDIA_WIDTHS=[480, 1200]")
    assert encoded(tmp_path) == {"encoded": jobs, "cached": 0, "failed": 0, "read": 0}
    assert any("-1200w-" in p.name for p in derivatives(fourth.output))


IMAGE_FIELDS = ("Image", "ImageAlt", "ImageCaption", "ImageCredit")


def test_crops_are_made_where_they_are_used(mini_content, tmp_path):
    lead = write_story(mini_content, photos=())
    shared = camera_jpeg(lead.parent / "kerja-bakti.jpg", (2400, 1800))
    body = '![Warga](sama.jpg "Foto yang sama.")\n\n![Jembatan](jembatan.jpg "Jembatan.")\n'
    other = write_story(mini_content, "kerja-bakti-lagi", body=body, photos=(), drop=IMAGE_FIELDS)
    (other.parent / "sama.jpg").write_bytes(shared.read_bytes())  # same photo, another story
    camera_jpeg(other.parent / "jembatan.jpg", (1600, 1200), gps=None)
    result = build(mini_content, tmp_path)
    assert result.returncode == 0, result.log
    assert encoded(tmp_path)["encoded"] == 2  # the reused photo is encoded once

    def crops(stem: str) -> set[str]:
        names = [p.name for p in derivatives(result.output) if p.name.startswith(f"{stem}-")]
        return {n[len(stem) + 1 :].split("-")[0] for n in names} - {"480w", "960w", "1600w"}

    every = {"og", "16x9", "4x3", "1x1", "instagram"}
    assert crops("kerja-bakti") == crops("sama") == every  # a lead photo somewhere
    assert crops("jembatan") == {"og", "instagram"}  # only ever a body photo


def test_encoder_and_crop_settings_are_read_once_with_defaults(tmp_path):
    base = {"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path / "out")}
    default = MediaConfig.from_settings(base)
    assert (default.lead_crops, default.body_crops) == (
        ("og", "16x9", "4x3", "1x1", "instagram"),
        ("og", "instagram"),
    )
    tuned = MediaConfig.from_settings(
        {**base, "MEDIA_AVIF_SPEED": 42, "MEDIA_WEBP_METHOD": 2, "MEDIA_BODY_CROPS": ["1x1", "og"]}
    )
    assert (tuned.avif_speed, tuned.webp_method, tuned.body_crops) == (10, 2, ("og", "1x1"))
    with pytest.raises(ValueError, match="kotak"):
        MediaConfig.from_settings({**base, "MEDIA_LEAD_CROPS": ["og", "kotak"]})
    assert default.formats == ("webp", "jpeg")
    avif = MediaConfig.from_settings({**base, "MEDIA_FORMATS": ("avif", "webp")})
    assert avif.formats == (("avif",) if features.check("avif") else ()) + ("webp", "jpeg")


def test_cache_keys_are_those_of_earlier_releases():
    """Keys are made without deep copies now; a cache filled before (CI, another machine)
    must still be found: the same JSON as ``asdict`` gave."""
    import PIL  # noqa: PLC0415
    from media import cache  # noqa: PLC0415

    job = Job("/berita/a/foto.jpg", "ab12", "photo", (480, 960), ("avif", "jpeg"), (0.3, 0.6),
              "logo.png", "cd34", 7, 5, ("og", "1x1"))  # fmt: skip
    params = asdict(job)
    params.pop("source")
    params.pop("brand_mark")
    params["code"] = [cache.CODE_VERSION, PIL.__version__, cache.SAVE, cache.SOCIAL_JPEG]
    expected = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    assert job_key(job) == expected
    assert job_key(replace(job, focus=(0.5, 0.5))) != expected


def test_picture_partial_lists_every_width_of_every_format():
    """The theme's picture partial (srcset made by ``Source.srcset_at``): formats in order,
    JPEG as the ``<img>``, each width's absolute URL."""
    from types import SimpleNamespace  # noqa: PLC0415

    from jinja2 import Environment, FileSystemLoader  # noqa: PLC0415
    from media.pipeline import Rendition, Source  # noqa: PLC0415

    def source(ext, mime):
        return Source(mime, tuple(Rendition(f"b/x/foto-{w}w.{ext}", w, w * 3 // 4, mime, 9)
                                  for w in (480, 960)))  # fmt: skip

    sources = [source("avif", "image/avif"), source("jpg", "image/jpeg")]
    photo = SimpleNamespace(
        sources=sources, url="b/x/foto-960w.jpg", alt="Kerja bakti", width=960, height=720
    )
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")))
    html = env.get_template("partials/picture.html").render(
        photo=photo, sizes="100vw", priority=False, SITEURL="https://s.example"
    )
    assert html.split("\n") == [
        "<picture>",
        '<source type="image/avif" sizes="100vw" srcset="https://s.example/b/x/foto-480w.avif 480w,'
        ' https://s.example/b/x/foto-960w.avif 960w">',
        '<img src="https://s.example/b/x/foto-960w.jpg" srcset="https://s.example/b/x/foto-480w.jpg'
        ' 480w, https://s.example/b/x/foto-960w.jpg 960w" sizes="100vw" alt="Kerja bakti"'
        ' width="960" height="720" loading="lazy" decoding="async">',
        "</picture>",
    ]


def test_crops_start_from_made_pictures_only_when_that_keeps_their_pixels():
    size = (4000, 3000)
    targets = {t.label: t for t in photo_targets(size, (480, 960, 1600), ("webp",), (0.5, 0.4),
                                                 branded=False)}  # fmt: skip
    order = [t.label for t in render_order(list(targets.values()), size)]
    assert order[:2] == ["1600w", "4x3"] and order.index("og") > order.index("4x3")
    frames = [(0.4, "1600w"), (0.3, "4x3"), (0.24, "960w")]
    # Same scale and whole pixels: a plain crop (og's box starts at row 150 * 0.3 = 45).
    assert pick_frame(frames, targets["og"]) == ((0.3, "4x3"), (0, 45, 1200, 675))
    assert pick_frame(frames, targets["1x1"]) == ((0.4, "1600w"), (200, 0, 1400, 1200))
    # 16x9's box starts at row 75 * 0.3 = 22.5: no crop, scaled from a picture with headroom.
    assert pick_frame(frames, targets["16x9"]) == ((0.4, "1600w"), None)
    # 960w needs 0.24: 4x3 (0.3) would be a blurring 1.25x step; 1600w is 1.67x.
    assert pick_frame(frames[:2], targets["960w"]) == ((0.4, "1600w"), None)
    assert pick_frame(frames, targets["480w"]) == ((0.24, "960w"), None)
    assert pick_frame(frames[1:], targets["1600w"]) == (None, None)  # the decoded photo
    assert crop_box((0.0, 75.0, 4000.0, 2325.0), 0.3, (1200, 675)) is None


def test_derivatives_keep_the_quality_of_scaling_from_the_full_photo(tmp_path):
    src = tmp_path / "kamera.jpg"
    write_camera_photo(
        src, width=4000, height=3000, seed="bench-3", taken=datetime(2026, 11, 2, 8), quality=92
    )
    folder, _outputs = render(tmp_path, job_for(src, (0.5, 0.4)))
    with Image.open(src) as camera:
        full = camera.convert("RGB")
        targets = photo_targets(full.size, (480, 960, 1600), ("jpeg",), (0.5, 0.4), branded=False)
    for target in targets:
        # As good as encoding the ideal picture (the full photo scaled straight to the target):
        # a crop half a pixel off, or a chain of near-1:1 scalings, loses more than 0.5 dB.
        reference = full.resize(target.size, Image.Resampling.LANCZOS, box=target.box)
        ideal = io.BytesIO()
        reference.save(ideal, **encoder_options(target.label, "jpeg"))
        with Image.open(ideal) as encoded, Image.open(folder / f"{target.label}.jpg") as made:
            best = psnr(encoded.convert("RGB"), reference)
            assert psnr(made.convert("RGB"), reference) > best - 0.5, target.label
