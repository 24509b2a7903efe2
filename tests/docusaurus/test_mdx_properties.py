"""Whatever the data holds, the Docusaurus pages compile as MDX 3 and show it as written.

Strings from Hypothesis go through the Docusaurus target, as every value of the checkout does,
into each place a value takes on a page (a table cell, a paragraph's start, a heading, an
attribute, a link destination), and through the release notes' parser and emitter; @mdx-js/mdx
with GFM, as Docusaurus compiles, compiles each and React renders it, in one node process per batch.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.docusaurus import Docusaurus
from generator.pages.markdown import table
from generator.pages.notes import render_notes
from generator.sources.changelog import parse_changelog

from .conftest import MDX_PACKAGE, mdx_results, skip_unless

pytestmark = skip_unless(MDX_PACKAGE, "The Docusaurus site's npm install (@mdx-js/mdx)")
TARGET = Docusaurus()

# Any text but control characters and surrogates (which JSON cannot carry to node as they are).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
# What MDX and Markdown read specially, often, so that a batch hits their combinations.
TOKENS = [*"{}<>[]()!`*_~|\\&#:;/ -=\"'@.", "import ", "export ", "<!--", "-->", "https://x", "javascript:", "&lt;",
          "{/*", "*/}", "\n", "a", "1", "www.", "x@y.z"]
SPECIAL = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=16).map("".join)


def _words(text: str) -> str:
    """Text as a reader sees it: white space folded, the invisible word joiner (which stops GitHub's
    autolinks) dropped."""
    return " ".join(text.replace("\u2060", "").split())


@settings(max_examples=3, deadline=None)
@given(st.lists(st.one_of(TEXT, SPECIAL), min_size=40, max_size=40))
def test_every_value_compiles_and_reads_back(values: list[str]) -> None:
    values = [v for v in values if v.strip()]
    places = []
    for v in values:
        cell = TARGET.text(v)
        # Where the templates put a value: a table cell, a heading, after words in a line, an attribute
        # (React writes a textarea's default value as its text, so the reader sees what it holds).
        places += [table(["Value", "Next"], [[cell, "z"]]), f"## {cell}", f"Reason: {cell}.",
                   f"<textarea defaultValue={TARGET.attribute(v)} readOnly />"]
    results = mdx_results(places)
    for n, v in enumerate(values):
        for result, text in zip(results[4 * n: 4 * n + 4], places[4 * n: 4 * n + 4], strict=True):
            assert result["ok"], (v, text, result["message"])
            assert _words(v) in _words(result["shown"]), (v, text, result["shown"])
            assert result["links"] == [], (v, text, result["links"])  # no address, `www.` or URL made a link


@settings(max_examples=3, deadline=None)
@given(st.lists(st.one_of(TEXT, SPECIAL), min_size=40, max_size=40))
def test_a_link_destination_stays_one_link_whatever_it_holds(values: list[str]) -> None:
    """A destination made of anything (a page path from the settings, say) cannot end the link early
    or become code: the reader sees the link's words, nothing of the destination."""
    texts = [f"See [the page]({TARGET.url(v)}) here." for v in values]
    for v, text, result in zip(values, texts, mdx_results(texts), strict=True):
        assert result["ok"], (v, text, result["message"])
        assert _words(result["shown"]) == "See the page here.", (v, text, result["shown"])
        assert len(result["links"]) == 1, (v, text, result["links"])


@settings(max_examples=3, deadline=None)
@given(st.lists(st.one_of(TEXT, SPECIAL), min_size=30, max_size=30))
def test_release_notes_compile_whatever_they_hold(notes: list[str]) -> None:
    """Notes are parsed and written back from a whitelist: whatever a CHANGELOG section holds, the
    page compiles, and its only links lead to the web."""
    sections = parse_changelog("".join(f"## 1.0.{n}\n\n{note}\n\n" for n, note in enumerate(notes))).sections
    texts = [render_notes(s.notes, TARGET) for s in sections.values() if s.notes]
    texts.append("\n\n".join(texts))
    for text, result in zip(texts, mdx_results(texts), strict=True):
        assert result["ok"], (text, result["message"])
        assert "{{" not in text, text
        assert all(link.startswith(("http://", "https://")) for link in result["links"]), (text, result["links"])
