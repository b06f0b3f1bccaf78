"""YouTube channel: resumable upload against a strict loopback fake (interruption, resume,
expired sessions, quota, OAuth), thumbnail, reconcile, and the video id written back."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from syndication.channels.youtube import (
    MARKER,
    YouTubeChannel,
    description,
    seconds_to_quota_reset,
    video_tags,
)
from syndication.engine import Engine
from syndication.ledger import Ledger
from syndication.retry import RetryPolicy
from syndication.story import Story
from syndication.writeback import rewrite_video_line

from tests.conftest import run_pelican
from tests.fakes.youtube import UNIT, FakeYouTube
from tests.support.stories import write_story
from tests.support.syndication import NOW, recent, story_dict, yt_env

FAST = RetryPolicy(attempts=4, base=0.01, cap=2.0)
VIDEO_BYTES = 3 * 1024 * 1024 + 12345  # not a multiple of the chunk size: a short last chunk
OPTIONS = {"chunk_mb": 1, "output_path": "", "uploads_per_run": None}


@pytest.fixture
def yt():
    with FakeYouTube() as server:
        yield server


def jpeg(size=(1200, 675)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_story(tmp_path: Path, n: int = 0, *, size: int = VIDEO_BYTES, **extra) -> Story:
    """A story folder with index.md, a random video and a built 16:9 rendition in output/."""
    folder = tmp_path / "content" / "berita" / "2026" / "11" / f"berita-uji-{n:03d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_bytes(
        b"Title: Uji\r\nVideo: liputan.mp4\r\nSummary: Ringkas\r\n\r\nVideo: liputan.mp4 di isi\r\n"
    )
    video = folder / "liputan.mp4"
    video.write_bytes(os.urandom(size))
    rendition = f"berita/2026/11/28/berita-uji-{n:03d}/foto-16x9-abc{n}.jpg"
    out = tmp_path / "output" / rendition
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(jpeg())
    photo = {
        "url": "https://kabar.test/foto.jpg",
        "alt": "Warga mengangkat lumpur",
        "renditions": {"16x9": {"url": f"https://kabar.test/{rendition}", "mime": "image/jpeg"}},
    }
    data = story_dict(n, recent(2 + n), syndicate=["youtube"], video_file=str(video), **extra)
    data["photos"] = [photo]
    return Story.from_dict(data)


def channel(tmp_path: Path, url: str, **options) -> YouTubeChannel:
    opts = {**OPTIONS, "output_path": str(tmp_path / "output"), **options}
    return YouTubeChannel(opts, yt_env(url), timeout=2.0)


def engine(tmp_path: Path, *channels) -> Engine:
    ledger = Ledger(tmp_path / "syndication")
    for c in channels:
        ledger.set_watermark(c.name, recent(48).isoformat())
    return Engine(
        ledger, channels, now=lambda: NOW, outbox=tmp_path / "outbox", policy=FAST,
        sleep=lambda s: None,
    )  # fmt: skip


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- pure ---------------------------------------------------------------------------------
def test_format_title_description_marker_and_tags():
    data = story_dict(1, recent(1), video_file="/x/liputan.mp4", syndicate=["youtube"])
    data["title"] = "Warga <Koja> " + "sangat " * 30 + "bersih"
    data["tags"] = ["kerja bakti", *(f"topik panjang nomor {i}" for i in range(40))]
    story = Story.from_dict(data)
    post = YouTubeChannel({}, {}).format(story)
    assert len(post.extra["judul"]) <= 100 and "<" not in post.extra["judul"]
    assert post.extra["judul"].endswith("…")
    assert story.url in post.text and f"{MARKER}{story.id}" in post.text.splitlines()
    assert post.extra["kategori"] == "25" and post.extra["privasi"] == "public"
    tags = video_tags(story)
    assert tags[:2] == ["Koja", "kerja bakti"]
    assert sum(len(t) + (2 if " " in t else 0) for t in tags) + len(tags) - 1 <= 500
    assert len(tags) < 2 + 40  # cut to the limit


def test_description_stays_under_5000_bytes_and_keeps_marker():
    data = story_dict(2, recent(1), summary="Warga Ä<b> " * 600)  # 6,600 bytes
    story = Story.from_dict(data)
    text = description(story)
    assert 4900 < len(text.encode()) <= 5000
    first = text.splitlines()[0]
    assert first.endswith("…") and "<" not in text  # angle brackets replaced
    assert first[:-1].split(" ")[-1] in {"Warga", "Ä‹b›"}  # cut between words
    assert text.splitlines()[-1] == f"{MARKER}{story.id}"
    assert description(Story.from_dict(story_dict(3, recent(1), summary="x" * 6000))).startswith(
        "Baca selengkapnya"
    )  # one endless word: dropped rather than cut mid-word


def test_quota_reset_is_next_pacific_midnight():
    pacific = ZoneInfo("America/Los_Angeles")
    assert seconds_to_quota_reset(datetime(2026, 11, 28, 23, 0, tzinfo=pacific)) == 3600
    jakarta = datetime(2026, 11, 29, 14, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # 23:00 PT
    assert seconds_to_quota_reset(jakarta) == 3600


def test_skip_reasons():
    yt_story = Story.from_dict(story_dict(1, recent(1), youtube_id="AbCdEfGh123"))
    plain = Story.from_dict(story_dict(2, recent(1)))
    chan = YouTubeChannel({}, {})
    assert "sudah ada di YouTube" in chan.skip_reason(yt_story)
    assert "tanpa berkas video" in chan.skip_reason(plain)


def test_rewrite_video_line_is_byte_preserving():
    text = b"Title: A\r\nVIDEO : liputan.mp4  \r\nTags: x\r\n\r\nVideo: liputan.mp4\r\n"
    new = rewrite_video_line(text, "liputan.mp4", "AbCdEfGh123")
    assert new == (
        b"Title: A\r\nVIDEO: https://youtu.be/AbCdEfGh123\r\nVideo-File: liputan.mp4\r\n"
        b"Tags: x\r\n\r\nVideo: liputan.mp4\r\n"
    )
    assert rewrite_video_line(new, "liputan.mp4", "AbCdEfGh123") is None  # idempotent
    assert rewrite_video_line(text, "lain.mp4", "AbCdEfGh123") is None
    last = b"Title: A\nVideo: v.mp4"  # no newline at the end of the file
    assert rewrite_video_line(last, "v.mp4", "AbCdEfGh123") == (
        b"Title: A\nVideo: https://youtu.be/AbCdEfGh123\nVideo-File: v.mp4"
    )


# --- contract -----------------------------------------------------------------------------
def test_upload_in_chunks_thumbnail_and_write_back(tmp_path, yt):
    story = make_story(tmp_path)
    chan = channel(tmp_path, yt.url)
    eng = engine(tmp_path, chan)
    report = eng.run([story])
    assert report.ok, report.outcomes
    assert len(yt.videos) == 1 and yt.count(story.id) == 1
    video = yt.videos[0]
    assert video["sha256"] == sha(story.video_file)
    assert video["snippet"]["categoryId"] == "25" and video["status"]["privacyStatus"] == "public"
    puts = [s for m, p, s in yt.log if m == "PUT"]
    assert puts == [308, 308, 308, 200]  # 1 MiB chunks, the last one short
    rendition = next((tmp_path / "output").rglob("foto-16x9-*.jpg"))
    assert yt.thumbnails[video["id"]] == rendition.read_bytes()
    assert yt.token_requests == 1  # the access token is cached
    entry = eng.ledger.load(story.id).entry("youtube")
    assert entry["status"] == "posted" and entry["remote_id"] == video["id"]
    assert entry["remote_url"] == f"https://youtu.be/{video['id']}"
    assert entry["thumbnail"] == "dipasang" and "progress" not in entry
    index = Path(story.video_file).parent / "index.md"
    assert (
        index.read_bytes()
        == (
            f"Title: Uji\r\nVideo: https://youtu.be/{video['id']}\r\nVideo-File: liputan.mp4\r\n"
            "Summary: Ringkas\r\n\r\nVideo: liputan.mp4 di isi\r\n"
        ).encode()
    )
    assert entry["written_back"].endswith("berita-uji-000/index.md")
    assert eng.run([story]).ok and len(yt.videos) == 1  # nothing twice


def test_connection_cut_mid_upload_resumes_the_same_session(tmp_path, yt):
    yt.cut_after = UNIT * 5 + 777  # inside the second 1 MiB chunk
    story = make_story(tmp_path)
    assert engine(tmp_path, channel(tmp_path, yt.url)).run([story]).ok
    assert len(yt.sessions) == 1 and len(yt.videos) == 1
    assert yt.videos[0]["sha256"] == sha(story.video_file)
    statuses = [s for m, p, s in yt.log if m == "PUT"]
    assert 308 in statuses and statuses[-1] == 200


@pytest.mark.parametrize("fault", ["drop", "drop_after", "500_after", "timeout_after", "429"])
def test_chunk_fault_resumes_same_session(tmp_path, yt, fault):
    yt.slow = 2.5
    story = make_story(tmp_path, size=UNIT * 8)
    yt.chunk_faults = [fault, fault]  # the first two chunks fail
    assert engine(tmp_path, channel(tmp_path, yt.url, chunk_mb=0.5)).run([story]).ok
    assert yt.chunk_faults == []  # both faults did hit
    assert len(yt.sessions) == 1 and len(yt.videos) == 1
    assert yt.videos[0]["sha256"] == sha(story.video_file)


def test_upload_that_makes_no_progress_stops_and_waits(tmp_path, yt):
    yt.stall = True
    story = make_story(tmp_path, size=UNIT * 4)
    eng = engine(tmp_path, channel(tmp_path, yt.url, chunk_mb=0.25, stall_limit=3))
    eng.policy = RetryPolicy(attempts=1)
    report = eng.run([story])
    assert [o.status for o in report.outcomes] == ["pending"] and "tidak maju" in str(report)
    assert sum(1 for m, _p, _s in yt.log if m == "PUT") == 4  # bounded, not a loop
    assert yt.videos == [] and len(yt.sessions) == 1
    yt.stall = False
    assert engine(tmp_path, channel(tmp_path, yt.url)).run([story]).ok
    assert len(yt.sessions) == 1 and len(yt.videos) == 1  # the same session, finished


def test_killed_run_resumes_from_checkpoint_not_a_second_video(tmp_path, yt):
    story = make_story(tmp_path)
    chan = channel(tmp_path, yt.url)
    eng = engine(tmp_path, chan)
    post = chan.format(story)
    saved: dict = {}

    class Killed(BaseException):
        pass

    def checkpoint(update):
        saved.update(update)
        if saved.get("offset", 0) >= 2 * 1024 * 1024:
            raise Killed  # the process dies right after writing the checkpoint

    with pytest.raises(Killed):
        chan.publish(post, {}, checkpoint)
    record = eng.ledger.new(story.id, story.url, story.date.isoformat())
    record.ensure("youtube").update(status="in_doubt", attempts=1, progress=dict(saved))
    eng.ledger.save(record)
    fresh = channel(tmp_path, yt.url)  # a new process: no cached token, same ledger
    assert engine(tmp_path, fresh).run([story]).ok
    assert len(yt.sessions) == 1 and len(yt.videos) == 1
    assert yt.videos[0]["sha256"] == sha(story.video_file)


def test_expired_session_reconciles_then_starts_a_new_one(tmp_path, yt):
    story = make_story(tmp_path)
    chan = channel(tmp_path, yt.url)
    post = chan.format(story)
    progress: dict = {}
    session = chan._initiate(post, VIDEO_BYTES, "video/mp4")
    progress.update(session=session, total=VIDEO_BYTES, offset=0)
    yt.expire_sessions()
    eng = engine(tmp_path, chan)
    record = eng.ledger.new(story.id, story.url, story.date.isoformat())
    record.ensure("youtube").update(status="in_doubt", attempts=1, progress=progress)
    eng.ledger.save(record)
    assert eng.run([story]).ok
    assert len(yt.sessions) == 2 and len(yt.videos) == 1
    paths = [p for _m, p, _s in yt.log]
    assert paths.index("/youtube/v3/playlistItems") < len(paths) - 1  # reconciled first


def test_completed_session_lost_from_ledger_is_found_in_uploads(tmp_path, yt):
    story = make_story(tmp_path)
    chan = channel(tmp_path, yt.url)
    post = chan.format(story)
    session = chan._initiate(post, VIDEO_BYTES, "video/mp4")
    video_id = chan._send_chunks(
        session, Path(story.video_file), VIDEO_BYTES, "video/mp4", 0, lambda u: None
    )
    yt.expire_sessions()  # the answer with the id was lost, and the session is gone now
    eng = engine(tmp_path, chan)
    record = eng.ledger.new(story.id, story.url, story.date.isoformat())
    record.ensure("youtube").update(
        status="in_doubt", attempts=1, progress={"session": session, "total": VIDEO_BYTES}
    )
    eng.ledger.save(record)
    assert eng.run([story]).ok
    assert len(yt.videos) == 1
    entry = eng.ledger.load(story.id).entry("youtube")
    assert entry["remote_id"] == video_id and entry["thumbnail"] == "dipasang"


@pytest.mark.parametrize("limit", ["quota", "upload_limit"])
def test_quota_exceeded_queues_for_next_run(tmp_path, yt, limit):
    if limit == "quota":
        yt.quota = 0
    else:
        yt.upload_limit = True
    stories = [make_story(tmp_path, n, size=UNIT * 2) for n in range(2)]
    eng = engine(tmp_path, channel(tmp_path, yt.url))
    report = eng.run(stories)
    assert report.ok  # queued, not failed
    assert [o.status for o in report.outcomes] == ["pending", "pending"]
    assert "kuota" in report.outcomes[0].detail
    initiations = [p for m, p, _s in yt.log if m == "POST" and p.endswith("/videos")]
    assert len(initiations) == 1  # the second story waits without another call
    yt.quota, yt.upload_limit = 5, False
    assert engine(tmp_path, channel(tmp_path, yt.url)).run(stories).ok
    assert [yt.count(s.id) for s in stories] == [1, 1]


def test_uploads_per_run_capacity(tmp_path, yt):
    stories = [make_story(tmp_path, n, size=UNIT) for n in range(3)]
    report = engine(tmp_path, channel(tmp_path, yt.url, uploads_per_run=2)).run(stories)
    assert [o.status for o in report.outcomes] == ["posted", "posted", "pending"]
    assert len(yt.videos) == 2


def test_expired_access_token_is_renewed_once(tmp_path, yt):
    story = make_story(tmp_path, size=UNIT * 3)
    chan = channel(tmp_path, yt.url)
    chan.access_token()
    yt.revoke_access_tokens()  # e.g. revoked or expired early: the API answers 401
    assert engine(tmp_path, chan).run([story]).ok
    assert yt.token_requests == 2 and len(yt.videos) == 1


def test_revoked_refresh_token_names_the_variable_and_hides_secrets(tmp_path, yt, caplog):
    env = {**yt_env(yt.url), "SYNDICATION_YOUTUBE_REFRESH_TOKEN": "1//0revoked-secret-token"}
    chan = YouTubeChannel({**OPTIONS, "output_path": str(tmp_path)}, env, timeout=2.0)
    caplog.set_level(logging.DEBUG)
    report = engine(tmp_path, chan).run([make_story(tmp_path, size=UNIT)])
    assert not report.ok and yt.videos == []
    assert any("SYNDICATION_YOUTUBE_REFRESH_TOKEN" in p for p in report.problems)
    ledger_text = "".join(p.read_text() for p in (tmp_path / "syndication").glob("*.json"))
    for text in (" ".join(report.problems), caplog.text, ledger_text):
        assert "1//0revoked-secret-token" not in text and "GOCSPX-test-secret" not in text


def test_thumbnail_refused_keeps_the_video(tmp_path, yt):
    yt.refuse_thumbnails = True
    story = make_story(tmp_path, size=UNIT)
    eng = engine(tmp_path, channel(tmp_path, yt.url))
    assert eng.run([story]).ok
    entry = eng.ledger.load(story.id).entry("youtube")
    assert entry["status"] == "posted" and entry["thumbnail"].startswith("ditolak")
    assert yt.thumbnails == {}


def test_thumbnail_retried_alone_after_a_transient_error(tmp_path, yt):
    yt.inject("500", "/thumbnails/set")
    story = make_story(tmp_path, size=UNIT)
    eng = engine(tmp_path, channel(tmp_path, yt.url))
    assert eng.run([story]).ok
    assert len(yt.videos) == 1 and len(yt.thumbnails) == 1


def test_youtube_url_and_storyless_video_are_skipped_once(tmp_path, yt):
    linked = Story.from_dict(
        story_dict(1, recent(3), syndicate=["youtube"], youtube_id="AbCdEfGh123")
    )
    eng = engine(tmp_path, channel(tmp_path, yt.url))
    report = eng.run([linked])
    assert [(o.status, o.detail) for o in report.outcomes] == [
        ("skipped", "video sudah ada di YouTube (Video: berisi tautan YouTube)")
    ]
    assert yt.log == [] and eng.run([linked]).outcomes == []  # recorded: not re-reported


def test_video_added_later_to_a_skipped_story_is_uploaded(tmp_path, yt):
    story = make_story(tmp_path, size=UNIT)
    without = Story.from_dict({**story_dict(0, story.date, syndicate=["youtube"])})
    eng = engine(tmp_path, channel(tmp_path, yt.url))
    assert [o.status for o in eng.run([without]).outcomes] == ["skipped"]
    assert [o.status for o in eng.run([story]).outcomes] == ["posted"]  # the editor added one
    assert yt.count(story.id) == 1
    assert "nothing_to_send" not in eng.ledger.load(story.id).entry("youtube")


def test_without_credentials_writes_outbox_without_secrets(tmp_path):
    story = make_story(tmp_path, size=UNIT)
    chan = YouTubeChannel({"output_path": str(tmp_path / "output")}, {})
    eng = engine(tmp_path, chan)
    eng.ledger.set_watermark("youtube@outbox", recent(48).isoformat())
    report = eng.run([story])
    assert [o.status for o in report.outcomes] == ["outbox"]
    request = json.loads(next((tmp_path / "outbox" / "youtube").glob("*.json")).read_text())
    first = request["requests"][0]
    assert "uploadType=resumable&part=snippet,status" in first["url"]
    assert first["headers"]["X-Upload-Content-Length"] == UNIT
    assert first["json"]["snippet"]["categoryId"] == "25"


# --- the site embeds the uploaded video ---------------------------------------------------
def test_written_back_id_is_embedded_by_the_next_build(mini_content, tmp_path, yt):
    index = write_story(mini_content, Video="liputan.mp4")
    (index.parent / "liputan.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(UNIT))
    out = tmp_path / "output"
    stories_json = tmp_path / "stories.json"
    extra = [
        f'MEDIA_CACHE_PATH="{tmp_path / "media"}"',
        f'SYNDICATION_STORIES_PATH="{stories_json}"',
        f'SYNDICATION_LEDGER_PATH="{tmp_path / "syndication"}"',
        'SITEURL="https://kabar.test"',
    ]
    first = run_pelican(mini_content, out, extra=extra)
    assert first.returncode == 0, first.log
    data = json.loads(stories_json.read_text())["stories"]
    (story,) = [Story.from_dict(s) for s in data]
    assert story.video_file.endswith("liputan.mp4") and not story.youtube_id
    assert "data-yt=" not in first.page(story.url.removeprefix("https://kabar.test"))
    chan = YouTubeChannel({**OPTIONS, "output_path": str(out)}, yt_env(yt.url), timeout=2.0)
    eng = Engine(
        Ledger(tmp_path / "syndication"), [chan], now=lambda: story.date, outbox=tmp_path / "ob",
        policy=FAST, sleep=lambda s: None,
    )  # fmt: skip
    assert eng.run([story]).ok
    (video,) = yt.videos
    assert yt.thumbnails[video["id"]].startswith(b"\xff\xd8\xff")  # the 16x9 rendition
    assert f"Video: https://youtu.be/{video['id']}\nVideo-File: liputan.mp4\n" in index.read_text()
    second = run_pelican(mini_content, tmp_path / "output2", extra=extra, strict=True)
    assert second.returncode == 0, second.log
    page = second.page(story.url.removeprefix("https://kabar.test"))
    assert f'data-yt="{video["id"]}"' in page
    assert f"https://www.youtube.com/watch?v={video['id']}" in page
    assert not [p for p in second.files() if p.suffix == ".mp4"]
