"""Reach: public agenda with iCalendar feeds, the "Ikuti Kami" kit (QR codes, posters per
kelurahan) and the "Kinerja Publikasi" dashboard.

Agenda files live in ``content/agenda/<id>.toml``; problems in them stop the build through the
newsroom plugin's problem log, before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsroom.dates import _wib
from pelican import signals

from .generator import ReachGenerator


def jam(value: datetime) -> str:
    """``08.00`` (PUEBI: a dot between hours and minutes), in WIB."""
    return f"{_wib(value):%H.%M}"


def add_filters(generator: Any) -> None:
    """``generator_init``: the ``jam`` filter for agenda templates."""
    generator.env.filters["jam"] = jam


def follow_template(generator: Any) -> None:
    """``page_generator_finalized``: the Ikuti Kami page (Markdown intro) gets the kit template."""
    slug = generator.settings.get("REACH_FOLLOW_SLUG", "ikuti-kami")
    for page in generator.pages:
        if page.slug == slug and page.template == "page":
            page.template = "ikuti_kami"


def get_generators(_pelican: Any) -> type[ReachGenerator]:
    return ReachGenerator


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.page_generator_finalized.connect(follow_template)
    signals.get_generators.connect(get_generators)
