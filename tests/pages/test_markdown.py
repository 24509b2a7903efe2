"""`esc` against a reference: the same escapes, written as one substitution over the value, token by
token, as the generator once did. Hypothesis strings in the alphabet Markdown, MDX and GitHub's
autolinks read specially."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import starmap

from hypothesis import example, given
from hypothesis import strategies as st

from generator.pages.markdown import DASH, PADDED_WIDTH, esc, table

_TOKENS = re.compile(r"[\\`*_{}\[\]<>|&#!~@]|://|(?<![A-Za-z0-9])www(?:\.|$)", re.I)
_JOINER = "&#8288;"
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "~": "&#126;", "@": _JOINER + "&#64;", "://": _JOINER + "&#58;//"}


def reference(value: str) -> str:
    if value == "":
        return DASH
    text = re.sub(r"\s+", " ", value).strip()

    def one(m: re.Match[str]) -> str:
        if m[0][0] in "wW":
            return m[0][:3] + _JOINER + "&#46;" * (len(m[0]) == 4)
        return _ENTITIES.get(m[0], "\\" + m[0])

    text = _TOKENS.sub(one, text)
    return re.sub(r"^(import|export)\b", lambda m: f"&#{ord(m[0][0])};{m[0][1:]}", text)


SPECIAL = st.lists(st.sampled_from([*"\\`*_{}[]<>|&#!~@:/. \t\nwWaA1", "www", "WWW.", "://", "import", "export",
                                    "imports", "\u2028", "\xa0", "é"]), max_size=20).map("".join)


@given(st.one_of(SPECIAL, st.text()))
def test_esc_escapes_as_the_reference_does(value: str) -> None:
    assert esc(value) == reference(value)


def test_esc_examples() -> None:
    assert esc(None) == DASH and esc("3.1-2") == "3.1-2"
    assert esc("import x") == "&#105;mport x" and esc(" export\n") == "&#101;xport"
    assert esc("a@b www.c https://d") == f"a{_JOINER}&#64;b www{_JOINER}&#46;c https{_JOINER}&#58;//d"
    assert esc("<b>|`x`") == "&lt;b&gt;\\|\\`x\\`"


def table_reference(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """`table` as it was, one format string applied to each row: what its column-wise padding stands in for."""
    width = len(headers)
    sizes = [max(3, len(h), max(map(len, col), default=0)) for h, col in
             zip(headers, zip(*rows, strict=True) if rows else [()] * width, strict=True)]
    wide = sum(sizes) + 3 * width + 1 > PADDED_WIDTH  # then unpadded, its rule the narrowest
    rule = []
    for i, size in enumerate([3] * width if wide else sizes):
        a = align[i] if i < len(align) else "l"
        rule.append(":" + "-" * (size - 2) + ":" if a == "c" else "-" * (size - 1) + ":" if a == "r" else "-" * size)
    line = "| " + " | ".join("{}" if wide else f"{{:<{size}}}" for size in sizes) + " |"
    return "\n".join(starmap(line.format, (headers, rule, *rows)))


# Short cells, and now and then one long enough to make a table wider than PADDED_WIDTH.
_CELL = st.one_of(st.text(alphabet="ab1 |\\-:\u00e9\u2060", max_size=8), st.text(alphabet="ab ", min_size=60,
                                                                                   max_size=100))


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.lists(_CELL, min_size=n, max_size=n),
                                                      st.lists(st.lists(_CELL, min_size=n, max_size=n), max_size=6),
                                                      st.text(alphabet="lrc", max_size=n))))
@example((["Version"], [], ""))
@example((["a", "b"], [["x", "a much longer cell"], ["", "y"]], "rc"))
@example((["a", "b"], [["x" * 200, "y"], ["", "z"]], "rcl"))  # wide, and more alignments than columns
def test_table_pads_as_one_format_per_row(case: tuple[list[str], list[list[str]], str]) -> None:
    headers, rows, align = case
    assert table(headers, rows, align) == table_reference(headers, rows, align)
