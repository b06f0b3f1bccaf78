"""Partner media: the mitra.toml list, the e-mail press release over a real SMTP server
(aiosmtpd on 127.0.0.1 with STARTTLS on a certificate made at test time, and AUTH) and the
signed webhook against a loopback receiver that verifies signatures, timestamps and ids."""

from __future__ import annotations

import io
import ssl
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword
from pelican.settings import read_settings
from syndication.channels.email import EmailChannel, html_to_text
from syndication.channels.partner_base import delivery_id
from syndication.channels.webhook import WebhookChannel, sign
from syndication.config import SyndicationConfig
from syndication.engine import Engine
from syndication.ledger import Ledger
from syndication.partners import PartnerFileError, load_partners, partner_problems
from syndication.retry import RetryPolicy
from syndication.story import Story
from workflow.check import run_check
from workflow.settings import load

from syndication import cli
from tests.conftest import ROOT
from tests.fakes.smtp import Inbox, start
from tests.fakes.webhook import FakeReceiver
from tests.support.syndication import recent, story_dict
from tests.test_syndication_channels import engine as channels_engine

FAST = RetryPolicy(attempts=4, base=0.01, cap=2.0)
USER, PASSWORD = "kabar-bot", "sandi-rahasia-smtp-123"

MITRA = """
[[mitra]]
kunci = "media_a"
nama = "Media A"
email = ["redaksi@media-a.example.org", "foto@media-a.example.org"]
webhook = "{hook_a}"
lampiran = "foto"

[[mitra]]
kunci = "media_b"
nama = "Media B"
email = ["desk@media-b.example.org"]
webhook = "{hook_b}"
rubrik = ["Kesehatan"]
lampiran = "tautan"

[[mitra]]
kunci = "media_c"
nama = "Media C"
email = ["metro@media-c.example.org"]
kecamatan = ["Cilincing"]
"""


# --- fixtures ----------------------------------------------------------------------------------
def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(
        success=ok, handled=False, message=None if ok else "535 5.7.8 Kata sandi salah"
    )


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def smtp(ca, tmp_path):
    """A submission server: STARTTLS required, AUTH required (only over TLS)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    inbox = Inbox()
    controller = start(
        inbox,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
        auth_exclude_mechanism=["LOGIN"],  # PLAIN only, as many submission servers
    )
    inbox.env = {
        "SYNDICATION_EMAIL_HOST": "127.0.0.1",
        "SYNDICATION_EMAIL_PORT": str(controller.port),
        "SYNDICATION_EMAIL_USERNAME": USER,
        "SYNDICATION_EMAIL_PASSWORD": PASSWORD,
        "SYNDICATION_EMAIL_FROM": "kabar@kabar.test",
        "SYNDICATION_EMAIL_CA_FILE": str(ca_file),
        "SYNDICATION_EMAIL_UNSUBSCRIBE_URL": "https://kabar.test/mitra/berhenti?mitra={mitra}",
    }
    yield inbox
    controller.stop()


@pytest.fixture
def receiver():
    with FakeReceiver(
        {"media_a": "whsec_" + "c2VjcmV0LWEtMTIzNDU2Nzg5MA==", "media_b": "rahasia-b-42"}
    ) as server:
        yield server


@pytest.fixture
def mitra(tmp_path, receiver) -> Path:
    path = tmp_path / "mitra.toml"
    path.write_text(
        MITRA.format(hook_a=receiver.endpoint("media_a"), hook_b=receiver.endpoint("media_b")),
        encoding="utf-8",
    )
    return path


def hook_env(receiver: FakeReceiver) -> dict[str, str]:
    return {f"SYNDICATION_WEBHOOK_SECRET_{k.upper()}": v for k, v in receiver.secrets.items()}


def site_output(tmp_path: Path, sizes: list[int]) -> tuple[Path, list[dict[str, Any]]]:
    """An output folder with one JPEG-named file per size, and the photo entries for it."""
    out = tmp_path / "output"
    photos = []
    for n, size in enumerate(sizes):
        rel = f"berita/2026/11/28/uji/foto-{n}-1600w.jpg"
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"\xff\xd8" + bytes([n]) * (size - 2))
        photos.append(
            {
                "url": f"https://kabar.test/{rel}",
                "path": rel,
                "alt": f"Foto uji {n}",
                "caption": f"Keterangan foto {n}",
                "credit": f"Kominfotik JU/Fotografer {n}",
            }
        )
    return out, photos


def make_story(n: int, photos=(), **extra) -> Story:
    data = story_dict(
        n, recent(2 + n), photos=list(photos), syndicate=["email", "webhook"], **extra
    )
    data.setdefault("category", "Lingkungan")
    data["feed_item"] = {
        "id": f"tag:kabar.test,2026-11-28:{data['id']}",
        "url": data["url"],
        "title": data["title"],
        "content_html": "<p>Paragraf pertama.</p><ul><li>Butir satu</li></ul><p>Penutup.</p>",
        "summary": data["summary"],
        "date_published": data["date"],
    }
    return Story.from_dict(data)


def engine(tmp_path: Path, *channels) -> Engine:
    """The channel tests' engine, with start marks for the outbox mode too."""
    eng = channels_engine(tmp_path, *channels)
    for c in channels:
        eng.ledger.set_watermark(f"{c.name}@outbox", recent(48).isoformat())
    return eng


