"""The article generator's set-based membership gives exactly Pelican's lists."""

from __future__ import annotations

import contextlib
import os
import random
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from blinker import Signal
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from stable_output import generators
from stable_output.generators import (
    FastArticlesGenerator,
    FrozenURLArticle,
    IdentityList,
    freeze_new_article,
    freeze_urls,
    period_archives,
)


class Story:
    """Like Pelican's content objects: no ``__eq__``, so list membership is identity."""

    def __init__(self, date: datetime, tags: list[str]) -> None:
        self.date = date
        self.tags = tags


def _stories(seed: int, count: int) -> list[Story]:
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, 7)
    stories = [
        Story(start + timedelta(hours=rng.randrange(3 * 365 * 24)), rng.sample("abcdefg", 2))
        for _ in range(count)
    ]
    # Same dates on purpose: equal-looking stories must still be told apart.
    stories += [Story(stories[0].date, ["a"]) for _ in range(3)]
    rng.shuffle(stories)
    return stories


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_period_archives_equal_pelicans(seed):
    settings = dict(DEFAULT_CONFIG)
    settings["YEAR_ARCHIVE_SAVE_AS"] = "{date:%Y}/index.html"
    settings["MONTH_ARCHIVE_SAVE_AS"] = "{date:%Y}/{date:%m}/index.html"
    settings["DAY_ARCHIVE_SAVE_AS"] = "{date:%Y}/{date:%m}/{date:%d}/index.html"
    articles = _stories(seed, 400)[:-7]  # some stories are only in ``dates`` (e.g. hidden)
    dates = sorted(_stories(seed, 400), key=lambda s: s.date, reverse=True)
    dates = [d for d in dates if d in articles] + [d for d in dates if d not in articles][:5]
    dates.sort(key=lambda s: s.date, reverse=True)
    ours = period_archives(dates, articles, settings)
    stock = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    assert list(ours) == list(stock) == ["year", "month", "day"]
    for granularity in stock:
        assert len(ours[granularity]) == len(stock[granularity])
        for mine, theirs in zip(ours[granularity], stock[granularity], strict=True):
            assert mine.keys() == theirs.keys()
            for key in theirs:
                if key in {"dates", "articles"}:
                    assert [id(a) for a in mine[key]] == [id(a) for a in theirs[key]]
                else:
                    assert mine[key] == theirs[key]


def test_unused_granularity_is_left_out_as_pelican_does():
    settings = dict(DEFAULT_CONFIG, YEAR_ARCHIVE_SAVE_AS="", DAY_ARCHIVE_SAVE_AS="")
    settings["MONTH_ARCHIVE_SAVE_AS"] = "{date:%Y}/{date:%m}/index.html"
    stories = sorted(_stories(7, 50), key=lambda s: s.date)
    ours = period_archives(stories, stories, settings)
    assert list(ours) == ["month"]
    assert ours["year"] == []  # a defaultdict, like Pelican's


def test_identity_membership_matches_list_membership():
    stories = _stories(5, 200)
    for tag in "abcdefg":
        group = [s for s in stories if tag in s.tags]
        fast = IdentityList(group)
        assert fast == group
        assert [s for s in stories if s in fast] == [s for s in stories if s in group]
    assert Story(stories[0].date, ["a"]) not in IdentityList(stories)


def test_frozen_urls_equal_pelicans_and_are_worked_out_once():
    settings = dict(DEFAULT_CONFIG)
    settings["ARTICLE_URL"] = "berita/{date:%Y}/{slug}/"
    settings["ARTICLE_SAVE_AS"] = "berita/{date:%Y}/{slug}/index.html"
    meta = {"title": "Kerja Bakti", "date": datetime(2026, 11, 2, 8), "slug": "kerja-bakti"}
    stock = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    frozen = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    generator = SimpleNamespace(articles=[frozen], drafts=[])
    freeze_urls(generator)
    assert type(frozen) is FrozenURLArticle and isinstance(frozen, Article)
    assert (frozen.url, frozen.save_as) == (stock.url, stock.save_as)
    assert frozen.url == "berita/2026/kerja-bakti/"


