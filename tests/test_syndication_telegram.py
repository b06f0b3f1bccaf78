"""Telegram channel: HTML formatting and limits (pure), the Bot API contract against a strict
loopback fake, 429/401/403/400 handling, and in-doubt deliveries flagged for a human."""

from __future__ import annotations

import io
import json
import logging

import pytest
from syndication.channels.telegram import TelegramChannel, telegram_length, to_html
from syndication.config import SyndicationConfig
from syndication.story import Story

from syndication import cli
from tests.fakes.telegram import FakeTelegram, parse_html
from tests.support.syndication import make_engine, recent, story_dict, tg_env

TOKEN = tg_env("")["SYNDICATION_TELEGRAM_TOKEN"]


@pytest.fixture
def tg():
    with FakeTelegram(slow=1.0) as server:
        yield server


def story(n: int = 0, photos: int = 0, **extra) -> Story:
    data = story_dict(n, recent(2 + n), syndicate=["telegram"], **extra)
    data["photos"] = [
        {"url": f"https://kabar.test/foto/{n}-{i}.jpg", "alt": f"Foto {i}"} for i in range(photos)
    ]
    return Story.from_dict(data)


def channel(url: str, **options) -> TelegramChannel:
    return TelegramChannel({"check_photos": False, **options}, tg_env(url), timeout=0.5)


def test_html_is_escaped_and_counted_after_parsing():
    item = story(title='Harga <Cabai> & Bawang Turun "Lagi" 🌶️', summary="a < b & c > d " * 5)
    post = channel("http://t").format(item)
    body = to_html(post.text, post.link)
    visible = parse_html(body)  # the fake's Telegram-like parser accepts it
    assert visible == post.text
    assert telegram_length(visible) == post.length <= 4096
    assert body.startswith("<b>Harga &lt;Cabai&gt; &amp; Bawang")
    assert f'<a href="{item.url}">{item.url}</a>' in body


def test_caption_limit_1024_with_photo_and_4096_without():
    long = "Warga bergotong royong membersihkan saluran air di lingkungan RW. " * 120
    with_photo = channel("http://t").format(story(1, photos=1, summary=long))
    text_only = channel("http://t").format(story(2, summary=long))
    assert with_photo.limit == 1024 and 900 < with_photo.length <= 1024
    assert text_only.limit == 4096 and 3900 < text_only.length <= 4096
    assert with_photo.link in with_photo.text and text_only.link in text_only.text
    assert telegram_length("🌶") == 2  # outside the BMP: two UTF-16 units


def test_send_message_then_nothing_twice(tmp_path, tg):
    items = [story(0), story(1)]
    eng = make_engine(tmp_path, channel(tg.url))
    assert eng.run(items).ok
    assert eng.run(items).ok
    assert [tg.count(s.url) for s in items] == [1, 1]
    entry = eng.ledger.load(items[0].id).entry("telegram")
    assert entry["status"] == "posted"
    assert entry["remote_url"] == f"https://t.me/kominfotikju/{entry['remote_id']}"
    assert "progress" not in entry


def test_photo_and_album_caption_on_first_item(tmp_path, tg):
    one, album, many = story(0, photos=1), story(1, photos=3), story(2, photos=12)
    assert make_engine(tmp_path, channel(tg.url)).run([one, album, many]).ok
    assert [tg.count(s.url) for s in (one, album, many)] == [1, 1, 1]
    groups = [m for m in tg.messages if m.get("media_group_id")]
    sizes = {}
    for m in groups:
        sizes[m["media_group_id"]] = sizes.get(m["media_group_id"], 0) + 1
    assert sorted(sizes.values()) == [3, 10]  # 12 photos are cut to the album maximum
    assert [bool(m["caption"]) for m in groups if m["album"] < 2] == [True, False] * 2
    entry = make_engine(tmp_path).ledger.load(album.id).entry("telegram")
    assert len(entry["message_ids"]) == 3


def test_429_retry_after_is_honoured(tmp_path, tg):
    tg.retry_after = 2
    tg.inject("429", "sendMessage")
    waits: list[float] = []
    item = story(0)
    assert make_engine(tmp_path, channel(tg.url), sleep=waits.append).run([item]).ok
    assert waits == [2.0] and tg.count(item.url) == 1


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("expired", ["@BotFather", "SYNDICATION_TELEGRAM_TOKEN"]),
        ("kicked", ["admin kanal", "Post Messages"]),
        ("chat", ["SYNDICATION_TELEGRAM_CHAT_ID"]),
    ],
)
def test_admin_errors_are_named_and_stop_the_channel(tmp_path, tg, setup, words):
    if setup == "expired":
        tg.expired = True
    elif setup == "kicked":
        tg.kicked = True
    else:
        tg.chat_id = "@lain"
    items = [story(0), story(1)]
    report = make_engine(tmp_path, channel(tg.url)).run(items)
    assert not report.ok and tg.messages == []
    assert all(w in report.problems[0] for w in words), report.problems
    assert len(report.problems) == 1  # the second story is not tried against a broken channel


