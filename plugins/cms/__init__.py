"""Browser editing at /admin/: Decap CMS built into the site from the project's own data.

At the end of every build the plugin writes ``admin/`` into the output: the prebuilt Decap CMS
bundle (copied from ``cms/node_modules``, never a CDN), the page that loads it, the newsroom's
own editor code (Pelican header format, kelurahan and summary widgets) and ``config.yml``
generated from ``NEWSROOM_RUBRIK``, ``NEWSROOM_CHANNELS``, ``wilayah.toml`` and ``unit.toml``,
so the form can never drift from the content checks.
"""

from __future__ import annotations

from pelican import signals

from .build import write_admin


def register() -> None:
    signals.finalized.connect(write_admin)
