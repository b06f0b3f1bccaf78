"""Instagram channel: caption rules (pure), the container → status → publish flow against a
strict loopback Graph fake, carousels, checkpoints after a crash, expired/errored containers,
the publishing limit, photo reachability, token errors and redaction."""

from __future__ import annotations

import json
import logging
import re

import pytest
from syndication.channels.instagram import InstagramChannel, marker, short_address
from syndication.story import Story

from tests.fakes.instagram import FakeInstagram
from tests.support.syndication import ig_env, make_engine, recent, story_dict

TOKEN = ig_env("")["SYNDICATION_INSTAGRAM_TOKEN"]


class CrashError(Exception):
    """Stands for the process dying right after a checkpoint."""


@pytest.fixture
def ig():
    with FakeInstagram() as server:
        yield server


def story(ig: FakeInstagram | None, n: int = 0, photos: int = 1, **extra) -> Story:
    data = story_dict(n, recent(2 + n), syndicate=["instagram"], **extra)
    data["photos"] = [
        {
            "url": f"https://kabar.test/foto/{n}-{i}.jpg",
            "alt": f"Warga bekerja {i}",
            "renditions": {
                "instagram": {
                    "url": ig.add_photo(f"{n}-{i}.jpg") if ig else f"https://kabar.test/{i}.jpg",
                    "width": 1080,
                    "height": 1350,
                    "mime": "image/jpeg",
                }
            },
        }
        for i in range(photos)
    ]
    return Story.from_dict(data)


def channel(ig: FakeInstagram, **options) -> InstagramChannel:
    made = InstagramChannel({"status_wait": 0.01, **options}, ig_env(ig.url), timeout=0.5)
    made.sleep = lambda s: None
    return made


def crashed_after_container(ig: FakeInstagram, item: Story) -> dict:
    """Progress of a publish that died right after saving its container."""
    chan = channel(ig)
    progress: dict = {}

    def checkpoint(update: dict) -> None:
        progress.update(update)
        if "container" in update:
            raise CrashError

    with pytest.raises(CrashError):
        chan.publish(chan.format(item), progress, checkpoint)
    return progress


def engine_resuming(tmp_path, ig: FakeInstagram, item: Story, status: str, progress: dict):
    """An engine whose ledger holds ``progress`` for ``item`` (as a killed run left it)."""
    eng = make_engine(tmp_path, channel(ig))
    record = eng.ledger.new(item.id, item.url, item.date.isoformat())
    record.ensure("instagram").update(status=status, progress=progress)
    eng.ledger.save(record)
    return eng


def test_caption_limits_hashtags_and_read_more_line():
    tags = ["kerja bakti", "banjir", "saluran", "RW 05", "musim hujan", "gotong royong"]
    item = story(None, summary="Warga membersihkan saluran. " * 200, tags=tags)
    post = InstagramChannel({}, {}).format(item)
    assert post.length <= 2200 < len(item.summary)
    tagged = InstagramChannel({}, {}).format(story(None, tags=tags))
    assert len(re.findall(r"#\w+", tagged.text)) == 5
    assert "http" not in post.text and post.link == ""  # no clickable link on Instagram
    assert (
        post.text.split("\n\n")[-2] == f"Baca selengkapnya: link di bio ({short_address(item.url)})"
    )
    assert post.media[0].url == item.photos[0].renditions["instagram"]["url"]
    custom = InstagramChannel({"read_more": "Berita lengkap di situs kami"}, {}).format(item)
    assert "Berita lengkap di situs kami" in custom.text and marker(item.url) in custom.text


def test_story_without_photo_is_skipped_not_failed(tmp_path, ig):
    item = story(ig, photos=0)
    eng = make_engine(tmp_path, channel(ig))
    preview: list[str] = []
    eng.run([item], dry_run=True, out=preview.append)
    assert preview == [
        f"[Instagram] {item.id}\n  dilewati: {eng.channels['instagram'].skip_reason(item)}"
    ]
    report = eng.run([item])
    assert report.ok and [o.status for o in report.outcomes] == ["skipped"]
    assert "tanpa foto" in eng.ledger.load(item.id).entry("instagram")["note"]
    assert ig.log == []  # no call at all
    lines: list[str] = []
    eng.run([item], dry_run=True, out=lines.append)
    assert not lines  # already decided: skipped stays skipped


