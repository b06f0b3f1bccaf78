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
