"""Pelican signal handlers of the news theme."""

from __future__ import annotations

import logging
from typing import Any

from .cards import story_card
from .related import RelatedIndex, latest_videos, neighbours
from .strings import STRINGS

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "THEME_RELATED_COUNT": 4,
    "THEME_VIDEO_COUNT": 4,
    "THEME_HOME_KECAMATAN_COUNT": 3,
    "THEME_LOGO": "",
    "THEME_COLORS": {},
    "THEME_SEARCH": True,
}


def add_globals(generator: Any) -> None:
    """``generator_init``: UI strings (``T``), ``story_card`` and theme defaults for every
    template."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.globals["T"] = STRINGS
    env.globals["story_card"] = story_card
    for key, value in DEFAULTS.items():
        env.globals.setdefault(key, generator.settings.get(key, value))
    share_globals(env)


def share_globals(env: Any) -> None:
    """Templates without globals of their own use ``env.globals`` itself.

    Jinja wraps the environment's globals in a ``ChainMap`` per template (so globals given to
    one template cannot leak); every render copies that mapping key by key in Python (±25 µs),
    and a full build renders ±100,000 pages, cards and photos. No template here is loaded with
    globals of its own and nothing writes to ``template.globals`` (plugins add to
    ``env.globals``, which a shared dict still shows), so the overlay only cost time.

    Globals given with a template still get Jinja's overlay (``from_string``). Loading a file
    template with globals is refused (``get_template``, ``select_template`` and so
    ``get_or_select_template``): for a template already loaded, Jinja adds them to its
    globals, here the environment's.
    """
    overlay = env.make_globals
    env.make_globals = lambda own=None: overlay(own) if own else env.globals
    for name in ("get_template", "select_template"):
        setattr(env, name, _without_globals(getattr(env, name)))


def _without_globals(load: Any) -> Any:
    def loader(names: Any, parent: str | None = None, globals: Any = None) -> Any:
        if globals:
            msg = f"{names}: globals per template are not supported here; add them to env.globals"
            raise TypeError(msg)
        return load(names, parent)

    return loader


def add_story_links(generator: Any) -> None:
    """``article_generator_finalized``: related, previous/next and the latest videos."""
    settings = generator.settings
    stories = list(generator.articles)
    count = settings.get("THEME_RELATED_COUNT", DEFAULTS["THEME_RELATED_COUNT"])
    links = neighbours(stories)
    index = RelatedIndex(stories)
    for story in stories:
        story.related_stories = index.related(story, count)
        story.older_story, story.newer_story = links[id(story)]
    videos = settings.get("THEME_VIDEO_COUNT", DEFAULTS["THEME_VIDEO_COUNT"])
    generator.context["latest_videos"] = latest_videos(stories, videos)
