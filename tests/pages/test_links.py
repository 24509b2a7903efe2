"""Every link on every generated page points at what its text names, never at another package."""

from __future__ import annotations

import re

import pytest

from generator.model import Model
from generator.sources.curated import read_curated

from ..conftest import SAMPLE_TODAY
from ..helpers import plain, render_pages, tables

_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(([^)]*)\)")
_PYPI = re.compile(r"https://pypi\.org/project/([^/]+)/(#history)?")
_PROVIDER = re.compile(r"https://airflow\.apache\.org/docs/(apache-airflow-providers-[^/]+)/stable/(index|changelog)\.html")
_AIRFLOW = re.compile(r"https://airflow\.apache\.org/docs/apache-airflow/([^/]+)/release_notes\.html")
_RELEASE = re.compile(r"(?:\.\./)?(?:releases/)?([^/]+)\.md")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return render_pages(sample_model, read_curated(), SAMPLE_TODAY)


def _check_link(text: str, url: str, row_package: str | None) -> str:
    """What kind of link this is, after asserting it names what its text (or its row) says."""
    if m := _PYPI.fullmatch(url):
        package, history = m[1], m[2]
        if history:  # a changelog link: the row's own package
            assert package == row_package, (text, url, row_package)
        else:
            assert package == _name(text), (text, url)
        return "pypi"
    if m := _PROVIDER.fullmatch(url):
        if text == "changelog":
            assert m[1] == row_package, (text, url, row_package)
        else:  # `cncf.kubernetes` heads the column and sits in the row of apache-airflow-providers-cncf-kubernetes
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


def test_every_table_link_names_its_own_target(pages: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        for table in tables(page):
            for row in table:
                first = _LINK.match(row[0])
                row_package = None
                if first and (m := _PYPI.fullmatch(first[2])) and not m[2]:
                    row_package = m[1]
                for cell in row:
                    for text, url in _LINK.findall(cell):
                        kind = _check_link(plain(text), url, row_package)
                        seen[kind] = seen.get(kind, 0) + 1
    # Each kind of link is present in numbers, so the assertions above ran on real pages.
    assert all(seen.get(k, 0) > 100 for k in ("pypi", "provider", "airflow", "release")), seen


def test_mysql_column_links_to_mysql_not_mssql(pages: dict[str, str]) -> None:
    (header, *_rows), = [t for t in tables(pages["architecture.md"]) if t[0][0] == "Runtime line"
                         and any("providers-" in c for c in t[0][1:])][:1]
    heads = {plain(c): _LINK.fullmatch(c)[2] for c in header[1:]}  # type: ignore[index]
    assert heads["mysql"] == "https://airflow.apache.org/docs/apache-airflow-providers-mysql/stable/index.html"
    assert heads["microsoft.mssql"].endswith("/apache-airflow-providers-microsoft-mssql/stable/index.html")


def test_every_listed_yanked_release_is_flagged(pages: dict[str, str], sample_model: Model) -> None:
    """A yanked release is never named by a link without "(yanked)" right after it, on any page."""
    yanked = {r.version.text for r in sample_model.releases if r.entry.yanked}
    flagged = 0
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        for m in re.finditer(r"\[((?:[^\]\\]|\\.)*)\]\(([^)]*)\)", page):
            if plain(m[1]) in yanked and _RELEASE.fullmatch(m[2]):
                assert page[m.end():].startswith(" (yanked)"), (name, m[0])
                flagged += 1
    assert flagged >= 3 * len(yanked)  # index, lifecycle table, and the next release's change sections