def test_rejected_text_fails_only_that_story(tmp_path, tg, monkeypatch):
    good, bad = story(0), story(1)
    monkeypatch.setattr(
        "syndication.channels.telegram.to_html",
        lambda text, link: "<blink>x</blink>" if link == bad.url else to_html(text, link),
    )
    report = make_engine(tmp_path, channel(tg.url)).run([good, bad])
    statuses = {o.story: o.status for o in report.outcomes}
    assert statuses == {good.id: "posted", bad.id: "failed"}
    assert "can't parse entities" in next(o.detail for o in report.outcomes if o.story == bad.id)


@pytest.mark.parametrize("fault", ["timeout_after", "drop_after", "500_after"])
def test_lost_answer_is_flagged_never_resent_then_resolved(tmp_path, tg, fault):
    item = story(0)
    tg.inject(fault, "sendMessage")
    eng = make_engine(tmp_path, channel(tg.url))
    report = eng.run([item])
    assert [o.status for o in report.outcomes] == ["in_doubt"]
    assert "syndication-resolve" in report.outcomes[0].detail
    for _ in range(2):  # later runs do not resend blindly
        assert not eng.run([item]).ok
    assert tg.count(item.url) == 1
    entry = eng.ledger.load(item.id).entry("telegram")
    assert entry["status"] == "in_doubt" and entry["progress"]["sending"] == "sendMessage"
    config = SyndicationConfig(ledger_path=eng.ledger.root)
    table = io.StringIO()
    assert cli.status(config, out=table) == 1
    assert "RAGU" in table.getvalue() and "--resend" in table.getvalue()
    url = "https://t.me/kominfotikju/100"
    args = ["--root", str(tmp_path), "resolve", "--story", item.id, "--channel", "telegram"]
    assert cli.main([*args, "--posted", "--url", url]) == 0
    entry = eng.ledger.load(item.id).entry("telegram")
    assert (entry["status"], entry["remote_url"], entry["remote_id"]) == ("posted", url, "100")
    assert eng.run([item]).ok and tg.count(item.url) == 1


def test_resolve_resend_sends_exactly_once_more(tmp_path, tg):
    item = story(0)
    tg.inject("500", "sendMessage")  # rejected before acting, but a 5xx is treated as in doubt
    eng = make_engine(tmp_path, channel(tg.url))
    assert not eng.run([item]).ok and tg.count(item.url) == 0
    config = SyndicationConfig(ledger_path=eng.ledger.root)
    out = io.StringIO()
    assert cli.resolve(config, item.id, "telegram", posted=False, out=out) == 0
    assert (
        cli.resolve(config, item.id, "telegram", posted=False, out=out) == 2
    )  # nothing left to decide
    assert eng.run([item]).ok and eng.run([item]).ok
    assert tg.count(item.url) == 1


def test_crash_before_the_send_started_is_safe_to_send(tmp_path, tg):
    item = story(0)
    eng = make_engine(tmp_path, channel(tg.url))
    record = eng.ledger.new(item.id, item.url, item.date.isoformat())
    record.ensure("telegram").update(status="in_doubt", progress={})  # killed before the call
    eng.ledger.save(record)
    assert eng.run([item]).ok and tg.count(item.url) == 1


def test_photo_not_deployed_waits_for_next_run(tmp_path, tg):
    data = story_dict(0, recent(2), syndicate=["telegram"], photo=f"{tg.url}/site/belum.jpg")
    item = Story.from_dict(data)
    report = make_engine(tmp_path, TelegramChannel({}, tg_env(tg.url))).run([item])
    assert [o.status for o in report.outcomes] == ["pending"]
    assert "dideploy" in report.outcomes[0].detail and tg.messages == []


def test_outbox_and_logs_never_show_the_token(tmp_path, tg, caplog):
    caplog.set_level(logging.DEBUG)
    offline = TelegramChannel({}, {})
    item = story(0, photos=2)
    assert make_engine(tmp_path, offline).run([item]).ok
    request = json.loads(next((tmp_path / "outbox" / "telegram").glob("*.json")).read_text())
    assert request["requests"][0]["url"].endswith("/bot<SYNDICATION_TELEGRAM_TOKEN>/sendMediaGroup")
    tg.inject("drop", "sendMessage")
    tg.inject("drop", "sendMessage")
    make_engine(tmp_path / "live", channel(tg.url)).run([story(1)])
    ledger_text = "".join(p.read_text() for p in (tmp_path / "live").rglob("*.json"))
    assert TOKEN not in caplog.text and TOKEN not in ledger_text
    assert "Telegram" in caplog.text
