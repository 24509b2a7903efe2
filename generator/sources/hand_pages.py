"""The hand-written pages a layout names, read from the docs side: which generated partials each
shows.

A hand-written page shows a partial when it imports it (an MDX `import X from "./path.mdx"` at
the top level, the path relative to the page) and renders it (`<X />`, or `<X>`, outside code
and comments). Only then is what the partial carries on the page: its tables, and the anchors
generated pages link to. The page is read as MDX reads it, with markdown-it-py telling code
(fences, code spans) from markup, so a `<X />` in a code example is not taken for the partial
shown; MDX has no indented code, so none is assumed. Nothing here decides what a page ought to
show: that is the target's to say (`generator.pages`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .files import Root

# MDX reads no indented code: four spaces before `<X />` still render it.
_MDX = MarkdownIt("commonmark").disable("code")
# An import's default binding and where from (JavaScript, in the ESM block MDX reads at the top level).
_IMPORT = re.compile(r"""\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]*\}\s*)?from\s*(["'])([^"'\n]+)\2""")
# The element names a run of JSX opens (`<X`, `<X.Y`), never a closing tag's.
_ELEMENT = re.compile(r"<([A-Za-z_$][\w$.]*)(?=[\s/>]|$)")
_COMMENT_OPEN, _COMMENT_CLOSE = "{/*", "*/}"
_SITE = "@site/"
HEAD = 4096
"""How much of a page `is_generated` is shown, as `generator.output` shows it."""


@dataclass(frozen=True)
class HandPage:
    """What one hand-written page shows: the files (paths from the docs folder) it imports and
    renders; whether it is there at all; whether it carries the generator's marker (an earlier
    version generated it)."""

    path: str
    found: bool
    renders: frozenset[str] = frozenset()
    generated: bool = False
    headings: frozenset[str] = frozenset()
    """The words of its own headings (not those of the partials it shows)."""


def read_hand_pages(docs: Path, paths: Iterable[str], is_generated: Callable[[bytes], bool]) -> dict[str, HandPage]:
    """The pages at `paths` (from the docs folder `docs`), each read once; a page that is not there
    is `found=False`. One that cannot be read (a FIFO, a link out of the docs folder, not UTF-8) is
    an `InputError` naming it."""
    root = Root(docs, "the docs folder")
    pages: dict[str, HandPage] = {}
    for path in dict.fromkeys(paths):
        where = docs / path
        if not root.exists(where):
            pages[path] = HandPage(path, found=False)
            continue
        text = root.read(where, empty=True)
        tokens = _MDX.parse(_without_front_matter(text))
        pages[path] = HandPage(path, True, _renders(path, tokens), is_generated(text.encode()[:HEAD]),
                               frozenset(_headings(tokens)))
    return pages


def renders(path: str, text: str) -> frozenset[str]:
    """The files (from the docs folder) that the page at `path`, written `text`, imports and renders."""
    return _renders(path, _MDX.parse(_without_front_matter(text)))


def _headings(tokens: list[Token]) -> Iterator[str]:
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            yield tokens[n + 1].content.strip()


def _renders(path: str, tokens: list[Token]) -> frozenset[str]:
    imports = dict(_imports(tokens, posixpath.dirname(path)))
    shown = _elements(tokens)
    return frozenset(target for name, target in imports.items() if name in shown)


def _without_front_matter(text: str) -> str:
    """The page with its front matter (YAML between `---` lines at the very top, as Docusaurus
    reads it) blanked, line for line: its `---` would otherwise read as Markdown."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return text
    for end in range(1, len(lines)):
        if lines[end].rstrip() == "---":
            return "\n" * end + "\n" + "\n".join(lines[end + 1:])
    return text


def _imports(tokens: list[Token], folder: str) -> Iterator[tuple[str, str]]:
    """Each default import of a relative path (or one from `@site/`) in the top-level ESM blocks, as
    (binding, path from the docs folder): MDX takes a top-level paragraph that starts with `import`
    or `export` for JavaScript."""
    for n, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.level != 0:
            continue
        source = tokens[n + 1].content
        if not source.startswith(("import ", "import\t", "export ")):
            continue
        for name, _, spec in _IMPORT.findall(source):
            if spec.startswith(("./", "../", _SITE)):  # `@site/`: Docusaurus' alias of the site's root
                target = posixpath.normpath(spec.removeprefix(_SITE) if spec.startswith(_SITE)
                                            else posixpath.join(folder, spec))
                if target != ".." and not target.startswith("../"):
                    yield name, target


def _pieces(tokens: list[Token]) -> Iterator[tuple[bool, str]]:
    """The page's text outside code, in order, each marked with whether it is JSX (an element or a
    block of them) rather than words."""
    for token in tokens:
        if token.type == "html_block":
            yield True, token.content
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "html_inline":
                    yield True, child.content
                elif child.type == "text":
                    yield False, child.content


def _elements(tokens: list[Token]) -> set[str]:
    """The names of the elements the page renders: JSX outside code and outside `{/* ... */}`
    comments (which may hold a commented-out element, and span paragraphs)."""
    names: set[str] = set()
    comment = False
    for jsx, text in _pieces(tokens):
        at = 0
        while at < len(text):
            if comment:
                end = text.find(_COMMENT_CLOSE, at)
                if end < 0:
                    break
                comment, at = False, end + len(_COMMENT_CLOSE)
                continue
            start = text.find(_COMMENT_OPEN, at)
            if jsx:
                names.update(_ELEMENT.findall(text, at, len(text) if start < 0 else start))
            if start < 0:
                break
            comment, at = True, start + len(_COMMENT_OPEN)
    return names
