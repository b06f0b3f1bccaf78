"""Write an uploaded video's id back into its story, so the next build embeds the video.

Only the ``Video:`` line of the story's header changes: ``Video: liputan.mp4`` becomes
``Video: https://youtu.be/<id>`` followed by ``Video-File: liputan.mp4`` (the newsroom validator
knows that field), with the file's own line ending. Every other byte stays as it was, and the
file is replaced atomically (temporary file in the same folder, fsync, rename), so a crash
leaves the old or the new story, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

STORY_FILE = "index.md"
_VIDEO_LINE = re.compile(rb"^(?P<key>video)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*(?P<eol>\r?\n|$)", re.I)


class WriteBackError(OSError):
    """The story cannot be updated; the message names the file and what to do."""


def rewrite_video_line(text: bytes, file_name: str, video_id: str) -> bytes | None:
    """``text`` with its ``Video: file_name`` header line pointing at YouTube, or None when the
    header does not name that file (already rewritten, or changed by the editors)."""
    pos = 0
    while pos < len(text):
        end = text.find(b"\n", pos)
        end = len(text) if end < 0 else end + 1
        line = text[pos:end]
        if not line.strip():
            return None  # the blank line ends the header
        match = _VIDEO_LINE.match(line)
        if match:
            if match.group("value").decode("utf-8", "replace") != file_name:
                return None
            eol = match.group("eol") or b"\n"
            key = match.group("key")
            new = (
                key + b": https://youtu.be/" + video_id.encode() + eol
                + b"Video-File: " + file_name.encode() + (match.group("eol") or b"")
            )  # fmt: skip
            return text[:pos] + new + text[end:]
        pos = end
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_video_id(video_file: Path, video_id: str) -> Path | None:
    """Point the story beside ``video_file`` at YouTube video ``video_id``; the story file when
    it changed, None when there was nothing to change."""
    story = video_file.parent / STORY_FILE
    try:
        text = story.read_bytes()
    except OSError as exc:
        raise WriteBackError(
            f"{story}: tidak bisa dibaca ({exc.strerror}); isi `Video: https://youtu.be/"
            f"{video_id}` di berita itu dengan tangan"
        ) from None
    new = rewrite_video_line(text, video_file.name, video_id)
    if new is None:
        return None
    try:
        write_atomic(story, new)
    except OSError as exc:
        raise WriteBackError(
            f"{story}: tidak bisa ditulis ({exc.strerror}); isi `Video: https://youtu.be/"
            f"{video_id}` di berita itu dengan tangan"
        ) from None
    return story