@pytest.fixture
def quiet_plugins():
    """Pelican's signals are process-wide: generators made here must not meet the plugins
    (newsroom reader, parse cache…) that other tests' in-process builds registered."""
    with contextlib.ExitStack() as stack:
        for name in dir(signals):
            found = getattr(signals, name)
            if isinstance(found, Signal):
                stack.enter_context(found.muted())
        yield


def _generator(cls: type, path: str, tmp_path: object) -> ArticlesGenerator:
    settings = dict(DEFAULT_CONFIG)
    settings.update(PATH=path, READERS={"html": None}, IGNORE_FILES=[".#*", "*.swp"])
    return cls(
        context={}, settings=settings, path=path, theme=settings["THEME"],
        output_path=str(tmp_path),
    )  # fmt: skip


def test_one_walk_gives_pelicans_file_lists(tmp_path, monkeypatch, quiet_plugins):
    content = tmp_path / "content"
    for rel in ["berita/2026/11/a/index.md", "berita/2026/11/a/foto.jpg",
                "berita/2026/11/a/.#index.md", "berita/2026/11/a/x.swp",
                "berita/2026/11/b/index.md", "berita/2026/11/b/lama.html",
                "berita/arsip/c/index.md", "halaman/profil.md"]:  # fmt: skip
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("x", encoding="utf-8")
    stock = _generator(ArticlesGenerator, str(content), tmp_path / "out1")
    fast = _generator(FastArticlesGenerator, str(content), tmp_path / "out2")
    walks: list[str] = []
    real_walk = os.walk
    monkeypatch.setattr(os, "walk", lambda *a, **k: walks.append(a[0]) or real_walk(*a, **k))
    cases = [(["berita"], []), (["berita"], ["arsip"]), ("halaman", None)]
    for paths, exclude in cases:
        for extensions in (None, False, ("html",), ("md",)):
            expected = stock.get_files(paths, exclude, extensions)
            assert fast.get_files(paths, exclude, extensions) == expected, (paths, exclude)
    assert "berita/2026/11/b/lama.html" in fast.get_files(["berita"], [], ("html",))
    walks.clear()
    for paths, exclude in cases:
        for extensions in (None, False, ("html",)):
            fast.get_files(paths, exclude, extensions)
    assert walks == []  # every folder list was walked once, above


def test_new_stories_are_frozen_when_made():
    settings = dict(DEFAULT_CONFIG)
    meta = {"title": "Posyandu", "date": datetime(2026, 11, 3, 9), "slug": "posyandu"}
    signals.content_object_init.connect(freeze_new_article)
    try:
        story = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    finally:
        signals.content_object_init.disconnect(freeze_new_article)
    assert type(story) is FrozenURLArticle
    assert story.is_valid() and "save_as" in vars(story)  # the check worked it out once
    plain = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    assert type(plain) is Article and (story.url, story.save_as) == (plain.url, plain.save_as)


@pytest.mark.parametrize(
    "save_as",
    [
        "berita/2026/kerja-bakti/index.html",
        "index.html",
        "../luar/index.html",
        "berita/../../luar.html",
        "berita/./index.html",
        "/etc/passwd",
        "berita//index.html",
        "berita/",
        "",
        "C:/luar.html",
        "berita\\..\\..\\luar.html",
    ],
)
def test_save_as_check_agrees_with_pelicans(tmp_path, save_as):
    settings = dict(DEFAULT_CONFIG, OUTPUT_PATH=str(tmp_path / "output"))
    settings["ARTICLE_SAVE_AS"] = save_as
    meta = {"title": "Kerja Bakti", "date": datetime(2026, 11, 2, 8), "slug": "kerja-bakti"}
    stock = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    frozen = Article("<p>Isi</p>", metadata=dict(meta), settings=settings)
    freeze_new_article(frozen)
    assert type(frozen) is FrozenURLArticle
    assert frozen._has_valid_save_as() is stock._has_valid_save_as()


