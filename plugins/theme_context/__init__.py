"""News theme context: UI strings, story cards, related stories, previous/next, latest videos.

The Pagefind search index is built by plugins/search_index.

Everything the templates list is computed here in Python, so the templates only display it.
"""

from __future__ import annotations

from pelican import signals

from .cards import reset
from .handlers import add_globals, add_story_links


def register() -> None:
    signals.initialized.connect(reset)
    signals.generator_init.connect(add_globals)
    signals.article_generator_finalized.connect(add_story_links)
