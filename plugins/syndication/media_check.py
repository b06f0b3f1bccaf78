"""Check that a photo is reachable on the public site before a platform is asked to fetch it
(Instagram and Telegram download ``image_url``/``photo`` themselves; a photo that is not deployed
yet would otherwise fail deep inside the platform with a vague error)."""

from __future__ import annotations

import httpx

from .errors import PermanentError, TransientError
from .redact import redact

#: Wait reported to the engine when the site is not deployed yet: longer than any in-run retry,
#: so the channel stops for this run and the story is tried again on the next one.
NOT_DEPLOYED_WAIT = 3600.0


def check_public_image(
    client: httpx.Client,
    url: str,
    *,
    label: str,
    max_bytes: int,
    mimes: tuple[str, ...] = ("image/jpeg",),
) -> int:
    """Fetch ``url`` (GET, no credentials) and return its size; raise when it is missing,
    not an image of an accepted type, or larger than ``max_bytes``."""
    not_deployed = (
        f"{label}: foto {url} belum bisa diambil dari situs publik ({{why}}). Pastikan situs "
        "sudah dideploy (invoke publish), lalu jalankan invoke syndicate lagi"
    )
    try:
        with client.stream("GET", url, headers={"Accept": ", ".join(mimes)}) as response:
            if response.status_code != 200:
                raise TransientError(
                    not_deployed.format(why=f"HTTP {response.status_code}"),
                    code=str(response.status_code),
                    retry_after=NOT_DEPLOYED_WAIT,
                )
            mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if mime not in mimes:
                raise PermanentError(
                    f"{label}: {url} bukan foto {'/'.join(mimes)} (jenisnya {mime or 'kosong'}). "
                    "Periksa foto berita dan hasil plugin media"
                )
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    break
    except httpx.HTTPError as exc:
        raise TransientError(
            not_deployed.format(why="situs tidak bisa dihubungi"),
            detail=redact(f"{type(exc).__name__}: {exc}"),
            retry_after=NOT_DEPLOYED_WAIT,
        ) from None
    if size > max_bytes:
        raise PermanentError(
            f"{label}: foto {url} lebih besar dari {max_bytes // (1024 * 1024)} MB. Kecilkan "
            "fotonya (plugin media membuat versi yang pas bila foto aslinya tersedia)"
        )
    return size
