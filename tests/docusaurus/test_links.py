"""The link checker passes the built Docusaurus site, whose addresses have no extension
(`trailingSlash: false`), and fails it once a generated page is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.sitecheck import check_site

from .conftest import BUILD, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")


def test_the_built_site_has_no_broken_link() -> None:
    assert check_site(BUILD) == []


def test_a_removed_generated_page_is_a_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "build"
    shutil.copytree(BUILD, site)
    (site / "astro" / "runtime-releases" / "releases" / "runtime-release-3.1-2.html").unlink()
    problems = check_site(site)
    assert problems and all("runtime-release-3.1-2" in p for p in problems), problems[:5]
    # Every page that names it: the releases before and after, and the index.
    assert {p.split(":")[0] for p in problems} >= {"astro/runtime-releases/releases/runtime-release-3.1-1.html",
                                                   "astro/runtime-releases/releases/runtime-release-3.1-3.html",
                                                   "astro/runtime-releases/releases.html"}
