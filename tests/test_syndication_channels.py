"""Facebook and X channels against loopback servers that enforce the documented contracts."""

from __future__ import annotations

from pathlib import Path

import pytest
from syndication.channels.facebook import FacebookChannel
from syndication.channels.x import XChannel
from syndication.engine import Engine
from syndication.ledger import Ledger
from syndication.retry import RetryPolicy
from syndication.story import Story

from tests.fakes.facebook import FakeGraph
from tests.fakes.x import FakeX
from tests.support.syndication import NOW, fb_env, recent, story_dict, x_env

FAST = RetryPolicy(attempts=4, base=0.01, cap=2.0)


@pytest.fixture
def graph():
    with FakeGraph() as server:
        yield server


@pytest.fixture
def xapi():
    with FakeX(photo=b"\xff\xd8fakejpeg" * 100) as server:
        yield server


def engine(tmp_path: Path, *channels) -> Engine:
    ledger = Ledger(tmp_path / "syndication")
    for c in channels:
        ledger.set_watermark(c.name, recent(48).isoformat())
    return Engine(
        ledger,
        channels,
        now=lambda: NOW,
        outbox=tmp_path / "outbox",
        policy=FAST,
        sleep=lambda s: None,
    )


def stories(n: int = 1, **extra) -> list[Story]:
    return [Story.from_dict(story_dict(i, recent(2 + i), **extra)) for i in range(n)]


def test_facebook_link_post_then_nothing_twice(tmp_path, graph):
    fb = FacebookChannel({}, fb_env(graph.url))
    eng = engine(tmp_path, fb)
    items = stories(3)
    assert eng.run(items).ok
    assert eng.run(items).ok  # second run: nothing new
    assert [graph.count(s.url) for s in items] == [1, 1, 1]
    record = eng.ledger.load(items[0].id)
    entry = record.entry("facebook")
    assert entry["status"] == "posted" and entry["remote_id"].startswith("1001_")
    assert entry["attempts"] == 1 and entry["intent_at"] and entry["posted_at"]


def test_facebook_photo_post_uses_unpublished_uploads(tmp_path, graph):
    fb = FacebookChannel({"photos": True}, fb_env(graph.url))
    items = stories(1, photo="https://kabar.test/foto.jpg")
    assert engine(tmp_path, fb).run(items).ok
    assert len(graph.photos) == 1 and graph.posts[0]["attached"] == list(graph.photos)
    assert items[0].url in graph.posts[0]["message"]


def test_facebook_expired_token_named_and_other_channel_goes_on(tmp_path, graph, xapi):
    graph.inject("expired")
    fb = FacebookChannel({}, fb_env(graph.url))
    x = XChannel({}, x_env(xapi.url))
    report = engine(tmp_path, fb, x).run(stories(2))
    assert not report.ok
    assert any("kedaluwarsa" in p and "SYNDICATION_FACEBOOK_TOKEN" in p for p in report.problems)
    assert graph.posts == []
    assert len(xapi.tweets) == 2  # X is not blocked by Facebook


@pytest.mark.parametrize("fault", ["500_after", "drop_after", "timeout_after"])
def test_facebook_in_doubt_is_reconciled_not_reposted(tmp_path, graph, fault):
    graph.slow = 1.0
    graph.inject(fault, "/feed")
    fb = FacebookChannel({}, fb_env(graph.url), timeout=0.5)
    items = stories(1)
    assert engine(tmp_path, fb).run(items).ok
    assert graph.count(items[0].url) == 1


def test_facebook_transient_then_success_with_backoff(tmp_path, graph):
    graph.inject("429", "/feed")
    graph.inject("500", "/feed")
    graph.inject("drop", "/feed")
    waits = []
    eng = engine(tmp_path, FacebookChannel({}, fb_env(graph.url)))
    eng.sleep = waits.append
    items = stories(1)
    assert eng.run(items).ok
    assert graph.count(items[0].url) == 1
    assert len(waits) == 3 and all(0 <= w <= 2.0 for w in waits)


