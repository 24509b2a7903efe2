"""Release notes written as Markdown for a page, from the parsed tree (`generator.notes`).

The notes come from someone else's CHANGELOG, so this module writes every piece of Markdown
syntax itself and lets through only what a writer made of the source's text: each `Text` node
through `writer.text`, each link destination through `writer.url`. The structure it writes must hold
whatever that text is, on CommonMark, MDX (Docusaurus) and Python-Markdown (MkDocs) alike:

- a code fence is longer than any backtick run in its code, and always closed, so code cannot end
  it early nor run on into the rest of the page;
- text that starts a line cannot start a block: a list marker, `#`, `>`, `=`/`-` (a setext underline
  or thematic break), `:::` (a Docusaurus admonition), `!!!`, `import`/`export` (MDX's JavaScript)
  and the like get their first character as a numeric entity, which every one of those parsers
  reads as the character and none as syntax;
- no line starts or ends with white space it did not mean (indentation is the list's, a hard
  break is two trailing spaces), and no line inside a block is blank;
- a link is written only to an http(s) destination, however the tree was made;
- no raw HTML is ever written.

Lists use one indentation for markers and continuations (four columns), which CommonMark and
Python-Markdown both read as the item's content; bullets alternate with depth, and between two lists
side by side, so that lists neither merge nor make a thematic break of a line of markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from ..notes import (
    WEB_URL,
    Block,
    Code,
    CodeBlock,
    Emphasis,
    HardBreak,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    SoftBreak,
    Strong,
    Text,
    every_block,
)
from .markdown import ESM_START


class NoteWriter(Protocol):
    """What differs between sites in writing notes: how text is escaped and a URL is written."""

    def text(self, value: str) -> str:
        """`value` as inert inline Markdown (it may fold white space); never empty input."""
        ...

    def url(self, value: str) -> str:
        """`value`, an http(s) URL, as a link destination: what goes between `](` and `)`."""
        ...

    def code(self, value: str) -> str:
        """Code as the site shows it, which is as written, but for what the site itself would
        read in it before the Markdown is parsed."""
        ...


# Characters that start a block somewhere when they begin a line: CommonMark and GFM (`#`, `>`, `-`,
# `+`, `*`, `=`, `_`, backtick and `~` fences, `<`, `[` definitions, `|` tables), MDX (`<`, `{`),
# Docusaurus directives (`:`), Python-Markdown's extensions (`!!!`, `???`, `///`, `--8<--`, `$$`, `%`).
_BLOCK_START = frozenset("#>-+*=_`~<[|{:!?/$%")
# An ordered list marker: up to nine digits, `.` or `)`, then white space or the end (`3.1.2` is none).
_ORDERED = re.compile(r"[0-9]{1,9}(?=[.)](?:[ \t]|$))")
_BREAK = re.compile(r"\r\n?|\n")
_EDGES = re.compile(r"(\s*)(.*?)(\s*)", re.S)
_PLAIN_INFO = re.compile(r"[A-Za-z0-9_+-]+")
_BACKTICKS = re.compile(r"`+")
_HASHES = re.compile(r"(\\*)#+$")
_MAX_START = 999_999_999  # the largest number CommonMark reads as a list marker
INDENT = 4

# Inline output is first a list of pieces, then lines: text written by the writer (`_TEXT`), syntax
# this module writes (`_MARK`), and the white space between them, decided once the lines are known.
_TEXT, _MARK, _SPACE, _NEWLINE, _HARD = range(5)
_Piece = tuple[int, str]


def render_notes(blocks: Sequence[Block], writer: NoteWriter, top: int = 3) -> str:
    """The notes as Markdown, headings moved so that the highest of them is at level `top` (the
    level under the page's own heading for the notes; none goes past 6). Empty if nothing shows."""
    levels = [b.level for b in every_block(blocks) if isinstance(b, Heading)]
    shift = top - min(levels) if levels else 0
    return "\n".join(_Emitter(writer, shift).blocks(blocks, tight=False, depth=0))


class _Emitter:
    def __init__(self, writer: NoteWriter, shift: int) -> None:
        self.writer = writer
        self.shift = shift

    # Blocks: each is a list of lines; an empty list writes nothing.

    def blocks(self, blocks: Sequence[Block], tight: bool, depth: int) -> list[str]:
        """Blocks with a blank line between each two; in a tight list item, none where the second
        cannot be read as part of the first. Two lists in a row take different markers, so that
        they stay two lists. `depth`: how many lists the blocks are in."""
        out: list[str] = []
        before: Block | None = None
        flip = False
        for block in blocks:
            if isinstance(block, ListBlock):
                flip = isinstance(before, ListBlock) and before.ordered == block.ordered and not flip
            lines = self.block(block, flip, depth)
            if not lines:
                continue
            if out and not (tight and _joins(before, block, lines[0])):
                out.append("")
            out.extend(lines)
            before = block
        return out

    def block(self, block: Block, flip: bool, depth: int) -> list[str]:
        if isinstance(block, Paragraph):
            return self.lines(block.inlines)
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, CodeBlock):
            return _code_block(CodeBlock(block.info, self.writer.code(block.text)))
        if isinstance(block, ListBlock):
            return self.list_block(block, flip, depth)
        lines = self.blocks(block.blocks, tight=False, depth=depth)
        return [f"> {line}" if line else ">" for line in lines] or [">"]

    def heading(self, block: Heading) -> list[str]:
        level = max(1, min(6, block.level + self.shift))
        words = " ".join(self.lines(block.inlines, one_line=True))
        # A `#` run at the end, after a space or alone, would be read as the closing sequence.
        m = _HASHES.search(words)
        if m and len(m[1]) % 2 == 0 and (m.start() == 0 or words[m.start() - 1] in " \t"):
            words = words[:-1] + "&#35;"
        return ["#" * level + (" " + words if words else "")]

    def list_block(self, block: ListBlock, flip: bool, depth: int) -> list[str]:
        """Items indented to their content. Bullets alternate with depth, so that a line of nested
        items' markers (`-   -   -`, the innermost empty) is never a thematic break."""
        out: list[str] = []
        number = max(0, min(block.start, _MAX_START))
        for item in block.items:
            if block.ordered:
                marker = f"{number}{')' if flip else '.'}"
                number = min(number + 1, _MAX_START)
            else:
                marker = "*" if (depth + flip) % 2 else "-"
            width = max(INDENT, len(marker) + 1)
            lines = self.blocks(item, tight=block.tight, depth=depth + 1)
            if out and not block.tight:
                out.append("")
            if not lines:
                out.append(marker)
                continue
            out.append(marker.ljust(width) + lines[0])
            out.extend(" " * width + line if line else "" for line in lines[1:])
        return out

    # Inlines.

    def lines(self, inlines: Sequence[Inline], one_line: bool = False) -> list[str]:
        """Inline content as lines: a soft break starts a new line (a space with `one_line`), text
        that begins a line cannot begin a block, and no line is blank or padded."""
        pieces = self.pieces(inlines)
        out: list[str] = []
        line: list[str] = []
        space = False
        for kind, value in pieces:
            if kind in (_NEWLINE, _HARD) and not one_line:
                if line:
                    out.append("".join(line) + ("  " if kind == _HARD else ""))
                line, space = [], False
            elif kind in (_SPACE, _NEWLINE, _HARD):
                space = bool(line)
            else:
                if space:
                    line.append(" ")
                    space = False
                line.append(_line_start(value) if kind == _TEXT and not line else value)
        if line:
            out.append("".join(line))
        if out:
            out[-1] = out[-1].rstrip(" ")  # a hard break ends no block
        return out

    def pieces(self, inlines: Sequence[Inline], in_link: bool = False) -> list[_Piece]:
        out: list[_Piece] = []
        # Adjacent text is written as one run (the writer escapes a run as a whole), and adjacent code
        # as one span (two spans side by side would merge their backtick fences into another).
        run: list[Text | Code] = []
        for node in inlines:
            if isinstance(node, Text | Code):
                if run and type(run[-1]) is not type(node):
                    out.extend(self.run(run))
                    run = []
                run.append(node)
                continue
            out.extend(self.run(run))
            run = []
            if isinstance(node, SoftBreak):
                out.append((_SPACE if in_link else _NEWLINE, ""))
            elif isinstance(node, HardBreak):
                out.append((_SPACE if in_link else _HARD, ""))
            elif isinstance(node, Emphasis | Strong):
                mark = "*" if isinstance(node, Emphasis) else "**"
                out.extend(_wrapped(mark, self.pieces(node.children, in_link), mark))
            elif in_link or not WEB_URL.match(node.url):  # a link in a link, or not to the web: its text
                out.extend(self.pieces(node.children, in_link))
            else:
                children = node.children if _shows(node.children) else (Text(node.url),)
                out.extend(_wrapped("[", self.pieces(children, in_link=True), f"]({self.writer.url(node.url)})"))
        out.extend(self.run(run))
        return out

    def run(self, nodes: list[Text | Code]) -> list[_Piece]:
        """Adjacent nodes of one kind: text, or code."""
        joined = "".join(n.value for n in nodes)
        if nodes and isinstance(nodes[0], Text):
            return self.text(joined)
        return [(_MARK, _code_span(self.writer.code(joined)))] if joined else []

    def text(self, value: str) -> list[_Piece]:
        """Text as the writer writes it, its edges' white space kept as spaces this module places."""
        m = _EDGES.fullmatch(_BREAK.sub(" ", value))
        assert m is not None  # the pattern matches any text
        lead, core, trail = m.groups()
        out: list[_Piece] = [(_SPACE, "")] if lead else []
        if core:
            written = _BREAK.sub(" ", self.writer.text(core)).strip(" \t")
            if written:
                out.append((_TEXT, written))
        if trail:
            out.append((_SPACE, ""))
        return out


