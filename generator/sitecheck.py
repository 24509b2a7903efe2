"""Internal links of a built static site, checked with no network.

Works on the HTML any site builder writes, MkDocs' and Docusaurus' alike:
every `href`/`src` must name a file of the site (a folder means its
`index.html`, an address with no extension its `.html` file),
and every `#fragment` an `id` or `name` in the page it points at. External
links are left alone; the generator derives them from package names and the
tests check them against the names.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag in ("a", "input") else ("id",):
            if values.get(name):
                self.ids.add(str(values[name]))
        wanted = _LINKING.get(tag)
        target = values.get(wanted) if wanted else None
        if target is not None:
            self.links.append((target, self.getpos()[0]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def _target(site: Path, page: Path, path: str, base_url: str) -> Path:
    """The file a link leads to, as a static server would serve it: a folder's `index.html`, or,
    for an address with no extension (Docusaurus with `trailingSlash: false`), `page.html`."""
    if path.startswith("/"):
        base, path = site, path.removeprefix(base_url.rstrip("/")) or "/"
    else:
        base = page.parent
    target = (base / unquote(path.lstrip("/"))).resolve()
    if path.endswith("/"):
        return target / "index.html"
    page = target.with_name(target.name + ".html")
    if not target.is_file() and page.is_file():  # served before a folder of the same name
        return page
    return target / "index.html" if target.is_dir() else target


class NotASite(ValueError):
    """A folder with no page in it: nothing a link check could pass."""


def check_site(site: Path, base_url: str = "/") -> list[str]:
    """`file:line: problem` for every broken internal link or anchor; empty when all resolve.
    `base_url`: the path the site is served under, which its absolute links start with."""
    site = site.resolve()
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    if not pages:
        raise NotASite(str(site))
    problems = []
    for page, parsed in pages.items():
        shown = page.relative_to(site).as_posix()
        for link, line in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = _target(site, page, parts.path, base_url) if parts.path else page
            if site not in target.parents and target != site:
                problems.append(f"{shown}:{line}: link {link!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{shown}:{line}: link {link!r} points at a missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{shown}:{line}: link {link!r} points at a missing anchor")
    return problems
