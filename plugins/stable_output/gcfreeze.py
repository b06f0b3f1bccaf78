"""Keep CPython's cyclic garbage collector off the objects a build holds until its end.

A build keeps hundreds of thousands of objects alive from the moment they are made to the end
(every story, its metadata, photos and their derivatives). Each full collection walks all of them
again: at 10,000 stories eleven full collections took 2.6 s of a 19 s rebuild, and the
collections at interpreter exit another 1.3 s. Once the stories are read, and again once every
plugin has prepared them, everything alive is moved to the permanent generation
(:func:`gc.freeze`; as its documentation notes, forked render workers then also share those
memory pages). A later build in the same process (``pelican -r``) starts by unfreezing them, so
what the previous build left becomes collectable again.

A build also allocates millions of short-lived objects; with CPython's default thresholds
(700, 10, 10) the young generations are collected thousands of times and every few hundred
thousand allocations trigger a full collection. :data:`BUILD_THRESHOLDS` collects the young
generation every 50,000 allocations instead (a few MB of garbage at most lingers a little
longer). Measured at 10,000 stories, adding one: collector time 3.1 s → 0.4 s, exit 1.4 s →
0.06 s.
"""

from __future__ import annotations

import atexit
import functools
import gc
from typing import Any

#: ``gc.set_threshold`` during builds (see above).
BUILD_THRESHOLDS = (50_000, 20, 20)


def thaw(_sender: Any = None, **_kwargs: Any) -> None:
    """``initialized``: objects of an earlier build in this process may be collected again;
    collect young objects less often."""
    gc.unfreeze()
    gc.set_threshold(*BUILD_THRESHOLDS)


def freeze(_sender: Any = None, **_kwargs: Any) -> None:
    """Stories read, or every plugin has prepared them: leave them out of later collections."""
    gc.freeze()


@functools.cache  # once per process, however often the plugin is registered
def at_exit() -> None:
    """Nothing is collected any more: skip walking every object at interpreter exit."""
    atexit.register(gc.freeze)
