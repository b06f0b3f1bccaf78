"""Shared base of the partner-media channels (``email``, ``webhook``): one story goes to every
partner of ``content/data/mitra.toml`` that wants its rubrik and kecamatan.

To the engine a story is still one delivery per channel; inside it, each partner has its own
checkpoint in the ledger (``progress.mitra.<kunci>``: ``in_doubt`` before the send, ``sent``
right after, ``failed`` with the reason), so a crash or a retry never sends again to a partner
already done. A partner left ``in_doubt`` by a crash is sent again with the same delivery id
(e-mail ``Message-ID`` / ``webhook-id``), which the receiving side uses to drop the duplicate.
One partner failing does not hold back the others.
"""

from __future__ import annotations

import hashlib
import logging
from abc import abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from ..errors import AuthError, PermanentError, TransientError
from ..partners import DEFAULT_FILE, Partner, PartnerFileError, load_partners, select
from ..story import Story
from .base import Channel, Checkpoint, Delivery, Post

logger = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")


def delivery_id(story_id: str, partner_key: str) -> str:
    """Stable id of one (story, partner) delivery: the same on every retry and resend."""
    digest = hashlib.sha256(f"{story_id}\n{partner_key}".encode()).hexdigest()
    return f"kabar-{digest[:32]}"


