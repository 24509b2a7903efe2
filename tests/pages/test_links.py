"""Every link on every generated page points at what its text names, never at another package."""

from __future__ import annotations

import dataclasses
import posixpath
import re

import pytest

from generator.model import Image, Model
from generator.pages import MkDocs
from generator.sources.curated import read_curated

from ..conftest import SAMPLE_TODAY
from ..helpers import link_url, plain, render_pages, tables

_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(([^)]*)\)")
_PYPI = re.compile(r"https://pypi\.org/project/([^/]+)/(#history)?")
_PROVIDER = re.compile(r"https://airflow\.apache\.org/docs/(apache-airflow-providers-[^/]+)/([^/]+)/(index|changelog)\.html")
_AIRFLOW = re.compile(r"https://airflow\.apache\.org/docs/apache-airflow/([^/]+)/release_notes\.html")
# Links to pages here, once resolved from the page they are on (`resolve`).
_RELEASE = re.compile(r"releases/([^/]+)\.md")
_PACKAGE = re.compile(r"packages/([^/]+)\.md")


def resolve(page: str, url: str) -> str:
    """A link as the path of what it names inside the generated folder; a web address as it is."""
    if re.match(r"[a-z]+:", url):
        return url
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("#")[0]))


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


def _check_link(text: str, url: str, before: str | None, row_package: str | None, shown: set[str]) -> str:
    """What kind of link this is, after asserting it names what its text (or its row) says.

    `before` is the package the link just before it in its cell names; `shown` every value the
    link's row (or, for a column head, its table) shows."""
    if m := _PACKAGE.fullmatch(url):
        assert m[1] == _name(text) or (m[1] == "index" and text == "a page of its own"), (text, url)
        return "package"
    if m := _PYPI.fullmatch(url):
        package, history = m[1], m[2]
        if history:  # a changelog link: the row's own package
            assert package == row_package, (text, url, row_package)
        elif text == "PyPI":  # beside the package's own link
            assert package == before, (text, url, before)
        else:
            assert package == _name(text), (text, url)
        return "pypi"
    if m := _PROVIDER.fullmatch(url):
        # Pinned to a version the row ships, as Airflow's docs name it: no epoch, no local part.
        assert m[2] == "stable" or m[2] in {v.split("!")[-1].split("+")[0] for v in shown}, (text, url)
        if text == "changelog":
            assert m[1] == row_package, (text, url, row_package)
        elif text != "provider docs":  # `cncf.kubernetes` heads the column and sits in its package's row
            assert m[1] == "apache-airflow-providers-" + _name(text), (text, url)
            assert row_package in (None, m[1]), (text, url, row_package)
        return "provider"
    if m := _AIRFLOW.fullmatch(url):
        assert m[1] == text, (text, url)
        return "airflow"
    if m := _RELEASE.fullmatch(url):
        # A version links to its own page; a line (`9.17.x`, `3.1-x`) or major (`Runtime 9`) to one of its releases.
        target = m[1]
        if text.startswith("Runtime "):
            assert target.startswith(text.removeprefix("Runtime ") + "."), (text, url)
        elif text.endswith(("-x", ".x")):
            assert target.startswith(text[:-1]), (text, url)
        else:
            assert target == text.removesuffix(" (yanked)"), (text, url)
        return "release"
    return "other"


def _package_of(url: str) -> str | None:
    m = _PACKAGE.fullmatch(url) or _PYPI.fullmatch(url)
    return m[1] if m and not (m.re is _PYPI and m[2]) else None


