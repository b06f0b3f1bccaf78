"""The districts of Jakarta Utara (kecamatan and kelurahan), loaded from one TOML data file."""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Area:
    """A kecamatan or kelurahan: its name, Kemendagri code and approximate centre point."""

    name: str
    code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class District(Area):
    """A kecamatan with its kelurahan."""

    kelurahan: tuple[Area, ...] = ()


@dataclass(frozen=True)
class Wilayah:
    """All kecamatan of the city, with case-insensitive look-ups."""

    city: str
    code: str
    districts: tuple[District, ...]

    def kecamatan(self, name: str) -> District | None:
        return self._kecamatan_by_key.get(_key(name))

    def kelurahan(self, name: str) -> list[tuple[District, Area]]:
        """Every (kecamatan, kelurahan) pair whose kelurahan has this name."""
        return list(self._kelurahan_by_key.get(_key(name), ()))

    @functools.cached_property
    def _kecamatan_by_key(self) -> dict[str, District]:
        by_key: dict[str, District] = {}
        for d in self.districts:
            by_key.setdefault(_key(d.name), d)  # the first one, as a scan in order would find
        return by_key

    @functools.cached_property
    def _kelurahan_by_key(self) -> dict[str, list[tuple[District, Area]]]:
        """Every story names its kelurahan: one look-up instead of a scan of all of them."""
        by_key: dict[str, list[tuple[District, Area]]] = {}
        for d in self.districts:
            for k in d.kelurahan:
                by_key.setdefault(_key(k.name), []).append((d, k))
        return by_key

    def kecamatan_names(self) -> list[str]:
        return [d.name for d in self.districts]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def suggest(name: str, options: list[str]) -> str | None:
    """The closest option to a misspelt name, if one is close enough."""
    by_key = {_key(o): o for o in options}
    match = difflib.get_close_matches(_key(name), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None


@functools.lru_cache(maxsize=8)
def load_wilayah(path: Path) -> Wilayah:
    """Read the wilayah data file (``content/data/wilayah.toml``)."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    districts = tuple(
        District(
            name=d["nama"],
            code=d["kode"],
            lat=d["lat"],
            lon=d["lon"],
            kelurahan=tuple(
                Area(name=k["nama"], code=k["kode"], lat=k["lat"], lon=k["lon"])
                for k in d["kelurahan"]
            ),
        )
        for d in data["kecamatan"]
    )
    return Wilayah(city=data["kota"], code=data["kode"], districts=districts)


@functools.lru_cache(maxsize=8)
def load_units(path: Path, wilayah_path: Path) -> dict[str, str]:
    """Map every accepted unit spelling (name, alias, district office) to its official name.

    Keys are case-folded; values are the names shown on the site.
    """
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    names: dict[str, str] = {}
    for unit in data["unit"]:
        names[_key(unit["nama"])] = unit["nama"]
        for alias in unit.get("alias", []):
            names[_key(alias)] = unit["nama"]
    wilayah = load_wilayah(wilayah_path)
    for district in wilayah.districts:
        names[_key(f"Kecamatan {district.name}")] = f"Kecamatan {district.name}"
        for kel in district.kelurahan:
            names[_key(f"Kelurahan {kel.name}")] = f"Kelurahan {kel.name}"
    return names


def canonical_unit(units: dict[str, str], name: str) -> str | None:
    """The official name of a unit, or None when the spelling is unknown."""
    return units.get(_key(name))
