"""Agenda checks for the content checker (``invoke check``), which reads files without a build."""

from __future__ import annotations

from typing import Any

from newsroom.config import NewsroomConfig
from newsroom.problems import Problem

from .agenda import agenda_id, load_agenda, unknown_references
from .config import ReachConfig


def agenda_problems(
    settings: dict[str, Any], references: list[tuple[str, str, int]]
) -> list[Problem]:
    """Problems of every agenda file, and of stories naming an unknown agenda.

    ``references`` are ``(shown path, Agenda value, line)`` of the stories being checked.
    """
    news = NewsroomConfig.from_settings(settings)
    activities, problems = load_agenda(
        ReachConfig.from_settings(settings).agenda_path,
        news.display,
        wilayah=news.rules.wilayah,
        units=news.rules.units,
        tz=news.rules.timezone,
    )
    known = {a.id for a in activities}
    refs = [(shown, agenda_id(value), line) for shown, value, line in references]
    return problems + unknown_references(refs, known)
