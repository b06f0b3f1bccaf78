"""Post texts built from a story and counted the platform's way.

X counts text with the twitter-text "v3" configuration: every code point weighs 200 (counts as
2) except those in four ranges that weigh 100 (Latin, Greek, Cyrillic, … and some punctuation),
an emoji sequence weighs 200 as a whole, every URL weighs 23 characters, and text is measured
after NFC normalisation; the limit is 280. Texts are cut only at whitespace, so no word, URL or
grapheme cluster is ever split.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

X_MAX = 280
X_URL_LENGTH = 23
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://\S+|\b(?:[\w-]+\.)+[A-Za-z]{2,}(?:/\S*)?", re.UNICODE)
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}
ELLIPSIS = "…"


def _is_emoji_base(cp: int) -> bool:
    return 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF


def _extends(cp: int) -> bool:
    return (
        cp in _JOINERS
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (flags of regions)
        or unicodedata.combining(chr(cp)) != 0
    )


def clusters(text: str) -> list[str]:
    """Split ``text`` into user-perceived characters (combining marks, emoji ZWJ sequences,
    skin tones, keycaps and regional-indicator flags stay together)."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        cp = ord(text[i])
        if 0x1F1E6 <= cp <= 0x1F1FF and j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            j += 1  # a flag is two regional indicators
        while j < n:
            nxt = ord(text[j])
            if _extends(nxt):
                j += 1
                if nxt == 0x200D and j < n:
                    j += 1  # the character joined by ZWJ
                continue
            break
        out.append(text[i:j])
        i = j
    return out


def _weight(cluster: str) -> int:
    cps = [ord(c) for c in cluster]
    if any(_is_emoji_base(cp) for cp in cps) and (len(cps) > 1 or cps[0] >= 0x1F000):
        return 200
    total = 0
    for cp in cps:
        total += 100 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 200
    return total


def x_length(text: str) -> int:
    """Weighted length of ``text`` as X counts it (in characters, i.e. weight / 100).

    A URL counts 23; a bare domain (which X may or may not link) counts 23 or its own length,
    whichever is longer, so we never count short.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for match in _URL.finditer(text):
        total += sum(_weight(c) for c in clusters(text[pos : match.start()]))
        if match.group().startswith(("http://", "https://")):
            total += X_URL_LENGTH * 100
        else:  # a bare domain X may or may not link: count whichever is longer
            total += max(X_URL_LENGTH * 100, sum(_weight(c) for c in clusters(match.group())))
        pos = match.end()
    total += sum(_weight(c) for c in clusters(text[pos:]))
    return -(-total // 100)


def plain_length(text: str) -> int:
    """Length in user-perceived characters (Facebook, Telegram, Instagram captions)."""
    return len(clusters(unicodedata.normalize("NFC", text)))


def hashtag(words: str) -> str:
    """``Kali Sunter`` → ``#KaliSunter``; letters and digits only; empty when nothing is left."""
    parts = re.findall(r"\w+", words, re.UNICODE)
    tag = "".join(p[:1].upper() + p[1:] for p in parts).replace("_", "")
    return f"#{tag}" if tag and not tag.isdigit() else ""


def hashtags(fixed: Sequence[str], kecamatan: str, tags: Iterable[str], sources: Sequence[str]):
    """Hashtags in order: fixed ones, then from ``sources`` (``"kecamatan"``, ``"tags"``)."""
    out: list[str] = []
    for item in fixed:
        out.append(item if item.startswith("#") else hashtag(item))
    for source in sources:
        if source == "kecamatan" and kecamatan:
            out.append(hashtag(kecamatan))
        elif source == "tags":
            out.extend(hashtag(t) for t in tags)
    seen: set[str] = set()
    unique = []
    for tag in out:
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            unique.append(tag)
    return unique


def cut_words(text: str, fits, ellipsis: str = ELLIPSIS) -> str:
    """The longest prefix of ``text`` ending at whitespace for which ``fits(prefix + …)`` holds,
    with an ellipsis; "" when not even one word fits. Never cuts inside a word or URL."""
    text = " ".join(text.split())
    if fits(text):
        return text
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:  # binary search on the number of whole words kept
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]).rstrip(",;:-–—") + ellipsis):
            lo = mid
        else:
            hi = mid - 1
    return (" ".join(words[:lo]).rstrip(",;:-–—") + ellipsis) if lo else ""


@dataclass(frozen=True)
class Composed:
    text: str
    length: int


def compose(
    *,
    headline: str,
    body: str,
    link: str,
    tags: Sequence[str],
    measure,
    limit: int,
    link_in_text: bool = True,
    separator: str = "\n\n",
) -> Composed:
    """Fit headline, body, link and hashtags into ``limit`` as measured by ``measure``.

    The link is never cut; the headline is shortened at a word boundary only when it does not fit
    alone; the body follows when there is room (cut at a word boundary); hashtags are added one by
    one while they fit.
    """
    tail = [link] if (link and link_in_text) else []

    def build(head: str, text: str, tag_list: Sequence[str]) -> str:
        parts = [p for p in (head, text) if p]
        parts += tail
        if tag_list:
            parts.append(" ".join(tag_list))
        return separator.join(parts)

    def fits(candidate: str) -> bool:
        return measure(candidate) <= limit

    head = " ".join(headline.split())
    if not fits(build(head, "", [])):
        head = cut_words(head, lambda h: fits(build(h, "", [])))
    text = ""
    if body:
        text = cut_words(body, lambda b: fits(build(head, b, [])))
        if text.endswith(ELLIPSIS) and measure(text) < 40:
            text = ""  # a stub of a summary helps nobody
    chosen: list[str] = []
    for tag in tags:
        if fits(build(head, text, [*chosen, tag])):
            chosen.append(tag)
    final = build(head, text, chosen)
    return Composed(final, measure(final))
