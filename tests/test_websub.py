"""WebSub pings against a real HTTP hub on 127.0.0.1 (strict about the request format)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from feeds.websub import ping, report, run_task

from tests.conftest import ROOT

SITE = "https://kabar.test"


class Hub(ThreadingHTTPServer):
    """A WebSub hub: records valid publish pings; ``status``/``delay`` inject failures."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), HubHandler)
        self.pings: list[str] = []
        self.bad: list[str] = []
        self.status = 204
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hub"


class HubHandler(BaseHTTPRequestHandler):
    server: Hub

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = parse_qs(body, strict_parsing=True)
        ok = (
            self.path == "/hub"
            and self.headers.get("Content-Type") == "application/x-www-form-urlencoded"
            and form.get("hub.mode") == ["publish"]
            and len(form.get("hub.url", [])) == 1
            and form["hub.url"][0].startswith(SITE + "/feeds/")
        )
        if self.server.delay:
            time.sleep(self.server.delay)
        if not ok:
            self.server.bad.append(body)
            self.send_response(400)
        else:
            if self.server.status < 300:
                self.server.pings.append(form["hub.url"][0])
            self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub() -> Iterator[Hub]:
    server = Hub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def write_feeds(output: Path, text: str = "a") -> None:
    for name in ("semua.atom.xml", "semua.rss.xml", "semua.json", "rubrik/kesehatan.atom.xml"):
        path = output / "feeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{name}:{text}")
    (output / "index.html").write_text("not a feed")


def test_pings_every_changed_feed_once(hub: Hub, tmp_path: Path) -> None:
    out, state = tmp_path / "output", tmp_path / "state.json"
    write_feeds(out)
    first = ping(hub.url, out, SITE, state)
    assert sorted(hub.pings) == sorted(first.pinged) and len(hub.pings) == 4
    assert f"{SITE}/feeds/rubrik/kesehatan.atom.xml" in hub.pings
    assert not hub.bad
    second = ping(hub.url, out, SITE, state)
    assert second.pinged == [] and second.unchanged == 4 and len(hub.pings) == 4
    (out / "feeds/semua.json").write_text("changed")
    third = ping(hub.url, out, SITE, state)
    assert third.pinged == [f"{SITE}/feeds/semua.json"]


def test_hub_errors_are_reported_and_retried_next_time(hub: Hub, tmp_path: Path) -> None:
    out, state = tmp_path / "output", tmp_path / "state.json"
    write_feeds(out)
    hub.status = 503
    failed = ping(hub.url, out, SITE, state)
    assert failed.pinged == [] and len(failed.failed) == 4
    assert set(failed.failed.values()) == {"hub menjawab HTTP 503"}
    _info, warnings = report(failed, hub.url)
    assert "Situs tetap terbit" in warnings[0]
    hub.status = 202
    retried = ping(hub.url, out, SITE, state)
    assert len(retried.pinged) == 4


def test_timeout_and_unreachable_hub_do_not_raise(hub: Hub, tmp_path: Path) -> None:
    out, state = tmp_path / "output", tmp_path / "state.json"
    write_feeds(out)
    hub.delay = 0.5
    slow = ping(hub.url, out, SITE, state, timeout=0.1)
    assert set(slow.failed.values()) == {"hub tidak menjawab dalam 0.1 detik"}
    hub.delay = 0.0
    closed = ping("http://127.0.0.1:9/hub", out, SITE, state, timeout=1)
    assert all("tidak bisa dihubungi" in r for r in closed.failed.values())
    assert not state.read_text().strip("{}\n ")  # nothing recorded as published


def test_task_reads_publishconf_and_hub_from_environment(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "output"
    write_feeds(out)
    monkeypatch.setenv("SITEURL", SITE)
    monkeypatch.setenv("WEBSUB_HUB_URL", hub.url)
    monkeypatch.chdir(ROOT)
    assert run_task(ROOT / "publishconf.py", out, tmp_path / "state.json") == 0
    assert "4 feed diumumkan" in capsys.readouterr().out
    hub.status = 500
    (out / "feeds/semua.json").write_text("changed")
    assert run_task(ROOT / "publishconf.py", out, tmp_path / "state.json") == 1
    assert "hub menjawab HTTP 500" in capsys.readouterr().err
