"""Engine guarantees: no flood on first run or lost state, explicit backfill, corrupt ledger
reconciled, outbox default without credentials, dry run without network, status table."""

from __future__ import annotations

import io
import json
from pathlib import Path

from syndication.channels.facebook import FacebookChannel
from syndication.channels.x import XChannel
from syndication.config import SyndicationConfig
from syndication.engine import Engine
from syndication.ledger import Ledger, file_name
from syndication.retry import RetryPolicy
from syndication.story import Story

from syndication import cli
from tests.fakes.facebook import FakeGraph
from tests.support.syndication import NOW, fb_env, recent, story_dict, write_stories

FAST = RetryPolicy(attempts=3, base=0.01, cap=1.0)


def make(tmp_path: Path, *channels) -> Engine:
    return Engine(
        Ledger(tmp_path / "syndication"),
        channels,
        now=lambda: NOW,
        outbox=tmp_path / "outbox",
        policy=FAST,
        sleep=lambda s: None,
    )


def archive(n: int = 5) -> list[Story]:
    return [Story.from_dict(story_dict(i, recent(24 * (i + 1)))) for i in range(n)]


def test_first_run_posts_nothing_old_then_only_new(tmp_path):
    with FakeGraph() as graph:
        eng = make(tmp_path, FacebookChannel({}, fb_env(graph.url)))
        old = archive()
        eng.run(old)
        assert graph.posts == []
        watermark = eng.ledger.watermarks()["facebook"]
        assert watermark == NOW.isoformat()
        # lost watermark file: still no flood
        eng.ledger.state_path.unlink()
        eng.run(old)
        assert graph.posts == []
        fresh = Story.from_dict(story_dict(99, NOW))
        future = Story.from_dict(story_dict(98, NOW.replace(hour=23)))
        eng.run([*old, fresh, future])
        assert [p["link"] for p in graph.posts] == [fresh.url]


def test_backfill_needs_confirmation(tmp_path):
    stories_file = write_stories(
        tmp_path / "stories.json", [story_dict(i, recent(24 * (i + 1))) for i in range(5)]
    )
    config = SyndicationConfig(ledger_path=tmp_path / "syndication", stories_path=stories_file)
    Ledger(config.ledger_path).set_watermark("facebook", NOW.isoformat())
    out = io.StringIO()
    assert cli.backfill(config, "facebook", "2026-11-25", yes=False, out=out) == 1
    assert "--yes" in out.getvalue() and "3 berita" in out.getvalue()
    assert Ledger(config.ledger_path).watermarks()["facebook"] == NOW.isoformat()
    assert cli.backfill(config, "facebook", "2026-11-25", yes=True, out=out) == 0
    with FakeGraph() as graph:
        make(tmp_path, FacebookChannel({}, fb_env(graph.url))).run(
            [Story.from_dict(s) for s in json.loads(stories_file.read_text())["stories"]]
        )
        assert len(graph.posts) == 3


def test_corrupt_ledger_reconciled_not_reposted(tmp_path):
    with FakeGraph() as graph:
        eng = make(tmp_path, FacebookChannel({}, fb_env(graph.url)))
        eng.ledger.set_watermark("facebook", recent(100).isoformat())
        story = archive(1)[0]
        eng.run([story])
        assert len(graph.posts) == 1
        path = tmp_path / "syndication" / file_name(story.id)
        path.write_text('{"story": "trunc')
        report = eng.run([story])
        assert len(graph.posts) == 1  # found on the page, not posted again
        assert any("rusak" in p for p in report.problems)
        assert eng.ledger.load(story.id).entry("facebook")["status"] == "posted"
        assert list(path.parent.glob("*.corrupt-*"))  # the broken file is kept aside


def test_outbox_without_credentials_and_dry_run(tmp_path):
    fb = FacebookChannel({}, {})
    x = XChannel({}, {})
    eng = make(tmp_path, fb, x)
    eng.ledger.set_watermark("facebook@outbox", recent(100).isoformat())
    eng.ledger.set_watermark("x@outbox", recent(100).isoformat())
    story = archive(1)[0]
    shown: list[str] = []
    eng.run([story], dry_run=True, out=shown.append)
    assert not (tmp_path / "outbox").exists()
    assert any(story.url in s and "panjang" in s for s in shown)
    eng.run([story])
    request = json.loads((tmp_path / "outbox" / "x" / file_name(story.id)).read_text())
    assert request["requests"][-1]["url"].endswith("/2/tweets")
    assert story.url in request["requests"][-1]["json"]["text"]
    assert eng.ledger.load(story.id).entry("facebook")["status"] == "skipped"


def test_status_table_flags_attention(tmp_path):
    ledger = Ledger(tmp_path / "syndication")
    record = ledger.new("berita/2026/11/a", "https://k/a/", "2026-11-20T09:30:00+07:00")
    record.ensure("facebook").update(status="posted", remote_url="https://facebook.com/1_2")
    record.ensure("x").update(status="failed", last_error="X menolak kiriman ini")
    ledger.save(record)
    config = SyndicationConfig(ledger_path=ledger.root)
    out = io.StringIO()
    assert cli.status(config, out) == 1
    assert "GAGAL" in out.getvalue() and "https://facebook.com/1_2" in out.getvalue()
    record.ensure("x").update(status="posted")
    ledger.save(record)
    assert cli.status(config, io.StringIO()) == 0


def test_going_live_after_outbox_posts_only_newer_stories(tmp_path):
    story = archive(1)[0]
    offline = make(tmp_path, FacebookChannel({}, {}))
    offline.ledger.set_watermark("facebook@outbox", recent(100).isoformat())
    offline.run([story])
    assert offline.ledger.load(story.id).entry("facebook")["outbox"]
    with FakeGraph() as graph:
        live = make(tmp_path, FacebookChannel({}, fb_env(graph.url)))
        fresh = Story.from_dict(story_dict(50, NOW))
        live.run([story, fresh])
        assert [p["link"] for p in graph.posts] == [fresh.url]
