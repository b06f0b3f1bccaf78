"""A build whose inputs did not change returns at once; any change, a damaged output or an
expired clock-dependent page makes it run in full (plugins/stable_output/uptodate.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from stable_output import uptodate
from stable_output.paths import inside
from stable_output.uptodate import OutputScan, still_valid, tree_entries

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_story

SKIPPED = "Tidak ada yang berubah sejak build terakhir"


def snapshot(out: Path) -> list[str]:
    return list(tree_entries(out))


def record(tmp_path: Path) -> dict:
    (found,) = (tmp_path / "cache").glob("uptodate-*.json")
    return json.loads(found.read_text(encoding="utf-8"))


@pytest.fixture
def built(mini_content: Path, tmp_path: Path) -> tuple[Path, Path]:
    write_story(mini_content, "satu")
    write_story(mini_content, "dua", Title="Berita Kedua", Date="2026-11-21 10:00")
    out = tmp_path / "output"
    build = run_pelican(mini_content, out)
    assert build.returncode == 0, build.log
    assert SKIPPED not in build.log
    return mini_content, out


def test_unchanged_build_returns_at_once_and_touches_nothing(built):
    content, out = built
    before = snapshot(out)
    build = run_pelican(content, out)
    assert build.returncode == 0, build.log
    assert SKIPPED in build.log
    assert "Done: Processed" not in build.log
    assert snapshot(out) == before


def _edit_story(content: Path, _out: Path) -> list[str]:
    story = content / "berita/2026/11/dua/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")
    return []


def _touch_data(content: Path, _out: Path) -> list[str]:
    data = content / "data" / "wilayah.toml"
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return []


def _add_photo(content: Path, _out: Path) -> list[str]:
    src = content / "berita/2026/11/satu/kerja-bakti.jpg"
    (src.parent / "cadangan.jpg").write_bytes(src.read_bytes())
    return []


def _delete_page(_content: Path, out: Path) -> list[str]:
    (out / "berita/2026/11/21/dua/index.html").unlink()
    return []


def _stray_output_file(_content: Path, out: Path) -> list[str]:
    (out / "catatan.txt").write_text("bukan hasil build", encoding="utf-8")
    return []


def _other_setting(_content: Path, _out: Path) -> list[str]:
    return ['SITESUBTITLE="Subjudul lain"']


@pytest.mark.parametrize(
    "change",
    [_edit_story, _touch_data, _add_photo, _delete_page, _stray_output_file, _other_setting],
)
def test_any_change_runs_the_whole_build(built, change):
    content, out = built
    extra = change(content, out)
    build = run_pelican(content, out, extra=extra)
    assert build.returncode == 0, build.log
    assert SKIPPED not in build.log
    assert "Done: Processed" in build.log
    assert (out / "berita/2026/11/21/dua/index.html").exists()
    if change is _edit_story:
        assert "Paragraf baru." in (out / "berita/2026/11/21/dua/index.html").read_text("utf-8")


def test_build_relevant_environment_counts(built):
    content, out = built
    build = run_pelican(content, out, env={"CMS_ENABLED": "0"})
    assert SKIPPED not in build.log
    build = run_pelican(content, out, env={"CMS_ENABLED": "0", "UNRELATED_VARIABLE": "x"})
    assert SKIPPED in build.log


def test_scheduled_story_limits_the_record(mini_content, tmp_path):
    """A story dated in the future appears at its time: the record expires then."""
    wib = ZoneInfo("Asia/Jakarta")
    when = (datetime.now(wib) + timedelta(days=3)).replace(second=0, microsecond=0)
    write_story(mini_content, "satu")
    write_story(
        mini_content,
        "terjadwal",
        folder_month=when.strftime("%Y/%m"),
        Title="Berita Terjadwal",
        Date=when.strftime("%Y-%m-%d %H:%M"),
    )
    out = tmp_path / "output"
    # The agenda's "today" is pinned far ahead so the scheduled story is the earliest deadline.
    build = run_pelican(mini_content, out, extra=['REACH_NOW="2030-01-01T00:00"'])
    assert build.returncode == 0, build.log
    until = datetime.fromisoformat(record(tmp_path)["valid_until"])
    assert until == when
    saved = record(tmp_path)
    assert still_valid(saved, saved["inputs"], str(out), until - timedelta(seconds=1))
    assert not still_valid(saved, saved["inputs"], str(out), until)
    assert not still_valid(saved, "other inputs", str(out), until - timedelta(seconds=1))


def test_failed_build_leaves_no_record(mini_content, tmp_path):
    write_story(mini_content, "satu")
    out = tmp_path / "output"
    assert run_pelican(mini_content, out).returncode == 0
    assert record(tmp_path)["inputs"]
    write_story(mini_content, "rusak", drop=("Title",))
    assert run_pelican(mini_content, out).returncode != 0
    assert not list((tmp_path / "cache").glob("uptodate-*.json"))
    assert run_pelican(mini_content, out).returncode != 0  # still reported, not skipped


def test_files_no_longer_produced_are_removed(built):
    """A deleted story's page and photo derivatives go (in development builds too)."""
    content, out = built
    gone = out / "berita/2026/11/21/dua"
    assert any(gone.glob("*.jpg"))
    for item in (content / "berita/2026/11/dua").iterdir():
        item.unlink()
    (content / "berita/2026/11/dua").rmdir()
    build = run_pelican(content, out)
    assert build.returncode == 0, build.log
    assert not gone.exists()
    assert (out / "berita/2026/11/20/satu/index.html").is_file()
    again = run_pelican(content, out)  # the record describes the output after the removal
    assert again.returncode == 0 and SKIPPED in again.log, again.log


