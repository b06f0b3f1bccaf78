"""Path arithmetic for paths made by the build itself (absolute and normal), without the cost of
``os.path.relpath``/``abspath``: these run for every story and every photo derivative of the
archive on every build. Anything else gets the ``os.path`` answer."""

from __future__ import annotations

import os


def inside(path: str | os.PathLike[str], base: str) -> str | None:
    """``path`` relative to the absolute, normal ``base`` when ``path`` is an absolute, normal
    path inside it (what ``os.path.relpath`` answers), else ``None``."""
    path = os.fspath(path)
    prefix = os.path.join(base, "")
    if not (os.path.isabs(path) and path.startswith(prefix)):
        return None
    rel = path[len(prefix) :]
    return rel if plain_relative(rel) else None


def plain_relative(path: str) -> bool:
    """``path`` is relative and normal (no ``.``/``..`` segment, doubled or trailing slash):
    joined to a folder and made relative to it again, it comes back unchanged."""
    normal = os.path.normpath(path) == path
    return bool(path) and not os.path.isabs(path) and not path.startswith("..") and normal


def absolute(path: str | os.PathLike[str]) -> str:
    """``os.path.abspath``, answered at once for a plain absolute path."""
    plain = isinstance(path, str) and path.startswith("/") and not path.endswith("/")
    if plain and "/." not in path and "//" not in path:
        return path
    return os.path.abspath(path)
