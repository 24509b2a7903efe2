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

_SPECIAL = re.compile(r"[\\`*_{}\[\]<>|&#!~@]|://|(?<![A-Za-z0-9])www\.", re.I)
# Entities where an escape is not read alike by every parser: `~` (GitHub's strikethrough) and
# what GitHub's autolinks start from (`://`, `www.`, an address's `@`), which would make data a
# link on a Docusaurus page. An entity reads the same everywhere and links nothing.
_REPLACE = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "~": "&#126;", "@": "&#64;", "://": "&#58;//"}
# MDX reads a line that starts with `import` or `export` as JavaScript.
_ESM = re.compile(r"^([ \t]*)([ie])(?=(?:mport|xport)\b)", re.M)
_WS = re.compile(r"\s+")
# What needs no escaping: versions, names and dates, nearly every value (not one MDX or GitHub's
# autolinks would read otherwise).
_PLAIN = re.compile(r"(?!import|export)(?!.*www\.)[A-Za-z0-9.+-]+(?: [A-Za-z0-9.+-]+)*", re.I)
# The generator writes ASCII only, so a page is pure ASCII unless the data is not: Python writes
# an ASCII string straight from its buffer, four times faster than one needing UTF-8 encoding.
# The entity renders as the en dash it stands for.
DASH = "&ndash;"


def esc(value: object) -> str:
    """Text as inert Markdown on one line: specials escaped, white space folded."""
    if value is None or value == "":
        return DASH
    text = str(value)
    if _PLAIN.fullmatch(text):
        return text
    return defuse_esm(_SPECIAL.sub(_escaped, _WS.sub(" ", text).strip()))


def defuse_esm(text: str) -> str:
    """Text whose lines MDX cannot read as `import`/`export`: their first letter as an entity,
    which reads the same."""
    return _ESM.sub(lambda m: f"{m[1]}&#{ord(m[2])};", text)


def _escaped(m: re.Match[str]) -> str:
    found = m[0]
    if len(found) == 4:  # `www.`, in any letter case
        return found[:3] + "&#46;"
    return _REPLACE.get(found, "\\" + found)


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