def email_channel(mitra: Path, env: dict[str, str], out: Path, **options) -> EmailChannel:
    opts = {
        "partners_file": str(mitra),
        "output_path": str(out),
        "contact": {"name": "Redaksi Uji", "email": "redaksi@kabar.test"},
        **options,
    }
    return EmailChannel(opts, env, timeout=5.0)


# --- partner list -------------------------------------------------------------------------------
def test_sample_mitra_file_passes_the_project_check():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert partner_problems(settings) == []
    partners = load_partners(ROOT / settings["SYNDICATION_OPTIONS"]["email"]["partners_file"])
    assert partners and all(p.emails or p.webhook for p in partners)


def test_mitra_mistakes_name_file_line_entry_and_field(tmp_path):
    path = tmp_path / "mitra.toml"
    path.write_text(
        '[[mitra]]\nkunci = "a"\nnama = "A"\nemail = ["bukan-alamat"]\n\n'
        '[[mitra]]\nkunci = "b_media"\nnama = "B"\nwebhook = "http://contoh.example.org/h"\n'
        'rubrik = ["Gosip"]\nlampiran = "zip"\n\n'
        '[[mitra]]\nkunci = "c_media"\nnama = "C"\nemail = ["x@y.example.org"]\n\n'
        '[[mitra]]\nkunci = "c_media"\nnama = "C lagi"\nemail = ["z@y.example.org"]\n',
        encoding="utf-8",
    )
    with pytest.raises(PartnerFileError) as err:
        load_partners(path, rubrik=["Kesehatan"], kecamatan=["Koja"], shown="mitra.toml")
    lines = str(err.value).splitlines()
    assert any(line.startswith("mitra.toml:2: kunci: mitra a:") for line in lines)
    assert any(
        line.startswith("mitra.toml:4: email: mitra a: alamat 'bukan-alamat'") for line in lines
    )
    assert any(
        line.startswith("mitra.toml:9: webhook: mitra b_media:") and "https" in line
        for line in lines
    )
    assert any(
        line.startswith("mitra.toml:10: rubrik: mitra b_media: 'Gosip'") and "Kesehatan" in line
        for line in lines
    )
    assert any(line.startswith("mitra.toml:11: lampiran:") for line in lines)
    assert any("dipakai dua kali" in line and line.startswith("mitra.toml:19:") for line in lines)
    assert all(" — " in line for line in lines)  # every problem says how to fix it


def test_invalid_toml_names_the_line(tmp_path):
    path = tmp_path / "mitra.toml"
    path.write_text('[[mitra]]\nkunci = "a\n', encoding="utf-8")
    with pytest.raises(PartnerFileError, match=r"mitra.toml:2: mitra: TOML tidak sah"):
        load_partners(path)