def test_facebook_usage_header_pauses_channel(tmp_path, graph):
    graph.usage = {
        "X-Business-Use-Case-Usage": '{"1001": [{"type": "pages", "call_count": 99, '
        '"total_time": 5, "total_cputime": 5, "estimated_time_to_regain_access": 7}]}'
    }
    eng = engine(tmp_path, FacebookChannel({}, fb_env(graph.url)))
    report = eng.run(stories(3))
    assert len(graph.posts) == 1  # the first post reports 99 % usage: the rest wait
    assert [o.status for o in report.outcomes].count("pending") == 2


def test_x_post_with_photo_chunked_upload_and_oauth1(tmp_path, xapi):
    x = XChannel({}, x_env(xapi.url))
    items = stories(1, photo=f"{xapi.url}/site/foto.jpg")
    assert engine(tmp_path, x).run(items).ok
    assert len(xapi.tweets) == 1 and xapi.media[next(iter(xapi.media))]["state"] == "succeeded"
    paths = [p for _m, p, _s in xapi.log]
    assert "/2/media/upload/initialize" in paths and "/2/media/upload" in paths


def test_x_bad_signature_is_named_as_token_problem(tmp_path, xapi):
    env = {**x_env(xapi.url), "SYNDICATION_X_ACCESS_SECRET": "wrong-secret"}
    report = engine(tmp_path, XChannel({}, env)).run(stories(1))
    assert xapi.tweets == [] and any("token akses" in p for p in report.problems)
    assert "wrong-secret" not in " ".join(report.problems)


def test_x_rate_limit_reset_honoured(tmp_path, xapi):
    xapi.inject("429", "/2/tweets")
    waits = []
    eng = engine(tmp_path, XChannel({}, x_env(xapi.url)))
    eng.sleep = waits.append
    assert eng.run(stories(1)).ok
    assert len(xapi.tweets) == 1 and waits and waits[0] <= 1.0


def test_x_duplicate_403_reconciles(tmp_path, xapi):
    x = XChannel({}, x_env(xapi.url))
    items = stories(1)
    xapi.tweets.append({"id": "1", "text": x.format(items[0]).text, "entities": {"urls": []}})
    assert engine(tmp_path, x).run(items).ok
    assert len(xapi.tweets) == 1
    assert Ledger(tmp_path / "syndication").load(items[0].id).entry("x")["remote_id"] == "1"


def test_x_link_in_reply(tmp_path, xapi):
    x = XChannel({"link": "reply"}, x_env(xapi.url))
    items = stories(1)
    eng = engine(tmp_path, x)
    assert eng.run(items).ok and eng.run(items).ok
    mains = [t for t in xapi.tweets if "referenced_tweets" not in t]
    replies = [t for t in xapi.tweets if "referenced_tweets" in t]
    assert len(mains) == 1 and len(replies) == 1
    assert items[0].url not in mains[0]["text"] and replies[0]["text"] == items[0].url
    assert eng.ledger.load(items[0].id).entry("x")["reply_id"] == replies[0]["id"]


def test_x_crash_between_post_and_reply_resumes_with_reply_only(tmp_path, xapi):
    x = XChannel({"link": "reply"}, x_env(xapi.url))
    items = stories(1)
    eng = engine(tmp_path, x)
    main_id = x._call("POST", "/2/tweets", json={"text": x.format(items[0]).text})["data"]["id"]
    record = eng.ledger.new(items[0].id, items[0].url, items[0].date.isoformat())
    record.ensure("x").update(status="in_doubt", attempts=1, progress={"tweet_id": main_id})
    eng.ledger.save(record)  # the state a SIGKILL after the main post leaves behind
    assert eng.run(items).ok
    assert len(xapi.tweets) == 2 and xapi.tweets[1]["referenced_tweets"][0]["id"] == main_id
    assert eng.ledger.load(items[0].id).entry("x")["remote_id"] == main_id


def test_x_token_expiry_mid_run_blocks_only_x(tmp_path, xapi, graph):
    x = XChannel({}, x_env(xapi.url))
    fb = FacebookChannel({}, fb_env(graph.url))
    xapi.expired = True
    report = engine(tmp_path, fb, x).run(stories(3))
    assert len(graph.posts) == 3 and xapi.tweets == []
    assert sum(1 for p in report.problems if p.startswith("X:")) == 1  # named once, then stops
