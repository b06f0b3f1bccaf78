"""Content problems, one record per defect, shown to staff as ``file:line: field: what — fix``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Literal

logger = logging.getLogger(__name__)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in one content file."""

    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: Severity = "error"

    def for_draft(self) -> Problem:
        """The same problem as a warning: a draft is not published, so it cannot break the site."""
        if self.severity == "warning":
            return self
        return replace(
            self, message=f"{self.message} (draf, belum diterbitkan)", severity="warning"
        )

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message} — {self.fix}"


class InvalidFileError(ValueError):
    """Raised by the reader for a file with errors, so Pelican skips (and never caches) it."""


class ContentError(SystemExit):
    """Stops the build (exit status 1) before anything is written.

    A ``SystemExit`` on purpose: Pelican turns any other exception into a traceback, and staff
    should see only the list of problems, which :meth:`ProblemLog.report` has already logged.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(1)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class ProblemLog:
    """Problems collected during one build (reset when Pelican initialises)."""

    problems: list[Problem] = field(default_factory=list)

    def clear(self) -> None:
        self.problems.clear()

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem in self.problems:
                continue
            self.problems.append(problem)
            if problem.severity == "warning":
                logger.warning("%s", problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def stop_on_errors(self) -> None:
        """Log every error, one line each, then stop the build if there was any."""
        errors = sorted(self.errors)
        if not errors:
            return
        for problem in errors:
            logger.error("%s", problem)
        logger.error(
            "%d kesalahan pada konten: situs tidak dibangun dan tidak ada berkas yang ditulis. "
            "Perbaiki baris di atas lalu bangun ulang.",
            len(errors),
        )
        raise ContentError(errors)


class KnownFailureFilter(logging.Filter):
    """Hide Pelican's bare "Could not process <file>" for files whose problems we listed."""

    def __init__(self, log: ProblemLog) -> None:
        super().__init__()
        self.log = log

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != "Could not process %s" or not record.args:
            return True
        path = str(record.args[0])  # type: ignore[index]
        return not any(p.path.endswith(path) for p in self.log.errors)


#: The log of the running build; readers and generators add to it.
BUILD_LOG = ProblemLog()