def test_production_build_runs_in_place_unless_the_output_was_touched(mini_content, tmp_path):
    write_story(mini_content, "satu")
    write_story(mini_content, "dua", Title="Berita Kedua", Date="2026-11-21 10:00")
    out = tmp_path / "output"
    clean = ["NEWSROOM_CLEAN_OUTPUT=true"]
    assert run_pelican(mini_content, out, extra=clean).returncode == 0
    page = out / "berita/2026/11/20/satu/index.html"
    inode = page.stat().st_ino

    _edit_story(mini_content, out)
    assert run_pelican(mini_content, out, extra=clean).returncode == 0
    assert page.stat().st_ino == inode  # built in place: nothing set aside and linked back

    (out / "tambahan-tangan.html").write_text("bukan hasil build", encoding="utf-8")
    story = mini_content / "berita/2026/11/dua/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nLagi.\n", encoding="utf-8")
    assert run_pelican(mini_content, out, extra=clean).returncode == 0  # (found after reading)
    assert not (out / "tambahan-tangan.html").exists()  # a clean start removed it
    assert page.is_file()


AUTORELOAD = """
import sys
from pelican import get_instance, parse_arguments
content, output, cache, story = sys.argv[1:5]
args = parse_arguments([content, "-s", "pelicanconf.py", "-o", output, "-t", "theme",
                        "-e", f'CACHE_PATH="{cache}"', 'PLUGIN_PATHS=["plugins"]'])
pelican, _settings = get_instance(args)  # one instance for every run, as `pelican -r` does
text = open(story, encoding="utf-8").read()
for step, body in (("bersih", text), ("rusak", text.replace("Kecamatan: ", "Kecamatan: X"))
                   , ("diperbaiki", text)):
    open(story, "w", encoding="utf-8").write(body)
    try:
        pelican.run()
        print(step, "OK")
    except BaseException as exc:
        print(step, "GAGAL", type(exc).__name__)
"""


