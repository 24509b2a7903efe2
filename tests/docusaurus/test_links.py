"""The link checker passes the built Docusaurus site, served under its base URL (`baseUrl`, as in the
docs repository) with addresses that have no extension (`trailingSlash: false`), and fails it once a
generated page is gone or a link forgets the base URL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pages.docusaurus import DocusaurusLayout
from generator.sitecheck import check_site

from .conftest import BUILD, base_url, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")


def test_the_built_site_has_no_broken_link() -> None:
    assert check_site(BUILD, base_url()) == []


def test_every_absolute_link_of_the_build_starts_with_the_base_url() -> None:
    """Checked as served from the host's root instead, every page's absolute links are outside it:
    the build really is made for its base URL, and the checker tells the two apart."""
    if base_url() == "/":
        pytest.skip("the site is served from the host's root: no base URL to leave out")
    problems = check_site(BUILD, "/")
    assert problems and all("points at a missing file" in p for p in problems)
    assert {p.split(":")[0] for p in problems} == {p.relative_to(BUILD).as_posix() for p in BUILD.rglob("*.html")}


def test_a_removed_generated_page_is_a_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "build"
    shutil.copytree(BUILD, site)
    (site / "astro" / "runtime-releases" / "releases" / "runtime-release-3.1-2.html").unlink()
    problems = check_site(site, base_url())
    assert problems and all("runtime-release-3.1-2" in p for p in problems), problems[:5]
    # Every page that names it: the releases before and after, and the index.
    assert {p.split(":")[0] for p in problems} >= {"astro/runtime-releases/releases/runtime-release-3.1-1.html",
                                                   "astro/runtime-releases/releases/runtime-release-3.1-3.html",
                                                   "astro/runtime-releases/releases.html"}


def test_a_link_without_the_base_url_is_outside_the_site(tmp_path: Path) -> None:
    """The compare page's link to its data, with the base URL taken off, as Docusaurus would write it
    if it did not prefix `pathname://` links: the file is in the build, but not where the host serves it."""
    if base_url() == "/":
        pytest.skip("the site is served from the host's root: no base URL to leave out")
    site = tmp_path / "build"
    shutil.copytree(BUILD, site)
    compare = site / "astro" / "runtime-releases" / "runtime-compare.html"
    text = compare.read_text(encoding="utf-8")
    served = DocusaurusLayout().static.split("/", 1)[1] + "/compare.json"  # the static folder is the site's root
    data = f'href="{base_url()}{served}"'
    assert data in text
    compare.write_text(text.replace(data, f'href="/{served}"'), encoding="utf-8")
    problems = check_site(site, base_url())
    assert problems == [f"astro/runtime-releases/runtime-compare.html:{line}: link '/{served}' is outside "
                        f"{base_url()}, where the site is served"
                        for line, row in enumerate(text.splitlines(), 1) if data in row]
