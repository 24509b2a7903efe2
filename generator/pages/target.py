"""What differs between the sites the pages are written for, behind one interface.

As scriv's `FormatTools` has a Markdown and an RST implementation, a `Target`
has a MkDocs and a Docusaurus one: cells and templates ask it for everything
that is written differently on each site (the page head, a link to a page
or an anchor, a class attribute, an anchor, tabs) and for how a value is
written in each place it can land. Nothing rewrites a page after it is
rendered, so what a value becomes is decided where it is written:

- text, a table cell or a heading: `text` (Markdown escapes and entities,
  on one line);
- an attribute value: `attribute`, quoted for HTML or written as a JSX
  expression;
- a link destination: `url`, percent-encoded so no bracket, brace or space
  survives;
- front matter: a YAML dumper, never string formatting;
- a file name: the layout's paths and the model's names, checked before
  anything is written (`generator.output`, `generator.model.NAME_MAX`).

A target also declares its pages, each once, with its path, its template
and the function that gives its data (`Page`), and where it keeps them (its
`Layout`, read from the docs side, never from the checkout).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from ..errors import InputError
from .markdown import esc

if TYPE_CHECKING:
    from .contents import Build

# The generator's own data files (the compare page's) open with this, as its pages open with the marker.
DATA_MARKER = '{"generated_by":"python -m generator build: edit the data, not this file"'
_PLAIN_ATTRIBUTE = re.compile(r"[A-Za-z0-9 ._-]*")
# What may stay as it is in a destination: not `&` (CommonMark decodes `&copy;` there), nor anything
# that could end the link or open code.
_UNRESERVED = re.compile(r"[^A-Za-z0-9._~/#:?=!$,;@%+-]")


@dataclass(frozen=True)
class Here:
    """The folder of the page a cell is written on: links from it are relative to it. Pages of one
    folder link alike, so what a cell makes for one serves every page of that folder."""

    target: Target
    folder: str

    def to(self, path: str, anchor: str = "") -> str:
        """A link destination to the page at `path` (from the docs root), or to an anchor on it."""
        return self.target.href(self.folder, path, anchor)

    def release(self, version: str) -> str:
        return self.to(self.target.release_path(version))

    def package(self, key: str) -> str:
        return self.to(self.target.package_path(key))

    def page(self, name: str, anchor: str = "") -> str:
        """A link to one of the pages the target names (`lifecycle`, `releases`, ...)."""
        return self.to(self.target.place(name), anchor)


@dataclass(frozen=True)
class Page:
    """One page (or data file) of a target: where it goes, the template that writes it, the
    function that gives the template its data, and its id (Docusaurus sidebars name pages by id)."""

    path: str
    template: str
    data: Callable[[Here], Mapping[str, object]]
    id: str = ""

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


# --- Layouts: where a target's pages go, declared once ------------------------------------------

PATH, ID = "path", "id"
# No part starts with `.`: no `..`, and no hidden folder.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def setting(default: str, doc: str, kind: str = PATH) -> Any:
    """A layout setting: its default and what it means, which the config reader, the defaults and
    the README's example (`Layout.example`) all take from here."""
    return field(default=default, metadata={"doc": doc, "kind": kind})


@dataclass(frozen=True)
class Layout:
    """Where a target puts its pages, every path from the docs folder. Settings are read from the
    docs side (`runtime-docs-site.yaml` beside the docs, under the target's name)."""

    @classmethod
    def read(cls, raw: object, where: str) -> Layout:
        """The layout the settings `raw` give (None: the defaults); an unknown setting, a path
        that leaves the docs folder or takes characters a link cannot hold, or an id that is not
        a plain word is an `InputError` naming `where`."""
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise InputError(where, "must be a mapping of settings")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, str] = {}
        for key, value in raw.items():
            f = known.get(str(key))
            if f is None:
                raise InputError(where, f"unknown setting {key!r} (known: {', '.join(known)})")
            kind = f.metadata["kind"]
            if not isinstance(value, str) or not (_SAFE_ID if kind == ID else _SAFE_PATH).fullmatch(value):
                what = ("a page id of letters, digits, `-` and `_`" if kind == ID else
                        "a relative path inside the docs folder, of letters, digits, `.`, `-`, `_` and `/`")
                raise InputError(where, f"{key} must be {what}: {value!r}")
            values[f.name] = value
        return cls(**values)

    @classmethod
    def example(cls) -> str:
        """The settings with their defaults and meanings, as YAML: what the README shows."""
        width = max(len(f"  {f.name}: {f.default}") for f in fields(cls)) + 2
        lines = [f"  {f.name}: {f.default}".ljust(width) + f"# {f.metadata['doc']}" for f in fields(cls)
                 if f.default is not MISSING]
        return "\n".join(lines)


