"""Release notes written back as Markdown: whatever the CHANGELOG holds, the page reads the structure
this module wrote and nothing else. Each written page is read again with markdown-it (raw HTML on,
GFM tables on: what a page's parser could find) and the tokens are checked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.notes import (
    Block,
    Code,
    CodeBlock,
    Emphasis,
    HardBreak,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    SoftBreak,
    Strong,
    Text,
    every_block,
)
from generator.pages.markdown import esc
from generator.pages.notes import render_notes
from generator.sources.changelog import parse_changelog

_UNSAFE = re.compile(r"[^A-Za-z0-9._~/#:?=&!$,;@%+-]")
_PAGE = MarkdownIt("commonmark").enable("table")  # raw HTML on: any that got through shows as html_* tokens


class EscWriter:
    """The writer of the pages: `esc` for text (it leaves `:`, `-`, `=`, `+` and digits as they are,
    so what starts a line is this module's to guard), and a URL percent-encoded."""

    def text(self, value: str) -> str:
        return esc(value)

    def url(self, value: str) -> str:
        return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), value)

    def code(self, value: str) -> str:
        return value


class BackslashWriter(EscWriter):
    """A plain CommonMark writer: every ASCII punctuation character backslash-escaped, nothing else
    (no entity for `import`, as `esc` writes)."""

    def text(self, value: str) -> str:
        return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", value)


WRITER = EscWriter()


def _notes(text: str) -> tuple[Block, ...]:
    return parse_changelog("## 1.0.0\n\n" + text).sections["1.0.0"].notes


def _tokens(markdown: str) -> Iterator[Token]:
    """Every token of the page, inline ones included."""
    for token in _PAGE.parse(markdown):
        yield token
        yield from token.children or []


def _lines(markdown: str) -> list[str]:
    """The lines of the page's paragraphs and headings, as the page's parser sees them (container
    markers and indentation gone): where text could start a block."""
    return [line for t in _PAGE.parse(markdown) if t.type == "inline" for line in t.content.split("\n")]


def test_an_unclosed_fence_leaves_the_rest_of_the_page_alone() -> None:
    notes = _notes("Before.\n\n```\ncode\n| not | a table |\n")
    assert notes == (Paragraph((Text("Before."),)), CodeBlock("", "code\n| not | a table |\n"))
    page = f"## Release notes\n\n{render_notes(notes, WRITER)}\n\n## Standard image\n\n| a | b |\n| - | - |\n\nAfter.\n"
    tokens = list(_tokens(page))
    kinds = [t.type for t in tokens]
    assert kinds.count("fence") == 1 and kinds.count("table_open") == 1
    assert [t.content for t in tokens if t.type == "inline"][-1] == "After."
    assert "Standard image" in [t.content for t in tokens if t.type == "inline"]


def test_a_code_block_fence_is_longer_than_any_run_in_it() -> None:
    code = "```\n````\n`` ` x\n"
    written = render_notes([CodeBlock("py {.x}", code), CodeBlock("<script>", "a"), CodeBlock("a`b", "")], WRITER)
    assert written.split("\n")[0] == "`````py"
    fences = [t for t in _tokens(written + "\n\nAfter.\n") if t.type == "fence"]
    assert [(f.info, f.content) for f in fences] == [("py", code), ("", "a\n"), ("", "")]


def test_an_admonition_line_is_text() -> None:
    """`:::danger[x]` would open a Docusaurus admonition at the start of a line."""
    notes = _notes(":::danger[Careful]\nboom\n:::\n")
    written = render_notes(notes, WRITER)
    assert not any(line.startswith(":") for line in written.split("\n")), written
    assert [t.content for t in _tokens(written) if t.type == "text"] == [":::danger[Careful]", "boom", ":::"]


