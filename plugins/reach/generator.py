"""Writes the agenda pages and iCalendar feeds, the "Ikuti Kami" kit and the dashboard."""

from __future__ import annotations

import logging
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from newsroom.config import NewsroomConfig
from newsroom.model import Kecamatan, Kelurahan
from newsroom.outputs import next_midnight, valid_until, write_if_changed
from newsroom.problems import BUILD_LOG
from pelican.generators import Generator

from .agenda import Activity, load_agenda, story_links
from .config import ReachConfig
from .dashboard import build_charts, read_followers, read_ledger
from .ical import calendar
from .qr import qr_svg

logger = logging.getLogger(__name__)

AGENDA_URL = "agenda/"
ITEM_URL = "agenda/{id}/"
KECAMATAN_AGENDA_URL = "agenda/{slug}/"
ICAL_ALL = "agenda/agenda-jakarta-utara.ics"
ICAL_KECAMATAN = "agenda/agenda-{slug}.ics"
POSTER_URL = "{follow}/poster/{kecamatan}/{kelurahan}/"
DASHBOARD_URL = "kinerja/"


def by_day(activities: list[Activity]) -> list[tuple[date, list[Activity]]]:
    return [(day, list(items)) for day, items in groupby(activities, key=lambda a: a.day)]


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}" if url else siteurl


