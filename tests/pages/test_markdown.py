"""`esc` against a reference: the same escapes, written as one substitution over the value, token by
token, as the generator once did. Hypothesis strings in the alphabet Markdown, MDX and GitHub's
autolinks read specially."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.pages.markdown import DASH, esc

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