def test_text_starting_a_line_starts_no_block() -> None:
    """List markers, a setext underline, a thematic break, a heading, a quote, a table's delimiter row,
    MDX's `import`, Python-Markdown's `!!!`: escaped in the source, they are text, and stay text."""
    source = ("\\- not a list\n1\\. not a list either\n\\+ nor this\n\\===\n\\---\n\\#\\# no heading\n\\> no quote\n"
              "\\| a \\|\n\\|\\-\\|\n!!! note\n10\\) ten\n7\\.\nimport x from 'y'\nexport const z = 1\n3.1.2 stays\n")
    notes = _notes(source)
    assert len(notes) == 1 and isinstance(notes[0], Paragraph)
    for writer in (WRITER, BackslashWriter()):
        for container in ([Paragraph(notes[0].inlines)], [ListBlock(False, 1, ((notes[0],),))],
                          [Quote((notes[0],))]):
            written = render_notes(container, writer)
            kinds = {t.type for t in _tokens(written)}
            assert kinds & {"heading_open", "hr", "table_open", "ordered_list_open"} == set(), written
            assert [t.type for t in _tokens(written) if t.type.endswith("_open")].count("paragraph_open") == 1
            starts = [line for line in _lines(written) if re.match(r"(import|export)\b|!!!", line)]
            assert starts == [], written
            assert writer is not WRITER or "3.1.2 stays" in _lines(written)  # no entity where none is needed


def test_mail_and_other_schemes_are_no_links() -> None:
    """Through the reader, and with links made by hand: only http(s) is ever linked."""
    from_source = _notes("<mailto:a@b.example> <c@d.example> [e](mailto:e@f.example) [f](ftp://g) [h](/i)\n")
    by_hand: list[Block] = [Paragraph((Link("mailto:a@b.example", (Text("mail"),)),
                                       Link("JavaScript:alert(1)", (Text("js"),)),
                                       Link("jav&#97;script:x", (Text("entity"),)), Link("data:text/html,x", ()),
                                       Link(" https://x", (Text("space"),)),
                                       Link("https://ok.example/a b", (Emphasis((Text("ok"),)),)))),
                            Paragraph((Link("https://ok.example/[x]", (Link("mailto:inner", (Text("in"),)),)),))]
    for notes in (from_source, by_hand):
        written = render_notes(notes, WRITER)
        hrefs = [t.attrGet("href") for t in _tokens(written) if t.type == "link_open"]
        assert all(re.match(r"https://ok\.example/", str(h)) for h in hrefs), written
    written = render_notes(by_hand, WRITER)
    assert [t.attrGet("href") for t in _tokens(written) if t.type == "link_open"] == [
        "https://ok.example/a%20b", "https://ok.example/%5Bx%5D"]
    assert "mail" in written and "js" in written and "in" in written


def test_a_non_version_heading_stays_in_its_section_one_level_down() -> None:
    notes = parse_changelog("## 1.0.0\n\nIntro.\n\n## Fixes\n\n### Details\n\nText.\n").sections["1.0.0"].notes
    assert render_notes(notes, WRITER) == "Intro.\n\n### Fixes\n\n#### Details\n\nText."


def test_headings_move_under_the_pages_heading_and_stop_at_six() -> None:
    headings: list[Block] = [Heading(n, (Text(f"h{n}"),)) for n in (4, 5, 6)]
    assert render_notes(headings, WRITER, top=3) == "### h4\n\n#### h5\n\n##### h6"
    assert render_notes(headings, WRITER, top=5) == "##### h4\n\n###### h5\n\n###### h6"
    assert render_notes([Heading(2, (Text("a"), SoftBreak(), Text("b"), HardBreak(), Emphasis((Text("c"),))))],
                        WRITER) == "### a b *c*"


