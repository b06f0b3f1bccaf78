"""Argument handling shared by ``invoke check`` and ``python -m plugins.workflow``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from .check import ChangedFilesError, run_check, select
from .settings import ROOT, load


def check(
    paths: list[str],
    *,
    changed: bool = False,
    base: str = "",
    settings_file: str = "pelicanconf.py",
    content: Path | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Run the checker and print its report; return the exit status (1 on errors)."""
    settings = load(settings_file, content) if content else load(settings_file)
    content_path = Path(settings["PATH"])
    try:
        chosen = select(content_path, paths, changed=changed, base=base, repo=ROOT)
    except ChangedFilesError as exc:
        out.write(f"Tidak bisa membaca perubahan dari git: {exc} — periksa nama cabang --base\n")
        return 2
    if chosen is not None and not chosen:
        out.write("Tidak ada berita atau halaman yang perlu diperiksa.\n")
        return 0
    report = run_check(settings, chosen)
    report.write(out)
    return report.exit_code


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.workflow",
        description="Periksa berita dan halaman sebelum diterbitkan.",
    )
    parser.add_argument("paths", nargs="*", help="berkas atau folder (bawaan: semua konten)")
    parser.add_argument("--changed", action="store_true", help="hanya yang berubah menurut git")
    parser.add_argument("--base", default="", help="bandingkan dengan cabang/commit ini")
    parser.add_argument("--content", type=Path, help="folder konten lain (bawaan: content/)")
    args = parser.parse_args(argv)
    content = args.content.resolve() if args.content else None
    os.chdir(ROOT)
    paths = [str(Path(p).resolve()) for p in args.paths]
    return check(paths, changed=args.changed, base=args.base, content=content)