class PartnerChannel(Channel):
    """A channel that fans one story out to several partners. Subclasses say which partners
    they serve (:meth:`serves`), build the story part of the post (:meth:`payload`) and send
    to one partner (:meth:`send`), optionally inside one connection (:meth:`session`)."""

    target_word: ClassVar[str] = "mitra"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners_file = Path(self.options.get("partners_file", DEFAULT_FILE))
        self._partners: list[Partner] | None = None
        self._failed_now: set[tuple[str, str]] = set()  # (story, partner) refused in this run

    # --- partners ------------------------------------------------------------------------
    def partners(self) -> list[Partner]:
        """The partners this channel serves (file read once; raises PartnerFileError)."""
        if self._partners is None:
            self._partners = [p for p in load_partners(self.partners_file) if self.serves(p)]
        return self._partners

    def partner(self, key: str) -> Partner | None:
        return next((p for p in self.partners() if p.key == key), None)

    @abstractmethod
    def serves(self, partner: Partner) -> bool:
        """True when ``partner`` receives this channel (has an address/endpoint)."""

    @abstractmethod
    def payload(self, story: Story) -> tuple[str, dict[str, Any]]:
        """``(text, extra)`` of the post for ``story``: what a dry run shows."""

    @abstractmethod
    def send(self, session: Any, post: Post, partner: Partner, ident: str) -> dict[str, Any]:
        """Deliver ``post`` to ``partner`` under delivery id ``ident``; what to record."""

    @contextmanager
    def session(self) -> Iterator[Any]:
        """A connection shared by the partners of one story (none by default)."""
        yield None

    # --- the Channel interface -----------------------------------------------------------
    def format(self, story: Story) -> Post:
        try:
            targets = select(self.partners(), story.category, story.kecamatan)
            error = ""
        except PartnerFileError as exc:
            targets, error = [], str(exc)
        text, extra = self.payload(story)
        extra = {"mitra": [p.key for p in targets], **extra}
        if error:
            extra["error"] = error
        return Post(
            channel=self.name,
            story_id=story.id,
            story_url=story.url,
            text=text,
            length=len(text),
            limit=0,
            link=story.url,
            extra=extra,
        )

    def preview(self, post: Post) -> str:
        lines = [f"[{self.label}] {post.story_id}", f"  tautan: {post.link}"]
        if post.extra.get("error"):
            lines.append(f"  DAFTAR MITRA SALAH: {post.extra['error']}")
        names = [
            f"{p.name} ({self.address(p)})"
            for key in post.extra["mitra"]
            if (p := self.partner(key)) is not None
        ]
        lines.append(f"  mitra: {'; '.join(names) or '(tidak ada yang meminta berita ini)'}")
        lines += [f"  {line}" for line in self.describe(post)]
        return "\n".join(lines)

    @abstractmethod
    def address(self, partner: Partner) -> str:
        """Where ``partner`` receives this channel (shown in dry runs and the status)."""

    def describe(self, post: Post) -> list[str]:
        """Extra dry-run lines of a subclass."""
        return []

    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        if post.extra.get("error"):
            raise AuthError(
                f"{self.label}: daftar mitra salah — perbaiki lalu jalankan `invoke check`:\n"
                + post.extra["error"]
            )
        keys = list(post.extra["mitra"])
        results: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in progress.get("mitra", {}).items()
        }
        if not keys:  # extra keys are copied onto the ledger entry: recorded as "skipped"
            return Delivery(
                remote_id="",
                extra={"status": "skipped", "note": "tidak ada mitra yang meminta berita ini"},
            )
        transient: list[TransientError] = []
        refused: dict[str, str] = {}
        todo = [k for k in keys if results.get(k, {}).get("status") != "sent"]
        with self.session() if todo else _nothing() as session:
            for key in todo:
                partner = self.partner(key)
                if partner is None:  # removed from mitra.toml since the last run
                    continue
                if (post.story_id, key) in self._failed_now:
                    refused[key] = results.get(key, {}).get("error", "")
                    continue
                ident = delivery_id(post.story_id, key)
                state = {"status": "in_doubt", "id": ident, "to": self.address(partner)}
                results[key] = {**results.get(key, {}), **state, "intent_at": _now()}
                checkpoint({"mitra": results})  # intent on disk before the send
                try:
                    receipt = self.send(session, post, partner, ident)
                except AuthError:
                    raise  # the whole channel stops; this partner stays in doubt
                except PermanentError as exc:
                    results[key].update(status="failed", error=str(exc))
                    self._failed_now.add((post.story_id, key))
                    refused[key] = str(exc)
                except TransientError as exc:
                    status = "in_doubt" if exc.maybe_delivered else "pending"
                    results[key].update(status=status, error=str(exc))
                    transient.append(exc)
                    if exc.code == "connection":  # the server itself is unreachable
                        checkpoint({"mitra": results})
                        break
                else:
                    results[key] = {**results[key], **receipt, "status": "sent", "sent_at": _now()}
                    results[key].pop("error", None)
                checkpoint({"mitra": results})
        return self._outcome(keys, results, transient, refused)

    def _outcome(
        self,
        keys: list[str],
        results: dict[str, dict[str, Any]],
        transient: list[TransientError],
        refused: dict[str, str],
    ) -> Delivery:
        if transient:
            waits = [e.retry_after for e in transient if e.retry_after is not None]
            raise TransientError(
                f"{self.label}: {len(transient)} mitra belum menerima, dicoba lagi",
                code=transient[0].code,
                detail="; ".join(str(e) for e in transient),
                maybe_delivered=any(e.maybe_delivered for e in transient),
                retry_after=max(waits) if waits else None,
            )
        if refused:
            sent = [k for k in keys if results.get(k, {}).get("status") == "sent"]
            raise PermanentError(
                f"{self.label}: ditolak untuk mitra {', '.join(sorted(refused))} "
                f"(terkirim ke {len(sent)} mitra lain). Perbaiki alamat/pengaturan mitra di "
                "content/data/mitra.toml lalu jalankan `invoke syndicate --retry-failed`",
                detail="; ".join(f"{k}: {v}" for k, v in sorted(refused.items())),
            )
        sent = [k for k in keys if results.get(k, {}).get("status") == "sent"]
        return Delivery(remote_id=f"{len(sent)} mitra", extra={"mitra": results})

    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        """Partners cannot be asked; the ledger's per-partner checkpoints are the truth. All
        partners done → delivered; else None and :meth:`publish` resumes with the rest."""
        results = progress.get("mitra", {})
        keys = post.extra.get("mitra", [])
        if keys and all(results.get(k, {}).get("status") == "sent" for k in keys):
            return Delivery(remote_id=f"{len(keys)} mitra", extra={"mitra": results})
        return None


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def _now() -> str:
    return datetime.now(WIB).isoformat(timespec="seconds")