def test_a_heading_ending_in_hashes_keeps_them() -> None:
    """`## C #` would lose its `#` as a closing sequence, if the writer left it as it is."""

    class HashWriter(EscWriter):
        def text(self, value: str) -> str:
            return esc(value).replace("\\#", "#")

    written = render_notes([Heading(2, (Text("C "), Code("x"), Text(" ##"))), Heading(2, (Text("#"),)),
                            Heading(2, (Text("a#"),))], HashWriter())
    assert [t.content for t in _tokens(written) if t.type == "inline"] == ["C `x` #&#35;", "&#35;", "a#"]


def test_raw_html_is_shown_as_text() -> None:
    notes = _notes("<script>alert(1)</script>\n\n<div>\n*x*\n</div>\n\nInline <b>b</b> <!-- c --> &lt;i&gt;\n")
    written = render_notes(notes, WRITER)
    tokens = list(_tokens(written))
    assert not [t for t in tokens if t.type.startswith("html")]
    shown = " ".join(t.content for t in tokens if t.type in ("text", "code_inline"))
    assert shown == "<script>alert(1)</script> <div> x </div> Inline <b>b</b> <!-- c --> <i>"


def test_inline_code_keeps_its_text() -> None:
    """Whatever backticks and spaces the code holds; two spans side by side are written as one (their
    fences would run together)."""
    codes = ["a", "`", "``x`", " a ", "a `b` c", "  ", "x\ny"]
    written = render_notes([Paragraph(tuple(n for c in codes for n in (Code(c), Text(" "))))], WRITER)
    assert [t.content for t in _tokens(written) if t.type == "code_inline"] == [
        "a", "`", "``x`", " a ", "a `b` c", "  ", "x y"]
    written = render_notes([Paragraph((Code("a"), Code("`"), Text("b"), Code(""), Code("c")))], WRITER)
    assert [t.content for t in _tokens(written) if t.type in ("code_inline", "text")] == ["a`", "b", "c"]


def test_emphasis_links_and_breaks() -> None:
    notes: list[Block] = [Paragraph((Emphasis((Text(" spaced "),)), Text("and"), Strong((Text("bold"),)),
                                     Emphasis(()), Link("https://x.example/", ()), SoftBreak(), Text("next"),
                                     HardBreak(), Text("after"), HardBreak()))]
    assert render_notes(notes, WRITER) == ("*spaced* and**bold**[https&#8288;&#58;//x.example/](https://x.example/)\n"
                                           "next  \nafter")


def test_lists_keep_their_shape() -> None:
    """Items' blocks indented to the item's content, tight lists tight, two lists in a row apart, bullets
    alternating with depth."""
    notes = _notes("1. one\n\n   ```\n   code\n   ```\n2. two\n   - a\n\n     para\n\n"
                   "3) other list\n\n- x\n- y\n\n+ z\n")
    written = render_notes(notes, WRITER)
    assert written == ("1.  one\n\n    ```\n    code\n    ```\n\n2.  two\n\n    *   a\n\n        para\n\n"
                       "3)  other list\n\n-   x\n-   y\n\n*   z")
    assert parse_changelog("## 1.0.0\n\n" + written).sections["1.0.0"].notes == notes


def test_nothing_to_show_writes_nothing() -> None:
    assert render_notes([Paragraph((Text("  "), SoftBreak())), Quote(())], WRITER) == ">"
    assert render_notes([], WRITER) == ""


def _count(blocks: Sequence[Block], kind: type) -> int:
    return sum(isinstance(b, kind) for b in every_block(blocks))


