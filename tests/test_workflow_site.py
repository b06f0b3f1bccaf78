"""`invoke check-links` on built sites and `invoke preview-story` (one story, real theme)."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from newsroom.config import NewsroomConfig
from workflow import links
from workflow.preview import PreviewError, render
from workflow.settings import load

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_story


@pytest.fixture
def built(mini_content: Path, tmp_path: Path):
    write_story(mini_content)
    write_story(
        mini_content,
        "posyandu-koja",
        Kecamatan="Koja",
        Kelurahan="Lagoa",
        Category="Kesehatan",
        Date="2026-11-21 10:00",
    )
    build = run_pelican(mini_content, tmp_path / "output", strict=True)
    assert build.returncode == 0, build.log
    return build


def test_built_site_has_no_broken_links(built):
    assert links.check_site(built.output) == []


def test_broken_link_image_and_fragment_are_reported(built):
    page = built.output / "berita/2026/11/20/kerja-bakti-sunter-jaya/index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace(
        "</body>",
        '<a href="/berita/2026/11/20/hilang/">x</a>\n<img src="../foto-hilang.jpg" alt="">\n'
        '<a href="/rubrik/#tidak-ada">y</a>\n<a href="https://contoh.go.id/luar/">luar</a>\n'
        '<a href="mailto:kip@jakarta.go.id">surel</a>\n</body>',
    )
    page.write_text(html, encoding="utf-8")
    css = built.output / "theme" / "uji.css"
    css.parent.mkdir(exist_ok=True)
    css.write_text(
        'body { background: url("data:image/png;base64,AAAA"); }\n'
        "@font-face { src: url('../fonts/hilang.woff2') format('woff2'); }\n",
        encoding="utf-8",
    )
    broken = links.check_site(built.output)
    found = {(b.url, b.reason) for b in broken}
    assert found == {
        ("/berita/2026/11/20/hilang/", "tidak ada di situs (404)"),
        ("../foto-hilang.jpg", "tidak ada di situs (404)"),
        ("/rubrik/#tidak-ada", "tidak ada id #tidak-ada di halaman tujuan"),
        ("../fonts/hilang.woff2", "tidak ada di situs (404)"),
    }
    lines = html.split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "/berita/2026/11/20/hilang/" in text)
    where = next(b for b in broken if b.url.endswith("hilang/")).pages
    assert where == (f"berita/2026/11/20/kerja-bakti-sunter-jaya/index.html:{line}",)
    out = io.StringIO()
    assert links.report(broken, built.output, out) == 1
    assert "4 tautan rusak" in out.getvalue()
    assert next(b for b in broken if "woff2" in b.url).pages == ("theme/uji.css:2",)


def test_production_urls_are_checked_against_siteurl(mini_content: Path, tmp_path: Path):
    write_story(mini_content)
    build = run_pelican(
        mini_content,
        tmp_path / "output",
        settings="publishconf.py",
        env={"SITEURL": "https://kabar.test"},
        strict=True,
    )
    assert build.returncode == 0, build.log
    assert links.check_site(build.output, "https://kabar.test") == []
    (build.output / "index.html").write_text(
        '<a href="https://kabar.test/berita/2026/01/01/tidak-ada/">a</a>', encoding="utf-8"
    )
    broken = links.check_site(build.output, "https://kabar.test")
    assert [b.url for b in broken] == ["https://kabar.test/berita/2026/01/01/tidak-ada/"]


def test_preview_renders_only_the_chosen_story(mini_content: Path, tmp_path: Path):
    for day in range(1, 29):
        write_story(
            mini_content,
            f"arsip-{day:02d}",
            photos=(),
            drop=("Image", "ImageAlt", "ImageCaption", "ImageCredit"),
            Date=f"2026-11-{day:02d} 08:00",
        )
    story = write_story(
        mini_content,
        "pratinjau",
        Status="draft",
        Date="2027-01-05 10:00",
        Title="Pratinjau Berita Terjadwal",
    )
    result = render(story, load(content=mini_content), tmp_path / "preview")
    assert result.url == "berita/2027/01/05/pratinjau/"
    html = (result.output / result.url / "index.html").read_text(encoding="utf-8")
    assert "Pratinjau Berita Terjadwal" in html
    assert (result.output / result.url / "kerja-bakti.jpg").is_file()  # the photo is published
    stories = sorted(p.parent.name for p in (result.output / "berita").rglob("index.html"))
    assert stories == ["pratinjau"]  # the archive was not read
    assert "Status: draft" in story.read_text(encoding="utf-8")  # the source is untouched


def test_preview_stops_on_a_story_with_errors(mini_content: Path, tmp_path: Path):
    story = write_story(mini_content, Kecamatan="Bekasi", Status="draft")
    with pytest.raises(PreviewError) as caught:
        render(story, load(content=mini_content), tmp_path / "preview")
    assert str(caught.value) == (
        f"{story}:5: Kecamatan: kecamatan 'Bekasi' tidak ada di Jakarta Utara — "
        "pilih salah satu: "
        + ", ".join(
            NewsroomConfig.from_settings(load(content=mini_content)).rules.wilayah.kecamatan_names()
        )
    )


def test_make_serve_offers_watch_mode():
    """`make serve WATCH=1` runs livereload; plain `make serve` builds once and serves."""

    def dry_run(*args: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
        proc = subprocess.run(
            ["make", "--no-print-directory", "-n", "serve", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout.strip().splitlines()[-1]

    assert dry_run("WATCH=1", "PORT=8123") == ".venv/bin/invoke livereload --port 8123"
    assert dry_run("WATCH=", "PORT=8000") == ".venv/bin/invoke reserve --port 8000"


def test_preview_shows_a_fresh_draft_with_empty_fields_marked(mini_content: Path, tmp_path: Path):
    from datetime import datetime  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from workflow import scaffold  # noqa: PLC0415

    settings = load(content=mini_content)
    rules = NewsroomConfig.from_settings(settings).rules
    answers = {"title": "Draf Baru", "rubrik": "Sosial", "kecamatan": "Koja", "reporter": "Rina"}
    now = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    story = scaffold.create_story(mini_content, answers, rules, now=now)
    result = render(story, settings, tmp_path / "preview")
    html = (result.output / result.url / "index.html").read_text(encoding="utf-8")
    assert "[ringkasan belum diisi]" in html
    assert "Draf Baru" in html
    assert "Summary:\n" in story.read_text(encoding="utf-8")