def test_html_to_text_keeps_paragraphs_and_lists():
    assert html_to_text(
        "<p>Satu <b>dua</b></p><ul><li>a</li><li>b</li></ul>"
        "<figure><figcaption>Foto</figcaption></figure>"
    ) == ("Satu dua\n\n- a\n\n- b\n\nFoto")


# --- e-mail ------------------------------------------------------------------------------------
def test_press_release_over_starttls_and_auth_once_per_partner(tmp_path, smtp, mitra):
    out, photos = site_output(tmp_path, [300_000, 400_000, 500_000])
    channel = email_channel(mitra, smtp.env, out, attachment_cap_mb=0.8)
    eng = engine(tmp_path, channel)
    items = [
        make_story(1, photos, kecamatan="Koja"),
        make_story(2, category="Kesehatan", kecamatan="Cilincing"),
    ]
    report = eng.run(items)
    assert report.ok, report.outcomes
    assert eng.run(items).ok  # second run: nothing new
    # media_a wants everything (2), media_b only Kesehatan (1), media_c only Cilincing (1)
    assert len(smtp.to("redaksi@media-a.example.org")) == 2
    assert len(smtp.to("desk@media-b.example.org")) == 1
    assert len(smtp.to("metro@media-c.example.org")) == 1
    assert len(smtp.messages) == 4

    msg = next(m for m in smtp.to("redaksi@media-a.example.org") if items[0].title in m["Subject"])
    assert msg["Message-ID"] == f"<{delivery_id(items[0].id, 'media_a')}@kabar.test>"
    assert msg["To"].addresses[1].addr_spec == "foto@media-a.example.org"
    assert msg["Reply-To"] == "redaksi@kabar.test" and msg["Date"].datetime is not None
    unsubscribe = str(msg["List-Unsubscribe"])
    assert "<mailto:redaksi@kabar.test?subject=BERHENTI%20media_a>" in unsubscribe
    assert "<https://kabar.test/mitra/berhenti?mitra=media_a>" in unsubscribe
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg.get_content_type() == "multipart/mixed"
    body = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Paragraf pertama." in body and "- Butir satu" in body and items[0].url in body
    assert "<li>Butir satu</li>" in html and "Redaksi Uji" in html
    files = [(p.get_filename(), len(p.get_content())) for p in msg.iter_attachments()]
    # cap 0.8 MB: the first two photos (700 kB) fit, the third is linked with its credit
    assert files == [
        (Path(photos[0]["path"]).name, 300_000),
        (Path(photos[1]["path"]).name, 400_000),
    ]
    assert f"unduh: {photos[2]['url']}" in body and "(Foto: Kominfotik JU/Fotografer 2)" in body
    # media_b wants links only
    b = smtp.to("desk@media-b.example.org")[0]
    assert list(b.iter_attachments()) == [] and b.get_content_type() == "multipart/alternative"

    entry = eng.ledger.load(items[0].id).entry("email")
    assert entry["status"] == "posted"
    assert set(entry["mitra"]) == {"media_a"} and entry["mitra"]["media_a"]["status"] == "sent"


def test_wrong_password_stops_the_channel_without_leaking_it(tmp_path, smtp, mitra, caplog):
    env = {**smtp.env, "SYNDICATION_EMAIL_PASSWORD": "salah-sandi-9876"}
    channel = email_channel(mitra, env, tmp_path)
    eng = engine(tmp_path, channel)
    report = eng.run([make_story(1), make_story(2)])
    assert not report.ok and not smtp.messages
    assert "SYNDICATION_EMAIL_PASSWORD" in report.problems[0]
    assert "salah-sandi-9876" not in str(report.outcomes) + caplog.text + str(report.problems)


def test_plain_smtp_is_refused_for_a_remote_host(tmp_path, mitra):
    env = {
        "SYNDICATION_EMAIL_HOST": "smtp.example.org",
        "SYNDICATION_EMAIL_FROM": "a@kabar.test",
        "SYNDICATION_EMAIL_STARTTLS": "0",
    }
    report = engine(tmp_path, email_channel(mitra, env, tmp_path)).run([make_story(1)])
    assert "STARTTLS hanya boleh dimatikan untuk server lokal" in report.problems[0]