def test_every_table_link_names_its_own_target(pages: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        for table in tables(page):
            everything = {plain(c) for row in table for c in row}
            for n, row in enumerate(table):
                first = _LINK.match(row[0])
                row_package = _package_of(resolve(name, first[2])) if first else None
                shown = everything if n == 0 else {plain(c) for c in row}
                for cell in row:
                    before = None
                    for text, link in _LINK.findall(cell):
                        url = resolve(name, link)
                        kind = _check_link(plain(text), url, before, row_package, shown)
                        before = _package_of(url)
                        seen[kind] = seen.get(kind, 0) + 1
    # Each kind of link is present in numbers, so the assertions above ran on real pages.
    assert all(seen.get(k, 0) > 100 for k in ("pypi", "provider", "airflow", "release", "package")), seen


def test_provider_links_are_pinned_to_the_version_shipped(pages: dict[str, str], sample_model: Model) -> None:
    """Every version of amazon any release ships: its package page links the provider's docs at
    that version, in that version's row."""
    key = "apache-airflow-providers-amazon"
    shipped = {v for r in sample_model.releases for i in r.images for p in i.packages if p.key == key
               for v in [p.version]}
    (versions, _releases) = tables(pages[f"packages/{key}.md"])
    assert versions[0] == ["Version", "First release", "Newest release", "Provider docs"]
    docs = {plain(row[0]): link_url(row[3]) for row in versions[1:]}
    assert set(docs) == shipped and len(shipped) >= 5
    for version, url in docs.items():
        assert url == f"https://airflow.apache.org/docs/{key}/{version.split('!')[-1].split('+')[0]}/index.html"


def test_mysql_column_links_to_mysql_not_mssql(pages: dict[str, str]) -> None:
    """In every era's provider matrix that has both columns, each links to its own provider."""
    matrices = [t for t in tables(pages["architecture.md"]) if t[0][0] == "Runtime line"
                and any("airflow.apache.org/docs/apache-airflow-providers-" in c for c in t[0][1:])]
    assert len(matrices) == 2  # one per era
    both = 0
    for header, *_rows in matrices:
        heads = {plain(c): _LINK.fullmatch(c)[2] for c in header[1:]}  # type: ignore[index]
        if "mysql" in heads and "microsoft.mssql" in heads:
            assert re.fullmatch(r"https://airflow\.apache\.org/docs/apache-airflow-providers-mysql/[^/]+/index\.html",
                                heads["mysql"]), heads["mysql"]
            assert re.fullmatch(r"https://airflow\.apache\.org/docs/apache-airflow-providers-microsoft-mssql/[^/]+/"
                                r"index\.html", heads["microsoft.mssql"]), heads["microsoft.mssql"]
            both += 1
    assert both >= 1


def test_every_listed_yanked_release_is_flagged(pages: dict[str, str], sample_model: Model) -> None:
    """A yanked release is never named by a link without "(yanked)" right after it, on any page."""
    yanked = {r.version.text for r in sample_model.releases if r.entry.yanked}
    flagged = 0
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        for m in re.finditer(r"\[((?:[^\]\\]|\\.)*)\]\(([^)]*)\)", page):
            if plain(m[1]) in yanked and _RELEASE.fullmatch(resolve(name, m[2])):
                assert page[m.end():].startswith(" (yanked)"), (name, m[0])
                flagged += 1
    assert flagged >= 3 * len(yanked)  # index, lifecycle table, and the next release's change sections


def _unpinned(model: Model, key: str) -> Model:
    """`model` with no image pinning the package `key`."""
    def image(i: Image) -> Image:
        kept = [n for n, p in enumerate(i.packages) if p.key != key]
        return dataclasses.replace(i, packages=tuple(i.packages[n] for n in kept),
                                   pin_lines=tuple(i.pin_lines[n] for n in kept if n < len(i.pin_lines)),
                                   provider_count=sum(n < i.provider_count for n in kept))
    return Model(model.catalog_path, tuple(dataclasses.replace(r, images=tuple(map(image, r.images)))
                                           for r in model.releases))


@pytest.mark.parametrize("gone", [None, "apache-airflow-providers-celery"])
def test_every_link_to_a_page_here_finds_it(sample_model: Model, gone: str | None) -> None:
    """Links to pages of the site lead to pages the build writes, even where the curated data names
    a package no image pins (an executor's): that name leads to PyPI, as there is no page for it."""
    model = _unpinned(sample_model, gone) if gone else sample_model
    pages = render_pages(model, read_curated(), SAMPLE_TODAY)
    internal = 0
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        for _, link in _LINK.findall(page):
            # A partial's links are the home page's, at the docs folder's root.
            url = (posixpath.normpath(link.split("#")[0]).removeprefix(MkDocs().folder + "/")
                   if name.startswith("partials/") else resolve(name, link))
            if not re.match(r"[a-z]+:", url) and url.endswith(".md"):
                assert url in pages, (name, link)
                internal += 1
    assert internal > 1000
    if gone:
        assert f"packages/{gone}.md" not in pages
        assert f"[{gone}](https://pypi.org/project/{gone}/)" in pages["architecture.md"]
