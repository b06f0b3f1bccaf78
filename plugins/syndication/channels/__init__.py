"""Channel registry: a channel module calls :func:`register` for its class; the engine looks
channels up by name and never imports a platform itself."""

from __future__ import annotations

import importlib

from .base import Channel

REGISTRY: dict[str, type[Channel]] = {}
#: Modules imported on first lookup (a new channel adds one line here or calls ``register``).
BUILTIN = {"facebook": "syndication.channels.facebook", "x": "syndication.channels.x"}


def register(cls: type[Channel]) -> type[Channel]:
    """Class decorator: make a channel available under ``cls.name``."""
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> type[Channel] | None:
    if name not in REGISTRY and name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    return REGISTRY.get(name)
