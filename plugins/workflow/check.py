"""``invoke check``: lint content files and list every problem at once, for staff.

Each file goes through the same checking reader as the build (:class:`newsroom.reader.
NewsroomReader`: encoding, header, every field, photos), then through the checks only the linter
runs (:mod:`newsroom.validate`: leftover template text, social-card lengths, internal links),
then across files (two stories claiming one URL). Output is one line per problem,
``file:line: field: what — fix``; the exit status is 1 when there is an error, 0 for warnings.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from newsroom.config import NewsroomConfig
from newsroom.header import Header, parse_date, split_header
from newsroom.problems import BUILD_LOG, InvalidFileError, Problem
from newsroom.publishing import duplicate_outputs
from newsroom.reader import NewsroomReader, decode
from newsroom.validate import (
    STATUS_WORDS,
    body_links,
    check_internal_links,
    check_placeholders,
    check_social_lengths,
)
from pelican.utils import slugify

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Source:
    """One Markdown file of the content folder, decoded and split (cheap: no Markdown yet)."""

    path: Path
    rel: str
    shown: str
    story: bool
    header: Header
    draft: bool
    save_as: str
    url: str


@dataclass(frozen=True)
class Report:
    """The outcome of one check run."""

    problems: list[Problem]
    checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def write(self, out: TextIO) -> None:
        """Errors first, then warnings, then a one-line summary in Indonesian."""
        for problem in sorted(self.errors):
            out.write(f"{problem}\n")
        if self.warnings:
            out.write("Peringatan (tidak menghalangi terbit):\n")
            for problem in sorted(self.warnings):
                out.write(f"{problem}\n")
        if self.errors:
            verdict = "perbaiki kesalahan di atas sebelum menerbitkan."
        elif self.warnings:
            verdict = "tidak ada kesalahan; sebaiknya periksa peringatannya."
        else:
            verdict = "semua baik."
        out.write(
            f"Diperiksa {self.checked} berkas: {len(self.errors)} kesalahan, "
            f"{len(self.warnings)} peringatan — {verdict}\n"
        )

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def markdown_files(content: Path) -> list[Path]:
    """Every Markdown file under the content folder, in a stable order."""
    return sorted(
        p for p in content.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()
    )


def all_files(content: Path) -> frozenset[str]:
    """Every file under the content folder, as POSIX paths relative to it."""
    found = set()
    for folder, _dirs, files in os.walk(content, followlinks=True):
        rel = Path(folder).relative_to(content).as_posix()
        found.update(name if rel == "." else f"{rel}/{name}" for name in files)
    return frozenset(found)


class Site:
    """The content folder and its settings: where every story and page will be published."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.config = NewsroomConfig.from_settings(settings)
        self.content = self.config.content_path
        self.path_metadata = re.compile(settings.get("PATH_METADATA") or r"(?!)")
        #: Site-absolute links under this prefix must name a story; other addresses (listing
        #: pages, pages of other plugins) are known only after the build: `check-links`.
        self.article_prefix = settings.get("ARTICLE_URL", "").split("{", 1)[0]

    def source(self, path: Path) -> Source:
        rel = self.config.relative(path)
        text, _ = decode(path.read_bytes(), self.config.display(path))
        header = split_header(text)
        story = self.config.is_story(path)
        status = header.fields.get("status")
        draft = bool(status) and STATUS_WORDS.get(status.value.lower()) in ("draft", "hidden")
        save_as = "" if draft else self._save_as(rel, header, story)
        url = save_as.removesuffix("index.html")
        return Source(path, rel, self.config.display(path), story, header, draft, save_as, url)

    def _save_as(self, rel: str, header: Header, story: bool) -> str:
        value = {k: f.value for k, f in header.fields.items()}
        subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        if story:
            match = self.path_metadata.search(rel)
            slug = value.get("slug") or (match.groupdict().get("slug") if match else "")
            try:
                date = parse_date(value.get("date", ""), self.config.rules.timezone)
            except ValueError:
                return ""
            pattern = self.settings.get("ARTICLE_SAVE_AS", "")
            return _format(pattern, slug=slug, date=date, lang="id") if slug else ""
        if value.get("save_as"):
            return value["save_as"]
        slug = value.get("slug") or slugify(value.get("title", ""), regex_subs=subs)
        return _format(self.settings.get("PAGE_SAVE_AS", ""), slug=slug, lang="id")


def _format(pattern: str, **values: Any) -> str:
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError):
        return ""


@contextlib.contextmanager
def quiet_problem_log() -> Iterator[None]:
    """The build logs each warning as it is found; the checker prints its own report."""
    problem_logger = logging.getLogger("newsroom.problems")
    previous = problem_logger.disabled
    problem_logger.disabled = True
    try:
        yield
    finally:
        problem_logger.disabled = previous


def check_file(reader: NewsroomReader, source: Source) -> list[Problem]:
    """What the build would say about this file (with draft errors already softened)."""
    BUILD_LOG.clear()
    with contextlib.suppress(InvalidFileError):
        reader.read(str(source.path))
    found = list(BUILD_LOG.problems)
    BUILD_LOG.clear()
    return found


