"""``invoke stats``: read follower counts from each platform's API and append them to a CSV.

Base URLs and credentials come from the environment (``STATS_<PLATFORM>_…``), so the same code
talks to the real APIs in production and to a loopback server in tests. A platform without
credentials is skipped with a message naming the missing variables; a failing platform is named
and the others are still recorded. Tokens travel in headers, never in URLs (httpx logs URLs).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from .dashboard import CSV_FIELDS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Platform:
    """How to ask one platform for its follower count."""

    name: str
    default_url: str
    required: tuple[str, ...]  # env var suffixes, e.g. ("PAGE_ID", "TOKEN")
    request: Callable[[str, Mapping[str, str]], tuple[str, dict[str, str], dict[str, str]]]
    extract: Callable[[Any], int]


def _graph_request(id_var: str, fields: str) -> Callable[..., Any]:
    def request(base: str, env: Mapping[str, str]) -> tuple[str, dict[str, str], dict[str, str]]:
        return (
            f"{base}/{env[id_var]}",
            {"fields": fields},
            {"Authorization": f"Bearer {env['TOKEN']}"},
        )

    return request


def _facebook(data: Any) -> int:
    value = data.get("followers_count", data.get("fan_count"))
    return int(value)


def _x_request(base: str, env: Mapping[str, str]) -> tuple[str, dict[str, str], dict[str, str]]:
    return (
        f"{base}/users/by/username/{env['USERNAME']}",
        {"user.fields": "public_metrics"},
        {"Authorization": f"Bearer {env['BEARER_TOKEN']}"},
    )


def _youtube_request(
    base: str, env: Mapping[str, str]
) -> tuple[str, dict[str, str], dict[str, str]]:
    return (
        f"{base}/channels",
        {"part": "statistics", "id": env["CHANNEL_ID"]},
        {"X-Goog-Api-Key": env["API_KEY"]},
    )


PLATFORMS = (
    Platform(
        "facebook",
        "https://graph.facebook.com/v21.0",
        ("PAGE_ID", "TOKEN"),
        _graph_request("PAGE_ID", "followers_count,fan_count"),
        _facebook,
    ),
    Platform(
        "instagram",
        "https://graph.facebook.com/v21.0",
        ("USER_ID", "TOKEN"),
        _graph_request("USER_ID", "followers_count"),
        lambda data: int(data["followers_count"]),
    ),
    Platform(
        "x",
        "https://api.x.com/2",
        ("USERNAME", "BEARER_TOKEN"),
        _x_request,
        lambda data: int(data["data"]["public_metrics"]["followers_count"]),
    ),
    Platform(
        "youtube",
        "https://www.googleapis.com/youtube/v3",
        ("CHANNEL_ID", "API_KEY"),
        _youtube_request,
        lambda data: int(data["items"][0]["statistics"]["subscriberCount"]),
    ),
)


@dataclass(frozen=True)
class Result:
    """Outcome for one platform: a count, or why there is none."""

    platform: str
    followers: int | None = None
    skipped: str = ""
    error: str = ""


def fetch_one(platform: Platform, env: Mapping[str, str], client: httpx.Client) -> Result:
    prefix = f"STATS_{platform.name.upper()}_"
    missing = [prefix + key for key in platform.required if not env.get(prefix + key)]
    if missing:
        return Result(platform.name, skipped=f"variabel {', '.join(missing)} belum diisi")
    local = {key: env[prefix + key] for key in platform.required}
    base = env.get(prefix + "API_URL", platform.default_url).rstrip("/")
    url, params, headers = platform.request(base, local)
    try:
        response = client.get(url, params=params, headers=headers)
        response.raise_for_status()
        return Result(platform.name, followers=platform.extract(response.json()))
    except httpx.HTTPStatusError as exc:
        return Result(platform.name, error=f"HTTP {exc.response.status_code}")
    except httpx.HTTPError as exc:
        return Result(platform.name, error=f"tidak tersambung ({type(exc).__name__})")
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        return Result(platform.name, error=f"jawaban tidak dikenal ({type(exc).__name__})")


def collect(env: Mapping[str, str]) -> list[Result]:
    """Ask every platform; never raises for one platform's failure (``STATS_TIMEOUT`` seconds)."""
    try:
        timeout = float(env.get("STATS_TIMEOUT", "15"))
    except ValueError:
        timeout = 15.0
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        return [fetch_one(p, env, client) for p in PLATFORMS]


def record(path: Path, day: date, results: list[Result]) -> int:
    """Write today's counts into the CSV (replacing a row of the same day and platform)."""
    rows: list[dict[str, str]] = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    fresh = {r.platform: r.followers for r in results if r.followers is not None}
    rows = [r for r in rows if not (r["tanggal"] == day.isoformat() and r["platform"] in fresh)]
    for platform, followers in fresh.items():
        rows.append(
            {"tanggal": day.isoformat(), "platform": platform, "pengikut": str(followers),
             "keterangan": "invoke stats"}
        )  # fmt: skip
    rows.sort(key=lambda r: (r["tanggal"], r["platform"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(fresh)


def report(results: list[Result]) -> list[str]:
    """One Indonesian line per platform for the terminal."""
    lines = []
    for r in results:
        if r.followers is not None:
            lines.append(f"{r.platform}: {r.followers} pengikut dicatat")
        elif r.skipped:
            lines.append(f"{r.platform}: dilewati — {r.skipped}")
        else:
            lines.append(f"{r.platform}: GAGAL — {r.error}")
    return lines
