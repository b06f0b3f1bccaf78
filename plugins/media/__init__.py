"""Media pipeline: responsive, private, cached photo derivatives and video checks.

Originals are never published. Each photo of a published story becomes AVIF/WebP/JPEG at a
few widths plus social crops (``photo.renditions``), rendered in parallel into a
content-addressed cache and hard-linked into the output just before Pelican writes the pages.
"""

from __future__ import annotations

from pelican import signals

from .pipeline import Rendition, prepare, publish

__all__ = ["Rendition", "register"]


def register() -> None:
    signals.all_generators_finalized.connect(prepare)
    # get_writer is sent once, after every check passed and just before pages are written, so
    # later writers (feeds) can read the derivatives' sizes; publish returns no writer.
    signals.get_writer.connect(publish)
