"""Pelican side: stories.json at each build and rel="syndication" links from the ledger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from syndication.ledger import Ledger
from syndication.pelican_side import story_id

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_story


def test_build_writes_stories_and_links(tmp_path, mini_content):
    write_story(mini_content, "kerja-bakti-sunter-jaya", SocialText="Ayo ikut kerja bakti!")
    write_story(mini_content, "draf-belum-terbit", Status="draft")
    shutil.copy(ROOT / "content" / "data" / "mitra.toml", mini_content / "data" / "mitra.toml")
    ledger = Ledger(tmp_path / "syndication")
    record = ledger.new("berita/2026/11/kerja-bakti-sunter-jaya", "u", "2026-11-20T09:30:00+07:00")
    record.ensure("facebook").update(status="posted", remote_url="https://www.facebook.com/1_2")
    record.ensure("x").update(status="in_doubt")
    ledger.save(record)
    stories_path = tmp_path / "stories.json"
    build = run_pelican(
        mini_content,
        tmp_path / "output",
        settings="publishconf.py",
        env={"SITEURL": "https://kabar.test"},
        extra=[
            f'SYNDICATION_LEDGER_PATH="{ledger.root}"',
            f'SYNDICATION_STORIES_PATH="{stories_path}"',
        ],
    )
    assert build.returncode == 0, build.log
    data = json.loads(stories_path.read_text())
    assert [s["id"] for s in data["stories"]] == ["berita/2026/11/kerja-bakti-sunter-jaya"]
    story = data["stories"][0]
    assert story["url"] == "https://kabar.test/berita/2026/11/20/kerja-bakti-sunter-jaya/"
    assert story["date"] == "2026-11-20T09:30:00+07:00"
    assert story["social_text"] == "Ayo ikut kerja bakti!" and story["kecamatan"] == "Tanjung Priok"
    assert story["photos"][0]["url"].startswith("https://kabar.test/berita/")
    assert "facebook" in story["syndicate"]
    # partner media: the JSON Feed item as published in feeds/semua.json, photo files in output/
    feed = json.loads((tmp_path / "output" / "feeds" / "semua.json").read_text())
    [item] = [i for i in feed["items"] if i["url"] == story["url"]]
    assert story["feed_item"] == item and item["content_html"]
    assert (tmp_path / "output" / story["photos"][0]["path"]).is_file()
    assert list((tmp_path / "output").rglob("mitra.toml")) == []  # the partner list stays private
    html = build.page("/berita/2026/11/20/kerja-bakti-sunter-jaya/")
    assert 'rel="syndication" href="https://www.facebook.com/1_2">Diskusikan di Facebook' in html
    assert "Diskusikan di X" not in html  # in doubt: no link yet


@pytest.mark.parametrize(
    ("base", "source"),
    [
        ("/srv/kabar/content", "/srv/kabar/content/berita/2026/11/kerja-bakti/index.md"),
        ("/srv/kabar/content/", "/srv/kabar/content/berita/2026/11/kerja-bakti/index.md"),
        ("/srv/kabar/content", "/srv/kabar/content//berita/2026/11/kerja-bakti/index.md"),
        ("/srv/kabar/content", "/srv/kabar/content/berita/./2026/11/x/index.md"),
        ("/", "/berita/2026/11/x/index.md"),
        ("content", "content/berita/2026/11/x/index.md"),
    ],
)
def test_story_id_is_the_story_folder_relative_to_content(base, source):
    article = SimpleNamespace(source_path=source, settings={"PATH": base})
    assert story_id(article) == Path(source).parent.relative_to(Path(base)).as_posix()
