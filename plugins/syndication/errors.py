"""The errors a channel raises, classified once so the engine knows what to do with them."""

from __future__ import annotations

from .redact import redact


class ChannelError(Exception):
    """A failed call to a platform; the message is admin-facing (Indonesian) and redacted."""

    def __init__(self, message: str, *, code: str = "", detail: str = "") -> None:
        self.code = code
        self.detail = redact(detail)
        super().__init__(redact(message))

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} [{self.code}] {self.detail}".strip() if self.detail else base


class TransientError(ChannelError):
    """Worth retrying later: timeouts, 5xx, 429 and documented transient platform codes.

    ``maybe_delivered`` is True when the request may have reached the platform (a timeout while
    waiting for the answer, a dropped connection, a 5xx): the engine then asks the platform
    before retrying. ``retry_after`` is the wait in seconds the platform asked for, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        detail: str = "",
        maybe_delivered: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code=code, detail=detail)
        self.maybe_delivered = maybe_delivered
        self.retry_after = retry_after


class PermanentError(ChannelError):
    """Not retried: the content or the request is rejected; the admin must act on this story."""


class AuthError(PermanentError):
    """The token is expired, revoked or lacks a permission: the whole channel stops this run."""


class DuplicateError(PermanentError):
    """The platform says this post already exists: reconcile, never post again."""


class UnverifiableError(TransientError):
    """The platform gives no way to check whether an in-doubt delivery arrived (e.g. a Telegram
    bot cannot read its own channel posts). The engine never resends it: the delivery stays
    ``in_doubt`` for a human, whose instruction is the message."""
