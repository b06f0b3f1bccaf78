"""Fault injection: 50 stories × 2 channels, random server faults and random SIGKILLs of the
engine process; every (story, channel) must end up delivered exactly once (counted server-side)
with a valid ledger."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from syndication.channels.partner_base import delivery_id
from syndication.ledger import Ledger, validate_record

from tests.fakes.facebook import FakeGraph
from tests.fakes.instagram import FakeInstagram
from tests.fakes.smtp import Inbox
from tests.fakes.smtp import start as start_smtp
from tests.fakes.telegram import FakeTelegram
from tests.fakes.webhook import FakeReceiver
from tests.fakes.x import FakeX
from tests.fakes.youtube import FakeYouTube
from tests.support.syndication import (
    fb_env,
    ig_env,
    story_dict,
    tg_env,
    write_stories,
    x_env,
    yt_env,
)

ROOT = Path(__file__).resolve().parent.parent
STORIES = 50
DEADLINE = 90.0  # more channels per story (partner e-mail + webhook): more work per run
KILLS = 6


def add_video(tmp_path: Path, item: dict) -> Path:
    """A story folder with ``Video: liputan.mp4`` and 1 MiB of random video for YouTube."""
    folder = tmp_path / "content" / item["id"]
    folder.mkdir(parents=True)
    (folder / "liputan.mp4").write_bytes(os.urandom(1024 * 1024))
    (folder / "index.md").write_text(f"Title: {item['title']}\nVideo: liputan.mp4\n\nIsi.\n")
    item.update(video_file=str(folder / "liputan.mp4"), syndicate=[*item["syndicate"], "youtube"])
    return folder / "index.md"


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
        FakeInstagram(fault_rate=0.12, seed=3, slow=1.2) as ig,
        FakeTelegram(fault_rate=0.12, seed=4, slow=1.2, retry_after=0) as tg,
        FakeYouTube(fault_rate=0.12, seed=5, slow=1.2, quota=1000) as yt,
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
                syndicate=["facebook", "x", "instagram", "telegram"],
            )
            for i in range(STORIES)
        ]
        for item in items:  # partner webhook: the JSON Feed item and the channel
            item["syndicate"] += ["webhook", "email"]
            item["feed_item"] = {"id": item["id"], "url": item["url"], "title": item["title"]}
        videos = {i["id"]: add_video(tmp_path, i) for i in items[::10]}  # YouTube: every 10th
        mitra = write_mitra(tmp_path / "mitra.toml", hooks)
        stories = write_stories(tmp_path / "stories.json", items)
        ledger = Ledger(tmp_path / "syndication")
        for name in ("facebook", "x", "instagram", "telegram", "youtube", "webhook", "email"):
            ledger.set_watermark(name, (now - timedelta(days=30)).isoformat())
        env = {
            **os.environ,
            **fb_env(graph.url),
            **x_env(xapi.url),
            **ig_env(ig.url),
            **tg_env(tg.url),
            **yt_env(yt.url),
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
                for fake in (graph, xapi, ig, yt, hooks, inbox):
                    fake.fault_rate = 0.03
                # Telegram keeps its faults: a flagged delivery is final, so runs still end.
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
            assert ig.count(urlsplit(item["url"]).path.rstrip("/")) == bool(item["photos"])
            assert tg.count(item["url"]) <= 1, item["id"]
            assert yt.count(item["id"]) == (1 if item["id"] in videos else 0), item["id"]
            for key in HOOK_SECRETS:  # processed once: repeats carry the same webhook-id
                assert hooks.count(key, item["url"]) == 1, (key, item["id"])
        with_photo = {item["url"]: bool(item["photos"]) for item in items}
        for key in HOOK_SECRETS:  # e-mail: one Message-ID per story; a resend repeats it
            expected = {f"<{delivery_id(i['id'], key)}@kabar.test>" for i in items}
            assert set(inbox.ids(f"redaksi@{key}.example.org")) == expected
        files = sorted(ledger.root.glob("*.json"))
        assert len(files) == STORIES
        for path in files:
            data = json.loads(path.read_text())
            assert validate_record(data) is None
            telegram = data["channels"].pop("telegram")
            # Telegram: exactly once, or at most once and flagged for a human (no reconcile).
            url = data["url"]
            assert (telegram["status"], tg.count(url)) == ("posted", 1) or (
                telegram["status"] == "in_doubt" and telegram["progress"]["sending"]
            ), (url, telegram)
            expected = {
                "facebook": "posted",
                "x": "posted",
                "instagram": "posted" if with_photo[data["url"]] else "skipped",
                "webhook": "posted",
                "email": "posted",
            }
            if data["story"] in videos:
                expected["youtube"] = "posted"
                index = videos[data["story"]]
                (video,) = [
                    v for v in yt.videos if v["id"] == data["channels"]["youtube"]["remote_id"]
                ]
                content = (index.parent / "liputan.mp4").read_bytes()
                assert video["sha256"] == hashlib.sha256(content).hexdigest()  # whole, in order
                assert f"Video: https://youtu.be/{data['channels']['youtube']['remote_id']}" in (
                    index.read_text()
                )
            assert {n: e["status"] for n, e in data["channels"].items()} == expected
        assert list(ledger.root.glob(".*.tmp")) == []
