"""Internal links of a built static site, checked with no network.

Works on the HTML any site builder writes, not on MkDocs: every relative
`href`/`src` must name a file of the site (a folder means its `index.html`),
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


def _target(site: Path, page: Path, path: str) -> Path:
    base = site if path.startswith("/") else page.parent
    target = (base / unquote(path.lstrip("/"))).resolve()
    return target / "index.html" if target.is_dir() or path.endswith("/") else target


def check_site(site: Path) -> list[str]:
    """`file:line: problem` for every broken internal link or anchor; empty when all resolve."""
    site = site.resolve()
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for page, parsed in pages.items():
        shown = page.relative_to(site).as_posix()
        for link, line in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = _target(site, page, parts.path) if parts.path else page
            if site not in target.parents and target != site:
                problems.append(f"{shown}:{line}: link {link!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{shown}:{line}: link {link!r} points at a missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{shown}:{line}: link {link!r} points at a missing anchor")
    return problems