def test_autoreload_builds_again_once_the_error_is_fixed(mini_content, tmp_path):
    """`invoke regenerate` (pelican -r) runs one Pelican instance again and again: a content
    error must not stick to the runs after it was fixed."""
    story = write_story(mini_content, "kerja-bakti-sunter-jaya")
    out, cache = tmp_path / "output", tmp_path / "cache"
    proc = subprocess.run(
        [sys.executable, "-c", AUTORELOAD, str(mini_content), str(out), str(cache), str(story)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    names = ("bersih", "rusak", "diperbaiki")
    steps = [line.split()[:2] for line in proc.stdout.splitlines() if line.startswith(names)]
    assert steps == [["bersih", "OK"], ["rusak", "GAGAL"], ["diperbaiki", "OK"]], proc.stderr


@pytest.mark.parametrize("find", [True, False], ids=["find", "python"])
def test_output_digest_sees_every_kind_of_change(tmp_path, monkeypatch, find):
    if not find:  # a machine without GNU find: the walk in Python
        monkeypatch.setattr(uptodate, "FIND", ("tidak-ada-find", *uptodate.FIND[1:]))
    out = tmp_path / "output"
    (out / "berita" / "a").mkdir(parents=True)
    page = out / "berita" / "a" / "index.html"
    page.write_text("<p>satu</p>", encoding="utf-8")
    (out / "index.html").write_text("beranda", encoding="utf-8")
    seen = {uptodate.output_digest(str(out))}
    assert uptodate.output_digest(str(out)) in seen  # stable while nothing changes

    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1000))
    seen.add(uptodate.output_digest(str(out)))  # same size, newer mtime
    page.write_text("<p>dua!</p>", encoding="utf-8")
    seen.add(uptodate.output_digest(str(out)))  # other size
    (out / "berita" / "a" / "foto.jpg").write_bytes(b"x")
    seen.add(uptodate.output_digest(str(out)))  # added
    (out / "index.html").unlink()
    seen.add(uptodate.output_digest(str(out)))  # removed
    assert len(seen) == 5


def _content_digest(settings):
    with uptodate.content_scan(settings) as scan:
        return scan.digest()


@pytest.mark.parametrize("find", [True, False], ids=["find", "python"])
def test_content_digest_sees_changes_but_not_skipped_folders(tmp_path, monkeypatch, find):
    if not find:
        monkeypatch.setattr(uptodate, "FIND", ("tidak-ada-find", *uptodate.FIND[1:]))
    content = tmp_path / "node_modules"  # (the content folder's own name never counts)
    story = content / "berita" / "a" / "index.md"
    story.parent.mkdir(parents=True)
    story.write_text("Title: A\n", encoding="utf-8")
    settings = {"PATH": str(content)}
    first = _content_digest(settings)
    for skipped in ("__pycache__", "node_modules", ".git"):
        (content / "berita" / skipped).mkdir()
        (content / "berita" / skipped / "x.pyc").write_bytes(b"x")
    assert _content_digest(settings) == first  # left out, as in tree_entries
    (content / "berita" / "b.md").write_text("Title: B\n", encoding="utf-8")
    assert _content_digest(settings) != first


def test_unused_output_scan_is_stopped(tmp_path):
    with OutputScan(str(tmp_path)) as scan:
        process = scan._process
    assert process is None or process.returncode is not None
    assert scan._listing.closed


@pytest.mark.parametrize(
    "path", ["/a/b/c.html", "/a/./b", "/a//b", "/a/../b", "rel/x", "/a/.x/y", "/a/b/", "/"]
)
def test_claimed_paths_are_made_absolute_as_abspath_does(path):
    uptodate._claims.clear()
    uptodate.note_claims(paths=[path])
    assert uptodate._claims == {os.path.abspath(path)}
    uptodate._claims.clear()


@pytest.mark.parametrize(
    "path",
    [
        "/situs/content/berita/2026/11/a/index.md",
        "/situs/content/../content/berita/a/index.md",
        "/situs/content/berita/./a//index.md",
        "/situs/content//berita/a/index.md",
        "/situs/content",
        "/situs/contentlain/a.md",
        "/lain/a.md",
        "berita/a/index.md",
    ],
)
def test_inside_gives_relpaths_answer_or_none(path):
    rel = inside(path, "/situs/content")
    expected = os.path.relpath(path, "/situs/content")
    assert rel is None or rel == expected
    if path.startswith("/situs/content/berita/2026"):
        assert rel == expected  # the common case takes the fast way