def test_single_photo_container_status_publish(tmp_path, ig):
    ig.processing_polls = 2
    item = story(ig)
    eng = make_engine(tmp_path, channel(ig))
    assert eng.run([item]).ok and eng.run([item]).ok
    assert ig.count(marker(item.url)) == 1
    [container] = ig.containers.values()
    assert container["alt_text"] == "Warga bekerja 0" and container["image_url"].endswith("0-0.jpg")
    assert container["polls"] == 3
    entry = eng.ledger.load(item.id).entry("instagram")
    assert entry["status"] == "posted" and entry["remote_url"].startswith("https://www.instagram")
    assert entry["remote_id"] == ig.media[0]["id"] and "progress" not in entry


def test_carousel_children_then_parent_at_most_ten(tmp_path, ig):
    three, twelve = story(ig, 0, photos=3), story(ig, 1, photos=12)
    assert make_engine(tmp_path, channel(ig)).run([three, twelve]).ok
    parents = [c for c in ig.containers.values() if c.get("kind") == "CAROUSEL"]
    assert [len(p["children"]) for p in parents] == [3, 10]
    assert all(not c["caption"] for c in ig.containers.values() if c.get("carousel_item"))
    assert ig.count(marker(three.url)) == ig.count(marker(twelve.url)) == 1


def test_still_processing_is_bounded_and_resumes_same_container(tmp_path, ig):
    ig.processing_polls = 50
    item = story(ig)
    waits: list[float] = []
    chan = channel(ig, status_polls=4, status_wait=1.0, status_wait_max=3.0)
    chan.sleep = waits.append
    eng = make_engine(tmp_path, chan)
    report = eng.run([item])
    assert [o.status for o in report.outcomes] == ["pending"]
    assert waits[:3] == [1.0, 2.0, 3.0] and max(waits) <= 3.0
    ig.processing_polls = 0
    assert eng.run([item]).ok
    assert len(ig.containers) == 1 and ig.count(marker(item.url)) == 1


@pytest.mark.parametrize("after", ["children", "container"])
def test_crash_after_container_creation_reuses_it(tmp_path, ig, after):
    item = story(ig, photos=1 if after == "container" else 3)
    chan = channel(ig)
    progress: dict = {}

    def checkpoint(update):
        progress.update(update)
        if after in update:
            raise CrashError

    with pytest.raises(CrashError):
        chan.publish(chan.format(item), progress, checkpoint)
    eng = engine_resuming(tmp_path, ig, item, "in_doubt", progress)
    before = len(ig.containers)
    assert eng.run([item]).ok
    assert len(ig.containers) == before + (0 if after == "container" else 3)
    assert len(ig.containers) == (1 if after == "container" else 4)  # nothing made twice
    assert ig.count(marker(item.url)) == 1


def test_crash_after_publish_is_found_by_marker(tmp_path, ig):
    item = story(ig)
    ig.inject("drop_after", "media_publish")
    eng = make_engine(tmp_path, channel(ig))
    assert eng.run([item]).ok
    assert ig.count(marker(item.url)) == 1
    entry = eng.ledger.load(item.id).entry("instagram")
    assert entry["remote_id"] == ig.media[0]["id"]


def test_published_container_is_reconciled_without_listing_match(tmp_path, ig):
    item = story(ig)
    progress = crashed_after_container(ig, item)
    container = progress["container"]
    ig.containers[container]["caption"] = "diedit admin"  # marker gone from the caption
    ig.set_status(container, "PUBLISHED")
    eng = engine_resuming(tmp_path, ig, item, "in_doubt", progress)
    assert eng.run([item]).ok and ig.media == []  # never published a second time
    assert eng.ledger.load(item.id).entry("instagram")["remote_id"] == f"container:{container}"


