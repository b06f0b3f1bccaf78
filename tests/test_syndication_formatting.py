"""Post texts: X weighted length, word-safe cutting, hashtags (examples + Hypothesis properties)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from syndication.channels.x import XChannel
from syndication.formatting import clusters, compose, hashtag, x_length
from syndication.story import Story

from tests.support.syndication import recent, story_dict

URL = "https://kabar.utara.jakarta.go.id/berita/2026/11/20/normalisasi-kali-sunter-yang-panjang/"


def test_x_length_weights():
    assert x_length("abc") == 3
    assert x_length(URL) == 23  # any URL counts 23
    assert x_length("你好") == 4  # CJK weighs 2
    assert x_length("👍🏽") == 2  # emoji with skin tone: one sequence, weight 2
    assert x_length("👨‍👩‍👧") == 2  # ZWJ family
    assert x_length("é") == x_length("é") == 1  # NFC


def test_clusters_keep_sequences():
    assert clusters("a👨‍👩‍👧b🇮🇩") == ["a", "👨‍👩‍👧", "b", "🇮🇩"]


def test_hashtag():
    assert hashtag("Kali Sunter") == "#KaliSunter"
    assert hashtag("Tanjung Priok") == "#TanjungPriok"
    assert hashtag("2026") == ""


def test_long_title_cut_at_word_with_link_intact():
    title = "Pemerintah Kota " * 40
    text = compose(
        headline=title, body="", link=URL, tags=["#Koja"], measure=x_length, limit=280
    ).text
    assert x_length(text) <= 280 and URL in text and "…" in text
    assert text.split("…")[0].split(" ")[-1] in {"Pemerintah", "Kota"}


def test_social_text_override_and_reply_mode():
    story = Story.from_dict(story_dict(1, recent(1), social_text="Ayo ikut kerja bakti! 🧹"))
    post = XChannel({"link": "reply"}, {}).format(story)
    assert post.text.startswith("Ayo ikut kerja bakti! 🧹") and story.url not in post.text
    assert post.extra["balasan"] == story.url


words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    title=st.lists(words, min_size=1, max_size=30).map(" ".join),
    summary=st.lists(words, max_size=60).map(" ".join),
)
def test_x_post_never_over_280_and_url_intact(title, summary):
    title = title if title.strip() else "x"
    story = Story.from_dict({**story_dict(1, recent(1)), "title": title, "summary": summary})
    post = XChannel({}, {}).format(story)
    assert post.length <= 280
    assert x_length(post.text) <= 280
    assert story.url in post.text.split()
    # nothing is cut inside a word: each token is a whole word, a hashtag, or a word + "…"
    allowed = set(title.split()) | set(summary.split()) | {story.url}
    for token in post.text.split():
        if token in allowed or token.startswith("#"):
            continue
        assert token.endswith("…"), token
        stem = token[:-1]
        assert any(w.startswith(stem) and not w[len(stem) :].strip(",;:-–—") for w in allowed), (
            token
        )
