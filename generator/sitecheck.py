"""Internal links of a built static site, checked with no network.

Works on the HTML any site builder writes, MkDocs' and Docusaurus' alike:
every `href`/`src` must name a file of the site (a folder means its
`index.html`, an address with no extension its `.html` file),
and every `#fragment` an `id` or `name` in the page it points at. External
links are left alone; the generator derives them from package names and the
tests check them against the names.
"""

from __future__ import annotations

import re
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


class BadBaseUrl(ValueError):
    """A base URL that is not a plain path: the command line reports it as bad input naming `--base-url`."""

    def __init__(self, base_url: str) -> None:
        super().__init__(f"{base_url!r} is not a URL path such as /docs/ (letters, digits, '-', "
                         "'.', '_', '~' and %XX escapes between slashes; no '.' or '..' part)")


# A URL path's segments: unreserved characters, percent escapes and sub-delimiters (RFC 3986).
_SEGMENT = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+")


def base_path(base_url: str) -> str:
    """`base_url` as the path every absolute link of the site starts with: a leading and a
    trailing slash added where missing, as Docusaurus normalises its `baseUrl` (`/docs` is
    `/docs/`). Anything but a plain path (a scheme, host, query, fragment, `.` or `..`) is refused."""
    inner = base_url.removeprefix("/").removesuffix("/")  # `//host/docs` keeps an empty part: refused
    segments = inner.split("/") if inner else []
    if any(s in (".", "..") or not _SEGMENT.fullmatch(s) for s in segments):
        raise BadBaseUrl(base_url)
    return "/" + "".join(s + "/" for s in segments)


def _inside(path: str, base: str) -> bool:
    """Whether the absolute path `path` is under `base` (`/docs` and `/docs/x` are under `/docs/`)."""
    return (path + "/").startswith(base) if not path.endswith("/") else path.startswith(base)


def _target(site: Path, page: Path, path: str, base: str) -> Path:
    """The file a link leads to, as a static server would serve it: a folder's `index.html`, or,
    for an address with no extension (Docusaurus with `trailingSlash: false`), `page.html`.
    An absolute `path` is under `base`, the path the site is served under."""
    if path.startswith("/"):
        site_path = path[len(base) - 1:] if path.startswith(base) else "/"  # `/docs` is the site's root
        base_folder, path = site, site_path
    else:
        base_folder = page.parent
    target = (base_folder / unquote(path.lstrip("/"))).resolve()
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
    `base_url`: the path the site is served under (Docusaurus' `baseUrl`), which its absolute
    links start with: one that does not leads out of the site, as the host serves it.
    Raises BadBaseUrl for a `base_url` that is not a plain path, NotASite for a folder with no page."""
    base = base_path(base_url)
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
            if parts.path.startswith("/") and not _inside(parts.path, base):
                problems.append(f"{shown}:{line}: link {link!r} is outside {base}, where the site is served")
                continue
            target = _target(site, page, parts.path, base) if parts.path else page
            if site not in target.parents and target != site:
                problems.append(f"{shown}:{line}: link {link!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{shown}:{line}: link {link!r} points at a missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{shown}:{line}: link {link!r} points at a missing anchor")
    return problems
