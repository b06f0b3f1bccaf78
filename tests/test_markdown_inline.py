"""The quick inline pass (plugins/newsroom/inline.py) renders exactly what Python-Markdown does."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown, treeprocessors
from newsroom.figures import FigureExtension
from newsroom.header import split_header
from newsroom.inline import INLINE_PASSES, QuickInline, QuickInlineProcessor, supported, triggers

EXTENSIONS = [
    "markdown.extensions.extra",
    "markdown.extensions.smarty",
    "markdown.extensions.sane_lists",
]
ROOT = Path(__file__).resolve().parents[1]

#: Every inline construct the site's extensions know, in plain and nested forms.
DOCUMENT = """\
*[RPTRA]: Ruang Publik Terpadu Ramah Anak

Warga RPTRA Kalibaru bilang "bagus sekali" -- dan 'tidak ada' yang mengeluh... Lalu---selesai.
Tahun '90-an, kata "Pak 'Budi'" <<pelan>>; nilai 5 > 3 & 2 < 4 &amp; &copy; &#169;.

Tautan [Sudin Kominfotik](https://jakut.example.go.id/ "Situs resmi") dan [rujukan][r],
[r] saja, ![foto](foto.jpg "Judul foto") ![ref][f], <https://contoh.id/a?b=1&c=2>,
<warga@contoh.id>.
Kode `x = "a" * 2` dan ``kode `dalam` kode``, escape \\*bukan miring\\*, **tebal *miring
di dalam* tebal**, _garis_ dan __dua__, ***tiga***.
Baris pertama⏎
baris kedua dengan <span class="x">HTML *sebaris*</span> dan catatan kaki[^1].
{: .catatan }

- butir *satu* dengan "kutip"
- butir [dua](/halaman/kontak/)

Term
: definisi dengan `kode`

| Kolom "A" | Kolom *B* |
|---|---|
| 'sel' -- satu | [tautan](https://x.id) |

<div markdown="1">Di dalam *div* "berkutip".</div>

[r]: https://rujukan.example/ "Rujukan"
[f]: gambar.png
[^1]: Catatan kaki dengan **tebal** dan "kutip".
""".replace("⏎\n", "  \n")  # a hard line break: two spaces before the newline


def render(*extra) -> Markdown:
    return Markdown(extensions=[*EXTENSIONS, FigureExtension(), *extra], output_format="html5")


def sample_bodies() -> list[tuple[str, str]]:
    files = sorted((ROOT / "content").rglob("*.md"))
    return [(str(f), split_header(f.read_text(encoding="utf-8")).body) for f in files]


def test_both_inline_passes_are_replaced():
    assert supported()
    md = render(QuickInline())
    assert type(md.treeprocessors["inline"]) is QuickInlineProcessor
    assert type(md.treeprocessors["smarty"]) is QuickInlineProcessor
    # smarty's pass keeps its own patterns (quotes, dashes), not the main ones
    assert md.treeprocessors["smarty"].inlinePatterns is not md.inlinePatterns
    assert type(render().treeprocessors["inline"]) is treeprocessors.InlineProcessor


def test_same_html_as_python_markdown_for_every_construct():
    stock, quick = render(), render(QuickInline())
    expected = stock.convert(DOCUMENT)
    # the document really exercises the patterns
    for marker in ("<abbr", "&ldquo;", "&mdash;", "&hellip;", "<code>", "<strong>", "<br",
                   "<a href=\"&#109;", "<sup", "<dl>", "<table>", 'class="catatan"'):  # fmt: skip
        assert marker in expected, marker
    assert quick.convert(DOCUMENT) == expected


@pytest.mark.parametrize("case", range(4))
def test_same_html_after_reset_and_on_repeats(case):
    """One converter reused across documents (as the reader does) keeps matching stock."""
    stock, quick = render(), render(QuickInline())
    text = "\n\n".join([DOCUMENT] * (case + 1))
    for _ in range(2):
        stock.reset()
        quick.reset()
        assert quick.convert(text) == stock.convert(text)


def test_same_html_for_all_sample_stories():
    stock, quick = render(), render(QuickInline())
    bodies = sample_bodies()
    assert len(bodies) > 10
    for name, body in bodies:
        stock.reset()
        quick.reset()
        assert quick.convert(body) == stock.convert(body), name


def test_fewer_pattern_calls(monkeypatch):
    """The shortcut is taken: Python-Markdown's per-pattern method runs far less often."""
    calls = {"n": 0}
    original = treeprocessors.InlineProcessor._InlineProcessor__applyPattern

    def counting(self, *args):
        calls["n"] += 1
        return original(self, *args)

    monkeypatch.setattr(treeprocessors.InlineProcessor, "_InlineProcessor__applyPattern", counting)
    render().convert(DOCUMENT)
    stock_calls, calls["n"] = calls["n"], 0
    render(QuickInline()).convert(DOCUMENT)
    assert 0 < calls["n"] < stock_calls / 2


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"(?<!\!)\[", ("[",)),  # the lookbehind consumes nothing
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", ("\\", "`")),  # either branch
        (r"(\s|&nbsp;|--)'(?=\w)", ("'",)),  # the branch has \s: the quote decides
        (r"\*|_", ("*", "_")),
        (r"x*y?", None),  # matches empty text
        (r"(?i)kominfo", None),  # case-insensitive: no exact characters
        (r"x(?i:y)", ("x",)),
        (r"[^<]+>", (">",)),
        (r"\w+", None),
    ],
)
def test_trigger_characters(regex, expected):
    assert triggers(regex, 0) == expected


def test_no_pattern_matches_text_without_its_triggers():
    """For every pattern of the site's Markdown: text lacking all its trigger characters never
    matches (so skipping it is exactly Python-Markdown's "no match")."""
    md = render(QuickInline())
    texts = [
        line for body in [DOCUMENT, *(b for _n, b in sample_bodies())] for line in body.split("\n")
    ]
    checked = 0
    for name in INLINE_PASSES:
        for pattern in md.treeprocessors[name].inlinePatterns:
            chars = triggers(pattern.pattern, pattern.compiled_re.flags)
            if chars is None:
                continue
            for text in texts:
                for start in (0, len(text) // 2):
                    if all(text.find(c, start) < 0 for c in chars):
                        assert pattern.compiled_re.search(text, start) is None, (
                            pattern.pattern,
                            text,
                        )
                        checked += 1
    assert checked > 1000