# --- The interface ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tab:
    label: str
    value: str
    content: str


class Target(ABC):
    """One site the pages are written for."""

    name: ClassVar[str]
    layout_type: ClassVar[type[Layout]]
    marker: ClassVar[str]
    """What every generated page starts with (after its front matter, where it has one): the one
    thing `build` trusts to tell its own pages, which it may replace or remove, from a person's."""
    file_overhead: ClassVar[int]
    """Bytes the site builder adds to a name the model gives a page (an id prefix, `.html`), so
    `model.NAME_MAX` can be shown to fit."""

    def __init__(self, layout: Layout | None = None) -> None:
        self.layout = layout if layout is not None else self.layout_type()
        self._links: dict[tuple[str, str, str], str] = {}
        """Links made so far: a page's folder, the page linked and the anchor -> the destination.
        The 2,000 release pages of a large checkout link their neighbours tens of thousands of times."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.layout!r})"

    # --- where pages are --------------------------------------------------------------------------

    @property
    @abstractmethod
    def folder(self) -> str:
        """The folder of the release and package pages, from the docs folder."""

    @property
    @abstractmethod
    def folders(self) -> tuple[str, ...]:
        """Every folder the target writes into: where a killed run's temporary files and
        obsolete generated pages are looked for."""

    @property
    def owned(self) -> tuple[str, ...]:
        """The folders that hold only what the target writes: a generated page no longer made is
        removed from these alone."""
        return self.folders

    @abstractmethod
    def place(self, name: str) -> str:
        """The path of a page the pages link to by name (`lifecycle`, `architecture`, `releases`,
        `packages`, `compare`), generated or hand-written."""

    @abstractmethod
    def pages(self, build: Build) -> Iterator[Page]:
        """Every page of the site, in the order they are written."""

    def release_and_package_pages(self, build: Build) -> Iterator[Page]:
        """A page per release, the packages index and a page per package: every target has them."""
        for r in build.model.releases:
            version = r.version.text
            yield Page(self.release_path(version), "release.md.j2", partial(build.release, r), self.release_id(version))
        yield Page(self.place("packages"), "packages.md.j2", build.packages, self.packages_id)
        for key in build.package_keys:
            yield Page(self.package_path(key), "package.md.j2", partial(build.package, key), self.package_id(key))

    @property
    def packages_id(self) -> str:
        return "runtime-packages"

    @property
    def hand_written(self) -> tuple[str, ...]:
        """Pages the layout names that people write (which import what is generated for them)."""
        return ()

    def check(self, pages: Sequence[Page], where: str) -> None:
        """Pages the built site could not tell apart, refused before anything is written, naming
        the settings (`where`): two of one folder with one id (the site names each by it), or a
        generated page where the layout puts a hand-written one."""
        ids: dict[tuple[str, str], str] = {}
        for page in pages:
            if page.path in self.hand_written:
                raise InputError(where, f"{page.path} is where the layout puts a hand-written page: the "
                                        "generated one must go elsewhere")
            if page.id:
                other = ids.setdefault((page.folder, page.id.casefold()), page.path)
                if other != page.path:
                    raise InputError(where, f"{other} and {page.path} would both have the page id {page.id!r}")

    def release_path(self, version: str) -> str:
        return f"{self.folder}/releases/{version}.md"

    def package_path(self, key: str) -> str:
        return f"{self.folder}/packages/{key}.md"

    def release_id(self, version: str) -> str:
        return f"runtime-release-{version}"

    def package_id(self, key: str) -> str:
        return f"runtime-package-{key}"

    def href(self, folder: str, path: str, anchor: str = "") -> str:
        """A link from a page in `folder` to the page at `path` (both from the docs folder), or to
        an anchor on it."""
        key = (folder, path, anchor)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self.link_to(folder, path, anchor)
        return found

    def link_to(self, folder: str, path: str, anchor: str) -> str:
        """A relative file link, which both site builders resolve to the page's URL."""
        return self.url(posixpath.relpath(path, folder) + (f"#{anchor}" if anchor else ""))

    def script_link(self, folder: str, path: str) -> str:
        """How data a script reads names the page at `path` for a page in `folder`: its file, which
        the script turns into the site's URL."""
        return self.url(posixpath.relpath(path, folder))

    def data_url(self, path: str, folder: str) -> str:
        """Where a page in `folder` fetches a data file the target writes at `path`."""
        return self.url(posixpath.relpath(path, folder))

    def is_generated(self, head: bytes) -> bool:
        """Whether a file whose first bytes are `head` is the generator's: it starts with the
        marker, or with front matter and then the marker (Docusaurus reads front matter only at
        the very top of a page), or it is one of its data files."""
        marker = self.marker.encode()
        if head.startswith((marker, DATA_MARKER.encode())):
            return True
        end = head.find(b"\n---\n", 3) if head.startswith(b"---\n") else -1
        return end >= 0 and head[end + 5:].lstrip(b"\n").startswith(marker)

    # --- how values are written -------------------------------------------------------------------

    text = staticmethod(esc)
    """Text, a table cell or a heading's words: inert Markdown on one line. The escapes suit both
    sites: Python-Markdown and MDX read `\\{`, entities and `&#64;` alike (the function itself: a
    large checkout's pages write hundreds of thousands of values)."""

    def url(self, value: str) -> str:
        """A link destination: whatever is not plain in a URL percent-encoded, so a bracket, a
        brace, a space or `<` can neither end the link nor start code."""
        return _UNRESERVED.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), value)

    def code(self, value: str) -> str:
        """Code in a code span or block, shown as written."""
        return value

    def link(self, text: object, url: str) -> str:
        """`[text](url)`; `url` from `url`, `Here` or `urls`, never from data as it is."""
        return f"[{self.text(text)}]({self.url(url)})"

    @abstractmethod
    def attribute(self, value: str) -> str:
        """An attribute's value, quoted as the page's markup reads it."""

    @abstractmethod
    def class_attribute(self, names: str) -> str:
        """`class="..."` as the site's markup spells it."""

    @abstractmethod
    def anchor(self, anchor_id: str) -> str:
        """An empty element with an id a link can target, inside a table cell."""

    @abstractmethod
    def head(self, title: str, page_id: str, *, heading: bool = True, tabs: bool = False,
             front: Mapping[str, str] | None = None) -> str:
        """The opening of a page: marker, front matter if the site has it, imports, `# title`."""

    @abstractmethod
    def partial_head(self) -> str:
        """The opening of a fragment another page includes."""

    @abstractmethod
    def tabs(self, group: str, tabs: Sequence[Tab]) -> str:
        """Contents shown one at a time, the first by default."""

    @abstractmethod
    def without_script(self, markdown: str) -> str:
        """Markdown a reader without JavaScript sees in place of what the script builds."""

    def front_matter(self, values: Mapping[str, str]) -> str:
        """Front matter by a YAML dumper: a newline or `: ` in a value stays inside the value. Every
        value double-quoted: a title `1e5` or `0o17` is a string to PyYAML (YAML 1.1) but a number to
        js-yaml (YAML 1.2), which Docusaurus reads it with."""
        quoted = '"'
        lines = [f"{key}: {yaml.safe_dump(value, default_style=quoted, allow_unicode=False, width=1 << 16)}"
                 for key, value in values.items()]  # the keys are the target's own words
        return f"---\n{''.join(lines)}---"

    def interactive(self, table: str, label: str) -> str:
        """Opts one table in to sorting and filtering: the site's script looks for this element
        just before a table. A reader without the script still sees the table."""
        return f"<div {self.class_attribute('rt-table')} data-label={self.attribute(label)}></div>\n\n{table}"


class HtmlAttributes:
    """Attributes as HTML writes them (MkDocs keeps raw HTML as it is)."""

    def attribute(self, value: str) -> str:
        return f'"{html.escape(value, quote=True)}"'

    def class_attribute(self, names: str) -> str:
        return f"class={self.attribute(names)}"


class JsxAttributes:
    """Attributes as MDX reads them: JSX, where `class` is `className`. A value of plain words is a
    string; any other is a JavaScript string in braces (JSON, which escapes quotes, backslashes and
    line breaks), with the characters MDX counts to find where the braces end, or that could open
    markup, written as `\\uXXXX`."""

    def attribute(self, value: str) -> str:
        if _PLAIN_ATTRIBUTE.fullmatch(value):
            return f'"{value}"'
        return "{" + json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace(
            "{", "\\u007b").replace("}", "\\u007d").replace("&", "\\u0026") + "}"

    def class_attribute(self, names: str) -> str:
        return f"className={self.attribute(names)}"
