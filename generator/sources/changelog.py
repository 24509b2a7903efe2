"""Reading the optional `CHANGELOG.md`: one `## <version> (<date>)` section per release, as a tree of notes.

The file is someone else's Markdown, so it is parsed, not patched: markdown-it-py reads it as
CommonMark, and only the node kinds of `generator.notes` come out, each filled from the parser's
tokens. Whatever else the source holds (raw HTML, images, thematic breaks) comes out as text; a link
survives only if it leads to the web. Raw HTML is switched off in the parser (its `html` option), so
`<div>` or `<!--` is text where it stands and cannot swallow the Markdown after it.

Sections. A section starts at a line `## <version>` or `## <version> (YYYY-MM-DD)`, at the start of
the line, that the parser reads as a top-level level-2 heading: one inside a fenced code block is code,
not a section. Any other heading (`## Fixes`) is part of the section it stands in. Everything before the
first section (the title, an introduction) belongs to no release. Reading warns of a second section for
one release (the first is kept) and of a level-2 heading that names a release but is written otherwise
(`## 3.1-2 (soon)`), whose notes would silently go to the section before it.

The one place where this differs from reading the file as one CommonMark document: a code fence that
is never closed ends where the next section starts, not at the end of the file. One release's typo
must not turn every older release's notes into its code block. So the file is parsed a section at a
time; a fence still open at the next section's heading runs on over it only if a closing fence comes
later in the file, as CommonMark would read it (`_Closers`). Each line is parsed at most
twice, so a file of thousands of unclosed fences costs what a plain one does.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
)
from ..versions import RuntimeVersion

# CommonMark, with raw HTML read as text; linkify and typographer are off in this preset.
_MD = MarkdownIt("commonmark", {"html": False})
# A section's heading as the line states it: `##`, the version, an optional date, an optional closing
# sequence. Matched on the raw line, then confirmed by the parser (`_Reader.read`).
_HEADING = re.compile(r"##[ \t]+([^ \t()]+)(?:[ \t]+\(([0-9]{4}-[0-9]{2}-[0-9]{2})\))?(?:[ \t]+#+)?[ \t]*")
# What a section's heading starts with, for one that is written otherwise (`_Reader._near_misses`).
_NEAR = re.compile(r"[ ]{0,3}##[ \t]+([^ \t()]+)")
# A thematic break, without what a container put before it on its line.
_RULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TRAILING_BLANK = re.compile(r"\n(?:[ \t]*\n)+\Z")
# What markdown-it's `normalize` does before parsing, done first so that line numbers agree with it.
_NEWLINE = re.compile(r"\r\n?")


@dataclass(frozen=True)
class Section:
    """A release's notes; `line` is the 1-based line of its heading."""

    version: str
    date: str | None
    line: int
    notes: tuple[Block, ...]


@dataclass(frozen=True)
class Changelog:
    """Sections by version text, and what reading found, as `(line, message)`: a second section for
    one release (the first is kept), a heading that names a release but is no section heading."""

    sections: Mapping[str, Section]
    warnings: tuple[tuple[int, str], ...] = ()


def parse_changelog(text: str) -> Changelog:
    """The sections of `text`, the contents of `CHANGELOG.md` (a byte order mark some editors write
    first is no part of the first line)."""
    return _Reader(_NEWLINE.sub("\n", text.removeprefix("\ufeff")).replace("\0", "\ufffd")).read()


def _version_heading(line: str) -> tuple[str, str | None] | None:
    """`(version, date)` if `line` is written as a section heading of a release version."""
    m = _HEADING.fullmatch(line)
    if m is None:
        return None
    try:
        RuntimeVersion.parse(m[1])
    except ValueError:
        return None
    return m[1], m[2]


# A line that could close a top-level fence (CommonMark: at most three spaces of indentation, three or
# more backticks or tildes, then only spaces or tabs).
_CLOSING_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$", re.M)


