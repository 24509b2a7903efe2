"""The "Will my requirements fit?" page of the Docusaurus build (`make docusaurus`), in headless
Chromium: React renders it and the client module runs fit.js on it, and it gives the answers of
`python -m generator fit` on the test fixture (its includes pasted in place), markers and extras
included, as the MkDocs site's page does (tests/browser/test_fit_page.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.pages.fit_data import FIT_ID

from ..browser.conftest import Console
from ..browser.fit import as_cli, cli_answer, expected, expected_shown, flattened, page_answer, paste_and_check, shown
from .conftest import BUILD, skip_unless

pytestmark = skip_unless(BUILD / "index.html", "The Docusaurus build")

FIT = f"/astro/runtime-releases/{FIT_ID}"


def test_the_page_gives_the_clis_answer_on_the_fixture(site_page: tuple[Page, Console], docusaurus_url: str,
                                                      docusaurus_build: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    if not (docusaurus_build / FIT.lstrip("/")).with_suffix(".html").is_file():
        pytest.fail(f"the Docusaurus build has no {FIT} page: rebuild it (make docusaurus)")
    page, console = site_page
    page.goto(docusaurus_url + FIT)
    page.wait_for_function("() => window.runtimeFit && document.querySelector('.rt-fit-check') "
                           "&& !document.querySelector('.rt-fit-check').disabled")
    text = flattened()
    code, cli, _ = cli_answer(text, tmp_path, capsys)
    paste_and_check(page, text)
    assert as_cli(page_answer(page, text)) == expected(cli) and code == 1
    assert shown(page) == expected_shown(cli)
    assert console.errors == []
