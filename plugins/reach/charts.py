"""Static SVG charts for the "Kinerja Publikasi" page (no JavaScript), each with a text summary
and a data table so screen-reader users and printouts get the same facts.

Every plotted value carries ``data-series``/``data-date``/``data-label`` and ``data-value``
attributes: the numbers are machine-readable in the SVG itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

PALETTE = ("#1f5f99", "#b5470b", "#2f7d32", "#8a2a8f", "#6b5b00", "#0f6f6f", "#9c1c3a")
HEAT = ("#ebedf0", "#c6e0f5", "#7fb3e0", "#3a7fc1", "#134f8a")
WEEKDAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


@dataclass
class Chart:
    """One chart: what it shows in words, the SVG and the same data as a table."""

    id: str
    title: str
    summary: str
    svg: str
    headers: Sequence[str] = ()
    rows: list[Sequence[object]] = field(default_factory=list)


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t" '
        f'class="chart" id="{chart_id}-svg"><title id="{chart_id}-t">{_escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def number(value: float) -> str:
    """Indonesian thousands separator: 3.994."""
    return f"{value:,.0f}".replace(",", ".")


def line_chart(
    chart_id: str,
    title: str,
    series: dict[str, list[tuple[date, int]]],
    names: dict[str, str] | None = None,
) -> Chart:
    """Followers per platform over time: one polyline per series, a dot per measurement.

    ``data-series`` keeps the series key (platform id); ``names`` gives the words shown.
    """
    names = names or {}
    width, height, left, right, top, bottom = 640, 300, 60, 110, 20, 40
    points = [p for values in series.values() for p in values]
    if not points:
        return Chart(chart_id, title, "Belum ada data pengikut.", _svg(chart_id, title, 10, 10, []))
    days = [d for d, _ in points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top_value = max(v for _, v in points) * 1.1 or 1

    def x(d: date) -> float:
        return left + (d - first).days / span * (width - left - right)

    def y(v: float) -> float:
        return top + (1 - v / top_value) * (height - top - bottom)

    body = [
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="#555"/>'
    ]
    for tick in range(5):
        value = top_value * tick / 4
        body.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">'
            f"{number(value)}</text>"
        )
    body.append(f'<text x="{left}" y="{height - 12}" font-size="11">{first:%d-%m-%Y}</text>')
    body.append(
        f'<text x="{width - right}" y="{height - 12}" font-size="11" text-anchor="end">'
        f"{last:%d-%m-%Y}</text>"
    )
    rows: list[Sequence[object]] = []
    summary = []
    for index, (name, raw) in enumerate(sorted(series.items())):
        color = PALETTE[index % len(PALETTE)]
        values = sorted(raw)
        coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in values)
        body.append(f'<g class="series" data-series={quoteattr(name)}>')
        body.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>')
        for d, v in values:
            body.append(
                f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="{color}" '
                f'data-date="{d.isoformat()}" data-value="{v}"/>'
            )
            rows.append((names.get(name, name), d.isoformat(), number(v)))
        d_last, v_last = values[-1]
        body.append(
            f'<text x="{x(d_last) + 6:.1f}" y="{y(v_last) + 4:.1f}" font-size="12" '
            f'fill="{color}">{_escape(names.get(name, name))}</text></g>'
        )
        change = v_last - values[0][1]
        label = names.get(name, name)
        summary.append(
            f"{label}: {number(v_last)} ({'+' if change >= 0 else '−'}{number(abs(change))} "
            f"sejak {values[0][0]:%d-%m-%Y})"
        )
    text = "Jumlah pengikut terakhir per platform: " + "; ".join(summary) + "."
    return Chart(
        chart_id, title, text, _svg(chart_id, title, width, height, body),
        ("Platform", "Tanggal", "Pengikut"), rows,
    )  # fmt: skip


def heat_map(chart_id: str, title: str, per_day: dict[date, int], end: date, weeks: int) -> Chart:
    """Stories per day as a calendar (weeks as columns, Monday on top), darker = more stories."""
    cell, left, top = 14, 34, 20
    start = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    peak = max((per_day.get(d, 0) for d in days), default=0)
    body = [
        f'<text x="0" y="{top + i * cell + 11}" font-size="10">{name}</text>'
        for i, name in enumerate(WEEKDAYS)
        if i % 2 == 0
    ]
    body.append('<g class="series" data-series="berita-per-hari">')
    for d in days:
        count = per_day.get(d, 0)
        level = 0 if count == 0 else 1 + min(3, (count - 1) * 4 // max(peak, 1))
        col, row = (d - start).days // 7, d.weekday()
        body.append(
            f'<rect x="{left + col * cell}" y="{top + row * cell}" width="{cell - 2}" '
            f'height="{cell - 2}" fill="{HEAT[level]}" data-date="{d.isoformat()}" '
            f'data-value="{count}"><title>{d:%d-%m-%Y}: {count} berita</title></rect>'
        )
    body.append("</g>")
    width = left + weeks * cell + 4
    height = top + 7 * cell + 4
    active = sum(1 for d in days if per_day.get(d, 0))
    longest = streak = 0
    for d in days:
        streak = streak + 1 if per_day.get(d, 0) else 0
        longest = max(longest, streak)
    text = (
        f"Dalam {len(days)} hari terakhir (sampai {end:%d-%m-%Y}) ada berita terbit pada "
        f"{active} hari; rangkaian terpanjang {longest} hari berturut-turut; "
        f"paling banyak {peak} berita dalam sehari."
    )
    rows = [(d.isoformat(), per_day[d]) for d in days if per_day.get(d, 0)]
    return Chart(
        chart_id, title, text, _svg(chart_id, title, width, height, body),
        ("Tanggal", "Jumlah berita"), rows,
    )  # fmt: skip


def bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple[str, float]],
    *,
    unit: str = "berita",
    percent: bool = False,
    summary: str = "",
) -> Chart:
    """Horizontal bars, one per label, in the given order."""
    row_h, label_w, bar_w, top = 24, 230, 300, 6
    peak = 100.0 if percent else max((v for _, v in items), default=0) or 1
    body = ['<g class="series" data-series="batang">']
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        shown = f"{value:.0f}%" if percent else number(value)
        body.append(
            f'<g class="bar" data-label={quoteattr(label)} data-value="{value:g}">'
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{_escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" height="{row_h - 8}" '
            f'width="{max(value / peak * bar_w, 0.5):.1f}" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + value / peak * bar_w + 6:.1f}" y="{y + 15}" font-size="12">'
            f"{shown}</text></g>"
        )
    body.append("</g>")
    height = top * 2 + max(len(items), 1) * row_h
    if not summary:
        total = sum(v for _, v in items)
        if items:
            best = max(items, key=lambda item: item[1])
            summary = f"Total {number(total)} {unit}; terbanyak {best[0]} ({number(best[1])})."
        else:
            summary = "Belum ada data."
    rows = [(label, f"{value:.0f}%" if percent else number(value)) for label, value in items]
    return Chart(
        chart_id, title, summary, _svg(chart_id, title, label_w + bar_w + 70, height, body),
        ("", "Persen" if percent else "Jumlah"), rows,
    )  # fmt: skip