def test_untrusted_certificate_is_named(tmp_path, smtp, mitra):
    env = {k: v for k, v in smtp.env.items() if k != "SYNDICATION_EMAIL_CA_FILE"}
    report = engine(tmp_path, email_channel(mitra, env, tmp_path)).run([make_story(1)])
    assert "sertifikat TLS server 127.0.0.1 tidak sah" in report.problems[0] and not smtp.messages


def test_refused_desk_fails_only_that_partner_and_status_shows_each(tmp_path, smtp, mitra):
    smtp.refuse["desk@media-b.example.org"] = "550 5.1.1 Mailbox tidak ada"
    smtp.refuse["metro@media-c.example.org"] = "451 4.3.0 Coba lagi nanti"
    channel = email_channel(mitra, smtp.env, tmp_path)
    eng = engine(tmp_path, channel)
    story = make_story(1, category="Kesehatan", kecamatan="Cilincing")
    report = eng.run([story])
    entry = eng.ledger.load(story.id).entry("email")
    assert entry["status"] == "failed" and "media_b" in entry["last_error"]
    states = {k: v["status"] for k, v in entry["progress"]["mitra"].items()}
    assert states == {"media_a": "sent", "media_b": "failed", "media_c": "sent"}  # 451 retried
    assert len(smtp.to("redaksi@media-a.example.org")) == 1
    assert len(smtp.to("metro@media-c.example.org")) == 1
    assert not report.ok
    config = SyndicationConfig(channels=("email",), ledger_path=tmp_path / "syndication")
    out = io.StringIO()
    assert cli.status(config, out) == 1
    text = out.getvalue()
    assert (
        "email → media_a (redaksi@media-a.example.org, foto@media-a.example.org): terkirim" in text
    )
    assert "email → media_b (desk@media-b.example.org): GAGAL — " in text and "550" in text
    # fixed on the partner side, retried on request: only media_b gets it now
    eng2 = engine(tmp_path, email_channel(mitra, smtp.env, tmp_path))
    assert eng2.run([story], retry_failed=True).ok
    assert [
        len(smtp.to(a)) for a in ("redaksi@media-a.example.org", "desk@media-b.example.org")
    ] == [1, 1]


def test_crash_after_first_partner_never_resends_to_it(tmp_path, smtp, mitra):
    """The ledger says media_a got it and media_b was being sent when the process died: the
    next run sends to media_b again with the same Message-ID, never to media_a."""
    story = make_story(1, category="Kesehatan")
    ledger = Ledger(tmp_path / "syndication")
    record = ledger.new(story.id, story.url, story.date.isoformat())
    entry = record.ensure("email")
    entry["status"] = "in_doubt"
    entry["progress"] = {
        "mitra": {
            "media_a": {"status": "sent", "id": delivery_id(story.id, "media_a")},
            "media_b": {"status": "in_doubt", "id": delivery_id(story.id, "media_b")},
        }
    }
    ledger.save(record)
    eng = engine(tmp_path, email_channel(mitra, smtp.env, tmp_path))
    assert eng.run([story]).ok
    assert smtp.to("redaksi@media-a.example.org") == []
    [again] = smtp.to("desk@media-b.example.org")
    assert again["Message-ID"] == f"<{delivery_id(story.id, 'media_b')}@kabar.test>"
    assert eng.ledger.load(story.id).entry("email")["status"] == "posted"


def test_without_credentials_releases_go_to_the_outbox(tmp_path, mitra):
    out, photos = site_output(tmp_path, [1000])
    eng = engine(tmp_path, email_channel(mitra, {}, out))
    story = make_story(1, photos)
    assert eng.run([story]).ok
    [written] = (tmp_path / "outbox" / "email").glob("*.json")
    data = written.read_text(encoding="utf-8")
    assert "redaksi@media-a.example.org" in data and "Paragraf pertama." in data


