"""Story cards: rendered once per story and variant, never mixed up."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader
from theme_context import cards

from tests.conftest import ROOT


def _story(n: int) -> SimpleNamespace:
    place = SimpleNamespace(name="Koja", url="wilayah/koja/")
    return SimpleNamespace(
        title=f"Kerja Bakti Nomor {n}",
        url=f"berita/2026/11/kerja-bakti-{n}/",
        summary=f"Ringkasan berita {n}.",
        date=datetime(2026, 11, n, 8),
        category=SimpleNamespace(name="Lingkungan", url="rubrik/lingkungan/"),
        kecamatan=place,
        lead_photo=None,
    )


@pytest.fixture
def env() -> Environment:
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True)
    env.filters |= {"iso": lambda d: d.isoformat(), "tanggal_jam": lambda d: f"{d:%d-%m %H.%M}"}
    env.globals["story_card"] = cards.story_card
    cards.reset()
    return env


def test_each_story_and_variant_gets_its_own_card(env):
    page = env.from_string(
        "{% for a in stories %}{{ story_card(a, level=2) }}|{{ story_card(a, summary=false) }}|"
        "{% endfor %}"
    )
    one, two = _story(1), _story(2)
    html = page.render(stories=[one, two], SITEURL="https://kabar.test")
    parts = html.split("|")
    assert (
        "Kerja Bakti Nomor 1" in parts[0] and "<h2" in parts[0] and "Ringkasan berita 1" in parts[0]
    )
    assert "<h3" in parts[1] and "Ringkasan" not in parts[1]
    assert "Kerja Bakti Nomor 2" in parts[2] and "Nomor 1" not in parts[2]
    assert 'href="https://kabar.test/berita/2026/11/kerja-bakti-2/"' in parts[2]


def test_a_card_is_rendered_once_and_follows_siteurl(env, monkeypatch):
    rendered = []
    original = env.get_template(cards.CARD_TEMPLATE).render
    template = env.get_template(cards.CARD_TEMPLATE)
    monkeypatch.setattr(template, "render", lambda **kw: rendered.append(kw) or original(**kw))
    page = env.from_string("{{ story_card(a, level=2) }}")
    story = _story(3)
    first = page.render(a=story, SITEURL="https://kabar.test")
    again = page.render(a=story, SITEURL="https://kabar.test")
    relative = page.render(a=story, SITEURL="../..")
    assert first == again and len(rendered) == 2
    assert 'href="../../berita/2026/11/kerja-bakti-3/"' in relative
    cards.reset()
    page.render(a=story, SITEURL="https://kabar.test")
    assert len(rendered) == 3


def test_templates_share_the_environment_globals():
    """share_globals: no per-template ChainMap copy, later globals are seen, and globals for
    one template are refused (they would land in the shared dict)."""
    from jinja2 import DictLoader  # noqa: PLC0415
    from theme_context.handlers import add_globals  # noqa: PLC0415

    env = Environment(loader=DictLoader({"a.html": "{{ T is defined }} {{ later }}"}))
    add_globals(SimpleNamespace(env=env, settings={}))
    template = env.get_template("a.html")
    assert template.globals is env.globals
    env.globals["later"] = "kemudian"  # e.g. page_meta, added by another plugin's handler
    assert template.render() == "True kemudian"
    with pytest.raises(TypeError, match=r"a\.html: globals per template"):
        env.get_template("a.html", globals={"mine": 1})
    with pytest.raises(TypeError, match=r"a\.html.*globals per template"):
        env.get_or_select_template(["a.html"], globals={"mine": 1})
    assert "mine" not in env.globals
    # a template made from a string keeps the globals given with it, apart from the others
    own = env.from_string("{{ mine }} {{ later }}", globals={"mine": "milik"})
    assert own.render() == "milik kemudian" and "mine" not in env.globals
