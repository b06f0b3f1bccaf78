"""Browser editing at /admin/: Decap CMS built into the site from the project's own data.

At the end of every build the plugin writes ``admin/`` into the output: the prebuilt Decap CMS
bundle (copied from ``cms/node_modules``, never a CDN), the page that loads it, the newsroom's
own editor code (``locale-id.js``: the Indonesian interface; ``newsroom.js``: Pelican header
format, WIB date, kecamatan/kelurahan and summary widgets; ``agenda.js``: the agenda TOML format)
and ``config.yml`` generated from ``NEWSROOM_RUBRIK``, ``NEWSROOM_CHANNELS``, ``wilayah.toml``,
``unit.toml`` and the ``invoke agenda-new`` template, so the form can never drift from the
content checks.
"""

from __future__ import annotations

from pelican import signals

from .build import write_admin


def register() -> None:
    signals.finalized.connect(write_admin)