class ReachGenerator(Generator):
    """Agenda, Ikuti Kami kit and Kinerja Publikasi; internal agenda items are dropped on read."""

    def generate_context(self) -> None:
        self.reach = ReachConfig.from_settings(self.settings)
        news = NewsroomConfig.from_settings(self.settings)
        activities, problems = load_agenda(
            self.reach.agenda_path,
            news.display,
            wilayah=news.rules.wilayah,
            units=news.rules.units,
            tz=news.rules.timezone,
        )
        articles = self.context.get("articles", [])
        links, link_problems = story_links(articles, activities, news.display)
        BUILD_LOG.extend(problems + link_problems)
        # Internal items stop here: nothing below (pages, feeds, context) ever sees them.
        self.activities = [a for a in activities if a.public]
        self.coverage = {k: v for k, v in links.items() if any(a.id == k for a in self.activities)}
        self.kecamatan = [Kecamatan(d, self.settings) for d in news.rules.wilayah.districts]
        now = self.reach.now
        self.upcoming = [a for a in self.activities if not a.is_past(now)]
        self.past = [a for a in reversed(self.activities) if a.is_past(now)]
        # The dashboard counts "today"; an upcoming event becomes past when it ends.
        valid_until([next_midnight(now), *(a.end or a.start for a in self.upcoming)])
        self.item_url = {a.id: ITEM_URL.format(id=a.id) for a in self.activities}
        self.kec_of = {k.area.code: k for k in self.kecamatan}
        upcoming_by_kec = {
            k.slug: [a for a in self.upcoming if a.kecamatan.code == k.area.code]
            for k in self.kecamatan
        }
        pages = self.context.get("pages", [])
        self.follow_page = next((p for p in pages if p.slug == self.reach.follow_slug), None)
        self.context.update(
            agenda_upcoming=self.upcoming[: self.reach.home_items],
            agenda_upcoming_by_kecamatan=upcoming_by_kec,
            agenda_item_url=self.item_url,
            agenda_url=AGENDA_URL,
            agenda_ical_url=ICAL_ALL,
            agenda_kecamatan_url={
                k.slug: KECAMATAN_AGENDA_URL.format(slug=k.slug) for k in self.kecamatan
            },
            agenda_kecamatan_ical={
                k.slug: ICAL_KECAMATAN.format(slug=k.slug) for k in self.kecamatan
            },
            kinerja_url=DASHBOARD_URL,
        )
        self.context.update(self._follow_context())

    # --- Ikuti Kami ------------------------------------------------------------------------
    def _follow_context(self) -> dict[str, Any]:
        siteurl = self.settings.get("SITEURL", "")
        follow = self.reach.follow_slug
        accounts = []
        for account in self.reach.accounts:
            accounts.append(
                {
                    **account,
                    "posts": self.reach.posts.get(account["id"], ""),
                    "qr_url": f"{follow}/qr/{account['id']}.svg",
                }
            )
        feed = self.settings.get("FEED_ALL_ATOM")
        links = []
        if feed:
            links.append(("Berita terbaru (feed Atom)", absolute(siteurl, feed)))
        links.append(("Agenda kegiatan (kalender iCalendar)", absolute(siteurl, ICAL_ALL)))
        self.qr_targets = {
            a["id"]: (a["url"], f"Kode QR {a['name']} {a['handle']}") for a in accounts
        }
        if siteurl.startswith("http"):
            self.qr_targets["situs"] = (siteurl + "/", f"Kode QR situs {self.settings['SITENAME']}")
        posters = [
            (kec, [(kel, POSTER_URL.format(follow=follow, kecamatan=kec.slug, kelurahan=kel.slug))
                   for kel in (Kelurahan(a, kec, self.settings) for a in kec.area.kelurahan)])
            for kec in self.kecamatan
        ]  # fmt: skip
        return {
            "follow_accounts": accounts,
            "follow_links": links,
            "follow_site_qr": f"{follow}/qr/situs.svg" if "situs" in self.qr_targets else "",
            "follow_posters": posters,
            "follow_poster_index": f"{follow}/poster/",
        }

    # --- output ---------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        self._write_agenda(writer)
        self._write_ical()
        self._write_follow(writer)
        self._write_dashboard(writer)

    def _write(self, writer: Any, url: str, template: str, **extra: Any) -> None:
        writer.write_file(
            url + "index.html", self.get_template(template), self.context, url=url,
            template_name=template, **extra,
        )  # fmt: skip

    def _write_agenda(self, writer: Any) -> None:
        common = {"agenda_coverage": self.coverage, "agenda_kecamatan_list": self.kecamatan}
        self._write(
            writer, AGENDA_URL, "agenda", agenda_days=by_day(self.upcoming),
            agenda_past=self.past, agenda_kecamatan=None, **common,
        )  # fmt: skip
        for kec in self.kecamatan:
            mine = [a for a in self.activities if a.kecamatan.code == kec.area.code]
            self._write(
                writer, KECAMATAN_AGENDA_URL.format(slug=kec.slug), "agenda",
                agenda_days=by_day([a for a in self.upcoming if a in mine]),
                agenda_past=[a for a in self.past if a in mine], agenda_kecamatan=kec, **common,
            )  # fmt: skip
        for activity in self.activities:
            self._write(
                writer, self.item_url[activity.id], "agenda_item", activity=activity,
                agenda_kecamatan=self.kec_of[activity.kecamatan.code],
                coverage=self.coverage.get(activity.id), **common,
            )  # fmt: skip

    def _write_ical(self) -> None:
        siteurl = self.settings.get("SITEURL", "")
        urls = {k: absolute(siteurl, v) for k, v in self.item_url.items()}
        feeds = {ICAL_ALL: ("Agenda Jakarta Utara", self.activities)}
        for kec in self.kecamatan:
            mine = [a for a in self.activities if a.kecamatan.code == kec.area.code]
            feeds[ICAL_KECAMATAN.format(slug=kec.slug)] = (f"Agenda Kecamatan {kec.name}", mine)
        for path, (name, items) in feeds.items():
            data = calendar(items, name=name, domain=self.reach.uid_domain, url_for=urls)
            self._raw(path, data)

    def _raw(self, relative: str, data: bytes) -> None:
        """Write a non-template file (iCalendar, SVG), leaving it untouched when unchanged."""
        write_if_changed(Path(self.output_path) / relative, data)

    def _write_follow(self, writer: Any) -> None:
        follow = self.reach.follow_slug
        for name, (url, title) in self.qr_targets.items():
            self._raw(f"{follow}/qr/{name}.svg", qr_svg(url, title).encode("utf-8"))
        if self.follow_page is None:
            self._write(writer, f"{follow}/", "ikuti_kami", page=None)
        self._write(writer, f"{follow}/poster/", "poster_index")
        for kec, villages in self.context["follow_posters"]:
            for kel, url in villages:
                self._write(writer, url, "poster", poster_kecamatan=kec, poster_kelurahan=kel)

    def _write_dashboard(self, writer: Any) -> None:
        charts = build_charts(
            followers=read_followers(self.reach.stats_csv),
            articles=self.context.get("articles", []),
            ledger=read_ledger(self.reach.ledger_path),
            channels=self.reach.channels,
            names={a["id"]: a["name"] for a in self.reach.accounts},
            kecamatan=[k.name for k in self.kecamatan],
            today=self.reach.now.date(),
            weeks=self.reach.heatmap_weeks,
        )
        self._write(writer, DASHBOARD_URL, "kinerja", charts=charts)