class _Closers:
    """Where a fence opened at the top level closes: the first line from a given one that is
    `marker` at least `length` times.

    The candidate lines are found once; from each, `longer` leads to the next one with more markers,
    so a query steps over shorter lines in strides: at most as many steps as the opening fence has
    markers, which its line paid for."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.lines: dict[str, array[int]] = {"`": array("l"), "~": array("l")}
        self.lengths: dict[str, array[int]] = {"`": array("l"), "~": array("l")}
        for m in _CLOSING_FENCE.finditer(text):
            run = m[1]
            self.lines[run[0]].append(bisect.bisect_right(starts, m.start()) - 1)
            self.lengths[run[0]].append(len(run))
        self.longer: dict[str, array[int]] = {}
        for marker, lengths in self.lengths.items():
            longer = array("l", [len(lengths)]) * len(lengths)
            stack: list[int] = []
            for n, size in enumerate(lengths):
                while stack and lengths[stack[-1]] < size:
                    longer[stack.pop()] = n
                stack.append(n)
            self.longer[marker] = longer

    def first(self, marker: str, length: int, start: int) -> int | None:
        """The first line at or after `start` that closes a fence of `length` times `marker`, or None."""
        lines, lengths, longer = self.lines[marker], self.lengths[marker], self.longer[marker]
        n = bisect.bisect_left(lines, start)
        while n < len(lengths) and lengths[n] < length:
            n = longer[n]
        return lines[n] if n < len(lines) else None

    def closes(self, marker: str, length: int, line: int) -> bool:
        """Whether `line` closes a fence of `length` times `marker`."""
        return self.first(marker, length, line) == line


@dataclass
class _Open:
    """The section being read: its heading, its block tokens so far, and its link reference
    definitions (markdown-it keeps them in `env`; they apply within their section only)."""

    version: str
    date: str | None
    line: int
    tokens: list[Token]
    env: dict[str, object]


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        if self.lines[-1] == "":
            self.lines.pop()  # the file's last line ending starts no line
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.headings = {n: h for n, line in enumerate(self.lines) if line[:2] == "##"
                         and (h := _version_heading(line)) is not None}
        self.heading_lines = sorted(self.headings)
        self.closers = _Closers(text, self.starts)

    def _next_heading(self, line: int) -> int:
        """The first line after `line` written as a section heading, or the end of the file."""
        n = bisect.bisect_right(self.heading_lines, line)
        return self.heading_lines[n] if n < len(self.heading_lines) else len(self.lines)

    def read(self) -> Changelog:
        sections: dict[str, Section] = {}
        warnings: list[tuple[int, str]] = []
        current: _Open | None = None
        lines = self.lines
        pos, end = 0, None
        while pos < len(lines):
            if end is None:
                end = self._next_heading(pos)
            heading = self.headings.get(pos)
            if heading is not None:
                self._close(current, sections, warnings)
                current = _Open(heading[0], heading[1], pos + 1, [], {})
            tokens: list[Token] = []
            # Every line ends with a newline, so that markdown-it counts exactly `end - pos` lines.
            _MD.block.parse("\n".join(lines[pos:end]) + "\n", _MD, current.env if current else {}, tokens)
            for token in tokens:
                if token.map:
                    token.map = [token.map[0] + pos, token.map[1] + pos]
            if heading is not None and tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h2":
                tokens = tokens[3:]  # heading_open, inline, heading_close: the section's own heading
            reopen = self._open_fence(tokens, end)
            if reopen is None:
                _trim_cut_fence(tokens, end)
                kept, pos, end = tokens, end, None
            else:
                # A fence that CommonMark closes after the next heading: read again from the fence,
                # up to the first heading after its closing line; what came before it stands.
                index, start, closing = reopen
                kept, pos, end = tokens[:index], start, self._next_heading(closing)
            warnings.extend(self._near_misses(kept))
            if current is not None:
                current.tokens.extend(kept)
        self._close(current, sections, warnings)
        return Changelog(sections, tuple(warnings))

    def _near_misses(self, tokens: list[Token]) -> list[tuple[int, str]]:
        """Top-level level-2 headings that name a release but are not written as a section heading
        (`## 3.1-2 (soon)`): without a word, that release's notes would go to the section before."""
        found = []
        for token in tokens:
            if token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map:
                line = self.lines[token.map[0]]
                m = _NEAR.match(line)
                if m and _version_heading(f"## {m[1]}"):
                    found.append((token.map[0] + 1, f"{line.strip()!r} names release {m[1]} but is not read as its "
                                                    "section: a section's heading is `## <version>` or "
                                                    "`## <version> (YYYY-MM-DD)`, at the start of the line"))
        return found

    def _open_fence(self, tokens: list[Token], end: int) -> tuple[int, int, int] | None:
        """If the last top-level block is a fence left open at `end` (a section heading) and a line
        after it closes it: the fence's index in `tokens`, its line and the closing line."""
        if end >= len(self.lines):
            return None
        index = max((n for n, t in enumerate(tokens) if t.level == 0), default=-1)
        fence = tokens[index] if index >= 0 else None
        if fence is None or fence.type != "fence" or not fence.map or fence.map[1] != end:
            return None
        marker, length, last = fence.markup[0], len(fence.markup), end - 1
        if last > fence.map[0] and self.closers.closes(marker, length, last):
            return None  # closed on the line before the heading
        closing = self.closers.first(marker, length, end)
        return None if closing is None else (index, fence.map[0], closing)

    def _close(self, section: _Open | None, sections: dict[str, Section], warnings: list[tuple[int, str]]) -> None:
        if section is None:
            return
        first = sections.get(section.version)
        if first is not None:
            warnings.append((section.line, f"a second section for release {section.version}: only the first, "
                                           f"on line {first.line}, is used"))
            return
        for token in section.tokens:
            if token.type == "inline":
                token.children = []
                _MD.inline.parse(token.content, _MD, section.env, token.children)
        sections[section.version] = Section(section.version, section.date, section.line,
                                            tuple(_blocks(section.tokens, 0, None, self.lines)[0]))


