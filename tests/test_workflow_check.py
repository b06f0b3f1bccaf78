"""The content checker (`invoke check`): a corpus of broken stories, one defect each, each
checked for its exact message and line; clean content; changed-file selection; the git hook."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from workflow.check import changed_paths, run_check, select
from workflow.cli import check
from workflow.settings import load

from tests.conftest import ROOT
from tests.support.stories import write_photo, write_story

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "index.md").is_file())


def problems_of(content: Path, paths: list[Path] | None = None) -> list[str]:
    """``severity line field: message — fix`` for every problem, path left out."""
    report = run_check(load(content=content), paths)
    return [f"{p.severity} {p.line} {p.field}: {p.message} — {p.fix}" for p in report.problems]


def stage_case(content: Path, case: str) -> Path:
    folder = content / "berita" / "2026" / "11" / case
    shutil.copytree(BROKEN / case, folder)
    (folder / "expected.txt").unlink()
    write_photo(folder / "kerja-bakti.jpg", (320, 200))
    return folder / "index.md"


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_base_story_of_the_corpus_is_clean(mini_content: Path):
    """The corpus stories are a clean story with one defect; the clean one has no problem."""
    write_story(mini_content, photos=("kerja-bakti.jpg",))
    assert problems_of(mini_content) == []


@pytest.mark.parametrize("case", CASES)
def test_broken_story_reports_its_one_defect(mini_content: Path, case: str):
    index = stage_case(mini_content, case)
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_of(mini_content) == expected
    out = io.StringIO()
    code = check([], content=mini_content, out=out)
    shown = index.relative_to(ROOT) if index.is_relative_to(ROOT) else index
    line = expected[0].split(" ")[1]
    assert f"{Path(shown).as_posix()}:{line}: " in out.getvalue()
    assert code == (1 if any(e.startswith("error") for e in expected) else 0)


def test_draft_errors_are_only_warnings(mini_content: Path):
    write_story(mini_content, drop=("Summary",), Status="draft")
    found = problems_of(mini_content)
    assert found == [
        "warning 1 Summary: wajib diisi (draf, belum diterbitkan) — tambahkan baris "
        "`Summary: …` (ringkasan (maks. 200 karakter)) di kepala berkas"
    ]
    assert check([], content=mini_content, out=io.StringIO()) == 0


def test_windows_line_endings_and_bom_are_accepted(mini_content: Path):
    index = write_story(mini_content)
    index.write_bytes(b"\xef\xbb\xbf" + index.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_of(mini_content) == []


def test_duplicate_url_names_both_files(mini_content: Path):
    first = write_story(mini_content, "kerja-bakti")
    second = write_story(mini_content, "kerja-bakti", folder_month="2026/12")
    found = run_check(load(content=mini_content)).errors
    assert len(found) == 1
    problem = found[0]
    assert problem.path.endswith("2026/12/kerja-bakti/index.md")
    assert problem.line == 2  # the Date line: same date and slug → same address
    assert "/berita/2026/11/20/kerja-bakti/" in problem.message
    assert f"sudah dipakai {first}" in problem.message
    assert problem.path == str(second)


def test_links_between_stories_resolve(mini_content: Path):
    october = {"folder_month": "2026/10", "Date": "2026-10-02 08:00"}
    write_story(mini_content, "kerja-bakti-oktober", **october)
    write_story(
        mini_content,
        body="Lihat [Oktober]({filename}../../10/kerja-bakti-oktober/index.md) dan "
        "[alamatnya](/berita/2026/10/02/kerja-bakti-oktober/) "
        "serta [rubrik](/rubrik/lingkungan/).\n",
    )
    assert problems_of(mini_content) == []


def test_only_named_files_are_checked(mini_content: Path):
    good = write_story(mini_content, "baik")
    write_story(mini_content, "rusak", drop=("Title",))
    assert problems_of(mini_content, [good]) == []
    assert len(problems_of(mini_content)) == 1


def test_a_changed_data_file_selects_everything(mini_content: Path):
    story = write_story(mini_content)
    data = mini_content / "data" / "unit.toml"
    assert select(mini_content, [str(story.parent / "kerja-bakti.jpg")]) == [story]
    assert select(mini_content, [str(data)]) is None
    assert select(mini_content, [str(mini_content.parent / "README.md")]) == []


def test_sample_content_has_no_errors():
    report = run_check(load())
    assert report.errors == [], "\n".join(map(str, report.errors))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_changed_files_come_from_git(mini_content: Path):
    repo = mini_content.parent
    write_story(mini_content, "lama")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "awal")
    assert changed_paths(repo) == []
    new = write_story(mini_content, "baru")
    old_photo = mini_content / "berita/2026/11/lama/kerja-bakti.jpg"
    write_photo(old_photo, (100, 100))
    changed = {p.relative_to(repo).as_posix() for p in changed_paths(repo)}
    assert changed == {
        "content/berita/2026/11/baru/index.md",
        "content/berita/2026/11/baru/kerja-bakti.jpg",
        "content/berita/2026/11/lama/kerja-bakti.jpg",
    }
    git(repo, "checkout", "-q", "-b", "fitur")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "baru")
    assert changed_paths(repo) == []
    assert {p.name for p in changed_paths(repo, "main")} == {"index.md", "kerja-bakti.jpg"}
    assert new.exists()


def test_precommit_hook_runs_the_checker(mini_content: Path):
    """The hook of .pre-commit-config.yaml, run as pre-commit would (entry + changed files)."""
    import yaml  # noqa: PLC0415 (comes with pre-commit)

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert hook["language"] == "system"
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    index = stage_case(mini_content, "kelurahan-beda-kecamatan")
    entry = hook["entry"].split()
    entry[0] = sys.executable if entry[0].endswith("python") else entry[0]
    command = [*entry, "--content", str(mini_content), str(index)]

    def hook_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    proc = hook_run()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Kelurahan Lagoa ada di Kecamatan Koja, bukan Tanjung Priok" in proc.stdout
    index.write_text(index.read_text(encoding="utf-8").replace("Lagoa", "Sunter Jaya"))
    proc = hook_run()
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_body_links_skip_code_and_images():
    from newsroom.header import split_header  # noqa: PLC0415
    from newsroom.validate import body_links  # noqa: PLC0415

    text = (
        "Title: A\n\n"
        "Lihat [a](/berita/x/) dan ![foto](f.jpg).\n"
        "```\n[b](/tidak/diperiksa/)\n```\n"
        '[rujukan]: {filename}/berita/y/index.md "judul"\n'
        '<a href="lampiran.pdf">unduh</a>\n'
    )
    assert body_links(split_header(text)) == [
        ("/berita/x/", 3),
        ("{filename}/berita/y/index.md", 7),
        ("lampiran.pdf", 8),
    ]
