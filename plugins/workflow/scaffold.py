"""``invoke new``: ask (or take flags for) a story's fields, with choices and validation, and
write its folder with a complete, commented header.

The prompting is generic (:class:`Ask`, :func:`choose`, :func:`collect`) so ``agenda-new`` can
reuse it with its own :class:`Question` list and template.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsroom.validate import Rules, youtube_id
from newsroom.wilayah import canonical_unit, suggest
from pelican.utils import slugify

SLUG_SUBS = [(r"[^\w\s-]", ""), (r"[-\s]+", "-")]
SLUG_MAX = 60


class InvalidAnswerError(ValueError):
    """An answer that does not fit; the message says what would (Indonesian)."""


@dataclass(frozen=True)
class Question:
    """One field to fill: label shown, choices (if any), and a validator returning the value."""

    key: str
    label: str
    required: bool = True
    choices: Callable[[dict[str, str]], Sequence[str]] | None = None
    validate: Callable[[str, dict[str, str]], str] | None = None


class Ask:
    """Reads answers; tests pass a scripted ``input_fn``. ``interactive=False`` never asks."""

    def __init__(
        self,
        input_fn: Callable[[str], str] = input,
        print_fn: Callable[[str], None] = print,
        *,
        interactive: bool = True,
        tries: int = 5,
    ) -> None:
        self.input = input_fn
        self.print = print_fn
        self.interactive = interactive
        self.tries = tries


def choose(answer: str, options: Sequence[str]) -> str:
    """The option named by ``answer``: its number in the list or its name (any case)."""
    answer = " ".join(answer.split())
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    by_key = {o.casefold(): o for o in options}
    if answer.casefold() in by_key:
        return by_key[answer.casefold()]
    guess = suggest(answer, list(options))
    hint = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {', '.join(options)}"
    raise InvalidAnswerError(f"{answer!r} tidak ada dalam daftar — {hint}")


def collect(questions: Sequence[Question], given: dict[str, str], ask: Ask) -> dict[str, str]:
    """Answers for every question: a valid flag is kept, otherwise the user is asked.

    Without a terminal, a missing required answer or an invalid flag raises
    :class:`InvalidAnswerError`.
    """
    answers: dict[str, str] = {}
    for q in questions:
        options = list(q.choices(answers)) if q.choices else []
        value = given.get(q.key, "").strip()
        error = ""
        if value:
            try:
                answers[q.key] = _accept(q, value, options, answers)
                continue
            except InvalidAnswerError as exc:
                error = f"{q.label}: {exc}"
        if not ask.interactive:
            if error:
                raise InvalidAnswerError(error)
            if q.required:
                flag = q.key.replace("_", "-")
                raise InvalidAnswerError(f"{q.label} wajib diisi — tambahkan --{flag}")
            answers[q.key] = ""
            continue
        answers[q.key] = _prompt(q, options, answers, ask, error)
    return answers


def _accept(q: Question, value: str, options: list[str], answers: dict[str, str]) -> str:
    if options:
        value = choose(value, options)
    if q.validate:
        value = q.validate(value, answers)
    return value


def _prompt(q: Question, options: list[str], answers: dict[str, str], ask: Ask, error: str) -> str:
    if error:
        ask.print(error)
    if options:
        for number, option in enumerate(options, 1):
            ask.print(f"  {number:>2}. {option}")
    suffix = "" if q.required else " (boleh kosong)"
    for _ in range(ask.tries):
        raw = ask.input(f"{q.label}{suffix}: ").strip()
        if not raw:
            if not q.required:
                return ""
            ask.print(f"{q.label} wajib diisi.")
            continue
        try:
            return _accept(q, raw, options, answers)
        except InvalidAnswerError as exc:
            ask.print(str(exc))
    raise InvalidAnswerError(f"{q.label}: terlalu banyak jawaban yang tidak sah")


# --- Stories -----------------------------------------------------------------------------------

STORY_TEMPLATE = """\
Title: {title}
Date: {date}
# Ringkasan 1–2 kalimat, paling banyak {summary_max} karakter (160 agar utuh di media sosial).
Summary:
# Rubrik: {rubrik_choices}
Category: {rubrik}
# Kecamatan: {kecamatan_choices}
Kecamatan: {kecamatan}
# Kelurahan harus berada di kecamatan di atas (boleh dikosongkan).
Kelurahan: {kelurahan}
# Topik, dipisah koma.
Tags:
# Reporter, dipisah koma bila lebih dari satu.
Author: {reporter}
Photographer:
# Unit kerja pemilik kegiatan (lihat content/data/unit.toml).
Unit: {unit}
# Foto utama: nama berkas di folder ini, teks alternatif (isi foto untuk pembaca tunanetra),
# keterangan, dan kredit (mis. Kominfotik JU/Agus Setiawan).
Image: {image}
ImageAlt:
ImageCaption:
ImageCredit:
# Tautan YouTube, atau nama berkas video .mp4 di folder ini (boleh dikosongkan).
Video: {video}
# Foto lain disisipkan di isi berita, pada paragrafnya sendiri:
# ![apa yang terlihat di foto](foto-kedua.jpg "Keterangan foto. (Kominfotik JU/Fotografer)")
# Periksa dengan `make check`. Hapus baris Status di bawah ini bila berita siap terbit.
Status: draft

