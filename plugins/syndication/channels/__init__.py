"""Channel registry: a channel module ``channels/<name>.py`` decorates its class with
:func:`register`; :func:`get` imports the module on first lookup. The engine never imports a
platform itself, so adding a channel means adding one module."""

from __future__ import annotations

import importlib

from .base import Channel

REGISTRY: dict[str, type[Channel]] = {}


def register(cls: type[Channel]) -> type[Channel]:
    """Class decorator: make a channel available under ``cls.name``."""
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> type[Channel] | None:
    if name not in REGISTRY and name.isidentifier():
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return REGISTRY.get(name)