# What Markdown, MDX, GFM and the sites read specially, often, so that examples combine them.
_PIECES = st.sampled_from([
    *"`~*_-+=#>[]()!<>{}:|\\&;/ .@\t", "\n", "\n\n", "```", "~~~", "    ", "1. ", "- ", "> ", "## 1.0.1", "## x",
    "[a](", "](", "https://x", "javascript:", "mailto:", "a@b.c", "<a@b.c>", "&#106;", "&amp;", "&lt;", "<div>",
    "<!--", "-->", "import ", "export ", ":::danger[x]", "!!! ", "---", "===", "|-|", "{#id}", "www.x.y", "é",
    "\u00a0", "a", "b c", "1"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=40).map("".join)


@given(_TEXT)
def test_whatever_the_notes_hold_the_page_reads_only_our_structure(text: str) -> None:
    """No raw HTML, no link but to the web, every code fence closed and none made of text, and as many
    headings, lists and quotes as the tree has: text never becomes structure."""
    for section in parse_changelog("## 1.0.0 (2024-01-01)\n\n" + text).sections.values():
        for writer in (WRITER, BackslashWriter()):
            written = render_notes(section.notes, writer)
            tokens = list(_tokens(written + "\n\n| a | b |\n| - | - |\n"))
            kinds = [t.type for t in tokens]
            assert not [k for k in kinds if k.startswith("html")], written
            assert all(re.match(r"https?://", str(t.attrGet("href")), re.I) for t in tokens if t.type == "link_open")
            assert kinds.count("fence") == _count(section.notes, CodeBlock), written
            assert "code_block" not in kinds and kinds.count("table_open") == 1, written
            assert kinds.count("heading_open") == _count(section.notes, Heading), written
            assert kinds.count("blockquote_open") == _count(section.notes, Quote), written
            lists = kinds.count("bullet_list_open") + kinds.count("ordered_list_open")
            assert lists == _count(section.notes, ListBlock), written
            assert not [line for line in _lines(written) if re.match(r"(import|export)\b|:::|[<{]", line)], written


_WORDS = st.one_of(_PIECES, st.text(max_size=4)).map(str)
_URLS = st.sampled_from(["https://ok.example/", "HTTP://ok.example/a b)(<>`", "javascript:alert(1)", "mailto:a@b.c",
                         "", "/relative", "https://ok.example/\n[x]"])
_INLINES = st.recursive(
    st.one_of(st.builds(Text, _WORDS), st.builds(Code, _WORDS), st.just(SoftBreak()), st.just(HardBreak())),
    lambda inner: st.one_of(
        st.builds(Emphasis, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Strong, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Link, _URLS, st.lists(inner, max_size=3).map(tuple))),
    max_leaves=8)
_LEAVES = st.one_of(
    st.builds(Paragraph, st.lists(_INLINES, max_size=5).map(tuple)),
    st.builds(Heading, st.integers(1, 6), st.lists(_INLINES, max_size=3).map(tuple)),
    st.builds(CodeBlock, _WORDS, _TEXT))
_BLOCKS = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.builds(Quote, st.lists(inner, max_size=3).map(tuple)),
    st.builds(ListBlock, st.booleans(), st.integers(-5, 10**10),
              st.lists(st.lists(inner, max_size=3).map(tuple), min_size=1, max_size=3).map(tuple), st.booleans())),
    max_leaves=10)


@given(st.lists(_BLOCKS, max_size=4))
def test_any_tree_is_written_as_its_own_structure(blocks: list[Block]) -> None:
    """Trees no parser made (empty emphasis, links in links, breaks at the edges, any list start, lists
    side by side): still only their own structure, and links only to the web."""
    written = render_notes(blocks, WRITER)
    tokens = list(_tokens(written + "\n\nAfter.\n"))
    kinds = [t.type for t in tokens]
    assert not [k for k in kinds if k.startswith("html")], written
    hrefs = [str(t.attrGet("href")) for t in tokens if t.type == "link_open"]
    assert all(re.match(r"https?://ok\.example/", h, re.I) for h in hrefs), written
    assert kinds.count("fence") == _count(blocks, CodeBlock) and "code_block" not in kinds, written
    assert kinds.count("heading_open") == _count(blocks, Heading), written
    assert kinds.count("blockquote_open") == _count(blocks, Quote), written
    assert kinds.count("bullet_list_open") + kinds.count("ordered_list_open") == _count(blocks, ListBlock), written
    assert [t.content for t in tokens if t.type == "inline"][-1] == "After.", written
