"""Whatever the data holds, the Docusaurus pages compile as MDX 3 and show it as written.

Strings from Hypothesis go through the same escaping as every value of the checkout, into the
places a value takes on a page (a table cell, a paragraph's start, a heading), and through the
release notes' neutralising; @mdx-js/mdx with GFM, as Docusaurus compiles, compiles each and React
renders it, in one node process per batch.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.markdown import esc, table
from generator.pages.render import notes_markdown

from .conftest import MDX_PACKAGE, mdx_results, skip_unless

pytestmark = skip_unless(MDX_PACKAGE, "The Docusaurus site's npm install (@mdx-js/mdx)")

# Any text but control characters and surrogates (which JSON cannot carry to node as they are).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
# What MDX and Markdown read specially, often, so that a batch hits their combinations.
TOKENS = [*"{}<>[]()!`*_~|\\&#:;/ -=\"'@.", "import ", "export ", "<!--", "-->", "https://x", "javascript:", "&lt;",
          "{/*", "*/}", "\n", "a", "1", "www.", "x@y.z"]
SPECIAL = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=16).map("".join)


def _words(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=3, deadline=None)
@given(st.lists(st.one_of(TEXT, SPECIAL), min_size=40, max_size=40))
def test_every_value_compiles_and_reads_back(values: list[str]) -> None:
    values = [v for v in values if v.strip()]
    places = []
    for v in values:
        cell = esc(v)
        # Where the templates put a value: a table cell, a heading, after words in a line.
        places += [table(["Value", "Next"], [[cell, "z"]]), f"## {cell}", f"Reason: {cell}."]
    results = mdx_results(places)
    for n, v in enumerate(values):
        for result, text in zip(results[3 * n: 3 * n + 3], places[3 * n: 3 * n + 3], strict=True):
            assert result["ok"], (v, text, result["message"])
            assert _words(v) in _words(result["shown"]), (v, text, result["shown"])


@settings(max_examples=3, deadline=None)
@given(st.lists(st.one_of(TEXT, SPECIAL), min_size=30, max_size=30))
def test_release_notes_compile_whatever_they_hold(notes: list[str]) -> None:
    """Notes are Markdown, so they render as Markdown (their links' safety is tested on the built
    MkDocs site, through the same function); but they always compile."""
    texts = [notes_markdown(n) for n in notes] + [notes_markdown("\n\n".join(notes))]
    for note, text, result in zip([*notes, "all"], texts, mdx_results(texts), strict=True):
        assert result["ok"], (note, text, result["message"])