def _trim_cut_fence(tokens: list[Token], end: int) -> None:
    """A fence left open at the end of its section (`end`) loses the blank lines before the next
    heading: they part sections, they are not code."""
    last = next((t for t in reversed(tokens) if t.level == 0), None)
    if last is not None and last.type == "fence" and last.map and last.map[1] == end:
        last.content = _TRAILING_BLANK.sub("\n", last.content)


def _blocks(tokens: list[Token], i: int, close: str | None, lines: list[str]) -> tuple[list[Block], int]:
    """The blocks from `tokens[i]` up to the token of type `close` (or the end); the index after it.
    `lines` are the file's, for the source of what has no node of its own."""
    out: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == close:
            return out, i + 1
        if kind in ("paragraph_open", "heading_open"):
            inlines = _inlines(tokens[i + 1].children or [])
            out.append(Heading(int(token.tag[1:]), inlines) if kind == "heading_open" else Paragraph(inlines))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            out.append(_list(tokens, i, lines))
            i = _after(tokens, i)
        elif kind == "blockquote_open":
            blocks, i = _blocks(tokens, i + 1, "blockquote_close", lines)
            out.append(Quote(tuple(blocks)))
        elif kind == "fence":
            out.append(CodeBlock(token.info.strip(), token.content))
            i += 1
        elif kind == "code_block":
            out.append(CodeBlock("", token.content))
            i += 1
        elif kind == "inline":
            out.append(Paragraph(_inlines(token.children or [])))
            i += 1
        elif token.nesting == 1:  # a container this reader does not know: its contents, unwrapped
            blocks, i = _blocks(tokens, i + 1, kind[: -len("_open")] + "_close", lines)
            out.extend(blocks)
        else:  # a thematic break, or a leaf this reader does not know (raw HTML): its source, as text
            rule = _RULE.search(lines[token.map[0]]) if kind == "hr" and token.map else None
            source = rule[0].strip() if rule else token.content.strip()
            if source:
                out.append(_text_lines(source))
            i += 1
    return out, i