def check_extra(
    site: Site, source: Source, files: frozenset[str], urls: frozenset[str]
) -> list[Problem]:
    """The linter-only checks of one file (placeholders, social cards, internal links)."""
    found = check_placeholders(source.shown, source.header)
    if source.story:
        found += check_social_lengths(source.shown, source.header)
    folder = source.rel.rsplit("/", 1)[0] if "/" in source.rel else ""
    links = [
        (target, line)
        for target, line in body_links(source.header)
        if not target.startswith("/") or target.lstrip("/").startswith(site.article_prefix)
    ]
    found += check_internal_links(
        source.shown,
        links,
        folder=folder,
        content_files=files,
        site_urls=urls,
    )
    if source.draft:
        found = [p.for_draft() for p in found]
    return found


def check_duplicates(sources: list[Source], selected: set[Path], site: Site) -> list[Problem]:
    """Two files published at one address; reported on the selected (newer) one."""
    ordered = sorted(sources, key=lambda s: (s.path in selected, s.rel))
    by_shown = {s.shown: s for s in sources}
    found = duplicate_outputs([(s.save_as, str(s.path)) for s in ordered], site.config.display)
    fixed = []
    for problem in found:
        source = by_shown.get(problem.path)
        if source is None or source.path not in selected:
            continue
        date = source.header.fields.get("date")
        fixed.append(replace(problem, line=date.line if date else 1))
    return fixed


def run_check(settings: dict[str, Any], paths: Iterable[Path] | None = None) -> Report:
    """Check the given Markdown files (default: all content) against all content."""
    site = Site(settings)
    every = markdown_files(site.content)
    selected = {p.resolve() for p in paths} if paths is not None else set(every)
    sources = [site.source(p) for p in every]
    files = all_files(site.content)
    urls = frozenset(s.url for s in sources if s.url)
    reader = NewsroomReader(settings)
    problems: list[Problem] = []
    with quiet_problem_log():
        for source in sources:
            if source.path not in selected:
                continue
            problems += check_file(reader, source)
            problems += check_extra(site, source, files, urls)
    problems += check_duplicates(sources, selected, site)
    # --- reach: agenda files (content/agenda/*.toml) and the stories' Agenda field ---
    if "reach" in settings.get("PLUGINS", []):
        from reach.check import agenda_problems  # noqa: PLC0415

        refs = [
            (s.shown, f.value, f.line)
            for s in sources
            if s.path in selected and (f := s.header.fields.get("agenda")) and f.value
        ]
        agenda = agenda_problems(settings, refs)
        problems += agenda if paths is None else [p for p in agenda if p.field == "Agenda"]
    # --- partner media: content/data/mitra.toml (plugins/syndication) ---
    if "syndication" in settings.get("PLUGINS", []) and paths is None:
        from syndication.partners import partner_problems  # noqa: PLC0415

        problems += partner_problems(settings)
    checked = sum(1 for s in sources if s.path in selected)
    return Report(sorted(set(problems)), checked)


def story_for(path: Path, content: Path) -> Path | None:
    """The Markdown file a changed path belongs to (a photo belongs to its story)."""
    path = path.resolve()
    content = content.resolve()
    if content not in path.parents:
        return None
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return path if path.exists() else None
    folder = path if path.is_dir() else path.parent
    index = folder / "index.md"
    return index if index.exists() else None


def expand(paths: Iterable[Path], content: Path) -> list[Path]:
    """Markdown files named by ``paths``: files, story folders or whole folders."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(markdown_files(path))
        else:
            story = story_for(path, content)
            if story is not None:
                found.add(story)
    return sorted(found)


def changed_paths(repo: Path, base: str = "") -> list[Path]:
    """Files changed in the working tree and index versus ``base`` (default HEAD), plus new ones.

    With ``base`` (a branch or commit, e.g. ``origin/main``) the commits since then count too.
    A repository without commits yet counts every file as changed.
    """

    def git(*args: str) -> list[str]:
        proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise ChangedFilesError(proc.stderr.strip() or f"git {' '.join(args)} gagal")
        return [line for line in proc.stdout.splitlines() if line]

    has_head = (
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "HEAD"],
            cwd=repo,
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    names = git("ls-files", "--others", "--exclude-standard")
    if base:
        merge_base = git("merge-base", base, "HEAD")[0]
        names += git("diff", "--name-only", merge_base)
    elif has_head:
        names += git("diff", "--name-only", "HEAD")
    else:
        names += git("ls-files")
    return [repo / name for name in sorted(set(names))]


class ChangedFilesError(RuntimeError):
    """git could not list changed files (not a repository, unknown base ref)."""


def select(
    content: Path,
    paths: Iterable[str] = (),
    *,
    changed: bool = False,
    base: str = "",
    repo: Path | None = None,
) -> list[Path] | None:
    """The Markdown files to check: named paths, changed files, or None for everything.

    A changed content file that belongs to no story (``content/data/*.toml``) can affect every
    story, so it selects everything.
    """
    chosen = [Path(p) for p in paths]
    if changed or base:
        chosen += changed_paths(repo or content.parent, base)
    elif not chosen:
        return None
    if any(_shared_content(p, content) for p in chosen):
        return None
    return expand(chosen, content)


def _shared_content(path: Path, content: Path) -> bool:
    path, content = path.resolve(), content.resolve()
    if content not in path.parents or path.suffix.lower() in MARKDOWN_SUFFIXES:
        return False
    return path.is_file() and story_for(path, content) is None
