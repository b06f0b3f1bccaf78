"""``invoke stats`` against a loopback HTTP server that checks each platform's request format."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ROOT

TOKENS = {"fb": "fb-token-SECRET1", "ig": "ig-token-SECRET2", "x": "x-bearer-SECRET3",
          "yt": "yt-key-SECRET4"}  # fmt: skip


class FakeApis(BaseHTTPRequestHandler):
    """Facebook Graph, Instagram Graph, X API v2 and YouTube Data API v3, strict about format."""

    fail: ClassVar[dict[str, int]] = {}  # platform -> HTTP status
    slow: ClassVar[set[str]] = set()
    seen: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        auth = self.headers.get("Authorization", "")
        routes = {
            "/graph/1001": ("facebook", auth == f"Bearer {TOKENS['fb']}"
                            and query == {"fields": "followers_count,fan_count"},
                            {"followers_count": 842, "fan_count": 790, "id": "1001"}),
            "/graph/2002": ("instagram", auth == f"Bearer {TOKENS['ig']}"
                            and query == {"fields": "followers_count"},
                            {"followers_count": 4100, "id": "2002"}),
            "/x/2/users/by/username/kominfotikJU": (
                "x", auth == f"Bearer {TOKENS['x']}" and query == {"user.fields": "public_metrics"},
                {"data": {"id": "9", "public_metrics": {"followers_count": 1300,
                                                        "tweet_count": 6300}}}),
            "/yt/v3/channels": (
                "youtube", self.headers.get("X-Goog-Api-Key") == TOKENS["yt"]
                and query == {"part": "statistics", "id": "UCabc"},
                {"items": [{"id": "UCabc", "statistics": {"subscriberCount": "2150"}}]}),
        }  # fmt: skip
        if url.path not in routes:
            self.reply(404, {"error": "not found"})
            return
        platform, valid, body = routes[url.path]
        self.seen.append(platform)
        if not valid:
            self.reply(400, {"error": "bad request format"})
        elif platform in self.slow:
            time.sleep(1.5)
            self.reply(200, body)
        elif platform in self.fail:
            self.reply(self.fail[platform], {"error": "injected failure"})
        else:
            self.reply(200, body)


@pytest.fixture
def api() -> Iterator[str]:
    FakeApis.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApis)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def environment(base: str) -> dict[str, str]:
    return {
        "STATS_FACEBOOK_API_URL": f"{base}/graph", "STATS_FACEBOOK_PAGE_ID": "1001",
        "STATS_FACEBOOK_TOKEN": TOKENS["fb"],
        "STATS_INSTAGRAM_API_URL": f"{base}/graph", "STATS_INSTAGRAM_USER_ID": "2002",
        "STATS_INSTAGRAM_TOKEN": TOKENS["ig"],
        "STATS_X_API_URL": f"{base}/x/2", "STATS_X_USERNAME": "kominfotikJU",
        "STATS_X_BEARER_TOKEN": TOKENS["x"],
        "STATS_YOUTUBE_API_URL": f"{base}/yt/v3", "STATS_YOUTUBE_CHANNEL_ID": "UCabc",
        "STATS_YOUTUBE_API_KEY": TOKENS["yt"],
    }  # fmt: skip


def run_stats(env: dict[str, str], csv_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STATS_")}
    return subprocess.run(
        [sys.executable, "-m", "invoke", "stats", "--csv", str(csv_path)],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_platform_failing_others_recorded_failure_named(api: str, tmp_path: Path):
    FakeApis.fail = {"instagram": 500}
    target = tmp_path / "statistik.csv"
    target.write_text(
        "tanggal,platform,pengikut,keterangan\n2026-11-01,instagram,3994,data awal\n",
        encoding="utf-8",
    )
    proc = run_stats(environment(api), target)
    assert proc.returncode == 1
    assert "instagram: GAGAL — HTTP 500" in proc.stdout
    recorded = {r["platform"]: int(r["pengikut"]) for r in rows(target)[1:]}
    assert recorded == {"facebook": 842, "x": 1300, "youtube": 2150}
    assert rows(target)[0]["pengikut"] == "3994"  # history kept
    assert sorted(FakeApis.seen) == ["facebook", "instagram", "x", "youtube"]
    for secret in TOKENS.values():
        assert secret not in proc.stdout + proc.stderr + target.read_text()


def test_timeout_and_rate_limit_named(api: str, tmp_path: Path):
    FakeApis.fail, FakeApis.slow = {"x": 429}, {"youtube"}
    target = tmp_path / "statistik.csv"
    proc = run_stats({**environment(api), "STATS_TIMEOUT": "0.5"}, target)
    FakeApis.slow = set()
    assert proc.returncode == 1
    assert "youtube: GAGAL — tidak tersambung (ReadTimeout)" in proc.stdout
    assert "x: GAGAL — HTTP 429" in proc.stdout
    assert {r["platform"] for r in rows(target)} == {"facebook", "instagram"}


def test_missing_credentials_skip_with_named_variables(api: str, tmp_path: Path):
    FakeApis.fail = {}
    env = environment(api)
    del env["STATS_YOUTUBE_API_KEY"], env["STATS_X_BEARER_TOKEN"]
    target = tmp_path / "statistik.csv"
    proc = run_stats(env, target)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "youtube: dilewati — variabel STATS_YOUTUBE_API_KEY belum diisi" in proc.stdout
    assert "x: dilewati — variabel STATS_X_BEARER_TOKEN belum diisi" in proc.stdout
    assert {r["platform"] for r in rows(target)} == {"facebook", "instagram"}
    assert sorted(FakeApis.seen) == ["facebook", "instagram"]
    # Same day again: rows are replaced, not duplicated.
    run_stats(env, target)
    assert len(rows(target)) == 2
