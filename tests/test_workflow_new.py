"""`invoke new`: guided questions with choices and validation; the new story, once its empty
fields are filled, passes `invoke check` and builds."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from newsroom.config import NewsroomConfig
from workflow import scaffold
from workflow.check import run_check
from workflow.settings import load

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_photo

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


def rules_for(content: Path):
    return NewsroomConfig.from_settings(load(content=content)).rules


def scripted(answers: list[str]):
    """An Ask that replies from a list and records what was printed."""
    printed: list[str] = []
    replies = iter(answers)
    return scaffold.Ask(lambda _prompt: next(replies), printed.append), printed


def test_prompts_offer_choices_and_reject_invalid_answers(mini_content: Path):
    rules = rules_for(mini_content)
    ask, printed = scripted(
        [
            "Kerja Bakti di Sunter Jaya",
            "Lingkungn",
            "5",
            "Tanjung Periuk",
            "Tanjung Priok",
            "Lagoa",
            "2",
            "",
            "Rina Marlina",
            "Sudin Kesehatan",
        ]
    )
    answers = scaffold.collect(scaffold.story_questions(rules), {}, ask)
    assert answers == {
        "title": "Kerja Bakti di Sunter Jaya",
        "rubrik": rules.rubrik[4],
        "kecamatan": "Tanjung Priok",
        "kelurahan": "Sunter Jaya",
        "reporter": "Rina Marlina",
        "unit": rules.units[next(k for k in rules.units if k.casefold() == "sudin kesehatan")],
    }
    text = "\n".join(printed)
    assert "'Lingkungn' tidak ada dalam daftar — maksud Anda Lingkungan?" in text
    assert "maksud Anda Tanjung Priok?" in text
    assert "   1. Tanjung Priok" in text  # kelurahan choices follow the kecamatan chosen
    assert "'Lagoa' tidak ada dalam daftar" in text


def test_flags_are_validated_without_a_terminal(mini_content: Path):
    rules = rules_for(mini_content)
    quiet = scaffold.Ask(interactive=False)
    given = {"title": "Judul", "rubrik": "Olahraga", "kecamatan": "Koja", "reporter": "Rina"}
    with pytest.raises(scaffold.InvalidAnswerError, match="Rubrik: 'Olahraga' tidak ada"):
        scaffold.collect(scaffold.story_questions(rules), given, quiet)
    with pytest.raises(scaffold.InvalidAnswerError, match=r"Reporter .* wajib diisi — tambahkan"):
        scaffold.collect(
            scaffold.story_questions(rules), {**given, "rubrik": "Sosial", "reporter": ""}, quiet
        )


def fill(index: Path) -> None:
    """What a reporter does next: fill the empty fields, write the story, remove Status."""
    text = index.read_text(encoding="utf-8")
    values = {
        "Summary": "Warga RW 05 Sunter Jaya membersihkan saluran air menjelang musim hujan.",
        "Tags": "kerja bakti, banjir",
        "Photographer": "Agus Setiawan",
        "ImageAlt": "Warga mengangkat lumpur dari saluran air",
        "ImageCaption": "Warga membersihkan saluran air di RW 05, Jumat (20/11/2026).",
        "ImageCredit": "Kominfotik JU/Agus Setiawan",
    }
    for key, value in values.items():
        text = re.sub(rf"^{key}:\s*$", f"{key}: {value}", text, flags=re.M)
    text = re.sub(r"^Status: draft\n", "", text, flags=re.M)
    head, _body = text.split("\n\n", 1)
    body = (
        "Warga RW 05 bergotong royong membersihkan saluran air, Jumat pagi.\n\n"
        '![Warga mengangkut karung lumpur](warga-2.jpg "Karung lumpur diangkut warga. '
        '(Kominfotik JU/Agus Setiawan)")\n'
    )
    index.write_text(head + "\n\n" + body, encoding="utf-8")


def test_new_story_passes_check_once_filled_and_builds(mini_content: Path, tmp_path: Path):
    rules = rules_for(mini_content)
    photos = [write_photo(tmp_path / "DSC 0012.JPG"), write_photo(tmp_path / "Warga 2.jpg")]
    answers = scaffold.collect(
        scaffold.story_questions(rules),
        {
            "title": "Kerja Bakti di Sunter Jaya!",
            "rubrik": "lingkungan",
            "kecamatan": "tanjung priok",
            "kelurahan": "Sunter Jaya",
            "reporter": "Rina Marlina",
            "unit": "Kelurahan Sunter Jaya",
        },
        scaffold.Ask(interactive=False),
    )
    index = scaffold.create_story(
        mini_content, answers, rules, now=NOW, photos=photos, video="https://youtu.be/AbCdEfGh123"
    )
    assert index == mini_content / "berita/2026/11/kerja-bakti-di-sunter-jaya/index.md"
    assert sorted(p.name for p in index.parent.iterdir()) == [
        "dsc-0012.jpg",
        "index.md",
        "warga-2.jpg",
    ]
    text = index.read_text(encoding="utf-8")
    assert "Date: 2026-11-20 09:30\n" in text
    assert "Category: Lingkungan\n" in text and "Kecamatan: Tanjung Priok\n" in text
    assert "Image: dsc-0012.jpg\n" in text and "Status: draft\n" in text

    draft = run_check(load(content=mini_content))
    assert draft.errors == []  # a draft never blocks: its gaps are warnings
    fields = {p.field for p in draft.warnings}
    assert {"Summary", "ImageAlt", "Isi"} <= fields

    fill(index)
    final = run_check(load(content=mini_content))
    assert final.problems == [], "\n".join(map(str, final.problems))
    build = run_pelican(mini_content, tmp_path / "output", strict=True)
    assert build.returncode == 0, build.log
    page = build.page("/berita/2026/11/20/kerja-bakti-di-sunter-jaya/")
    assert "Kerja Bakti di Sunter Jaya!" in page
    assert (build.output / "berita/2026/11/20/kerja-bakti-di-sunter-jaya").exists()


def test_existing_folder_and_missing_photo_are_refused(mini_content: Path, tmp_path: Path):
    rules = rules_for(mini_content)
    answers = {"title": "Sama", "rubrik": "Sosial", "kecamatan": "Koja", "reporter": "R"}
    scaffold.create_story(mini_content, answers, rules, now=NOW)
    with pytest.raises(scaffold.InvalidAnswerError, match="sudah ada"):
        scaffold.create_story(mini_content, answers, rules, now=NOW)
    with pytest.raises(scaffold.InvalidAnswerError, match="foto tidak ditemukan"):
        scaffold.create_story(
            mini_content,
            {**answers, "title": "Lain"},
            rules,
            now=NOW,
            photos=[tmp_path / "tidak-ada.jpg"],
        )
    with pytest.raises(scaffold.InvalidAnswerError, match="bukan tautan YouTube"):
        scaffold.create_story(
            mini_content, {**answers, "title": "Video"}, rules, now=NOW, video="youtu.be/x"
        )


def test_task_refuses_an_invalid_flag_without_writing_anything():
    """`invoke new` without a terminal: a wrong rubrik stops it, nothing is written."""
    before = sorted((ROOT / "content").rglob("*"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "new",
            "Judul Uji",
            "--rubrik",
            "Olahraga",
            "--kecamatan",
            "Koja",
            "--reporter",
            "Rina",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Berita belum dibuat: Rubrik: 'Olahraga' tidak ada dalam daftar" in proc.stderr
    assert sorted((ROOT / "content").rglob("*")) == before
