"""Release notes as a small tree of whitelisted Markdown nodes.

`CHANGELOG.md` is someone else's Markdown. Rather than pass its text on and defuse what a page's
parser might read in it, `generator.sources.changelog` parses it (CommonMark) and keeps only the
node kinds below; every other construct (raw HTML, images, thematic breaks, ...) has become `Text`
by then. A target writes the tree out itself (`generator.pages.notes`), so nothing of the source
text reaches a page except through a `Text` or a `Code` node, which the writer escapes or fences.

Frozen dataclasses that compare by value, like the rest of the model; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

WEB_URL = re.compile(r"https?://", re.I)
"""The only link destinations a page may carry: the web, in any letter case. Anything else
(`javascript:`, `data:`, `mailto:`, a relative path, ...) is shown as text, never linked."""


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text, as the reader should see it (escapes and entities already decoded)."""

    value: str


@dataclass(frozen=True, slots=True)
class Code:
    """An inline code span's literal content."""

    value: str


@dataclass(frozen=True, slots=True)
class SoftBreak:
    """A line break in the source that reads as a space."""


@dataclass(frozen=True, slots=True)
class HardBreak:
    """A line break the author asked for."""


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link to the web: `url` matches `WEB_URL` (the reader builds no other; the writer checks again)."""

    url: str
    children: tuple[Inline, ...]


Inline = Text | Code | SoftBreak | HardBreak | Emphasis | Strong | Link


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading at its level in the source; a page places it under its own headings."""

    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A code block, fenced or indented in the source; `info` is the fence's info string, if any."""

    info: str
    text: str


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or ordered list; each item is a sequence of blocks. `tight`: no blank lines between
    the items (the items' paragraphs render without paragraph spacing)."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    tight: bool = True


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Paragraph | Heading | CodeBlock | ListBlock | Quote


def every_block(blocks: Sequence[Block]) -> Iterator[Block]:
    """Every block of `blocks`, depth first, those inside lists and quotes included."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from every_block(item)
        elif isinstance(block, Quote):
            yield from every_block(block.blocks)