def test_expired_container_is_replaced(tmp_path, ig):
    item = story(ig)
    progress = crashed_after_container(ig, item)
    ig.set_status(progress["container"], "EXPIRED")
    eng = engine_resuming(tmp_path, ig, item, "pending", progress)
    assert eng.run([item]).ok
    assert len(ig.containers) == 2 and ig.count(marker(item.url)) == 1
    assert ig.media[0]["container"] != progress["container"]


def test_error_container_fails_with_clear_reason(tmp_path, ig):
    data = story_dict(0, recent(2), syndicate=["instagram"], photo=f"{ig.url}/site/hilang.jpg")
    item = Story.from_dict(data)
    eng = make_engine(tmp_path, channel(ig, check_photos=False))
    [outcome] = eng.run([item]).outcomes
    assert outcome.status == "failed" and "ERROR" in outcome.detail and "2207052" in outcome.detail
    assert ig.media == [] and not eng.run([item]).ok  # failed stays failed until asked
    ig.add_photo("hilang.jpg")  # the admin fixed the photo
    assert eng.run([item], retry_failed=True).ok
    assert len(ig.containers) == 2 and ig.count(marker(item.url)) == 1


def test_photo_checked_before_any_container(tmp_path, ig):
    missing = Story.from_dict(
        story_dict(0, recent(2), syndicate=["instagram"], photo=f"{ig.url}/site/belum.jpg")
    )
    report = make_engine(tmp_path, channel(ig)).run([missing])
    assert [o.status for o in report.outcomes] == ["pending"]
    assert "dideploy" in report.outcomes[0].detail and ig.containers == {}
    big = Story.from_dict(
        story_dict(1, recent(3), syndicate=["instagram"], photo=ig.add_photo("b.jpg", 9 << 20))
    )
    png = Story.from_dict(
        story_dict(
            2, recent(4), syndicate=["instagram"], photo=ig.add_photo("c.png", 99, "image/png")
        )
    )
    report = make_engine(tmp_path / "2", channel(ig)).run([big, png])
    details = {o.story: o.detail for o in report.outcomes if o.status == "failed"}
    assert "8 MB" in details[big.id] and "image/png" in details[png.id]
    assert ig.containers == {}


def test_publishing_limit_queues_the_rest(tmp_path, ig):
    ig.quota_total, ig.quota_usage = 10, 8
    items = [story(ig, n) for n in range(4)]
    eng = make_engine(tmp_path, channel(ig))
    report = eng.run(items)
    statuses = [o.status for o in report.outcomes]
    assert statuses == ["posted", "posted", "pending", "pending"]
    assert report.ok  # queued, not failed
    assert "batas publikasi" in report.outcomes[-1].detail
    ig.quota_usage = 0  # the 24-hour window moved on; the next run is a new engine
    assert make_engine(tmp_path, channel(ig)).run(items).ok and [
        ig.count(marker(s.url)) for s in items
    ] == [1, 1, 1, 1]


def test_expired_token_named_and_never_logged(tmp_path, ig, caplog):
    caplog.set_level(logging.DEBUG)
    ig.expired = True
    report = make_engine(tmp_path, channel(ig)).run([story(ig, 0), story(ig, 1)])
    assert not report.ok and len(report.problems) == 1
    assert "SYNDICATION_INSTAGRAM_TOKEN" in report.problems[0]
    ledger_text = "".join(p.read_text() for p in tmp_path.rglob("*.json"))
    assert TOKEN not in caplog.text + ledger_text + "".join(report.problems)


def test_outbox_without_credentials(tmp_path):
    item = story(None, photos=2)
    assert make_engine(tmp_path, InstagramChannel({}, {})).run([item]).ok
    data = json.loads(next((tmp_path / "outbox" / "instagram").glob("*.json")).read_text())
    steps = [r["data"].get("media_type") or r["url"].rsplit("/", 1)[-1] for r in data["requests"]]
    assert steps == ["media", "media", "CAROUSEL", "media_publish"]
    assert TOKEN not in json.dumps(data)
