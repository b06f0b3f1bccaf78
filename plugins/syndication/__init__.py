"""Syndication: every new story posted exactly once to the office's social accounts.

The Pelican side (:mod:`.pelican_side`) writes ``.cache/syndication/stories.json`` at each build and
shows the ledger's links on story pages; the engine (:mod:`.engine`, run by ``invoke syndicate``
after deployment) posts through channel modules (:mod:`.channels`).
"""

from __future__ import annotations

from pelican import signals

from .pelican_side import collect, finish_stories, offer_stories


def register() -> None:
    signals.all_generators_finalized.connect(collect)
    signals.get_writer.connect(offer_stories)
    signals.finalized.connect(finish_stories)
