"""Markdown building blocks that stay valid whatever the data holds.

Every value from the checkout reaches a page through `esc`, so a `|`,
`<script>`, backtick, bracket or brace in a name can neither break a table
nor become markup; links are only ever built from URLs this module makes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from itertools import starmap

_SPECIAL = re.compile(r"[\\`*_{}\[\]<>|&#!]")
_REPLACE = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_WS = re.compile(r"\s+")
_PLAIN = re.compile(r"[A-Za-z0-9.+-]+(?: [A-Za-z0-9.+-]+)*")
# The generator writes ASCII only, so a page is pure ASCII unless the data is not: Python writes
# an ASCII string straight from its buffer, four times faster than one needing UTF-8 encoding.
# The entity renders as the en dash it stands for.
DASH = "&ndash;"


def esc(value: object) -> str:
    """Text as inert Markdown on one line: specials escaped, white space folded."""
    if value is None or value == "":
        return DASH
    text = str(value)
    if _PLAIN.fullmatch(text):  # versions, names and dates, nearly every value: nothing to do
        return text
    return _SPECIAL.sub(lambda m: _REPLACE.get(m[0], "\\" + m[0]), _WS.sub(" ", str(value)).strip())


def link(text: object, url: str) -> str:
    """`[text](url)` with the text escaped; `url` must come from this project, never from data."""
    return f"[{esc(text)}]({url})"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A pipe table with padded columns, so the Markdown reads as a table too.

    Cells must already be Markdown (`esc`, `link`). `align` gives one of
    `l`, `r`, `c` per column; left by default. Built with one format string
    per table.
    """
    width = len(headers)
    if not set(map(len, rows)) <= {width}:
        bad = next(row for row in rows if len(row) != width)
        raise ValueError(f"row has {len(bad)} cells, the header {width}: {bad!r}")
    sizes = [max(3, len(h), max(map(len, col), default=0)) for h, col in
             zip(headers, zip(*rows, strict=True) if rows else [()] * width, strict=True)]
    rule = []
    for i, size in enumerate(sizes):
        a = align[i] if i < len(align) else "l"
        rule.append(":" + "-" * (size - 2) + ":" if a == "c" else "-" * (size - 1) + ":" if a == "r" else "-" * size)
    line = "| " + " | ".join(f"{{:<{size}}}" for size in sizes) + " |"
    return "\n".join(starmap(line.format, (headers, rule, *rows)))


def interactive(markdown_table: str, label: str) -> str:
    """Opts one table in to sorting and filtering: the site's script looks for the marker just
    before a table. Plain HTML, so any Markdown renderer keeps it and a reader without the
    script still sees the table."""
    return f'<div class="rt-table" data-label="{html.escape(label)}"></div>\n\n{markdown_table}'
