"""Fault injection: 50 stories × 2 channels, random server faults and random SIGKILLs of the
engine process; every (story, channel) must end up delivered exactly once (counted server-side)
with a valid ledger."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from syndication.channels.partner_base import delivery_id
from syndication.ledger import Ledger, validate_record

from tests.fakes.facebook import FakeGraph
from tests.fakes.smtp import Inbox
from tests.fakes.smtp import start as start_smtp
from tests.fakes.webhook import FakeReceiver
from tests.fakes.x import FakeX
from tests.support.syndication import fb_env, story_dict, write_stories, x_env

ROOT = Path(__file__).resolve().parent.parent
STORIES = 50
DEADLINE = 90.0  # more channels per story (partner e-mail + webhook): more work per run
KILLS = 6


HOOK_SECRETS = {"media_a": "rahasia-media-a-1", "media_b": "rahasia-media-b-2"}


def write_mitra(path: Path, hooks: FakeReceiver) -> Path:
    path.write_text(
        "".join(
            f'[[mitra]]\nkunci = "{key}"\nnama = "{key}"\nwebhook = "{hooks.endpoint(key)}"\n'
            f'email = ["redaksi@{key}.example.org"]\n\n'
            for key in HOOK_SECRETS
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def inbox():
    """Partner e-mail: a real SMTP server answering 451 at random."""
    box = Inbox(fault_rate=0.12, seed=4)
    smtp = start_smtp(box)
    box.env["port"] = str(smtp.port)
    yield box
    smtp.stop()


@pytest.mark.slow
def test_exactly_once_under_faults_and_kills(tmp_path, inbox):
    rng = random.Random(20261128)
    with (
        FakeGraph(fault_rate=0.12, seed=1, slow=1.2) as graph,
        FakeX(fault_rate=0.12, seed=2, slow=1.2, photo=b"\xff\xd8jpeg" * 50) as xapi,
        FakeReceiver(HOOK_SECRETS, fault_rate=0.12, seed=3, slow=1.2) as hooks,
    ):
        from datetime import datetime, timedelta  # noqa: PLC0415
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        now = datetime.now(ZoneInfo("Asia/Jakarta")).replace(microsecond=0)
        items = [
            story_dict(
                i,
                now - timedelta(minutes=5 * (STORIES - i)),
                photo=f"{xapi.url}/site/{i}.jpg" if i % 5 == 0 else "",
            )
            for i in range(STORIES)
        ]
        for item in items:  # partner webhook: the JSON Feed item and the channel
            item["syndicate"] += ["webhook", "email"]
            item["feed_item"] = {"id": item["id"], "url": item["url"], "title": item["title"]}
        mitra = write_mitra(tmp_path / "mitra.toml", hooks)
        stories = write_stories(tmp_path / "stories.json", items)
        ledger = Ledger(tmp_path / "syndication")
        for name in ("facebook", "x", "webhook", "email"):
            ledger.set_watermark(name, (now - timedelta(days=30)).isoformat())
        env = {
            **os.environ,
            **fb_env(graph.url),
            **x_env(xapi.url),
            **{f"SYNDICATION_WEBHOOK_SECRET_{k.upper()}": v for k, v in HOOK_SECRETS.items()},
            "KILL_TEST_MITRA": str(mitra),
            "SYNDICATION_EMAIL_HOST": "127.0.0.1",
            "SYNDICATION_EMAIL_PORT": str(inbox.env["port"]),
            "SYNDICATION_EMAIL_FROM": "kabar@kabar.test",
            "SYNDICATION_EMAIL_STARTTLS": "0",  # loopback only
            "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
        }
        cmd = [
            sys.executable,
            "-m",
            "tests.fakes.run_engine",
            str(stories),
            str(ledger.root),
            str(tmp_path / "outbox"),
        ]
        start = time.monotonic()
        kills = runs = 0
        last_err = ""
        while time.monotonic() - start < DEADLINE:
            runs += 1
            err_file = tempfile.TemporaryFile()  # noqa: SIM115 (a file, not a pipe: never blocks)
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err_file
            )
            if kills < KILLS:
                try:
                    proc.wait(timeout=rng.uniform(0.5, 1.5))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    err_file.close()
                    kills += 1
                    continue
            else:
                graph.fault_rate = xapi.fault_rate = hooks.fault_rate = inbox.fault_rate = 0.03
                try:
                    proc.wait(timeout=max(1.0, DEADLINE - (time.monotonic() - start)))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            err_file.seek(0)
            last_err = err_file.read().decode(errors="replace")
            err_file.close()
            if proc.returncode == 0:
                break
        else:
            posted = sum(1 for i in items if graph.count(i["url"]) == 1) + sum(
                1 for i in items if xapi.count(i["url"]) == 1
            )
            pytest.fail(
                f"not finished in {DEADLINE}s after {runs} runs, {kills} kills; "
                f"{posted}/{2 * STORIES} delivered; last stderr: {last_err[-800:]}"
            )
        assert kills >= 2, "the test must actually kill the engine mid-run"
        for item in items:
            assert graph.count(item["url"]) == 1, item["id"]
            assert xapi.count(item["url"]) == 1, item["id"]
            for key in HOOK_SECRETS:  # processed once: repeats carry the same webhook-id
                assert hooks.count(key, item["url"]) == 1, (key, item["id"])
        for key in HOOK_SECRETS:  # e-mail: one Message-ID per story; a resend repeats it
            expected = {f"<{delivery_id(i['id'], key)}@kabar.test>" for i in items}
            assert set(inbox.ids(f"redaksi@{key}.example.org")) == expected
        files = sorted(ledger.root.glob("*.json"))
        assert len(files) == STORIES
        for path in files:
            data = json.loads(path.read_text())
            assert validate_record(data) is None
            assert {n: e["status"] for n, e in data["channels"].items()} == {
                "facebook": "posted",
                "x": "posted",
                "webhook": "posted",
                "email": "posted",
            }
        assert list(ledger.root.glob(".*.tmp")) == []
