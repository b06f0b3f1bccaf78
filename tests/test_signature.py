"""Page-signature digests: equal values give equal digests, any shown difference changes them."""

from __future__ import annotations

import dataclasses

from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from stable_output.signature import Digester


@dataclasses.dataclass(frozen=True)
class Rendition:
    url: str
    width: int


@dataclasses.dataclass(frozen=True)
class Hidden:
    url: str
    width: int = dataclasses.field(default=0, repr=False)


@dataclasses.dataclass(frozen=True)
class OwnRepr:
    url: str
    width: int

    def __repr__(self) -> str:
        return f"OwnRepr({self.url})"


@dataclasses.dataclass
class Photo:
    file: str


def test_frozen_values_digest_by_every_field():
    digest = Digester().value
    assert digest(Rendition("a.jpg", 640)) == digest(Rendition("a.jpg", 640))
    assert digest(Rendition("a.jpg", 640)) != digest(Rendition("a.jpg", 960))
    assert digest((Rendition("a.jpg", 640),)) != digest((Rendition("b.jpg", 640),))


def test_fields_a_repr_leaves_out_still_count():
    digest = Digester().value
    assert digest(Hidden("a.jpg", 1)) != digest(Hidden("a.jpg", 2))
    assert digest(OwnRepr("a.jpg", 1)) != digest(OwnRepr("a.jpg", 2))


def test_attributes_added_after_creation_count():
    digest = Digester().value
    one, two = Photo("a.jpg"), Photo("a.jpg")
    one.renditions = {"og": Rendition("a-og.jpg", 1200)}
    two.renditions = {"og": Rendition("a-og.jpg", 1080)}
    assert digest(one) != digest(two)
    two.renditions = {"og": Rendition("a-og.jpg", 1200)}
    assert digest(one) == digest(two)


def test_url_wrappers_by_name():
    settings = dict(DEFAULT_CONFIG)
    digest = Digester().value
    assert digest(Tag("banjir", settings)) == digest(Tag("banjir", settings))
    assert digest(Tag("banjir", settings)) != digest(Tag("sampah", settings))
