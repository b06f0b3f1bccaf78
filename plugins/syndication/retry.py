"""Backoff for transient failures: exponential with full jitter, honouring the wait the platform
asked for (Retry-After, rate-limit reset, usage headers), bounded per run."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries per (story, channel) in one run
    base: float = 1.0
    cap: float = 30.0  # longest single wait we accept inside one run
    rng: random.Random | None = None

    def delay(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before try ``attempt + 1`` (0-based ``attempt``), or None when the
        platform asks for a longer wait than ``cap`` (then the delivery waits for the next run)."""
        if retry_after is not None:
            return retry_after if retry_after <= self.cap else None
        rng = self.rng or random
        return rng.uniform(0, min(self.cap, self.base * (2**attempt)))
