"""stories.json written one story per line, reusing the previous build's lines by key."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from stable_output.storykeys import story_key
from syndication.story import load_stories
from syndication.storyfile import Row, index_path, write_stories_file

from tests.support.syndication import recent, story_dict

SITE = "https://kabar.test"


class Maker:
    """``make`` for :func:`write_stories_file`: the entry of each id, counting calls."""

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self.entries = entries
        self.calls: list[str] = []

    def __call__(self, source: str) -> dict[str, Any]:
        self.calls.append(source)
        return self.entries[source]


def entries(count: int, **extra: Any) -> dict[str, dict[str, Any]]:
    found = {}
    for n in range(count):
        entry = story_dict(n, recent(24 * (count - n)), **extra)
        entry["feed_item"] = {"content_html": f"<p>Isi berita {n}\nbaris dua — “kutipan”</p>"}
        found[entry["id"]] = entry
    return found


def rows(data: dict[str, dict[str, Any]], keys: dict[str, str] | None = None) -> list[Row]:
    keys = keys or {}
    return [Row(sid, keys.get(sid, "k1"), sid) for sid in data]


def write(path: Path, data: dict[str, dict[str, Any]], keys: dict[str, str] | None = None):
    maker = Maker(data)
    return write_stories_file(path, SITE, rows(data, keys), maker), maker


def test_file_is_one_json_document_with_one_story_per_line(tmp_path):
    data = entries(3)
    path = tmp_path / "stories.json"
    written, maker = write(path, data)
    assert (written.stories, written.rebuilt, written.changed) == (3, 3, True)
    assert json.loads(path.read_text("utf-8")) == {"siteurl": SITE, "stories": list(data.values())}
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 2 + len(data)  # header, one line per story, footer
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == list(data)
    assert [s.id for s in load_stories(path)] == sorted(data)
    assert maker.calls == list(data)


def test_no_stories_is_still_valid_json(tmp_path):
    path = tmp_path / "stories.json"
    write(path, {})
    assert json.loads(path.read_text("utf-8")) == {"siteurl": SITE, "stories": []}
    assert load_stories(path) == []


def test_unchanged_keys_reuse_every_line_and_keep_the_file(tmp_path):
    data = entries(4)
    path = tmp_path / "stories.json"
    write(path, data)
    before = os.stat(path)
    written, maker = write(path, data)
    assert maker.calls == [] and written.rebuilt == 0 and not written.changed
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list(tmp_path.glob(".*.tmp")) == []
    # and the kept file is still usable as the cache of the build after
    written, maker = write(path, data)
    assert maker.calls == []


def test_a_changed_key_rebuilds_that_story_only(tmp_path):
    data = entries(4)
    path = tmp_path / "stories.json"
    write(path, data)
    edited = next(iter(data))
    data[edited] = {**data[edited], "title": "Judul Baru Setelah Disunting"}
    written, maker = write(path, data, {edited: "k2"})
    assert maker.calls == [edited] and written.changed
    assert json.loads(path.read_text("utf-8"))["stories"] == list(data.values())


def test_stale_line_is_served_only_when_the_key_lies(tmp_path):
    """The key is the whole contract: same key, same line (so keys must cover every input)."""
    data = entries(2)
    path = tmp_path / "stories.json"
    write(path, data)
    first = next(iter(data))
    changed = {**data, first: {**data[first], "title": "Judul Lain"}}
    write(path, changed)  # same keys: the old line is reused
    assert json.loads(path.read_text("utf-8"))["stories"][0]["title"] == data[first]["title"]


def test_inserted_and_removed_stories_match_a_fresh_write(tmp_path):
    data = entries(6)
    path = tmp_path / "stories.json"
    write(path, data)
    ids = list(data)
    extra = story_dict(99, recent(24 * 3 + 1))
    reordered = {sid: data[sid] for sid in ids[:3]} | {extra["id"]: extra}
    reordered |= {sid: data[sid] for sid in ids[4:]}  # ids[3] deleted
    written, maker = write(path, reordered)
    assert maker.calls == [extra["id"]] and written.stories == 6
    fresh = tmp_path / "fresh" / "stories.json"
    write(fresh, reordered)
    assert path.read_bytes() == fresh.read_bytes()


@pytest.mark.parametrize("damage", ["replace_file", "corrupt_index", "other_format"])
def test_index_is_ignored_unless_it_describes_the_file(tmp_path, damage):
    data = entries(3)
    path = tmp_path / "stories.json"
    write(path, data)
    index = index_path(path)
    if damage == "replace_file":  # same bytes, but not the file the index describes
        tmp = tmp_path / "copy"
        tmp.write_bytes(path.read_bytes())
        os.replace(tmp, path)
    elif damage == "corrupt_index":
        index.write_text("{not json", "utf-8")
    else:
        index.write_text(json.dumps({**json.loads(index.read_text()), "format": 0}), "utf-8")
    written, maker = write(path, data)
    assert maker.calls == list(data) and written.rebuilt == 3
    assert json.loads(path.read_text("utf-8"))["stories"] == list(data.values())


def test_old_pretty_printed_file_loads_and_is_replaced(tmp_path):
    data = entries(2)
    path = tmp_path / "stories.json"
    old = {"siteurl": SITE, "stories": list(data.values())}
    path.write_text(json.dumps(old, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    assert [s.id for s in load_stories(path)] == sorted(data)
    written, maker = write(path, data)
    assert maker.calls == list(data) and written.changed
    assert json.loads(path.read_text("utf-8")) == old


def test_a_failing_entry_leaves_the_previous_file(tmp_path):
    data = entries(2)
    path = tmp_path / "stories.json"
    write(path, data)
    before = path.read_bytes()

    def broken(_source: str) -> dict[str, Any]:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_stories_file(path, SITE, rows(data, dict.fromkeys(data, "k2")), broken)
    assert path.read_bytes() == before
    assert list(tmp_path.glob(".*.tmp")) == []


def test_story_key_changes_with_every_file_of_the_folder(tmp_path):
    folder = tmp_path / "berita" / "slug"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("Title: A\n", "utf-8")
    (folder / "foto.jpg").write_bytes(b"\xff\xd8one")
    keys = [story_key("build-1", "berita/slug", folder)]
    (folder / "foto.jpg").write_bytes(b"\xff\xd8other photo")  # swapped photo
    keys.append(story_key("build-1", "berita/slug", folder))
    (folder / "kedua.jpg").write_bytes(b"\xff\xd8")  # added photo
    keys.append(story_key("build-1", "berita/slug", folder))
    keys.append(story_key("build-2", "berita/slug", folder))  # code, settings or data changed
    keys.append(story_key("build-2", "berita/lain", folder))
    assert len(set(keys)) == len(keys)
    assert story_key("build-2", "berita/lain", folder) == keys[-1]  # and is stable
