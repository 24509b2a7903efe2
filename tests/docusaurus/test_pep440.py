"""The browser's PEP 440 in the Docusaurus build: the client module loads pep440.js before
reference.js, and `window.runtimePep440` answers there as on the MkDocs site, which
tests/browser/test_pep440.py checks against `packaging` in detail: here the same checks, once."""

from __future__ import annotations

from playwright.sync_api import Page

from ..browser.conftest import Console
from ..browser.pep440 import check_edges, check_grid, library_answers
from .conftest import BUILD, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")


def test_the_client_module_ships_the_same_pep440(site_page: tuple[Page, Console], docusaurus_url: str) -> None:
    page, console = site_page
    page.goto(docusaurus_url + "/astro/runtime-releases/releases")
    check_grid(library_answers(page))
    check_edges(page)
    assert console.errors == []
