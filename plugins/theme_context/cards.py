"""Story cards rendered once per build and process.

A story is listed on a dozen pages (home, rubrik, topik, penulis, kecamatan, kelurahan, unit,
monthly and yearly archives); rendering its card — photo ``<picture>`` with a ``srcset`` per
format — anew on each of them was the largest single cost of a full build. ``story_card``
renders ``partials/story_card.html`` once per story and variant and reuses the markup.

A card shows only the story and the arguments (and SITEURL, which relative-URL builds change
per page): all part of the key. Stories do not change while pages are written.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

CARD_TEMPLATE = "partials/story_card.html"

_CARDS: dict[tuple[int, int, bool, bool, str], tuple[Any, Markup]] = {}


def reset(*_args: Any, **_kwargs: Any) -> None:
    """``initialized``: a new build starts with no cards."""
    _CARDS.clear()


@pass_context
def story_card(
    ctx: Context, article: Any, level: int = 3, summary: bool = True, photo: bool = True
) -> Markup:
    """The card of ``article`` (heading ``h<level>``; with or without summary and photo)."""
    siteurl = ctx.get("SITEURL", "")
    key = (id(article), level, summary, photo, siteurl)
    found = _CARDS.get(key)
    if found is None:
        template = ctx.environment.get_template(CARD_TEMPLATE)
        html = template.render(
            article=article, level=level, summary=summary, photo=photo, SITEURL=siteurl
        )
        found = _CARDS[key] = (article, Markup(html))  # the story is kept: its id stays unique
    return found[1]
