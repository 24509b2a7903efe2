"""Markdown building blocks that stay valid whatever the data holds.

Every value from the checkout that lands in text, a cell or a heading goes
through `esc` (`Target.text`), so a `|`, `<script>`, backtick, bracket or
brace in a name can neither break a table nor become markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat

# Entities where an escape is not read alike by every parser: `~` (GitHub's strikethrough). What
# GitHub's autolinks start from (`://`, `www.`, an address's `@`) would make data a link on a
# Docusaurus page, and remark-gfm looks for them in the text after entities are decoded, so an
# entity alone does not stop them: a word joiner (U+2060, invisible) does, by standing between the
# parts a link is recognised from.
_JOINER = "&#8288;"
# Each character CommonMark, GFM or MDX may read as syntax, as something read as that character
# alone: a backslash escape, or an entity where an escape is not read alike everywhere.
_CHARACTERS = str.maketrans({**{c: "\\" + c for c in "\\`*_{}[]|#!"}, "<": "&lt;", ">": "&gt;", "&": "&amp;",
                             "~": "&#126;", "@": _JOINER + "&#64;"})
# `www` at a word's start, also closing the value: the words a template writes after it may start with `.`.
_WWW = re.compile(r"(?<![A-Za-z0-9])(www)(\.|$)", re.I)
ESM_START = re.compile(r"(?:import|export)\b")
"""What MDX reads as JavaScript when a line starts with it."""
# What needs no escaping: versions, names and dates, nearly every value (not one MDX or GitHub's
# autolinks would read otherwise).
_PLAIN = re.compile(r"(?!import|export)(?!.*www)[A-Za-z0-9.+-]+(?: [A-Za-z0-9.+-]+)*", re.I)
# The generator writes ASCII only, so a page is pure ASCII unless the data is not: Python writes
# an ASCII string straight from its buffer, four times faster than one needing UTF-8 encoding.
# The entity renders as the en dash it stands for.
DASH = "&ndash;"


def esc(value: object) -> str:
    """One value as inert Markdown on one line, wherever on a line it lands: white space folded,
    each special character escaped, the words of an autolink parted, and, should the value start a
    line, no `import`/`export` there."""
    if value is None or value == "":
        return DASH
    text = str(value)
    if _PLAIN.fullmatch(text):
        return text
    text = " ".join(text.split()).translate(_CHARACTERS).replace("://", _JOINER + "&#58;//")
    text = _WWW.sub(lambda m: m[1] + _JOINER + "&#46;" * bool(m[2]), text)
    return f"&#{ord(text[0])};{text[1:]}" if ESM_START.match(text) else text


def link(text: object, url: str) -> str:
    """`[text](url)` with the text escaped; `url` is a destination already written for the page
    (`Here`, `Target.url`, or `urls`, which quotes every value it puts in a URL)."""
    return f"[{esc(text)}]({url})"


PADDED_WIDTH = 160
"""The widest a table's lines may be padded to. A table that fits reads as a table in the Markdown
too; a wider one (a cell of links, a long reason) is unreadable padded, and its padding would be
most of its bytes, which the site builder then reads through, and a diff of its every row when
its widest cell changes. So it is written unpadded."""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A pipe table, its columns padded where it fits in `PADDED_WIDTH`.

    Cells must already be Markdown (`esc`, `link`). `align` gives one of
    `l`, `r`, `c` per column; left by default. Built with one format string
    per table.
    """
    width = len(headers)
    if not set(map(len, rows)) <= {width}:
        bad = next(row for row in rows if len(row) != width)
        raise ValueError(f"row has {len(bad)} cells, the header {width}: {bad!r}")
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    sizes = [max(3, len(h), max(map(len, col), default=0)) for h, col in zip(headers, columns, strict=True)]
    fits = sum(sizes) + 3 * width + 1 <= PADDED_WIDTH
    if not fits:
        sizes = [3] * width
    rule = []
    for i, size in enumerate(sizes):
        a = align[i] if i < len(align) else "l"
        rule.append(":" + "-" * (size - 2) + ":" if a == "c" else "-" * (size - 1) + ":" if a == "r" else "-" * size)
    if not fits:
        return "\n".join("| " + " | ".join(cells) + " |" for cells in [headers, rule, *rows])
    line = "| " + " | ".join(f"{{:<{size}}}" for size in sizes) + " |"
    head = line.format(*headers) + "\n" + line.format(*rule)
    if not rows:
        return head
    # The rows padded a column at a time (`str.ljust`, as `line` pads them): twice as fast as a
    # format per row, and long tables (a package's versions, a release's changes) are most of them.
    padded = [map(str.ljust, col, repeat(size)) for col, size in zip(columns, sizes, strict=True)]
    return head + "\n| " + " |\n| ".join(map(" | ".join, zip(*padded, strict=True))) + " |"

