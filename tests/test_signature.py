"""Page-signature digests: equal values give equal digests, any shown difference changes them."""

from __future__ import annotations

import collections
import dataclasses
import json
import logging
from pathlib import Path
from types import SimpleNamespace

from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.paginator import Paginator
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.urlwrappers import Tag
from stable_output import signature, storykeys
from stable_output.signature import Digester, TemplateNames, code_hash, page_signature
from stable_output.storykeys import StoryDigests

from tests.support.stories import bare_story, bare_story_folder


@dataclasses.dataclass(frozen=True)
class Rendition:
    url: str
    width: int


@dataclasses.dataclass(frozen=True)
class Hidden:
    url: str
    width: int = dataclasses.field(default=0, repr=False)


@dataclasses.dataclass(frozen=True)
class OwnRepr:
    url: str
    width: int

    def __repr__(self) -> str:
        return f"OwnRepr({self.url})"


@dataclasses.dataclass
class Photo:
    file: str


def test_frozen_values_digest_by_every_field():
    digest = Digester().value
    assert digest(Rendition("a.jpg", 640)) == digest(Rendition("a.jpg", 640))
    assert digest(Rendition("a.jpg", 640)) != digest(Rendition("a.jpg", 960))
    assert digest((Rendition("a.jpg", 640),)) != digest((Rendition("b.jpg", 640),))


def test_fields_a_repr_leaves_out_still_count():
    digest = Digester().value
    assert digest(Hidden("a.jpg", 1)) != digest(Hidden("a.jpg", 2))
    assert digest(OwnRepr("a.jpg", 1)) != digest(OwnRepr("a.jpg", 2))


def test_attributes_added_after_creation_count():
    digest = Digester().value
    one, two = Photo("a.jpg"), Photo("a.jpg")
    one.renditions = {"og": Rendition("a-og.jpg", 1200)}
    two.renditions = {"og": Rendition("a-og.jpg", 1080)}
    assert digest(one) != digest(two)
    two.renditions = {"og": Rendition("a-og.jpg", 1200)}
    assert digest(one) == digest(two)


def test_url_wrappers_by_name():
    settings = dict(DEFAULT_CONFIG)
    digest = Digester().value
    assert digest(Tag("banjir", settings)) == digest(Tag("banjir", settings))
    assert digest(Tag("banjir", settings)) != digest(Tag("sampah", settings))


def _story(_content, settings, title):
    return bare_story(settings, title)


def test_story_digest_kept_while_its_folder_is_unchanged(tmp_path, caplog):
    settings = bare_story_folder(tmp_path)
    content = Path(settings["PATH"])
    folder = content / "berita" / "kerja-bakti"
    saved = tmp_path / "story-digests.json"
    storykeys._STATE["build"] = "build-1"
    storykeys._KEYS.clear()

    first = StoryDigests(saved)
    digest = Digester(first).own(_story(content, settings, "Kerja Bakti"))
    first.save()
    # Same folder, same build: the next build takes the digest from the file ...
    storykeys._KEYS.clear()
    changed = _story(content, settings, "Judul Lain")  # (made from outside the folder)
    assert Digester(StoryDigests(saved)).own(changed) == digest
    # ... and the check mode finds such an attribute at once.
    caplog.set_level(logging.ERROR)
    assert Digester(StoryDigests(saved), verify=True).own(changed) != digest
    assert "Sidik tersimpan" in caplog.text
    # Any file of the folder (a photo added) makes a new key: digested afresh.
    storykeys._KEYS.clear()
    (folder / "foto.jpg").write_bytes(b"\xff\xd8")
    assert Digester(StoryDigests(saved)).own(changed) != digest
    # So does another build (code, settings or data files changed).
    (folder / "foto.jpg").unlink()
    storykeys._KEYS.clear()
    storykeys._STATE["build"] = "build-2"
    assert Digester(StoryDigests(saved)).own(changed) != digest
    assert json.loads(saved.read_text(encoding="utf-8"))["stories"]  # only after save()


def test_template_names_follow_extends_includes_and_imports():
    env = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% include 'partials/card.html' %}"
                "{% block b %}{% endblock %}",
                "partials/card.html": "{% import 'macros.html' as m %}{{ m.x(article) }}",
                "macros.html": "{% macro x(a) %}{{ a.title }}{{ LOCALE }}{% endmacro %}",
                "article.html": "{% extends 'base.html' %}{% block b %}{{ related }}{% endblock %}",
                "dynamic.html": "{% include article.template %}",
            }
        )
    )
    names = TemplateNames(env)
    found = names("article.html")
    assert {"SITENAME", "article", "LOCALE", "related"} <= found
    assert names("partials/card.html") >= {"article", "LOCALE"}
    assert "related" not in names("partials/card.html")
    assert names("dynamic.html") is None  # cannot be known statically: always rendered
    assert names("tidak-ada.html") is None


def test_code_hash_covers_templates_and_code_but_not_installed_node_modules(tmp_path):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "node_modules" / "x").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text("a", encoding="utf-8")
    (theme / "node_modules" / "x" / "index.json").write_text("{}", encoding="utf-8")
    first = code_hash([theme], {"SITENAME": "Kabar"})
    (theme / "node_modules" / "x" / "index.json").write_text('{"v": 2}', encoding="utf-8")
    assert code_hash([theme], {"SITENAME": "Kabar"}) == first
    (theme / "templates" / "base.html").write_text("b", encoding="utf-8")
    second = code_hash([theme], {"SITENAME": "Kabar"})
    assert second != first
    assert code_hash([theme], {"SITENAME": "Kabar Utara"}) != second


