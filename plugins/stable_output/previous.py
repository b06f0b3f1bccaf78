"""The previous build's output tree, set aside by a cleaning production build.

A production build starts from an empty output folder so no stale file survives
(plugins/newsroom ``set_aside``), but keeps the old tree beside it until the build ends and
names it in the ``NEWSROOM_PREVIOUS_OUTPUT`` setting. A page that is unchanged is hard-linked
from there instead of being rendered or written again: same bytes, same modification time.
"""

from __future__ import annotations

import os

SETTING = "NEWSROOM_PREVIOUS_OUTPUT"


class PreviousTree:
    """Maps a path of the new output tree to its counterpart in the set-aside tree."""

    def __init__(self, output_path: str, previous: str | None) -> None:
        self.output_path = os.path.abspath(output_path)
        self.previous = os.path.abspath(previous) if previous else None

    def counterpart(self, path: str) -> str | None:
        if self.previous is None:
            return None
        rel = os.path.relpath(os.path.abspath(path), self.output_path)
        return None if rel.startswith("..") else os.path.join(self.previous, rel)

    def stat(self, path: str) -> os.stat_result | None:
        """Stat of ``path``'s counterpart, or None."""
        old = self.counterpart(path)
        try:
            return os.stat(old) if old else None
        except OSError:
            return None

    def link(self, path: str) -> bool:
        """Hard-link ``path``'s counterpart into place; False when that is not possible."""
        old = self.counterpart(path)
        if old is None:
            return False
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(old, path)
        except OSError:
            return False
        return True

    def holds(self, path: str, data: bytes) -> bool:
        """True when ``path``'s counterpart has exactly ``data``."""
        stat = self.stat(path)
        if stat is None or stat.st_size != len(data):
            return False
        try:
            with open(self.counterpart(path) or "", "rb") as handle:
                return handle.read() == data
        except OSError:
            return False


NO_PREVIOUS = PreviousTree(".", None)
