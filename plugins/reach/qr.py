"""QR codes as SVG, made at build time with ``segno``."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, title: str) -> str:
    """A standalone SVG document of a QR code for ``url`` (error correction level M)."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=8,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="qr",
        lineclass=None,
        encoding="utf-8",
    )
    svg = buffer.getvalue().decode("utf-8")
    # segno writes width/height only; a viewBox lets the page scale the code (posters print it big).
    size = code.symbol_size(scale=8, border=4)
    return svg.replace(' class="qr"', f' viewBox="0 0 {size[0]} {size[1]}" class="qr"', 1)
