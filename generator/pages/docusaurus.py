"""The Docusaurus 3 site of Astronomer's docs repository: MDX pages, partials the hand-written pages
import, and the compare page's data in the static folder."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from ..model import INDEX
from .api import FEED, api_pages
from .feed import feed_data
from .fit_data import FIT_DATA, FIT_ID, fit_pages
from .target import CODE_MARKER, ID, Here, JsxAttributes, Layout, Page, Tab, Target, setting

if TYPE_CHECKING:
    from ..model import Model, Release
    from .contents import Build


@dataclass(frozen=True)
class DocusaurusLayout(Layout):
    """Where the pages go in a Docusaurus docs repository, every path from its root (`--docs`)."""

    folder: str = setting("astro/runtime-releases", "release, package, index and compare pages")
    partials: str = setting("docs-partials/runtime", "what hand-written pages import: the provider reference, "
                                                     "and one table each")
    static: str = setting("static/runtime", "the compare page's data: the site's static folder, then a folder")
    browser: str = setting("src/runtime", "browser code and styles, and sidebar.js: the site lists "
                                          "clientModule.js in clientModules, runtime.css in customCss, and "
                                          "spreads sidebar.js into a sidebar")
    content: str = setting("astro", "the docs plugin's folder, served at /<content>")
    architecture: str = setting("astro/runtime-image-architecture.mdx", "hand-written: imports the line tables")
    lifecycle: str = setting("astro/runtime-version-lifecycle-policy.mdx", "hand-written: imports the lifecycle")
    provider_reference: str = setting("astro/runtime-provider-reference.md", "hand-written: imports the provider "
                                                                            "reference")
    releases_id: str = setting("runtime-releases", "the releases index", ID)
    compare_id: str = setting("runtime-compare", "the compare page", ID)
    packages_id: str = setting("runtime-packages", "the packages index", ID)

    def problem(self) -> str | None:
        """The docs plugin reads pages inside `content` only, and makes a page of every file there:
        the generated pages and the hand-written ones go inside it, partials, data and code outside."""
        content = self.content
        if not _inside(self.folder, content):
            return f"folder ({self.folder}) must be inside content ({content}), where the docs plugin reads pages"
        for name in ("partials", "static", "browser"):
            path = getattr(self, name)
            if path == content or _inside(path, content) or _inside(content, path):
                return (f"{name} ({path}) must be outside content ({content}): the docs plugin would make "
                        "a page of each file there")
        for name in ("architecture", "lifecycle", "provider_reference"):
            path = getattr(self, name)
            if not _inside(path, content) or not path.endswith((".md", ".mdx")):
                return f"{name} ({path}) must be an .md or .mdx page inside content ({content})"
        return None


def _inside(path: str, folder: str) -> bool:
    """Whether `path` lies inside `folder` (both from the docs folder)."""
    return path.startswith(folder + "/")


BROWSER = {"clientModule.js": "docusaurus-client.js", "pep440.js": "pep440.js", "reference.js": "reference.js",
           "runtime.css": "docusaurus.css", "fit.js": "fit.js"}
"""What a docs repository needs for the pages' reader tools, by file name: none needs an npm package
(pep440.js is bundled here, `make pep440`; clientModule.js loads it before reference.js)."""

PARTIALS = {"provider-matrix": "providers", "python-packages": "python", "parity": "parity",
            "system-dependencies": "system", "lifecycle": "lifecycle", "yanked": "yanked", "today": "today"}
"""Each table partial's file name and the table it shows (`today`: what to run today, for a home page)."""
PROVIDER_REFERENCE = "provider-reference"
"""The provider reference partial's file name: a section per release, the hand-written page around it."""

SHOWN = {"architecture": ("provider-matrix", "python-packages", "parity", "system-dependencies"),
         "lifecycle": ("lifecycle", "yanked"), "provider_reference": (PROVIDER_REFERENCE,)}
"""Each hand-written page, by the layout setting that places it, and the partials it shows (the
README's set-up gives the import lines, `Docusaurus.showing`)."""
ANCHORED = {"lifecycle": "lifecycle", "provider_reference": PROVIDER_REFERENCE}
"""The partial that carries the anchors of a hand-written page that links lead to: the lifecycle's
`#major-...` rows (release pages link them) and the provider reference's `## Astro Runtime ...`
sections (`#astro-runtime-1180`, which other pages of the docs link)."""

