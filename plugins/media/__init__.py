"""Media pipeline: responsive, private, cached photo derivatives and video checks.

Originals are never published. Each photo of a published story becomes AVIF/WebP/JPEG at a
few widths plus social crops (``photo.renditions``), rendered in parallel into a
content-addressed cache and copied into the output after Pelican has written the pages.
"""

from __future__ import annotations

from pelican import signals

from .pipeline import Rendition, prepare, publish

__all__ = ["Rendition", "register"]


def register() -> None:
    signals.all_generators_finalized.connect(prepare)
    signals.finalized.connect(publish)
