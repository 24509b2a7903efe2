"""The browser's PEP 440 on the MkDocs site: `window.runtimePep440` (Renovate's @renovatebot/pep440,
bundled in generator/pages/assets/pep440.js) answers as Python's `packaging` does, on a grid of
versions and specifiers, but for the differences `pep440.py` lists and explains; asked in headless
Chromium on a page of the built site, where mkdocs.yml loads it before reference.js."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import LAPTOP, Console, open_page
from .pep440 import (
    EXPECTED_ORDER_DIFFERENCES,
    EXPECTED_SATISFIES_DIFFERENCES,
    ORACLE,
    SPECIFIERS,
    VERSIONS,
    Answers,
    check_edges,
    check_explain,
    check_order,
    check_satisfies,
    check_validity,
    library_answers,
)


@pytest.fixture(scope="module")
def home(browser: Browser, base_url: str) -> Iterator[tuple[Page, Console]]:
    """The site's home page, opened once for the module, and what its console said."""
    for opened in open_page(browser, viewport=LAPTOP):
        console = Console(opened)
        opened.goto(f"{base_url}/")
        yield opened, console


@pytest.fixture(scope="module")
def answers(home: tuple[Page, Console]) -> Answers:
    return library_answers(home[0])


def test_the_page_loads_the_library_before_reference_js(home: tuple[Page, Console]) -> None:
    page, console = home
    scripts = page.eval_on_selector_all("script[src]", "all => all.map((s) => new URL(s.src).pathname)")
    ours = [s for s in scripts if s.endswith(("/pep440.js", "/reference.js"))]
    assert ours == ["/reference/assets/pep440.js", "/reference/assets/reference.js"]
    assert console.errors == []


def test_satisfies_agrees_with_packaging(answers: Answers) -> None:
    """`satisfies(v, spec)` is `SpecifierSet(spec).contains(Version(v), prereleases=True)` on every
    pair of the grid but the expected differences."""
    check_satisfies(answers)
    agreeing = len(VERSIONS) * len(SPECIFIERS) - len(EXPECTED_SATISFIES_DIFFERENCES)
    assert agreeing > 10 * len(EXPECTED_SATISFIES_DIFFERENCES)
    # The grid is not all one answer: each common specifier lets some versions through and not others.
    for spec in (">=5", "~=6.1", "<4", "==1.2.*", "!=2.0", ">1.0,<2", "===1.0", " ~= 6.1 "):
        assert {ORACLE.satisfies[v, spec] for v in VERSIONS} == {True, False}, spec


def test_compare_orders_as_packaging(answers: Answers) -> None:
    check_order(answers)
    assert len(answers.compare) == len(VERSIONS) * (len(VERSIONS) - 1) // 2 > 50 * len(EXPECTED_ORDER_DIFFERENCES)


def test_valid_and_valid_range_agree_with_packaging(answers: Answers) -> None:
    check_validity(answers)


def test_explain_gives_packagings_parts(answers: Answers) -> None:
    check_explain(answers)
    assert answers.explain["1!2.0.0"]["epoch"] == 1 and answers.explain["6.1.3+astro.1"]["public"] == "6.1.3"


def test_prereleases_match_and_what_is_not_pep440_matches_nothing(home: tuple[Page, Console]) -> None:
    check_edges(home[0])
    assert home[1].errors == []
