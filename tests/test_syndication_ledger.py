"""Ledger files: atomic, stable, validated; secrets redacted from logs and errors."""

from __future__ import annotations

import json
import logging

import pytest
from syndication.errors import AuthError
from syndication.ledger import CorruptLedgerError, Ledger, file_name
from syndication.redact import RedactingFilter, redact, register_secrets


def test_record_round_trip_is_stable(tmp_path):
    ledger = Ledger(tmp_path)
    record = ledger.new("berita/2026/11/a", "https://k/a/", "2026-11-20T09:30:00+07:00")
    record.ensure("x").update(status="posted", remote_id="1")
    ledger.save(record)
    text = (tmp_path / file_name("berita/2026/11/a")).read_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert ledger.load("berita/2026/11/a").entry("x")["remote_id"] == "1"
    assert list(tmp_path.glob(".*.tmp")) == []
    assert file_name("berita/2026/11/a") == "berita__2026__11__a.json"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"story": "berita/2026/11/a"}',
        '{"story": "berita/2026/11/a", "url": "u", "channels": {"x": {"status": "sent"}}}',
    ],
)
def test_corrupt_file_is_named(tmp_path, content):
    (tmp_path / file_name("berita/2026/11/a")).write_text(content)
    with pytest.raises(CorruptLedgerError, match="rusak"):
        Ledger(tmp_path).load("berita/2026/11/a")


def test_lost_watermarks_mean_none(tmp_path):
    ledger = Ledger(tmp_path)
    ledger.state_path.parent.mkdir(parents=True)
    ledger.state_path.write_text("garbage")
    assert ledger.watermarks() == {}


def test_redaction_in_logs_and_errors(caplog):
    register_secrets(["EAAGsupersecret999"])
    logger = logging.getLogger("syndication.test")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="syndication.test"):
        logger.info("calling %s?access_token=%s", "https://graph", "EAAGsupersecret999")
        logger.info("header Authorization: Bearer abc.def-ghi")
    assert "EAAGsupersecret999" not in caplog.text and "abc.def-ghi" not in caplog.text
    err = AuthError("token EAAGsupersecret999 ditolak", detail="oauth_signature=xyz123")
    assert "EAAGsupersecret999" not in str(err) and "xyz123" not in str(err)
    assert redact("client_secret=abc") == "client_secret=***"