def test_prefetched_story_keys_equal_the_ones_worked_out_here(tmp_path):
    content = tmp_path / "content"
    for slug in ("kerja-bakti", "pasar-murah", "posyandu"):
        folder = content / "berita" / "2026" / "11" / slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"Title: {slug}\n", encoding="utf-8")
        (folder / "foto.jpg").write_bytes(b"\xff\xd8" + slug.encode())
    settings = dict(DEFAULT_CONFIG, PATH=str(content), ARTICLE_PATHS=["berita"])
    storykeys._STATE["build"] = "build-1"
    storykeys._KEYS.clear()
    walked = {str(p.relative_to(content)) for p in content.rglob("*") if p.is_file()}
    # What prefetch needs of FastArticlesGenerator (a real one would also fire reader signals
    # that other tests' builds left connected): its settings, its one walk of the folders.
    generator = SimpleNamespace(
        settings=settings, _walked={}, get_files=lambda paths, exclude=None: set(walked)
    )
    storykeys.prefetch(generator)
    assert storykeys.PREFETCH.forked is not None  # started in another process
    story = Article("<p>Isi</p>", metadata={"title": "Posyandu"}, settings=settings,
                    source_path=str(content / "berita/2026/11/posyandu/index.md"))  # fmt: skip
    prefetched = storykeys.key_for(story)
    assert storykeys.PREFETCH.forked is None  # joined on first use
    assert set(storykeys.PREFETCH.keys) == {f"berita/2026/11/{s}" for s in
                                            ("kerja-bakti", "pasar-murah", "posyandu")}  # fmt: skip
    storykeys._KEYS.clear()
    storykeys.PREFETCH.keys = {}
    assert storykeys.key_for(story) == prefetched  # worked out here: the same key
    # A folder the prefetch did not see (a page, another content root) is worked out here.
    storykeys._KEYS.clear()
    storykeys.PREFETCH.keys = {"berita/2026/11/posyandu": "lain"}
    storykeys.PREFETCH.base = "/lain"
    assert storykeys.key_for(story) == prefetched


class StrSubclass(str):
    pass


class PagerLike(dict):
    """A mapping that also answers like a paginator (checked before mappings)."""

    num_pages, per_page = 3, 10


def test_values_digest_by_kind_whatever_their_class():
    digest = Digester().value
    long_text = "Warga Kelurahan Pademangan Barat gotong royong. " * 10
    assert digest(StrSubclass(long_text)) == digest(long_text) != digest(long_text + ".")
    assert digest(StrSubclass("pendek")) == repr("pendek")
    assert digest(True) != digest(1)  # bool by repr, not as the int it also is
    Pair = collections.namedtuple("Pair", "url width")
    assert digest(Pair("a.jpg", 640)) == digest(("a.jpg", 640))  # a tuple, whatever its class
    assert digest(PagerLike(a=1)) == "paginator:3:10"
    assert digest(SimpleNamespace(num_pages=2, per_page=5)) == "paginator:2:5"
    assert digest({"a": 1}) != digest({"a": 2})
    assert digest([[[[[[["dalam"]]]]]]]) != digest([[[[[[["dangkal"]]]]]]])  # 7 lists
    assert digest([[[[[[[["dalam"]]]]]]]]) == digest([[[[[[[["dangkal"]]]]]]]])  # 8th: too deep


def test_a_listing_page_is_digested_once_by_the_stories_it_lists(monkeypatch):
    settings = read_settings(None)  # pagination patterns as Pelican prepares them
    stories = [bare_story(settings, f"Berita {n}") for n in range(5)]
    pages = Paginator("index", "index{number}.html", stories, settings, 2)
    first, second = pages.page(1), pages.page(2)
    digester = Digester()
    digest = digester.value(second)
    hashed = []
    monkeypatch.setattr(signature, "_h", lambda *parts: hashed.append(parts) or "x")
    assert digester.value(second) == digest  # as the page, then as a neighbour's next page
    assert hashed == []  # nothing digested again
    monkeypatch.undo()
    assert digest != digester.value(first)
    fresh = Digester().value
    assert fresh(Paginator("index", "index{number}.html", stories, settings, 2).page(2)) == digest
    moved = [*stories[:2], bare_story(settings, "Berita lain"), *stories[3:]]
    assert fresh(Paginator("index", "index{number}.html", moved, settings, 2).page(2)) != digest


def test_page_signature_follows_site_values_and_page_overrides():
    digester = Digester()
    names = frozenset({"SITENAME", "menu", "article", "output_file"})
    context = {"SITENAME": "Kabar", "menu": ["a", "b"]}

    def sign(site, **own):
        local = {**site, "output_file": "x.html", **own}
        return page_signature(digester, "base", "t.html", names, local, site, own)

    first = sign(context, article="A")
    assert sign(context, article="A") == first
    assert sign(context, article="B") != first
    changed = {**context, "menu": ["a", "c"]}  # the site's menu is another object now
    assert sign(changed, article="A") != first
    assert sign(context, article="A") == first
    # A page giving a site-wide variable its own value: digested like that value.
    local = {**context, "output_file": "x.html", "article": "A", "menu": ["a", "c"]}
    assert page_signature(digester, "base", "t.html", names, local, context, {"article": "A"}) == (
        sign(changed, article="A")
    )
    assert sign({"SITENAME": "Kabar"}, article="A") != first  # a variable the site lacks
