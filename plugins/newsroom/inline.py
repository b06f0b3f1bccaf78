"""Markdown extension: Python-Markdown's inline pass without trying patterns that cannot match.

Python-Markdown hands every text node to every inline pattern (±20 with ``extra`` and ``smarty``)
through a Python method, even when the pattern's expression finds nothing in the text — the most
common case by far (a plain sentence has no link, code, footnote or quote). Profiled on 10,000
stories that was the single largest cost of the build (±10 CPU-seconds). :class:`QuickInline`
asks the pattern's compiled expression first (one C call) and skips the pattern when it finds
nothing from the current position, which is exactly when Python-Markdown would have returned
"no match"; every other case goes through Python-Markdown's own code, so the HTML is the same
(the tests render the same documents both ways).

Relies on ``InlineProcessor``'s private ``__applyPattern``; if a Markdown release renames it,
:func:`supported` is false and the stock processor stays in place.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown, treeprocessors, util
from markdown import inlinepatterns as patterns

#: Inline tree processors to replace, with their registry priority: Python-Markdown's own
#: (``markdown.treeprocessors``) and the second pass of ``smarty`` (quotes, dashes, ellipses).
INLINE_PASSES = {"inline": 20, "smarty": 6}


def supported() -> bool:
    """Whether this Markdown release has the inline-processor internals the fast path calls."""
    base = treeprocessors.InlineProcessor
    return callable(getattr(base, "_InlineProcessor__applyPattern", None)) and callable(
        getattr(base, "_InlineProcessor__handleInline", None)
    )


class QuickInlineProcessor(treeprocessors.InlineProcessor):
    """``InlineProcessor`` that skips a pattern whose expression finds nothing in the text."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        # The pattern registry sorts on every index; it cannot change during one pass.
        self._patterns = list(self.inlinePatterns)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """Python-Markdown's ``__handleInline`` loop with the no-match shortcut."""
        if isinstance(data, util.AtomicString):
            return data
        inline = self._patterns
        apply = self._InlineProcessor__applyPattern
        index, start, count = patternIndex, 0, len(inline)
        while index < count:
            pattern = inline[index]
            if (
                isinstance(pattern, patterns.InlineProcessor)
                and pattern.getCompiledRegExp().search(data, start) is None
            ):
                index, start = index + 1, 0  # what __applyPattern returns for no match
                continue
            data, matched, start = apply(pattern, data, index, start)
            if not matched:
                index += 1
        return data


class QuickInline(Extension):
    """Replace the inline passes by :class:`QuickInlineProcessor` (when supported).

    List it after ``smarty`` so that its pass is already registered.
    """

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        if not supported():
            return
        for name, priority in INLINE_PASSES.items():
            stock = md.treeprocessors[name] if name in md.treeprocessors else None  # noqa: SIM401 - Registry has no get()
            if type(stock) is treeprocessors.InlineProcessor:
                quick = QuickInlineProcessor(md)
                quick.inlinePatterns = stock.inlinePatterns
                md.treeprocessors.register(quick, name, priority)
