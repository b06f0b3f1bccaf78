"""WebSub: tell the hub which feeds changed since the last deploy (``hub.mode=publish``).

Changes are found by comparing SHA-256 hashes of the built feed files with the hashes saved
after the previous successful ping (``.cache/feeds/published.json``). A failing hub never
breaks a publish: failures are reported and those feeds are pinged again next time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

logger = logging.getLogger(__name__)
FEED_SUFFIXES = (".atom.xml", ".rss.xml", ".json")


@dataclass
class PingResult:
    """What the ping did: feeds announced, feeds that failed (with the reason), unchanged count."""

    pinged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unchanged: int = 0


def feed_hashes(output: Path, siteurl: str) -> dict[str, str]:
    """Absolute feed URL → SHA-256 of its file, for every feed under ``output/feeds``."""
    hashes = {}
    for path in sorted((output / "feeds").rglob("*")):
        if path.is_file() and path.name.endswith(FEED_SUFFIXES):
            url = f"{siteurl.rstrip('/')}/{path.relative_to(output).as_posix()}"
            hashes[url] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def load_state(state_file: Path) -> dict[str, str]:
    try:
        return json.loads(state_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        logger.warning("%s tidak terbaca (%s); semua feed dianggap berubah", state_file, exc)
        return {}


def ping(
    hub: str,
    output: Path,
    siteurl: str,
    state_file: Path,
    *,
    timeout: float = 10.0,
    client: httpx.Client | None = None,
) -> PingResult:
    """POST ``hub.mode=publish&hub.url=<feed>`` to ``hub`` for each changed feed."""
    current = feed_hashes(output, siteurl)
    previous = load_state(state_file)
    result = PingResult()
    saved = dict(previous)
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    try:
        for url, digest in current.items():
            if previous.get(url) == digest:
                result.unchanged += 1
                continue
            try:
                response = http.post(hub, data={"hub.mode": "publish", "hub.url": url})
                response.raise_for_status()
            except httpx.HTTPStatusError as exc:
                result.failed[url] = f"hub menjawab HTTP {exc.response.status_code}"
                continue
            except httpx.TimeoutException:
                result.failed[url] = f"hub tidak menjawab dalam {timeout:g} detik"
                continue
            except httpx.TransportError as exc:
                result.failed[url] = f"hub tidak bisa dihubungi ({type(exc).__name__})"
                continue
            result.pinged.append(url)
            saved[url] = digest
    finally:
        if own:
            http.close()
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return result


def report(result: PingResult, hub: str) -> tuple[list[str], list[str]]:
    """Plain-Indonesian lines for the console: (information, warnings)."""
    info = [
        f"WebSub: {len(result.pinged)} feed diumumkan ke {hub}, {result.unchanged} tidak berubah"
    ]
    info += [f"  diumumkan: {url}" for url in result.pinged]
    warnings = [
        f"WebSub gagal untuk {url}: {reason}. Situs tetap terbit; feed ini dicoba lagi pada "
        "`invoke websub` berikutnya."
        for url, reason in result.failed.items()
    ]
    return info, warnings


def run_task(settings_file: Path, output: Path, state_file: Path, timeout: float = 10.0) -> int:
    """``invoke websub``: ping the hub for changed feeds; 0 unless some ping failed."""
    from pelican.settings import read_settings  # noqa: PLC0415 (only the task needs it)

    from .config import FeedsConfig  # noqa: PLC0415

    settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(output)})
    config = FeedsConfig.from_settings(settings)
    if not config.enabled:
        print("WebSub dilewati: SITEURL bukan alamat http(s) absolut (pakai publishconf.py).")
        return 0
    if not (output / "feeds").is_dir():
        print(f"WebSub dilewati: {output}/feeds belum ada; jalankan build produksi dulu.")
        return 0
    result = ping(config.hub, output, config.siteurl, state_file, timeout=timeout)
    info, warnings = report(result, config.hub)
    print("\n".join(info))
    for line in warnings:
        print(line, file=sys.stderr)
    return 1 if warnings else 0
