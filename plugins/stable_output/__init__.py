"""Write an output file only when its bytes change, atomically.

Stock Pelican rewrites every page on every build. With this writer an unchanged page keeps its
modification time (deploy diffs and rsync stay minimal, later stages can skip unchanged files),
and a changed page is replaced atomically (a reader never sees half a file).
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from typing import Any

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)


def replace_if_changed(path: str, data: bytes) -> bool:
    """Atomically write ``data`` to ``path`` unless it already holds it; True if written."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except FileNotFoundError:
        pass
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return True


class _PendingFile(io.StringIO):
    """Collects what Pelican writes; compares and writes on close."""

    def __init__(self, writer: StableWriter, path: str, encoding: str) -> None:
        super().__init__()
        self.writer = writer
        self.path = path
        self.target_encoding = encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.target_encoding)
            if self.path == os.devnull:
                pass
            elif replace_if_changed(self.path, data):
                self.writer.changed += 1
            else:
                self.writer.unchanged += 1
        super().close()


class StableWriter(Writer):
    """Pelican's writer, keeping its overwrite protection, writing only changed files."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.changed = 0
        self.unchanged = 0

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> _PendingFile:
        # Same rules as pelican.writers.Writer._open_w, without truncating the file.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            filename = os.devnull
        elif filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously'
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _PendingFile(self, filename, encoding)


_WRITERS: list[StableWriter] = []


def get_writer(_pelican: Any) -> type[StableWriter]:
    return _TrackedWriter


class _TrackedWriter(StableWriter):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        _WRITERS.append(self)


def report(_pelican: Any) -> None:
    """``finalized``: how many pages changed."""
    while _WRITERS:
        writer = _WRITERS.pop()
        logger.info("%d berkas diperbarui, %d tidak berubah", writer.changed, writer.unchanged)


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(report)