def _shows(inlines: Sequence[Inline]) -> bool:
    """Whether `inlines` have something to see (a link needs some text)."""
    for node in inlines:
        if (isinstance(node, Text) and node.value.strip()) or (isinstance(node, Code) and node.value):
            return True
        if isinstance(node, Emphasis | Strong | Link) and _shows(node.children):
            return True
    return False


def _wrapped(opening: str, inner: list[_Piece], closing: str) -> list[_Piece]:
    """`inner` between two delimiters, the white space at its edges moved outside them (`* a *` is
    no emphasis); nothing if `inner` has nothing to show."""
    start, end = 0, len(inner)
    while start < end and inner[start][0] in (_SPACE, _NEWLINE, _HARD):
        start += 1
    while end > start and inner[end - 1][0] in (_SPACE, _NEWLINE, _HARD):
        end -= 1
    if start == end:
        return [(_SPACE, "")] if inner else []
    return [*inner[:start], (_MARK, opening), *inner[start:end], (_MARK, closing), *inner[end:]]


def _line_start(text: str) -> str:
    """Text that starts a line, made unable to start a block: its first character, or an ordered
    list marker's delimiter, as a numeric entity. What starts with `\\` or `&` is the writer's own
    escape or entity already."""
    first = text[0]
    if first in _BLOCK_START:
        return f"&#{ord(first)};{text[1:]}"
    m = _ORDERED.match(text)
    if m:
        end = m.end()
        return f"{text[:end]}&#{ord(text[end])};{text[end + 1:]}"
    if ESM_START.match(text):
        return f"&#{ord(first)};{text[1:]}"
    return text


