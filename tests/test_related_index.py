"""The indexed related-stories search gives exactly what scoring every pair gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from theme_context.related import RelatedIndex, relatedness


def _brute_force(story, stories, limit):
    """The definition: score every other story, newest first among equal scores."""
    scored = [(relatedness(story, o), o) for o in stories if o is not story]
    scored = [(s, o) for s, o in scored if s > 0]
    scored.sort(key=lambda pair: (pair[0], pair[1].date), reverse=True)
    return [o for _s, o in scored[:limit]]


def _named(name):
    return SimpleNamespace(name=name) if name is not None else None


def _stories(rng: random.Random, count: int) -> list[SimpleNamespace]:
    tags = [f"topik-{n}" for n in range(12)]
    places = [(f"kec-{k}", f"kel-{k}-{n}") for k in range(3) for n in range(3)] + [(None, None)]
    start = datetime(2026, 1, 1)
    stories = []
    for n in range(count):
        kec, kel = rng.choice(places)
        stories.append(
            SimpleNamespace(
                title=f"berita {n}",
                tags=[_named(t) for t in rng.sample(tags, rng.randint(0, 3))],
                kecamatan=_named(kec),
                kelurahan=_named(kel if rng.random() < 0.8 else None),
                category=_named(rng.choice(["Sosial", "Kesehatan", None])),
                # Few distinct dates, so ties on (score, date) are common.
                date=start + timedelta(hours=rng.randint(0, 40)),
            )
        )
    return stories


@pytest.mark.parametrize("seed", range(5))
def test_index_matches_scoring_every_pair(seed):
    rng = random.Random(seed)
    stories = _stories(rng, 150)
    index = RelatedIndex(stories)
    for limit in (1, 4, 9):
        for story in stories:
            assert index.related(story, limit) == _brute_force(story, stories, limit)
