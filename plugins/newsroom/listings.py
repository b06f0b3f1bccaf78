"""Listing pages Pelican does not make: kecamatan, kelurahan and unit pages, with their indexes.

Every kecamatan and kelurahan of the data file gets a page, even without stories yet, so links
from printed material never break.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from pelican.generators import Generator

from .config import NewsroomConfig
from .model import Kecamatan, Kelurahan, Unit

logger = logging.getLogger(__name__)


def group_by_district(
    articles: list[Any], districts: list[Kecamatan], villages: list[Kelurahan]
) -> tuple[dict[Kecamatan, list[Any]], dict[Kelurahan, list[Any]]]:
    """Stories per kecamatan and per kelurahan, newest first, keyed by the canonical wrappers."""
    by_kec: dict[Kecamatan, list[Any]] = {k: [] for k in districts}
    by_kel: dict[Kelurahan, list[Any]] = {k: [] for k in villages}
    kel_index = {(k.parent.slug, k.slug): k for k in villages}
    kec_index = {k.slug: k for k in districts}
    for article in articles:
        kec = getattr(article, "kecamatan", None)
        if kec is None:
            continue
        by_kec[kec_index[kec.slug]].append(article)
        kel = getattr(article, "kelurahan", None)
        if kel is not None:
            by_kel[kel_index[(kec.slug, kel.slug)]].append(article)
    return by_kec, by_kel


def group_by_unit(articles: list[Any]) -> dict[Unit, list[Any]]:
    """Stories per unit, units sorted by name."""
    groups: dict[Unit, list[Any]] = defaultdict(list)
    for article in articles:
        unit = getattr(article, "unit", None)
        if unit is not None:
            groups[unit].append(article)
    return dict(sorted(groups.items(), key=lambda item: item[0].name))


class ListingGenerator(Generator):
    """Writes ``wilayah/…`` and ``unit/…`` pages; adds ``wilayah`` and ``units`` to the context."""

    def generate_context(self) -> None:
        config = NewsroomConfig.from_settings(self.settings)
        self.kecamatan = [Kecamatan(d, self.settings) for d in config.rules.wilayah.districts]
        self.kelurahan = [
            Kelurahan(area, kec, self.settings)
            for kec in self.kecamatan
            for area in kec.area.kelurahan
        ]
        for kec in self.kecamatan:
            kec.kelurahan = [k for k in self.kelurahan if k.parent is kec]
        articles = self.context.get("articles", [])
        self.by_kecamatan, self.by_kelurahan = group_by_district(
            articles, self.kecamatan, self.kelurahan
        )
        self.by_unit = group_by_unit(articles)
        self.context["wilayah"] = [(k, self.by_kecamatan[k]) for k in self.kecamatan]
        self.context["units"] = list(self.by_unit.items())

    def generate_output(self, writer: Any) -> None:
        self._write_groups(writer, "kecamatan", self.by_kecamatan)
        self._write_groups(writer, "kelurahan", self.by_kelurahan)
        self._write_groups(writer, "unit", self.by_unit)
        self._write_index(writer, "WILAYAH_SAVE_AS", "wilayah")
        self._write_index(writer, "UNITS_SAVE_AS", "units")

    def _write_groups(self, writer: Any, kind: str, groups: dict[Any, list[Any]]) -> None:
        template = self.get_template(kind)
        for wrapper, articles in groups.items():
            writer.write_file(
                wrapper.save_as,
                template,
                self.context,
                url=wrapper.url,
                paginated={"articles": articles, "dates": articles},
                template_name=kind,
                page_name=wrapper.page_name,
                articles=articles,
                dates=articles,
                blog=True,
                **{kind: wrapper},
            )

    def _write_index(self, writer: Any, setting: str, template_name: str) -> None:
        save_as = self.settings.get(setting)
        if save_as:
            writer.write_file(
                save_as,
                self.get_template(template_name),
                self.context,
                url=self.settings.get(setting.replace("SAVE_AS", "URL"), ""),
                template_name=template_name,
            )
