"""A content error stops a real Pelican build: the message names file, line and field; nothing
is written (a previous good output stays exactly as it was)."""

from __future__ import annotations

import pytest

from tests.conftest import run_pelican
from tests.support.stories import write_story


@pytest.mark.parametrize(
    ("fields", "drop", "expected"),
    [
        ({"Kecamatan": "Menteng"}, (), "index.md:5: Kecamatan: kecamatan 'Menteng' tidak ada"),
        ({"Kecamatan": "Koja"}, (), "index.md:6: Kelurahan: Kelurahan Sunter Jaya ada di"),
        ({}, ("Title",), "index.md:1: Title: wajib diisi"),
        ({"Date": "20-11-2026 jam 9"}, (), "index.md:2: Date: tanggal '20-11-2026 jam 9' tidak"),
    ],
)  # fmt: skip
def test_content_error_fails_build_and_writes_nothing(
    mini_content, tmp_path, fields, drop, expected
):
    write_story(mini_content, "berita-baik", Title="Berita yang benar")
    write_story(mini_content, "berita-rusak", drop=drop, **fields)
    out = tmp_path / "output"
    build = run_pelican(mini_content, out)
    assert build.returncode != 0
    assert expected in build.log
    assert (
        "content/berita/2026/11/berita-rusak/index.md" in build.log or "berita-rusak" in build.log
    )
    assert "Traceback" not in build.log
    assert not out.exists() or not any(out.rglob("*"))


def test_all_problems_of_all_files_are_reported_at_once(mini_content, tmp_path):
    write_story(mini_content, "satu", Kecamatan="Gambir")
    write_story(mini_content, "dua", Category="Olahraga", Summary="x" * 250)
    build = run_pelican(mini_content, tmp_path / "output")
    assert build.returncode != 0
    assert "satu/index.md:5: Kecamatan" in build.log
    assert "dua/index.md:4: Category" in build.log
    assert "dua/index.md:3: Summary" in build.log
    assert "3 kesalahan pada konten" in build.log


def test_previous_output_is_left_untouched(mini_content, tmp_path):
    write_story(mini_content, "berita-baik")
    out = tmp_path / "output"
    assert run_pelican(mini_content, out).returncode == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert before
    write_story(mini_content, "berita-rusak", Kecamatan="Bekasi")
    assert run_pelican(mini_content, out).returncode != 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_production_build_with_errors_does_not_wipe_the_site(mini_content, tmp_path):
    write_story(mini_content, "berita-baik")
    out = tmp_path / "output"
    assert run_pelican(mini_content, out, settings="publishconf.py").returncode == 0
    count = len(list(out.rglob("*")))
    write_story(mini_content, "berita-rusak", Date="kemarin")
    assert run_pelican(mini_content, out, settings="publishconf.py").returncode != 0
    assert len(list(out.rglob("*"))) == count


def test_production_build_removes_stale_files(mini_content, tmp_path):
    write_story(mini_content, "berita-baik")
    out = tmp_path / "output"
    out.mkdir()
    (out / "sisa-lama.html").write_text("lama", encoding="utf-8")
    assert run_pelican(mini_content, out, settings="publishconf.py").returncode == 0
    assert not (out / "sisa-lama.html").exists()
    assert (out / "berita/2026/11/20/berita-baik/index.html").exists()


def test_missing_photo_and_missing_alt_in_body(mini_content, tmp_path):
    body = 'Paragraf.\n\n![](foto-dua.jpg "Keterangan")\n\n![Alt ada](tidak-ada.jpg "K")\n'
    write_story(mini_content, "foto", body=body, photos=("kerja-bakti.jpg", "foto-dua.jpg"))
    build = run_pelican(mini_content, tmp_path / "output")
    assert build.returncode != 0
    assert "foto/index.md:17: Foto: foto 'foto-dua.jpg' belum punya teks alternatif" in build.log
    assert "foto/index.md:19: Foto: berkas 'tidak-ada.jpg' tidak ada di folder berita" in build.log


def test_invalid_utf8_and_windows_line_endings(mini_content, tmp_path):
    index = write_story(mini_content, "crlf")
    index.write_bytes(index.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "output"
    assert run_pelican(mini_content, out).returncode == 0, "CRLF files must build"
    bad = write_story(mini_content, "latin1")
    bad.write_bytes(bad.read_bytes().replace(b"Ratusan", b"Ratus\xe9n"))
    build = run_pelican(mini_content, tmp_path / "out2")
    assert build.returncode != 0
    assert "latin1/index.md:3: Berkas: bukan teks UTF-8" in build.log


def test_duplicate_urls_name_both_files(mini_content, tmp_path):
    write_story(mini_content, "sama", folder_month="2026/11")
    write_story(mini_content, "sama", folder_month="2026/10")
    build = run_pelican(mini_content, tmp_path / "output")
    assert build.returncode != 0
    assert "berita/2026/11/20/sama/index.html sudah dipakai" in build.log


def test_a_broken_draft_warns_but_does_not_stop_the_site(mini_content, tmp_path):
    write_story(mini_content, "berita-baik")
    write_story(mini_content, "draf-setengah-jadi", Status="draft", Summary="", Kecamatan="Koja")
    build = run_pelican(mini_content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert "draf-setengah-jadi/index.md:3: Summary: wajib diisi" in build.log
    assert "(draf, belum diterbitkan)" in build.log
    assert (tmp_path / "output/berita/2026/11/20/berita-baik/index.html").exists()
    assert "draf-setengah-jadi" not in "".join(str(p) for p in (tmp_path / "output").rglob("*"))
