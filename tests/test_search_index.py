"""Sharded, incremental search index (plugins/search_index): shard plan, real builds, Chromium.

A small site is built four times (initial, no change, one story added, one story deleted); each
stage's output is copied aside so the browser tests search exactly what that stage wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from search_index.shards import plan, shard_name
from theme_context.audit import serve

from .conftest import ROOT, run_pelican
from .support.stories import bare_story, bare_story_folder, new_content, write_story

WIB = ZoneInfo("Asia/Jakarta")


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=WIB)


# --- shard plan (pure) ---


def test_shard_name_dasarian_in_newest_month_periods_before() -> None:
    newest = _at("2026-11-25 08:00")
    assert shard_name(_at("2026-11-01 00:00"), newest, 6) == "2026-11-01"
    assert shard_name(_at("2026-11-10 23:59"), newest, 6) == "2026-11-01"
    assert shard_name(_at("2026-11-11 00:00"), newest, 6) == "2026-11-11"
    assert shard_name(_at("2026-11-30 10:00"), newest, 6) == "2026-11-21"
    assert shard_name(_at("2026-10-31 10:00"), newest, 6) == "2026-07"
    assert shard_name(_at("2026-06-30 10:00"), newest, 6) == "2026-01"
    assert shard_name(_at("2025-12-31 10:00"), newest, 12) == "2025-01"
    assert shard_name(_at("2026-10-31 10:00"), newest, 1) == "2026-10"
    # A story of the same month in another year is archive, not "newest month".
    assert shard_name(_at("2025-11-25 10:00"), newest, 3) == "2025-10"


def _stories(*rows: tuple[str, str, str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(date=_at(d), save_as=p, text=t) for d, p, t in rows]


def _fingerprints(stories: list[SimpleNamespace], base: str = "code") -> dict[str, str]:
    return {s.name: s.fingerprint for s in plan(stories, 6, base, lambda s: s.text)}


def test_plan_new_or_edited_story_changes_only_its_shard() -> None:
    rows = [
        ("2026-03-02 09:00", "berita/a/index.html", "a"),
        ("2026-08-02 09:00", "berita/b/index.html", "b"),
        ("2026-11-03 09:00", "berita/c/index.html", "c"),
        ("2026-11-22 09:00", "berita/d/index.html", "d"),
    ]
    before = _fingerprints(_stories(*rows))
    shards = plan(_stories(*rows), 6, "code", lambda s: s.text)
    assert [s.name for s in shards] == ["2026-11-21", "2026-11-01", "2026-07", "2026-01"]
    assert shards[-1].pages == ["berita/a/index.html"]
    assert _fingerprints(_stories(*reversed(rows))) == before, "order of stories must not matter"

    added = _fingerprints(_stories(*rows, ("2026-11-24 09:00", "berita/e/index.html", "e")))
    assert {n for n in before if before[n] != added[n]} == {"2026-11-21"}

    edited = list(rows)
    edited[0] = ("2026-03-02 09:00", "berita/a/index.html", "a, corrected")
    changed = _fingerprints(_stories(*edited))
    assert {n for n in before if before[n] != changed[n]} == {"2026-01"}

    # Deleting a story leaves the other shards as they are (calendar boundaries, not counts).
    deleted = _fingerprints(_stories(*rows[1:]))
    assert set(deleted) == set(before) - {"2026-01"}
    assert all(deleted[n] == before[n] for n in deleted)

    assert set(_fingerprints(_stories(*rows), base="other code").values()).isdisjoint(
        before.values()
    ), "a code or settings change re-indexes every shard"


def test_plan_new_month_folds_dasarian_into_its_period() -> None:
    rows = [
        ("2026-10-03 09:00", "berita/a/index.html", "a"),
        ("2026-10-25 09:00", "berita/b/index.html", "b"),
    ]
    assert sorted(_fingerprints(_stories(*rows))) == ["2026-10-01", "2026-10-21"]
    later = _stories(*rows, ("2026-11-02 09:00", "berita/c/index.html", "c"))
    assert [s.name for s in plan(later, 6, "code", lambda s: s.text)] == ["2026-11-01", "2026-07"]


def test_plan_rejects_a_month_span_that_does_not_divide_the_year() -> None:
    with pytest.raises(ValueError, match="SEARCH_INDEX_ARCHIVE_MONTHS=5"):
        plan(_stories(("2026-11-03 09:00", "x/index.html", "x")), 5, "code", lambda s: s.text)
    assert plan([], 6, "code", lambda s: "") == []


# --- real builds ---

#: (slug, date, kecamatan, kelurahan, rare word); the first two are in the archive shard.
STORIES = [
    ("dermaga-lama", "2026-03-12 09:00", "Koja", "Lagoa", "mercusuar"),
    ("pasar-ikan", "2026-04-20 09:00", "Cilincing", "Marunda", "pelelangan"),
    ("taman-baru", "2026-11-05 09:00", "Cilincing", "Marunda", "angsana"),
    ("posyandu-rw", "2026-11-22 09:00", "Koja", "Lagoa", "timbangan"),
]
ADDED = ("sumur-resapan", "2026-11-24 09:00", "Koja", "Lagoa", "resapan")
DELETED = STORIES[1]
COMMON = "gotongroyong"


def _write(content: Path, story: tuple[str, str, str, str, str]) -> None:
    slug, date, kecamatan, kelurahan, word = story
    body = (
        f"Warga {kelurahan} bekerja {COMMON} di Kecamatan {kecamatan}. "
        f"Kata kunci berita ini adalah {word}.\n"
    )
    write_story(
        content, slug, folder_month=date[:7].replace("-", "/"), body=body, Date=date,
        Title=f"Kegiatan {word.capitalize()} di {kelurahan}", Kecamatan=kecamatan,
        Kelurahan=kelurahan, Tags=word,
    )  # fmt: skip


@dataclass
class Stage:
    """One build of the test site: its log, a copy of its output, the index files' mtimes."""

    log: str
    output: Path
    files: dict[str, int]

    def shard(self, name: str) -> dict[str, int]:
        return {p: m for p, m in self.files.items() if p.startswith(f"{name}/")}

    @property
    def shards(self) -> dict[str, str]:
        return json.loads((self.output / "pagefind" / "shards.json").read_text())["shards"]


