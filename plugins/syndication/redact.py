"""Secrets never reach a log line or an error message: one registry of secret values, a logging
filter that scrubs them, and :func:`redact` for exception texts."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_SECRETS: set[str] = set()
_QUERY_SECRET = re.compile(
    r"(?i)((?:access_token|oauth_signature|oauth_token|client_secret|appsecret_proof|token)"
    r"[=:]\s*\"?)([^&\s\",]+)"
)
_BEARER = re.compile(r"(?i)(bearer\s+)([A-Za-z0-9._~+/=-]+)")
MASK = "***"


def register_secrets(values: Iterable[str]) -> None:
    """Remember secret values (tokens, keys) so they are masked wherever they appear."""
    for value in values:
        if value and len(value) >= 4:
            _SECRETS.add(value)


def redact(text: object) -> str:
    """``text`` with every known secret, bearer token and token-like query value masked."""
    out = str(text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        out = out.replace(secret, MASK)
    out = _BEARER.sub(lambda m: m.group(1) + MASK, out)
    return _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, out)


class RedactingFilter(logging.Filter):
    """Logging filter: formats the record's message once, redacted, and drops the args."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def install(logger_name: str = "syndication") -> None:
    """Attach the filter to the syndication loggers and every handler of the root logger."""
    flt = RedactingFilter()
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(flt)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)