_BRACES = re.compile(r"\{(?=\{)")
_LINK = "import Link from '@docusaurus/Link';"
_TABS = "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';"


class Docusaurus(JsxAttributes, Target):
    name = "docusaurus"
    layout_type = DocusaurusLayout
    marker = ("{/* Generated by `python -m generator build --target docusaurus` from an astro-runtime "
              "checkout: edit the data, not this page. */}")
    # The builder names a page `<id>.html`, the id prefixed (`runtime-package-<key>`).
    file_overhead = max(len("runtime-release-"), len("runtime-package-")) + len(".html")
    layout: DocusaurusLayout

    @property
    def folder(self) -> str:
        return self.layout.folder

    @property
    def folders(self) -> tuple[str, ...]:
        layout = self.layout
        return tuple(dict.fromkeys((layout.folder, layout.partials, layout.static, layout.browser)))

    @property
    def packages_id(self) -> str:
        return self.layout.packages_id

    @property
    def hand_written(self) -> tuple[str, ...]:
        return tuple(self.place(name) for name in SHOWN)

    @property
    def anchored(self) -> Mapping[str, str]:
        return {self.place(name): self.partial(part) for name, part in ANCHORED.items()}

    def partial(self, name: str) -> str:
        """The path of the partial named `name` (`lifecycle`, `provider-reference`)."""
        return f"{self.layout.partials}/{name}.mdx"

    def showing(self, page: str, partial: str) -> tuple[str, str]:
        """What the hand-written page at `page` writes to show the partial at `partial`: the import
        (its path relative to the page) and the element, named after the file
        (`provider-reference.mdx`: `ProviderReference`)."""
        name = "".join(word.capitalize() for word in posixpath.basename(partial).removesuffix(".mdx").split("-"))
        relative = posixpath.relpath(partial, posixpath.dirname(page))
        relative = relative if relative.startswith("../") else f"./{relative}"
        return f'import {name} from "{relative}";', f"<{name} />"

    def stale(self, page: str) -> str:
        """Why a hand-written page that carries the marker is refused: an earlier version of the
        generator wrote the provider reference whole, and its sections would now go stale there."""
        imports = [self.showing(page, self.partial(part)) for name, parts in SHOWN.items()
                   if self.place(name) == page for part in parts]
        shown = "; ".join(f"{line} then {element}" for line, element in imports)
        return ("was written by an earlier version of the generator (it carries the marker), but is now yours: "
                f"replace it with your own page, which shows what is generated for it ({shown}), as the README's "
                "Docusaurus set-up says")

    def hand_page_warnings(self, model: Model) -> list[tuple[str, str]]:
        if self.hand_pages is None:
            return []
        warnings = []
        anchored = self.anchored
        for name, parts in SHOWN.items():
            page = self.place(name)
            renders = self.hand_pages.get(page, frozenset())
            lost = sorted(self.lost.get(page, ()))
            if renders is None:
                cost = f"; links to it from pages in {_listed(sorted({f for f, _ in lost}))} have no page to lead to"
                warnings.append((page, f"no such page (the layout's `{name}`): write it, showing what is generated "
                                       "for it as the README's Docusaurus set-up says, or say in "
                                       f"runtime-docs-site.yaml where it is{cost if lost else ''}"))
                continue
            missing = [self.partial(part) for part in parts if self.partial(part) not in renders]
            if missing:
                shows = "; ".join(f"`{line}` and `{element}`" for line, element in
                                  (self.showing(page, partial) for partial in missing))
                anchors = sorted({anchor for _, anchor in lost if anchor})
                cost = (f"; meanwhile links to {len(anchors)} of its anchors (such as #{anchors[0]}, from pages in "
                        f"{_listed(sorted({f for f, _ in lost}))}) lead to the top of the page"
                        if anchored.get(page) in missing and anchors else "")
                warnings.append((page, f"does not render {_and(missing)}: import and show each with {shows}, "
                                       f"where it belongs{cost}"))
            if name == "provider_reference":
                twice = sorted(self.hand_headings.get(page, frozenset())
                               & {f"Astro Runtime {r.version.text}" for r in model.releases})
                if twice:
                    warnings.append((page, f"its own headings {_and([repr(h) for h in twice[:3]])}"
                                           f"{f' and {len(twice) - 3} more' if len(twice) > 3 else ''} are also the "
                                           f"sections of {self.partial(PROVIDER_REFERENCE)}: delete the hand-written "
                                           "release sections, or each of those releases shows twice, with its "
                                           "anchor twice"))
        return warnings

    def place(self, name: str) -> str:
        layout = self.layout
        return {"releases": f"{layout.folder}/releases/{INDEX}.md", "packages": f"{layout.folder}/packages/{INDEX}.md",
                "compare": f"{layout.folder}/compare.md", "provider_reference": layout.provider_reference,
                "fit": f"{layout.folder}/{FIT_ID}.md",
                "architecture": layout.architecture, "lifecycle": layout.lifecycle}[name]

    @cached_property
    def _ids(self) -> dict[str, str]:
        """The pages whose id the layout sets, by path."""
        layout = self.layout
        return {self.place("releases"): layout.releases_id, self.place("packages"): layout.packages_id,
                self.place("compare"): layout.compare_id}

    def pages(self, build: Build) -> Iterator[Page]:
        layout = self.layout
        data = f"{layout.static}/compare.json"
        yield Page(self.place("releases"), "index.md.j2", build.index, layout.releases_id)
        yield Page(self.place("compare"), "compare.md.j2", partial(build.compare, data), layout.compare_id)
        yield Page(data, "data.j2", build.compare_data)
        yield from fit_pages(build, self.place("fit"), f"{layout.static}/{FIT_DATA}", data, page_id=FIT_ID)
        for name, asset in BROWSER.items():
            yield Page(f"{layout.browser}/{name}", "data.j2", partial(build.asset, asset))
        yield Page(f"{layout.browser}/sidebar.js", "data.j2", partial(self.sidebar, build))
        yield Page(self.partial(PROVIDER_REFERENCE), "provider-reference.mdx.j2", build.provider_reference)
        for name, part in PARTIALS.items():
            yield Page(self.partial(name), "partial.mdx.j2", partial(_part, build, part))
        # The JSON API and the release feed in the static folder, served at its root (`/<baseUrl>/runtime/api/`).
        api = f"{layout.static}/api"
        yield from api_pages(build, api)
        yield from self.release_and_package_pages(build)
        yield Page(f"{api}/{FEED}", "data.j2", partial(feed_data, build, "/" + f"{api}/{FEED}".split("/", 1)[1],
                                                        self.route))

    def doc_id(self, path: str) -> str:
        """How the docs plugin names the page at `path`, as sidebars list it: its folder inside the
        content folder, then its id."""
        folder = posixpath.relpath(posixpath.dirname(path), self.layout.content)
        return self.page_id(path) if folder == "." else f"{folder}/{self.page_id(path)}"

    def sidebar(self, build: Build, here: Here) -> Mapping[str, object]:
        """Every generated page as sidebar items, which the site's sidebars file spreads into its
        sidebar with one line: the releases by line, newest first, then the packages and the
        compare page. A page in a sidebar gets the sidebar and breadcrumbs."""
        def release(r: Release) -> dict[str, object]:
            return {"type": "doc", "id": self.doc_id(self.release_path(r.version.text)),
                    "label": r.version.text + (" (yanked)" if r.entry.yanked else "")}

        # A line of one release is that release: a folder of one item is a click for nothing.
        lines = [{"type": "category", "label": line.label, "collapsed": True,
                  "items": [release(r) for r in reversed(line.releases)]} if len(line.releases) > 1
                 else release(line.releases[0])
                 for line in reversed(build.model.lines)]
        def index(label: str, name: str, items: Sequence[object]) -> dict[str, object]:
            return {"type": "category", "label": label, "link": {"type": "doc", "id": self.doc_id(self.place(name))},
                    "items": items}

        items = [index("Releases", "releases", lines),
                 index("Packages", "packages", [self.doc_id(self.package_path(key)) for key in build.package_keys]),
                 self.doc_id(self.place("compare"))]
        items.append(self.doc_id(self.place("fit")))  # the "Will my requirements fit?" page
        return {"text": f"{CODE_MARKER}\nmodule.exports = {json.dumps(items, indent=1)};\n"}

    def page_id(self, path: str) -> str:
        """The id of the page at `path`: set by its front matter, else its file's name."""
        folder, name = posixpath.split(path)
        stem = posixpath.splitext(name)[0]
        if path in self._ids:
            return self._ids[path]
        if folder == f"{self.folder}/releases":
            return self.release_id(stem)
        if folder == f"{self.folder}/packages":
            return self.package_id(stem)
        return stem

    def route(self, path: str) -> str:
        """The URL path of the page at `path`: its folder, then its id, as the content folder is
        served at `/<content>`; an index page is its folder's URL."""
        folder, name = posixpath.split(path)
        return f"/{folder}" if posixpath.splitext(name)[0] == INDEX else f"/{folder}/{self.page_id(path)}"

    def link_to(self, folder: str, path: str, anchor: str) -> str:
        """A relative file link inside the content folder; from outside it (a partial, which has no
        place of its own), the page's route."""
        content = self.layout.content
        if folder == content or folder.startswith(content + "/"):
            return super().link_to(folder, path, anchor)
        return self.url(self.route(path) + (f"#{anchor}" if anchor else ""))

    def script_link(self, folder: str, path: str) -> str:
        """The page's route relative to the static folder's URL, which the script resolves it
        against (it fetched the data from there): so it keeps the site's `baseUrl`, which the
        generator does not know."""
        served = "/" + self.layout.static.partition("/")[2]
        return self.url(posixpath.relpath(self.route(path), served))

    def script_page_link(self, folder: str, path: str) -> str:
        """The page's route relative to the route folder of a (non-index) page in `folder`, which
        the script resolves it against: relative, so it keeps the site's `baseUrl`."""
        return self.url(posixpath.relpath(self.route(path), "/" + folder))

    def jump_link(self, folder: str, path: str) -> tuple[str, str]:
        """From a partial, which has no place of its own, the page's route from the site's root
        (`site`: the script resolves it against the site's `baseUrl`, which the client module
        gives it); from a page, as any target."""
        if folder == self.layout.content or _inside(folder, self.layout.content):
            return super().jump_link(folder, path)
        return self.url(self.route(path).lstrip("/")), "site"

    def data_url(self, path: str, folder: str) -> str:
        # `pathname://`: a link Docusaurus neither copies under a hashed name nor checks as a route, where it
        # would copy a linked file and rename it. The static folder is served at the site's root, and the
        # link, absolute, gets the site's `baseUrl` in front from Docusaurus' Link (3.x, 3.4.0 included:
        # `/docs/runtime/compare.json`), so the generator never needs to know the baseUrl.
        return "pathname:///" + self.url(path.split("/", 1)[1])

    def code(self, value: str) -> str:
        """Code as written, but that `{{` never stands in a page: the docs repository's Markdown
        preprocessor replaces `{{...}}` placeholders everywhere, code included. A word joiner
        (invisible) stands between two braces; text and attributes escape braces already."""
        return _BRACES.sub("{\u2060", value)

    def anchor(self, anchor_id: str) -> str:
        # Docusaurus sees an id only on its own components (facebook/docusaurus#9808).
        return f"<Link id={self.attribute(anchor_id)} {self.class_attribute('rt-anchor')} />"

    def head(self, title: str, page_id: str, *, heading: bool = True, tabs: bool = False,
             front: Mapping[str, str] | None = None) -> str:
        imports = _LINK + (f"\n{_TABS}" if tabs else "")
        head = f"{self.front_matter({'id': page_id, 'title': title, **(front or {})})}\n{self.marker}\n\n{imports}"
        return f"{head}\n\n# {self.text(title)}" if heading else head

    def partial_head(self, *, tabs: bool = False) -> str:
        return f"{self.marker}\n\n{_LINK}" + (f"\n{_TABS}" if tabs else "")

    def tabs(self, group: str, tabs: Sequence[Tab]) -> str:
        items = [f"<TabItem value={self.attribute(tab.value)} label={self.attribute(tab.label)}"
                 f"{' default' if n == 0 else ''}>\n\n{tab.content}\n\n</TabItem>" for n, tab in enumerate(tabs)]
        return "\n".join([f"<Tabs groupId={self.attribute(group)} queryString={self.attribute('image')}>",
                          *items, "</Tabs>"])

    def without_script(self, markdown: str) -> str:
        return ""  # React renders no `<noscript>` content it did not write itself


def _and(items: Sequence[str]) -> str:
    return " and ".join(filter(None, (", ".join(items[:-1]), items[-1])))


def _listed(folders: Sequence[str]) -> str:
    return ", ".join(folders[:2]) + (f" and {len(folders) - 2} more folders" if len(folders) > 2 else "")


def _part(build: Build, part: str, here: Here) -> Mapping[str, object]:
    if part == "today":
        return {"part": part, **build.today_section(here)}
    return {"part": part, **build.tables(here)}
