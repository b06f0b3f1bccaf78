"""Stories of the same minute are listed in one order in every build (pelicanconf newest_first)."""

from __future__ import annotations

import re

from tests.conftest import run_pelican
from tests.support.stories import write_story

KELURAHAN = ("ancol", "cilincing", "koja", "marunda", "pluit", "sunter-agung", "tugu-utara")
LINK = re.compile(r'class="card-title"><a href="/berita/2026/11/20/([^/]+)/"')


def test_same_minute_stories_keep_one_order_whatever_the_hash_seed(mini_content, tmp_path):
    # Written in reverse, all dated the same minute (write_story's default Date).
    for name in reversed(KELURAHAN):
        write_story(mini_content, f"rapat-warga-{name}", Title=f"Rapat warga {name}")
    orders = []
    for seed in ("1", "2", "3"):
        # Each a fresh build: Pelican finds the files in an order that depends on the seed.
        build = run_pelican(mini_content, tmp_path / seed / "output", env={"PYTHONHASHSEED": seed})
        assert build.returncode == 0, build.log
        # The rubrik listing (every story, newest first) and the home page.
        rubrik = next((build.output / "rubrik").glob("*/index.html")).read_text(encoding="utf-8")
        orders.append((LINK.findall(rubrik), LINK.findall(build.page("/"))))
    assert orders[0][0] == [f"rapat-warga-{name}" for name in KELURAHAN]
    assert orders[1] == orders[2] == orders[0]
