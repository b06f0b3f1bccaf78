"""Absolute links in feed HTML (plugins/feeds/links.py), checked against lxml's link finder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from feeds.links import absolutize_html
from markdown import Markdown
from newsroom.figures import FigureExtension
from newsroom.header import split_header

BASE = "https://kabar.example.go.id/berita/2026/11/20/kerja-bakti/"
ROOT = Path(__file__).resolve().parents[1]
LINK_ATTRIBUTES = {"href", "src", "poster", "cite", "action"}


def links(fragment: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every URL attribute, as lxml reads them."""
    found = []
    for element in lxml.html.fragment_fromstring(fragment, create_parent="div").iter():
        for name, value in element.attrib.items():
            if name in LINK_ATTRIBUTES:
                found.append((element.tag, name, value.strip()))
    return found


def sample_fragments() -> list[str]:
    md = Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.smarty", FigureExtension()],
        output_format="html5",
    )
    out = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        md.reset()
        out.append(md.convert(split_header(path.read_text(encoding="utf-8")).body))
    return out


CASES = [
    '<p><a href="/halaman/kontak/">kontak</a> dan <a href="foto.jpg">foto</a></p>',
    "<p><a href='../lain/' title='lihat href=\"x\"'>kutip tunggal</a></p>",
    "<p><A HREF=relatif/ class=x>tanpa kutip</A></p>",
    '<p><a title="a > b" href="c/">tanda lebih besar di nilai lain</a></p>',
    '<p><a href="#fn:1">1</a> <a href="">kosong</a> <a href="?hal=2&amp;x=1">kueri</a></p>',
    '<p><a href="https://contoh.id/a">mutlak</a> <a href="//cdn.contoh.id/x.js">protokol</a></p>',
    '<p><a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;warga@contoh.id">surel</a></p>',
    '<!-- <a href="/komentar/">bukan tautan</a> --><p>teks a href=/bukan/ tag</p>',
    '<figure><img src="{attach}foto.jpg" alt="x"><figcaption>k</figcaption></figure>',
    '<video poster="poster.jpg" src="v.mp4"></video><blockquote cite="/sumber/">k</blockquote>',
]


@pytest.mark.parametrize("fragment", CASES)
def test_every_link_absolute_and_nothing_else_changed(fragment):
    out = absolutize_html(fragment, BASE)
    before, after = links(fragment), links(out)
    assert after == [(tag, name, urljoin(BASE, value)) for tag, name, value in before]
    assert text(out) == text(fragment)


def text(fragment: str) -> str:
    return lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()


def test_comment_and_text_are_left_alone():
    fragment = CASES[7]
    assert absolutize_html(fragment, BASE) == fragment


def test_already_absolute_fragment_is_returned_unchanged():
    fragment = '<p><a href="https://contoh.id/a">mutlak</a></p>' + CASES[6]
    assert absolutize_html(fragment, BASE) == fragment


def test_picture_markup_is_not_reserialized():
    """lxml wrote ``</source></source>`` after every picture; the fragment now keeps HTML5."""
    picture = (
        '<picture><source type="image/webp" srcset="a-480w.webp 480w, '
        'https://kabar.example.go.id/b-960w.webp 960w"><img src="a-960w.jpg" alt="x"></picture>'
    )
    out = absolutize_html(picture, BASE)
    assert "</source>" not in out
    assert f'srcset="{BASE}a-480w.webp 480w, https://kabar.example.go.id/b-960w.webp 960w"' in out
    assert f'<img src="{BASE}a-960w.jpg" alt="x">' in out


def test_same_links_as_lxml_on_every_sample_story():
    fragments = sample_fragments()
    assert len(fragments) > 10
    checked = 0
    for fragment in fragments:
        before = links(fragment)
        after = links(absolutize_html(fragment, BASE))
        assert after == [(tag, name, urljoin(BASE, value)) for tag, name, value in before]
        checked += len(before)
    assert checked > 20  # the stories do have photos and links