def test_stories_are_read_as_frozen_articles_equal_to_swapped_ones(tmp_path):
    """The generator's reader makes FrozenURLArticle at once; other content classes pass."""
    made = []

    def read_file(base_path, path, content_class=None, **kwargs):
        made.append(content_class)
        return content_class

    read = generators._making_frozen_articles(read_file)
    assert read("content", "a.md", content_class=Article) is FrozenURLArticle
    assert read("content", "b.md", content_class=Page) is Page
    assert made == [FrozenURLArticle, Page]

    content = str(tmp_path / "content")
    settings = dict(DEFAULT_CONFIG, PATH=content)
    meta = {"title": "Posyandu", "date": datetime(2026, 11, 3, 9), "slug": "posyandu"}
    source = f"{content}/berita/2026/11/posyandu/index.md"
    direct = FrozenURLArticle("<p>Isi</p>", metadata=dict(meta), settings=settings,
                              source_path=source)  # fmt: skip
    swapped = Article("<p>Isi</p>", metadata=dict(meta), settings=settings, source_path=source)
    freeze_new_article(swapped)
    assert type(direct) is type(swapped) is FrozenURLArticle
    assert (direct.url, direct.save_as) == (swapped.url, swapped.save_as)
    assert {k: v for k, v in vars(direct).items() if k != "metadata"} == {
        k: v for k, v in vars(swapped).items() if k != "metadata"
    }


def test_content_caches_skipped_only_when_pelican_keeps_nothing(
    tmp_path, monkeypatch, quiet_plugins
):
    """With CACHE_CONTENT off Pelican's content caches (generator and reader level) store
    nothing; their lookups (stats of every story) are skipped. With it on — at either level —
    Pelican's cache is left as it is."""
    stats = []
    real = os.path.getmtime
    monkeypatch.setattr(os.path, "getmtime", lambda p: stats.append(p) or real(p))
    source = tmp_path / "content" / "cerita.html"
    source.parent.mkdir()
    source.write_text(
        '<html><head><title>Kerja Bakti</title><meta name="date" content="2026-11-02 08:00">'
        "</head><body>Isi</body></html>"
    )
    for cache_content, layer, expected in (
        (False, "reader", 0), (True, "reader", 2), (True, "generator", 2),
    ):  # fmt: skip
        stats.clear()
        settings = dict(DEFAULT_CONFIG, PATH=str(source.parent), CACHE_CONTENT=cache_content,
                        CONTENT_CACHING_LAYER=layer,
                        CACHE_PATH=str(tmp_path / f"cache-{layer}"))  # fmt: skip
        generator = FastArticlesGenerator(
            context=dict(DEFAULT_CONFIG, static_content={}, generated_content={},
                         static_links=set()),
            settings=settings, path=str(source.parent), theme=settings["THEME"],
            output_path=str(tmp_path / "out"),
        )  # fmt: skip
        generator.generate_context()
        assert [a.title for a in generator.articles] == ["Kerja Bakti"]
        assert len([p for p in stats if p.endswith("cerita.html")]) == expected, layer


@pytest.mark.parametrize(
    "source",
    [
        "{path}/berita/2026/11/kerja-bakti/index.md",
        "{path}/berita/../halaman/profil.md",
        "{path}//berita/x/index.md",
        "{path}/./berita/x/index.md",
        "{path}x/berita/index.md",
        "/elsewhere/index.md",
        "berita/x/index.md",
        "./berita/x/index.md",
        "berita/../x.md",
        "../luar/index.md",
        "berita/x/",
        ".",
        "{path}",
    ],
)
@pytest.mark.parametrize("trailing", ["", "/"])
def test_relative_source_path_agrees_with_pelicans(tmp_path, source, trailing):
    content = str(tmp_path / "content")
    settings = dict(DEFAULT_CONFIG, PATH=content + trailing)
    meta = {"title": "Kerja Bakti", "date": datetime(2026, 11, 2, 8), "slug": "kerja-bakti"}
    path = source.format(path=content)
    stock = Article("<p>Isi</p>", metadata=dict(meta), settings=settings, source_path=path)
    frozen = Article("<p>Isi</p>", metadata=dict(meta), settings=settings, source_path=path)
    freeze_new_article(frozen)
    assert frozen.get_relative_source_path() == stock.get_relative_source_path()
    other = f"{content}/berita/lain/index.md"
    assert frozen.get_relative_source_path(other) == stock.get_relative_source_path(other)
    for linked in ("foto.jpg", "./foto.jpg", "../lain/foto.jpg", "sub//foto.jpg"):
        link = f"{stock.relative_dir}/{linked}"  # as Pelican resolves {attach} links
        assert frozen.get_relative_source_path(link) == stock.get_relative_source_path(link)
    assert frozen.relative_dir == stock.relative_dir
