"""Replace a cache or state file in one rename: a reader sees the old file or the new one."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """``path`` holds ``data``: written beside it under this process's name, then renamed into
    place (its folder is made when missing). On failure the temporary file is removed and the
    error (an ``OSError``) is the caller's."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
