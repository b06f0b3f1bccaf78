"""Writers: :class:`StableWriter` writes only changed bytes; :class:`IncrementalWriter` also
skips pages whose signature did not change, paginates stably and renders in parallel."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateNotFound
from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer, get_relative_path

from . import parallel
from .manifest import Manifest, manifest_path
from .pagination import stable_pages
from .previous import NO_PREVIOUS, SETTING, PreviousTree
from .signature import Digester, TemplateNames, code_hash, page_signature
from .storykeys import StoryDigests
from .uptodate import note_claims

logger = logging.getLogger(__name__)


def replace_if_changed(path: str, data: bytes, previous: PreviousTree = NO_PREVIOUS) -> bool:
    """Atomically write ``data`` to ``path`` unless it already holds it (or the previous tree
    of a cleaning build does: then that file is linked back); True if written."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except FileNotFoundError:
        if previous.holds(path, data) and previous.link(path):
            return False
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
            elif replace_if_changed(self.path, data, self.writer.previous):
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
        self.previous = PreviousTree(output_path, self.settings.get(SETTING))

    def _claim(self, filename: str, override: bool) -> str:
        """Pelican's overwrite rules (``Writer._open_w``): the path to write, or os.devnull."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            return os.devnull
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously'
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return filename

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> _PendingFile:
        return _PendingFile(self, self._claim(filename, override), encoding)


def continuation_template(template: Any) -> Any:
    """The template for pages 2, 3, … of a paginated listing: ``<name>_continued.html`` when
    the theme has one (say, the home page's later pages list only stories, so what only the
    first page shows — agenda, videos, rubrik counts — does not make them all change), else
    ``template`` itself."""
    if not template.name:
        return template
    stem, dot, ext = template.name.rpartition(".")
    try:
        return template.environment.get_template(f"{stem}_continued{dot}{ext}")
    except TemplateNotFound:
        return template


@dataclass
class _Job:
    """A page to render: where, with what, and the signature to record."""

    path: str
    template: Any
    localcontext: dict[str, Any]
    signature: str | None


class IncrementalWriter(StableWriter):
    """Skips pages whose signature is unchanged; renders the rest in parallel at :meth:`flush`."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        settings = self.settings
        self.skip_unchanged = settings.get("STABLE_OUTPUT_SKIP_UNCHANGED", True)
        self.stable_pagination = settings.get("STABLE_OUTPUT_PAGINATION", True)
        workers = int(settings.get("STABLE_OUTPUT_WORKERS", 0))
        self.workers = workers if workers > 0 else parallel.default_workers()
        self.min_parallel = int(settings.get("STABLE_OUTPUT_MIN_PARALLEL", 64))
        self.skipped = 0
        self.manifest = Manifest.load(
            manifest_path(settings.get("CACHE_PATH", ".cache"), output_path)
        )
        self.manifest.previous = self.previous
        self.stories: StoryDigests | None = None
        if self.skip_unchanged and settings.get("STABLE_OUTPUT_STORY_DIGESTS", True):
            self.stories = StoryDigests(
                manifest_path(settings.get("CACHE_PATH", ".cache"), output_path, "story-digests")
            )
        verify = bool(settings.get("STABLE_OUTPUT_VERIFY_STORY_DIGESTS", False))
        self.digester = Digester(self.stories, verify)
        self._names: dict[int, TemplateNames] = {}
        self._base: str | None = None
        self._jobs: list[_Job] = []

    # -- Pelican's API ---------------------------------------------------------------------
    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, list[Any]] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Same contract as :meth:`pelican.writers.Writer.write_file`."""
        if not name:
            return
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._emit(name, template, context, kwargs, relative_urls, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        pages = {key: self._paginate(name, url, val, per_page) for key, val in paginated.items()}
        continued = continuation_template(template)
        for position in range(len(next(iter(pages.values())))):
            page_kwargs = kwargs.copy()
            for key, key_pages in pages.items():
                page_kwargs.update(
                    {
                        f"{key}_paginator": key_pages[position].paginator,
                        f"{key}_page": key_pages[position],
                        f"{key}_previous_page": key_pages[position - 1] if position else None,
                        f"{key}_next_page": (
                            key_pages[position + 1] if position + 1 < len(key_pages) else None
                        ),
                    }
                )
            save_as = page_kwargs[f"{next(iter(pages))}_page"].save_as
            shown = continued if position else template
            self._emit(save_as, shown, context, page_kwargs, relative_urls, override_output)

    # -- internals -------------------------------------------------------------------------
    def _paginate(self, name: str, url: str | None, items: list[Any], per_page: int) -> list[Any]:
        if self.stable_pagination:
            return stable_pages(name, url, items, self.settings, per_page)
        paginator = Paginator(name, url, items, self.settings, per_page)
        return [paginator.page(n) for n in paginator.page_range]

    def _emit(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        kwargs: dict[str, Any],
        relative_urls: bool,
        override: bool,
    ) -> None:
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        target = self._claim(path, override)
        if target != os.devnull:
            signature = self._signature(template, localcontext, context, kwargs)
            if signature is not None and self.manifest.fresh(path, signature):
                self.skipped += 1
                logger.debug('Tidak berubah, tidak dirender: "%s"', path)
            else:
                job = _Job(path, template, localcontext, signature)
                if relative_urls:
                    # Each page sets the site URL its content's links use (context["localsiteurl"],
                    # read by Pelican's content objects): render in page order. Otherwise that
                    # value is SITEURL for every page and the pages can render in any process.
                    self._store(job, self._render(job))
                else:
                    self._jobs.append(job)
        signals.content_written.send(path, context=localcontext)

    def _signature(
        self,
        template: Any,
        localcontext: dict[str, Any],
        context: dict[str, Any],
        kwargs: dict[str, Any],
    ) -> str | None:
        if not self.skip_unchanged:
            return None
        env = template.environment
        names_of = self._names.get(id(env))
        if names_of is None:
            names_of = self._names[id(env)] = TemplateNames(env)
        names = names_of(template.name)
        if names is None:
            return None
        if self._base is None:
            roots = [self.settings.get("THEME", ""), *self.settings.get("PLUGIN_PATHS", [])]
            self._base = code_hash(roots, self.settings)
        return page_signature(
            self.digester, self._base, template.name, names, localcontext, context, kwargs
        )

    @staticmethod
    def _render(job: _Job) -> bytes:
        return job.template.render(job.localcontext).encode("utf-8")

    def _store(self, job: _Job, data: bytes) -> None:
        """Write one rendered page (always from the parent, in page order: tools that walk
        the output, such as Pagefind, then see the same directory order on every build)."""
        os.makedirs(os.path.dirname(job.path), exist_ok=True)
        if replace_if_changed(job.path, data, self.previous):
            self.changed += 1
            logger.info('Writing "%s"', job.path)
        else:
            self.unchanged += 1
        self.manifest.record(job.path, job.signature)

    def flush(self) -> None:
        """Render every queued page (in parallel when worth it) and record the results."""
        jobs, self._jobs = self._jobs, []
        parallel.run(
            lambda i: self._render(jobs[i]),
            lambda i, data: self._store(jobs[i], data),
            [os.path.relpath(job.path, self.output_path) for job in jobs],
            self.workers,
            self.min_parallel,
        )

    def finish(self) -> None:
        """End of the build: render what is left, save the manifest, report."""
        self.flush()
        self.manifest.save()
        if self.stories is not None:
            self.stories.save()
        note_claims(paths=self._written_files)
        logger.info(
            "%d berkas diperbarui, %d tidak berubah, %d tidak perlu dirender ulang",
            self.changed,
            self.unchanged,
            self.skipped,
        )
