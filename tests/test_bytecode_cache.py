"""Compiled templates kept between builds (plugins/stable_output/bytecode.py), on real builds."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import DictLoader, Environment
from stable_output.bytecode import KEPT, PREFIX, QuietBytecodeCache, bytecode_cache

from tests.conftest import run_pelican
from tests.support.stories import write_story

SHARDS = re.compile(rb"data-shards='[^']*'")


def _compiled(cache: Path) -> dict[str, tuple[int, int]]:
    """Every compiled template under ``cache``: name -> (inode, mtime)."""
    return {
        f"{p.parent.name}/{p.name}": (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in cache.glob(f"{PREFIX}*/*.cache")
    }


def _pages(output: Path) -> dict[str, bytes]:
    """Every page, the search shards' fingerprints left out (they cover the settings)."""
    return {
        str(p.relative_to(output)): SHARDS.sub(b"", p.read_bytes())
        for p in output.rglob("*.html")
        if "pagefind" not in p.parts
    }


def test_second_build_loads_templates_compiled_by_the_first(mini_content, tmp_path):
    write_story(mini_content, body="Warga Sunter Jaya membersihkan saluran air bersama.\n")
    cache = tmp_path / "cache"
    first = run_pelican(mini_content, tmp_path / "output")
    assert first.returncode == 0, first.log
    compiled = _compiled(cache)
    assert len(compiled) >= 10, compiled  # the page templates and their partials
    assert len({name.split("/")[0] for name in compiled}) == 1  # one folder: this code's

    # Another story: pages are rendered again, from the kept bytecode (no file rewritten).
    write_story(mini_content, "posyandu-warakas", body="Posyandu Warakas menimbang balita.\n")
    second = run_pelican(mini_content, tmp_path / "output")
    assert second.returncode == 0, second.log
    assert "posyandu-warakas" in second.page("/")
    assert _compiled(cache) == compiled

    # The same site without the cache (other settings: built from a clean start, every page
    # compiled and rendered afresh): byte for byte the same pages.
    pages = _pages(second.output)
    plain = run_pelican(
        mini_content, tmp_path / "output", extra=["STABLE_OUTPUT_BYTECODE_CACHE=false"]
    )
    assert plain.returncode == 0, plain.log
    assert _pages(plain.output) == pages
    assert _compiled(cache) == compiled  # not used, not removed


def test_other_code_gets_its_own_folder_and_only_the_latest_few_stay(mini_content, tmp_path):
    write_story(mini_content, body="Lurah Kelapa Gading Timur meninjau taman kota.\n")
    cache = tmp_path / "cache"
    folders: list[set[str]] = []
    # A setting the templates compile with (Jinja's own cache would not notice it), then
    # other settings: each is other code, with its own folder.
    variants = [[], ['JINJA_ENVIRONMENT={"trim_blocks": true}']]
    variants += [[f"STABLE_OUTPUT_MIN_PARALLEL={n}"] for n in (10, 11, 12)]
    for extra in variants:
        build = run_pelican(mini_content, tmp_path / "output", extra=extra)
        assert build.returncode == 0, build.log
        folders.append({p.name for p in cache.glob(f"{PREFIX}*")})
    assert [len(f) for f in folders] == [1, 2, 3, 4, KEPT]
    first = next(iter(folders[0]))
    assert first not in folders[-1]  # the least recently used one went
    assert folders[3] - {first} <= folders[-1]


def test_a_cache_file_that_cannot_be_written_does_not_stop_rendering(tmp_path):
    folder = tmp_path / "jinja"
    folder.mkdir()
    env = Environment(
        loader=DictLoader({"halo.html": "Halo {{ nama }}"}),
        bytecode_cache=QuietBytecodeCache(str(folder)),
    )
    folder.rmdir()  # removed by another build meanwhile: made again
    assert env.get_template("halo.html").render(nama="Koja") == "Halo Koja"
    assert len(list(folder.glob("*.cache"))) == 1
    # Cannot be written at all (a file where the folder was): rendering goes on.
    for cached in folder.iterdir():
        cached.unlink()
    folder.rmdir()
    folder.write_text("", encoding="utf-8")
    env.cache.clear()
    assert env.get_template("halo.html").render(nama="Pluit") == "Halo Pluit"


def test_cache_folder_that_cannot_be_made_means_no_cache(tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("", encoding="utf-8")
    assert bytecode_cache(str(blocker), "0" * 64) is None