# --- webhook -----------------------------------------------------------------------------------
def test_signed_webhook_delivered_once_per_partner(tmp_path, receiver, mitra):
    channel = WebhookChannel({"partners_file": str(mitra)}, hook_env(receiver), timeout=2.0)
    eng = engine(tmp_path, channel)
    items = [make_story(1), make_story(2, category="Kesehatan")]
    assert eng.run(items).ok
    assert eng.run(items).ok
    assert receiver.rejected == [] and receiver.duplicates == 0
    assert [receiver.count("media_a", s.url) for s in items] == [1, 1]
    assert [receiver.count("media_b", s.url) for s in items] == [0, 1]
    delivery = receiver.processed[0]
    assert delivery["id"] == delivery_id(items[0].id, "media_a")
    assert delivery["body"]["type"] == "story.published"
    assert delivery["body"]["data"] == items[0].feed_item


def test_webhook_retries_5xx_and_429_honouring_retry_after_receiver_dedups(
    tmp_path, receiver, mitra
):
    waits: list[float] = []
    channel = WebhookChannel({"partners_file": str(mitra)}, hook_env(receiver), timeout=2.0)
    eng = engine(tmp_path, channel)
    eng.sleep = waits.append
    receiver.inject("500_after", "/hook/media_a")  # processed, then 503: sender in doubt
    first = make_story(1)
    assert eng.run([first]).ok
    assert receiver.count("media_a", first.url) == 1 and receiver.duplicates == 1
    receiver.force("media_a", 429, {"Retry-After": "1.5"})
    second = make_story(2)
    assert eng.run([second]).ok
    assert receiver.count("media_a", second.url) == 1 and 1.5 in waits


def test_webhook_4xx_is_permanent_for_that_partner_only(tmp_path, receiver, mitra):
    receiver.force("media_b", 410)
    channel = WebhookChannel({"partners_file": str(mitra)}, hook_env(receiver), timeout=2.0)
    eng = engine(tmp_path, channel)
    story = make_story(1, category="Kesehatan")
    report = eng.run([story])
    entry = eng.ledger.load(story.id).entry("webhook")
    assert entry["status"] == "failed" and "410" in entry["last_error"]
    assert receiver.count("media_a", story.url) == 1 and not report.ok
    assert len(receiver.log) == 2  # not retried


def test_wrong_secret_and_stale_timestamp_are_rejected_by_the_receiver(tmp_path, receiver, mitra):
    env = {**hook_env(receiver), "SYNDICATION_WEBHOOK_SECRET_MEDIA_B": "bukan-rahasianya"}
    wrong = WebhookChannel({"partners_file": str(mitra)}, env, timeout=2.0)
    story = make_story(1, category="Kesehatan")
    report = engine(tmp_path, wrong).run([story])
    assert not report.ok and receiver.rejected == ["bad signature"]
    assert receiver.count("media_a", story.url) == 1
    entry = Ledger(tmp_path / "syndication").load(story.id).entry("webhook")
    assert "SYNDICATION_WEBHOOK_SECRET_MEDIA_B" in entry["last_error"]
    assert "bukan-rahasianya" not in entry["last_error"]
    late = WebhookChannel(
        {"partners_file": str(mitra)},
        hook_env(receiver),
        timeout=2.0,
        clock=lambda: time.time() - 600,
    )
    other = make_story(2)
    assert not engine(tmp_path / "b", late).run([other]).ok
    assert receiver.rejected == ["bad signature", "stale timestamp"]
    assert receiver.count("media_a", other.url) == 0


def test_captured_request_cannot_be_replayed(tmp_path, receiver, mitra):
    channel = WebhookChannel({"partners_file": str(mitra)}, hook_env(receiver), timeout=2.0)
    story = make_story(1)
    assert engine(tmp_path, channel).run([story]).ok
    ident = receiver.processed[0]["id"]
    body = b'{"type":"story.published"}'
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": ident,
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(receiver.secrets["media_a"], ident, stamp, body),
    }
    url = receiver.endpoint("media_a")
    assert httpx.post(url, content=body, headers=headers).json() == {"duplicate": True}
    receiver.clock_offset = 600  # the same signed request, ten minutes later
    assert (
        httpx.post(url, content=body, headers={**headers, "webhook-id": "baru"}).status_code == 400
    )
    assert len(receiver.processed) == 1