def _index_files(output: Path) -> dict[str, int]:
    index = output / "pagefind"
    return {
        p.relative_to(index).as_posix(): p.stat().st_mtime_ns
        for p in sorted(index.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Stage]:
    root = tmp_path_factory.mktemp("search-index")
    content = new_content(root)
    for story in STORIES:
        _write(content, story)
    out = root / "output"
    result: dict[str, Stage] = {}

    def build(name: str) -> None:
        done = run_pelican(content, out)
        assert done.returncode == 0, done.log
        copy = root / f"stage-{name}"
        shutil.copytree(out, copy)
        result[name] = Stage(done.log, copy, _index_files(out))

    build("initial")
    # A new static page: the build runs in full (not skipped as up to date), no story changed.
    (content / "halaman" / "kontak.md").write_text(
        "Title: Kontak\nSlug: kontak\n\nHubungi redaksi lewat surel.\n", encoding="utf-8"
    )
    build("unchanged")
    _write(content, ADDED)
    build("added")
    shutil.rmtree(content / "berita" / DELETED[1][:7].replace("-", "/") / DELETED[0])
    build("deleted")
    return result


def test_index_is_one_bundle_per_shard_listed_by_the_search_page(stages) -> None:
    stage = stages["initial"]
    shards = stage.shards
    assert sorted(shards, reverse=True) == ["2026-11-21", "2026-11-01", "2026-01"]
    html = (stage.output / "cari" / "index.html").read_text(encoding="utf-8")
    listed = json.loads(re.search(r"data-shards='([^']*)'", html).group(1))
    assert [name for name, _tag in listed] == sorted(shards, reverse=True)
    assert all(shards[name].startswith(tag) for name, tag in listed)
    top = sorted(p.name for p in (stage.output / "pagefind").iterdir())
    assert top == sorted([*shards, "shards.json"]), "nothing else (no stale single index)"
    for name in shards:
        entry = json.loads((stage.output / "pagefind" / name / "pagefind-entry.json").read_text())
        assert entry["languages"]["id"]["page_count"] >= 1


def test_build_without_story_changes_touches_no_index_file(stages) -> None:
    assert "kontak" in {p.name for p in stages["unchanged"].output.iterdir()}, "build skipped"
    assert stages["unchanged"].files == stages["initial"].files
    assert "Indeks pencarian" not in stages["unchanged"].log


def test_adding_a_story_reindexes_only_its_shard(stages) -> None:
    before, after = stages["unchanged"], stages["added"]
    assert after.shards.keys() == before.shards.keys()
    for name in before.shards:
        if name == "2026-11-21":
            assert after.shard(name) != before.shard(name)
            assert after.shards[name] != before.shards[name]
        else:
            assert after.shard(name) == before.shard(name), f"{name} was rewritten"


def test_deleting_a_story_reindexes_only_its_shard(stages) -> None:
    before, after = stages["added"], stages["deleted"]
    assert after.shards.keys() == before.shards.keys()
    changed = {n for n in before.shards if after.shard(n) != before.shard(n)}
    assert changed == {"2026-01"}


# --- Chromium: search across shards ---

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium tidak terpasang (/usr/bin/chromium); .ci/run memasangnya")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


# The search has answered and shown its first page: the status line says something other than
# "loading", and as many results are listed as it counts (at most one page of 10).
DONE = """() => {
  const said = document.getElementById('cari-status').textContent;
  if (!said || said === JSON.parse(document.getElementById('cari-teks').textContent).loading) {
    return false;
  }
  const count = Number((said.match(/\\d+/) || ["0"])[0]);
  return document.querySelectorAll('#cari-hasil > li').length === Math.min(count, 10);
}"""


def _search(browser: object, output: Path, query: str) -> tuple[list[str], list[str], list[str]]:
    """Result URLs of ``query`` (``q=...&kecamatan=...``), index files fetched, console errors."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    fetched: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: "/pagefind/" in r.url and fetched.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        with serve(output) as base:
            page.goto(f"{base}/cari/?{query}", wait_until="load")
            page.wait_for_function(DONE, timeout=20000)
            urls = page.eval_on_selector_all(
                ".result-title a", "as => as.map(a => new URL(a.href).pathname)"
            )
    finally:
        context.close()
    return urls, fetched, errors


def _url(story: tuple[str, str, str, str, str]) -> str:
    slug, date = story[0], story[1]
    return f"/berita/{date[:10].replace('-', '/')}/{slug}/"


@pytest.mark.browser
def test_search_finds_stories_in_recent_and_archive_shards(stages, chromium) -> None:
    output = stages["initial"].output
    for story in (STORIES[0], STORIES[3]):
        urls, fetched, errors = _search(chromium, output, f"q={story[4]}")
        assert urls == [_url(story)], (story, urls)
        assert errors == []
        # Every shard's entry file is read (merged), the engine only from the newest bundle.
        for name in stages["initial"].shards:
            assert any(f"/pagefind/{name}/pagefind-entry.json" in u for u in fetched), name
        assert [u for u in fetched if u.endswith("pagefind.js")] == [
            u for u in fetched if "/pagefind/2026-11-21/pagefind.js" in u
        ]


@pytest.mark.browser
def test_filters_and_ranking_work_across_shards(stages, chromium) -> None:
    output = stages["initial"].output
    urls, _fetched, errors = _search(chromium, output, f"q={COMMON}")
    assert sorted(urls) == sorted(_url(s) for s in STORIES)
    koja, _f, _e = _search(chromium, output, f"q={COMMON}&kecamatan=Koja")
    assert sorted(koja) == sorted(_url(s) for s in STORIES if s[2] == "Koja")
    only_filter, _f, _e = _search(chromium, output, "kecamatan=Cilincing")
    assert sorted(only_filter) == sorted(_url(s) for s in STORIES if s[2] == "Cilincing")
    # The word in the headline, tag and body outranks the same word once in a body, across shards.
    ranked, _f, _e = _search(chromium, output, f"q={STORIES[0][4]}+{COMMON}")
    assert ranked[0] == _url(STORIES[0]), ranked
    assert errors == []


@pytest.mark.browser
def test_deleted_story_disappears_from_results(stages, chromium) -> None:
    urls, _fetched, errors = _search(chromium, stages["added"].output, f"q={DELETED[4]}")
    assert urls == [_url(DELETED)]
    urls, _fetched, errors = _search(chromium, stages["deleted"].output, f"q={DELETED[4]}")
    assert urls == []
    added, _f, _e = _search(chromium, stages["deleted"].output, f"q={ADDED[4]}")
    assert added == [_url(ADDED)]
    assert errors == []


def test_story_digest_covers_every_story_attribute_the_template_shows() -> None:
    """A story attribute shown by the story page but left out of the digest would never
    re-index its shard when only that attribute changes."""
    from search_index.digest import SHOWN  # noqa: PLC0415

    templates = ROOT / "theme" / "templates"
    names = {"article.html"}
    todo = ["article.html"]
    while todo:
        text = (templates / todo.pop()).read_text(encoding="utf-8")
        for included in re.findall(r'{%\s*include\s+"([^"]+)"', text):
            if included not in names:
                names.add(included)
                todo.append(included)
    shown: set[str] = set()
    for name in names:
        text = (templates / name).read_text(encoding="utf-8")
        shown |= set(re.findall(r"\barticle\.([a-z_]+)\b", text)) - {"html"}
    links = {"related_stories", "older_story", "newer_story", "url"}
    assert "title" in shown and "kecamatan" in shown
    assert shown - links - {"content"} <= set(SHOWN), shown - links - set(SHOWN)
    assert "_content" in SHOWN


def test_kept_search_digests_equal_fresh_ones_and_follow_the_story_folder(tmp_path, caplog) -> None:
    """The part of a story's search digest made from its folder is kept while the story key
    holds; the body (Pelican rewrites its links) is digested on every build."""
    from search_index.digest import KeptDigests, story_digest  # noqa: PLC0415
    from stable_output import storykeys  # noqa: PLC0415

    settings = bare_story_folder(tmp_path)
    folder = Path(settings["PATH"]) / "berita" / "kerja-bakti"
    saved = tmp_path / "search-digests.json"

    def story(title: str, body: str = "<p>Isi</p>") -> Any:
        return bare_story(settings, title, body)

    def kept(item: Any) -> str:
        storykeys._KEYS.clear()
        digests = storykeys.StoryDigests(saved)
        found = KeptDigests(digests)(item)
        digests.save()
        return found

    storykeys._STATE["build"] = "build-1"
    first = story("Kerja Bakti")
    assert kept(first) == story_digest(first)
    # Same folder and build: the kept part is used (a title changed from outside the folder
    # is not seen — which is why only folder-made attributes are kept) ...
    assert kept(story("Judul Lain")) == story_digest(first)
    # (the check mode of the incremental tests recomputes it and says so)
    storykeys._KEYS.clear()
    checked = KeptDigests(storykeys.StoryDigests(saved), verify=True)(story("Judul Lain"))
    assert checked != story_digest(first) and "tidak cocok" in caplog.text
    # ... while the body is digested afresh every time.
    other_body = story("Kerja Bakti", "<p>Isi baru</p>")
    assert kept(other_body) == story_digest(other_body) != story_digest(first)
    # A file added to the folder makes a new key: everything digested afresh.
    (folder / "foto.jpg").write_bytes(b"\xff\xd8")
    renamed = story("Judul Lain")
    assert kept(renamed) == story_digest(renamed) != story_digest(first)