def _after(tokens: list[Token], i: int) -> int:
    """The index after the token that closes the container opened at `tokens[i]`."""
    depth = 0
    for n in range(i, len(tokens)):
        depth += tokens[n].nesting
        if depth == 0:
            return n + 1
    return len(tokens)


def _list(tokens: list[Token], i: int, lines: list[str]) -> ListBlock:
    opening = tokens[i]
    items: list[tuple[Block, ...]] = []
    n = i + 1
    while n < len(tokens) and tokens[n].type == "list_item_open":
        blocks, n = _blocks(tokens, n + 1, "list_item_close", lines)
        items.append(tuple(blocks))
    # markdown-it hides the paragraphs of a tight list, and only those.
    level = opening.level + 2
    tight = all(t.hidden for t in tokens[i:n] if t.type == "paragraph_open" and t.level == level)
    start = opening.attrGet("start")
    return ListBlock(opening.type == "ordered_list_open", int(start) if isinstance(start, (int, str)) else 1,
                     tuple(items), tight)


def _text_lines(source: str) -> Paragraph:
    """Source shown as text, its lines kept apart."""
    inlines: list[Inline] = []
    for n, line in enumerate(source.split("\n")):
        if n:
            inlines.append(SoftBreak())
        inlines.append(Text(line))
    return Paragraph(tuple(inlines))


def _plain(tokens: list[Token]) -> str:
    """The text a reader sees in `tokens` (an image's description)."""
    parts = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.children:
            parts.append(_plain(token.children))
    return "".join(parts)


def _inlines(tokens: list[Token]) -> tuple[Inline, ...]:
    """Inline tokens as nodes: emphasis and links nest; a link to anything but the web keeps its
    text and loses its destination; what has no node of its own becomes its text."""
    stack: list[tuple[str, str, list[Inline]]] = [("", "", [])]
    for token in tokens:
        kind = token.type
        out = stack[-1][2]
        if kind in ("text", "text_special"):
            out.append(Text(token.content))
        elif kind == "code_inline":
            out.append(Code(token.content))
        elif kind == "softbreak":
            out.append(SoftBreak())
        elif kind == "hardbreak":
            out.append(HardBreak())
        elif kind in ("em_open", "strong_open", "link_open"):
            href = token.attrGet("href")
            stack.append((kind, href if isinstance(href, str) else "", []))
        elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
            opened, href, children = stack.pop()
            if opened == "link_open" and not WEB_URL.match(href):
                stack[-1][2].extend(children)  # visible, but no link
            elif merged := _merged(children):
                stack[-1][2].append(_wrap(opened, href, merged))
        elif kind == "image":
            out.append(Text(_plain(token.children or []) or str(token.attrGet("src") or "")))
        elif token.content:  # raw HTML if it were on, or a token this reader does not know
            out.append(Text(token.content))
    while len(stack) > 1:  # never left open by markdown-it; kept as their contents if they were
        children = stack.pop()[2]
        stack[-1][2].extend(children)
    return _merged(stack[0][2])


def _wrap(opened: str, href: str, children: tuple[Inline, ...]) -> Inline:
    if opened == "em_open":
        return Emphasis(children)
    if opened == "strong_open":
        return Strong(children)
    return Link(href, children)


def _merged(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Adjacent text joined into one node, empty text dropped: a writer escapes a run of text as a whole.
    (Each escape or entity is a token of its own: a paragraph of them is joined once, not pairwise.)"""
    out: list[Inline] = []
    run: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            run.append(node.value)
            continue
        if any(run):
            out.append(Text("".join(run)))
        run = []
        out.append(node)
    if any(run):
        out.append(Text("".join(run)))
    return tuple(out)