def test_webhook_without_secrets_writes_the_outbox(tmp_path, receiver, mitra):
    channel = WebhookChannel({"partners_file": str(mitra)}, {}, timeout=2.0)
    assert not channel.live
    assert channel.missing() == [
        "SYNDICATION_WEBHOOK_SECRET_MEDIA_A",
        "SYNDICATION_WEBHOOK_SECRET_MEDIA_B",
    ]
    assert engine(tmp_path, channel).run([make_story(1)]).ok
    assert receiver.log == []
    [written] = (tmp_path / "outbox" / "webhook").glob("*.json")
    assert receiver.endpoint("media_a") in written.read_text(encoding="utf-8")


def test_broken_mitra_file_blocks_the_channel_with_the_fix(tmp_path, receiver):
    bad = tmp_path / "mitra.toml"
    bad.write_text('[[mitra]]\nkunci = "x_y"\nnama = "X"\n', encoding="utf-8")
    channel = WebhookChannel({"partners_file": str(bad)}, hook_env(receiver), timeout=2.0)
    report = engine(tmp_path, channel).run([make_story(1)])
    assert "tidak ada email maupun webhook" in report.problems[0] and receiver.log == []


def test_invoke_check_reports_mitra_mistakes(mini_content: Path):
    (mini_content / "data" / "mitra.toml").write_text(
        '[[mitra]]\nkunci = "media_x"\nnama = "Media X"\nemail = ["x@media-x.example.org"]\n'
        'kecamatan = ["Bekasi"]\n',
        encoding="utf-8",
    )
    [problem] = run_check(load(content=mini_content)).errors
    assert problem.path.endswith("data/mitra.toml") and problem.line == 5
    assert problem.field == "kecamatan" and "'Bekasi' tidak dikenal" in problem.message
    assert "Koja" in problem.fix


def test_readme_verification_snippet_accepts_our_signature_and_refuses_replays():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python", readme.index("Verification on the partner side"))
    code = readme[start + len("```python") : readme.index("```", start + 9)]
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    secret, ident, stamp, body = (
        "whsec_" + "a2V5LWtleS1rZXk=",
        "kabar-1",
        int(time.time()),
        b'{"data":{"id":1}}',
    )
    headers = {
        "webhook-id": ident,
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret, ident, stamp, body),
    }
    assert namespace["verify"](secret, headers, body) == {"id": 1}
    assert namespace["verify"](secret, headers, body) == {}  # the same id again: ignored
    with pytest.raises(ValueError, match="bad signature"):
        namespace["verify"](secret, {**headers, "webhook-id": "lain"}, body)
    old = {**headers, "webhook-timestamp": str(stamp - 600)}
    with pytest.raises(ValueError, match="replay"):
        namespace["verify"](secret, old, body)


def test_dry_run_names_partners_subject_and_photos(tmp_path, mitra):
    out, photos = site_output(tmp_path, [1000])
    channel = email_channel(mitra, {}, out)
    story = make_story(1, photos, category="Kesehatan")
    text = channel.preview(channel.format(story))
    assert "Media A (redaksi@media-a.example.org, foto@media-a.example.org)" in text
    assert "Media B (desk@media-b.example.org)" in text and "Media C" not in text
    assert f"subjek: Siaran Pers: {story.title}" in text
    assert f"foto: {photos[0]['url']} (Kominfotik JU/Fotografer 0)" in text
    hook = WebhookChannel({"partners_file": str(mitra)}, {})
    assert f"Media A ({hook.partner('media_a').webhook})" in hook.preview(hook.format(story))


def test_paused_partner_gets_nothing(tmp_path):
    path = tmp_path / "mitra.toml"
    path.write_text(
        '[[mitra]]\nkunci = "media_x"\nnama = "X"\nemail = ["x@media-x.example.org"]\n'
        "aktif = false\n",
        encoding="utf-8",
    )
    channel = email_channel(path, {}, tmp_path)
    assert channel.format(make_story(1)).extra["mitra"] == []