Tulis paragraf pembuka di sini: siapa, apa, di mana, kapan.
{more_photos}"""


def story_questions(rules: Rules) -> list[Question]:
    """The questions of ``invoke new``, validated against the newsroom's data."""

    def kelurahan_choices(answers: dict[str, str]) -> list[str]:
        district = rules.wilayah.kecamatan(answers.get("kecamatan", ""))
        return [k.name for k in district.kelurahan] if district else []

    def unit(value: str, _answers: dict[str, str]) -> str:
        found = canonical_unit(rules.units, value)
        if found:
            return found
        if value.lower().startswith(("kecamatan ", "kelurahan ")):
            return value
        guess = suggest(value, list(rules.units))
        hint = f"maksud Anda {rules.units[guess]}?" if guess else "daftarkan di data/unit.toml"
        raise InvalidAnswerError(f"unit {value!r} belum terdaftar — {hint}")

    return [
        Question("title", "Judul berita"),
        Question("rubrik", "Rubrik", choices=lambda _a: rules.rubrik),
        Question("kecamatan", "Kecamatan", choices=lambda _a: rules.wilayah.kecamatan_names()),
        Question("kelurahan", "Kelurahan", required=False, choices=kelurahan_choices),
        Question("reporter", "Reporter (nama, pisahkan dengan koma)"),
        Question("unit", "Unit kerja", required=False, validate=unit),
    ]


def photo_name(path: Path) -> str:
    """A web-safe file name for a photo (``IMG 0012.JPG`` → ``img-0012.jpg``)."""
    stem = slugify(path.stem, regex_subs=SLUG_SUBS) or "foto"
    return f"{stem}{path.suffix.lower()}"


def story_slug(title: str) -> str:
    return slugify(title, regex_subs=SLUG_SUBS)[:SLUG_MAX].strip("-")


def create_story(
    content: Path,
    answers: dict[str, str],
    rules: Rules,
    *,
    now: datetime,
    photos: Sequence[Path] = (),
    video: str = "",
    section: str = "berita",
) -> Path:
    """Write ``content/<section>/YYYY/MM/<slug>/index.md`` (status draft) and copy the media."""
    slug = story_slug(answers["title"])
    if not slug:
        raise InvalidAnswerError("judul harus memuat huruf atau angka")
    folder = content / section / f"{now:%Y}" / f"{now:%m}" / slug
    if folder.exists():
        raise InvalidAnswerError(f"folder {folder} sudah ada — pilih judul lain")
    missing = [str(p) for p in photos if not p.is_file()]
    if missing:
        raise InvalidAnswerError(f"foto tidak ditemukan: {', '.join(missing)}")
    names = [photo_name(p) for p in photos]
    if len(set(names)) != len(names):
        raise InvalidAnswerError("dua foto bernama sama — ganti nama salah satunya")
    video_value, video_file = _video(video)
    folder.mkdir(parents=True)
    for source, name in zip(photos, names, strict=True):
        shutil.copy2(source, folder / name)
    if video_file:
        shutil.copy2(video_file, folder / video_value)
    more = "".join(
        f'\n![apa yang terlihat di foto]({name} "Keterangan foto. (Kominfotik JU/Fotografer)")\n'
        for name in names[1:]
    )
    text = STORY_TEMPLATE.format(
        title=answers["title"],
        date=f"{now:%Y-%m-%d %H:%M}",
        summary_max=rules.summary_max,
        rubrik=answers["rubrik"],
        rubrik_choices=", ".join(rules.rubrik),
        kecamatan=answers["kecamatan"],
        kecamatan_choices=", ".join(rules.wilayah.kecamatan_names()),
        kelurahan=answers.get("kelurahan", ""),
        reporter=answers["reporter"],
        unit=answers.get("unit", ""),
        image=names[0] if names else "",
        video=video_value,
        more_photos=more,
    )
    index = folder / "index.md"
    index.write_text("\n".join(line.rstrip() for line in text.split("\n")), encoding="utf-8")
    return index


def _video(video: str) -> tuple[str, Path | None]:
    """``(value for the Video field, file to copy or None)``."""
    if not video:
        return "", None
    path = Path(video).expanduser()
    if path.suffix.lower() in (".mp4", ".mov", ".m4v", ".webm"):
        if not path.is_file():
            raise InvalidAnswerError(f"berkas video {video!r} tidak ditemukan")
        return photo_name(path), path
    if youtube_id(video) is None:
        raise InvalidAnswerError(f"{video!r} bukan tautan YouTube — salin dari tombol Bagikan")
    return re.sub(r"\s+", "", video), None
