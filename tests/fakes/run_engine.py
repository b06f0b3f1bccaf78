"""Run one engine pass in its own process (the kill test SIGKILLs it mid-run).

Usage: python -m tests.fakes.run_engine STORIES LEDGER OUTBOX; credentials/base URLs from env.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from syndication.channels.email import EmailChannel
from syndication.channels.facebook import FacebookChannel
from syndication.channels.instagram import InstagramChannel
from syndication.channels.telegram import TelegramChannel
from syndication.channels.webhook import WebhookChannel
from syndication.channels.x import XChannel
from syndication.channels.youtube import YouTubeChannel
from syndication.engine import Engine
from syndication.ledger import Ledger
from syndication.retry import RetryPolicy
from syndication.story import load_stories


def main() -> int:
    stories, ledger, outbox = (Path(a) for a in sys.argv[1:4])
    channels = [FacebookChannel({}, timeout=1.0), XChannel({"link": "post"}, timeout=1.0)]
    channels += [InstagramChannel({"status_wait": 0.01}, timeout=1.0)]
    channels += [TelegramChannel({}, timeout=1.0)]
    channels.append(YouTubeChannel({"chunk_mb": 0.25, "output_path": str(outbox)}, timeout=1.0))
    if os.environ.get("KILL_TEST_MITRA"):  # partner e-mail + webhook (mitra.toml format)
        channels.append(EmailChannel({"partners_file": os.environ["KILL_TEST_MITRA"]}, timeout=1.0))
        channels.append(
            WebhookChannel({"partners_file": os.environ["KILL_TEST_MITRA"]}, timeout=1.0)
        )
    engine = Engine(
        Ledger(ledger),
        channels,
        now=lambda: datetime.now(ZoneInfo("Asia/Jakarta")),
        outbox=outbox,
        policy=RetryPolicy(attempts=3, base=0.01, cap=0.2),
    )
    report = engine.run(load_stories(stories), out=lambda s: None)
    done = {"posted", "skipped"}
    pending = [o for o in report.outcomes if o.status not in done]
    # Telegram cannot be reconciled: a delivery flagged for a human is final for this test.
    pending = [o for o in pending if not (o.channel == "telegram" and o.status == "in_doubt")]
    return 1 if pending or report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