@pytest.mark.parametrize(
    "claims",
    [set(), {"index.html"}, {"berita/2026/11/kerja-bakti/index.html", "feeds/semua.atom.xml",
                             "berita/ünïcode/índex.html", "spasi dan, koma.html"}],
)  # fmt: skip
def test_claims_file_gives_back_what_was_saved(tmp_path, claims):
    path = tmp_path / "cache" / "claims.json"
    uptodate.save_claims(path, claims)
    assert uptodate.load_claims(path) == claims


def test_claims_file_of_another_format_or_missing_reads_as_none(tmp_path):
    old = tmp_path / "claims.json"
    old.write_text('["index.html"]', encoding="utf-8")  # the earlier JSON form
    assert uptodate.load_claims(old) is None  # so the build starts from a clean folder
    assert uptodate.load_claims(tmp_path / "tidak-ada.json") is None


@pytest.mark.parametrize(
    ("cwd", "path"),
    [
        ("/srv/kabar", "/srv/kabar/content/berita/x/index.md"),
        ("/srv/kabar", "/tmp/arsip/content/berita/x/index.md"),
        ("/srv/kabar", "/srv/kabar/../lain/index.md"),
        ("/srv/kabar", "content/berita/x/index.md"),
        ("/srv/kabar", "/srv/kabar//content/x.md"),
        ("/", "/srv/kabar/index.md"),
    ],
)
def test_shown_path_is_relative_to_the_working_directory_when_inside(cwd, path, monkeypatch):
    from newsroom.config import shown  # noqa: PLC0415

    monkeypatch.setattr(os, "getcwd", lambda: cwd)
    rel = os.path.relpath(path, cwd)  # the plain os.path answer
    assert shown(path) == (os.fspath(path) if rel.startswith("..") else rel)


def test_output_check_answers_once_and_starts_clean_only_on_a_difference():
    asked = []

    class Scan:
        output_path = "output"

        def __init__(self, digest):
            self._digest = digest

        def digest(self):
            asked.append(self._digest)
            return self._digest

    check = uptodate.OutputCheck()
    settings = {"NEWSROOM_CLEAN_OUTPUT": False}
    check.start(Scan("sama"), "sama", settings)
    check.resolve()
    check.resolve()  # at get_writer too: answered already
    assert asked == ["sama"] and not check.changed and not settings["NEWSROOM_CLEAN_OUTPUT"]

    check.start(Scan("lain"), "sama", settings)
    check.resolve()
    assert check.changed and settings["NEWSROOM_CLEAN_OUTPUT"] is True
    check.reset()  # the next build (``pelican -r``) finds nothing until it checks again
    check.resolve()
    assert not check.changed and asked == ["sama", "lain"]


def test_code_digest_ignores_how_the_build_started_but_not_a_settings_module(tmp_path, monkeypatch):
    """Importing one more plugin module, or another entry script, keeps the digest (a
    different one would rebuild from a clean start); a project module outside the theme and
    plugin folders, such as one the settings import, still counts."""
    theme, plugins, project = (tmp_path / n for n in ("theme", "plugins", "project"))
    for folder in (theme, plugins / "extra", project):
        folder.mkdir(parents=True)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    (project / "sitehelpers.py").write_text("LABEL = 'a'\n", encoding="utf-8")
    (project / "runner.py").write_text("print('run')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(plugins))
    monkeypatch.syspath_prepend(str(project))
    settings = {"THEME": str(theme), "PLUGIN_PATHS": [str(plugins)], "SITENAME": "Uji"}
    before = uptodate.code_digest(settings, {})

    import importlib  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "extra", importlib.import_module("extra"))
    runner = type(sys)("__main__")
    runner.__file__ = str(project / "runner.py")
    monkeypatch.setitem(sys.modules, "__main__", runner)
    monkeypatch.setitem(sys.modules, "__mp_main__", runner)
    assert uptodate.code_digest(settings, {}) == before

    monkeypatch.setitem(sys.modules, "sitehelpers", importlib.import_module("sitehelpers"))
    with_helpers = uptodate.code_digest(settings, {})
    assert with_helpers != before
    (project / "sitehelpers.py").write_text("LABEL = 'berbeda'\n", encoding="utf-8")
    assert uptodate.code_digest(settings, {}) != with_helpers