def _joins(before: Block | None, block: Block, first: str) -> bool:
    """Whether `block`, whose first line is `first`, may follow `before` on the next line, without a
    blank one, and still be read as a block of its own (in a tight list item): after a heading or a
    code block anything may; after a paragraph, only what interrupts one (a list only if its first
    item has content and, ordered, starts at 1); after a list or a quote, nothing (it would continue
    them)."""
    if isinstance(before, Heading | CodeBlock):
        return True
    if not isinstance(before, Paragraph):
        return False
    if isinstance(block, ListBlock):
        return " " in first and (not block.ordered or block.start == 1)
    return isinstance(block, Heading | CodeBlock | Quote)


def _code_span(code: str) -> str:
    """Inline code: fenced by more backticks than any run inside, padded with a space where the
    code starts or ends with a backtick, or with a space at both ends (which CommonMark strips)."""
    code = _BREAK.sub(" ", code)
    fence = "`" * (max(map(len, _BACKTICKS.findall(code)), default=0) + 1)
    if code[0] == "`" or code[-1] == "`" or (code[0] == code[-1] == " " and code.strip(" ")):
        code = f" {code} "
    return f"{fence}{code}{fence}"


def _code_block(block: CodeBlock) -> list[str]:
    """A fenced code block, always closed: the fence is longer than any backtick run in the code,
    so no line of it can close the fence early; the info string is kept only if it is a plain word
    (the language)."""
    text = _BREAK.sub("\n", block.text)
    if text.endswith("\n"):
        text = text[:-1]
    fence = "`" * max(3, max(map(len, _BACKTICKS.findall(text)), default=0) + 1)
    words = block.info.split()
    info = words[0] if words and _PLAIN_INFO.fullmatch(words[0]) else ""
    return [fence + info, *(text.split("\n") if block.text else []), fence]
