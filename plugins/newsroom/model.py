"""Objects the templates see: districts, units and photos of a story."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelican.urlwrappers import URLWrapper

from .wilayah import Area, District


class Kecamatan(URLWrapper):
    """A kecamatan page (``KECAMATAN_URL``), carrying its data-file record."""

    def __init__(self, area: District, settings: dict[str, Any]) -> None:
        super().__init__(area.name, settings)
        self.area = area

    @property
    def code(self) -> str:
        return self.area.code


class Kelurahan(URLWrapper):
    """A kelurahan page (``KELURAHAN_URL``, which may use ``{kecamatan}``, the parent slug)."""

    def __init__(self, area: Area, parent: Kecamatan, settings: dict[str, Any]) -> None:
        super().__init__(area.name, settings)
        self.area = area
        self.parent = parent

    @property
    def code(self) -> str:
        return self.area.code

    def as_dict(self) -> dict[str, Any]:
        d = super().as_dict()
        d["kecamatan"] = self.parent.slug
        return d


class Unit(URLWrapper):
    """The city work unit a story's activity belongs to (``UNIT_URL``)."""


@dataclass
class Photo:
    """A photo of a story: the file beside ``index.md`` and its texts.

    ``url``, ``width`` and ``height`` are filled in once the build knows where it is published.
    """

    file: str
    source_path: str
    alt: str
    caption: str = ""
    credit: str = ""
    lead: bool = False
    focus: tuple[float, float] | None = None
    url: str = ""
    width: int = 0
    height: int = 0
