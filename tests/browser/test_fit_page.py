"""The "Will my requirements fit?" page of the MkDocs site, in headless Chromium: it gives the answers
of `python -m generator fit` (the oracle here, run through `main` on the same text), on the test
fixture (its includes pasted in place) with its markers and extras, and on edge lines; and its
parser and marker evaluation (assets/fit.js) agree with `packaging` on many requirement strings,
for the environment of every image of the sample.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from playwright.sync_api import Browser, Page

from generator.model import Model
from generator.sources.constraints import environment

from .conftest import LAPTOP, Console, open_page
from .fit import as_cli, cli_answer, expected, expected_shown, flattened, page_answer, paste_and_check, shown
from .pep440 import EXPECTED_SATISFIES_DIFFERENCES


@pytest.fixture(scope="module")
def fit_page(browser: Browser, base_url: str, site: Path) -> Iterator[tuple[Page, Console]]:
    if not (site / "reference" / "fit" / "index.html").is_file():
        pytest.fail("the built site has no reference/fit/ page: regenerate the committed docs (make docs)")
    for opened in open_page(browser, viewport=LAPTOP):
        console = Console(opened)
        opened.goto(f"{base_url}/reference/fit/")
        opened.wait_for_function("() => window.runtimeFit && !document.querySelector('.rt-fit-check').disabled")
        yield opened, console


def test_the_page_gives_the_clis_answer_on_the_fixture(fit_page: tuple[Page, Console], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    page, console = fit_page
    text = flattened()
    code, cli, _ = cli_answer(text, tmp_path, capsys)
    assert code == 1  # the newest stable release refuses a line: the fixture is not all one answer
    paste_and_check(page, text)
    assert as_cli(page_answer(page, text)) == expected(cli)
    assert shown(page) == expected_shown(cli)
    # The fixture exercises what matters: markers that exclude some images, an extra, unpinned packages,
    # a conflict in some releases only, lines not checked, and releases that fit.
    images = [i for r in cli["releases"] for i in r["images"]]
    assert any(i["not_applicable"] for i in images) and any(i["not_pinned"] for i in images)
    extra = [c for i in images for c in i["conflicts"] if c["text"].startswith("apache-airflow[celery]")]
    assert extra and {c["package"] for c in extra} == {"apache-airflow"}  # checked against apache-airflow's pin
    assert 0 < len(cli["fitting"]) < len(cli["releases"]) and len(cli["not_checked"]) == 2
    assert console.errors == []


@pytest.mark.parametrize("text", [
    "pandas>=2.0\napache-airflow-providers-amazon>=1\nthis is not a requirement\n",
    "apache-airflow-providers-http>=4 --index-url https://example.com/simple\n",
    "--frobnicate\n",
    "pkg[extra>=1\n",
    "pkg ; python_version <\n",
])
def test_a_line_the_cli_refuses_is_named_by_its_number(fit_page: tuple[Page, Console], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str], text: str) -> None:
    page, _ = fit_page
    code, _, err = cli_answer(text, tmp_path, capsys)
    line = text.count("\n")
    assert code == 2 and f"requirements.txt:{line}:" in err
    paste_and_check(page, text)
    assert page.locator(".rt-fit-result").get_attribute("data-rt-error-line") == str(line)
    assert page.locator(".rt-fit-status").inner_text().startswith(f"Line {line}: ")
    assert page_answer(page, text)["error"]["line"] == line


def test_urls_editables_and_paths_are_not_checked_as_the_cli_says(fit_page: tuple[Page, Console], tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    page, _ = fit_page
    text = ("-e ./plugins\nmy-lib @ https://example.com/my_lib-1.0-py3-none-any.whl\n./vendor/pkg\n"
            "pkg-1.0-py3-none-any.whl\npkg>=${VERSION}\napache-airflow-providers-http<1 ; os_name == 'nt'\n")
    code, cli, _ = cli_answer(text, tmp_path, capsys)
    paste_and_check(page, text)
    answer = page_answer(page, text)
    assert as_cli(answer) == expected(cli) and len(cli["not_checked"]) == 5 and code == 0
    assert shown(page)["not_checked"] == [1, 2, 3, 4, 5]


def test_includes_cannot_be_followed_in_the_browser(fit_page: tuple[Page, Console]) -> None:
    page, _ = fit_page
    paste_and_check(page, "-r common.txt\n-c constraints.txt\npandas\n")
    items = page.locator(".rt-fit-not-checked li").all_inner_texts()
    assert len(items) == 2 and all("cannot be followed in the browser: paste the included file's content" in i
                                   for i in items)


def test_the_page_says_what_it_does_not_check(fit_page: tuple[Page, Console]) -> None:
    text = fit_page[0].locator("article").inner_text()
    assert "not make a full dependency resolution" in text and "astro dev upgrade-test" in text


# ---- The parser and the markers against packaging ----

REQUIREMENTS = [
    "pkg", "Pkg_Name.Sub-x", "pkg>=1.0", "pkg >= 1.0 , < 2", "pkg (>=1.0,<2)", "pkg[extra]>=1", "pkg[ a , b ] ~= 2.1",
    "pkg[]", "pkg~=1.4.2", "pkg!=2.0", "pkg==1.2.*", "pkg!=1.2.*", "pkg==2.0+astro.1", "pkg===1.0", "pkg<3,>=1,!=2.1",
    "pkg>=1,>=1", "pkg>=1.0.post1", "pkg<=2.0.dev1", "pkg==1!2.0",
    'pkg; python_version < "3.12"', 'pkg ; python_version >= "3.11" and python_version < "3.12"',
    "pkg; python_version == '3.11' or python_version == '3.12'",
    'pkg; (python_version < "3.12" or platform_machine == "aarch64") and sys_platform == "linux"',
    'pkg; python_version < "3.12" or (platform_machine == "aarch64" and sys_platform == "linux")',
    'pkg; ((os_name == "posix"))', 'pkg; python_full_version >= "3.11.0"', 'pkg; python_full_version < "3.12.1"',
    'pkg; python_version ~= "3.11"', 'pkg; python_version == "3.*"', 'pkg; python_version != "3.11.*"',
    'pkg; "3.11" < python_version', "pkg; '3.12' >= python_version", 'pkg; python_version > "3"',
    'pkg; platform_system == "Linux"', 'pkg; platform_system != "Windows"', 'pkg; sys_platform == "win32"',
    'pkg; os.name == "posix"', 'pkg; sys.platform == "linux"', 'pkg; platform.machine == "x86_64"',
    'pkg; platform_machine in "x86_64 aarch64"', 'pkg; platform_machine not in "arm64"', 'pkg; "linux" in sys_platform',
    'pkg; implementation_name == "cpython"', 'pkg; platform_python_implementation == "CPython"',
    'pkg; python_implementation == "PyPy"', 'pkg; platform.python_implementation == "CPython"',
    'pkg; implementation_version >= "3.11"', 'pkg; platform_release >= "5"', 'pkg; platform_version == ""',
    'pkg; extra == "test"', 'pkg; extra == ""', 'pkg; extra != "Test_Extra"', 'pkg[x]; extra == "X"',
    'pkg; os_name < "posix"', 'pkg; os_name <= "posix"', 'pkg; os_name > "a"', 'pkg; os_name ~= "posix"',
    'pkg; os_name === "posix"', 'pkg; "a" in extras', 'pkg; "tests" in dependency_groups',
    'pkg; python_version == "3.11" and os_name == "nt" or platform_system == "Linux"',
    "pkg>=1.0; python_version<'3.12'", 'pkg;python_version<"3.12"', 'pkg ; python_version < "3.12" ',
    "pkg; os_name == 'po\\x73ix'", 'pkg; os_name == "it\'s"',
    "pkg @ https://example.com/pkg.whl", "pkg @ https://example.com/pkg.whl ; python_version < '3.12'",
    # Not requirements, to both.
    "pkg>=", "pkg=>1", "pkg~=1", "pkg>=1.0.*", "pkg==1.0a1.*", "pkg<1.0+local", "pkg[a b]", "pkg[", "pkg (>=1",
    "pkg; python_version", "pkg; python_version < ", 'pkg; foo == "1"', 'pkg; python_version << "3"',
    'pkg; (python_version < "3"', "pkg 1.0", "-pkg", "pkg; os_name not'in' 'x'", 'pkg; os_name == "a" xor 1',
    "pkg @", 'pkg @ https://x.y/z.whl; python_version < "3"x',
]


def _python_answer(text: str, envs: list[tuple[str, str]], versions: list[str]) -> dict[str, Any]:
    """What packaging says of `text`: its parts, whether its marker applies in each environment (or why
    it cannot be decided, as `fit._applies` words it), and which versions its specifier contains."""
    try:
        r = Requirement(text)
    except InvalidRequirement:
        return {"valid": False}
    applies: list[object] = []
    for python, machine in envs:
        if r.marker is None:
            applies.append(True)
            continue
        try:
            applies.append(r.marker.evaluate(environment(python, machine)))
        except (UndefinedComparison, UndefinedEnvironmentName) as exc:
            applies.append(f"its marker cannot be evaluated: {exc}")
    return {"valid": True, "name": r.name, "extras": sorted(r.extras), "url": r.url, "specifier": str(r.specifier),
            "marker": str(r.marker) if r.marker else None, "applies": applies,
            "contains": [r.specifier.contains(v, prereleases=True) for v in versions]}


_ASK = """({texts, envs, versions}) => texts.map((text) => {
  const fit = window.runtimeFit;
  let r;
  try { r = fit.parseRequirement(text); } catch (e) { if (e instanceof Error) throw e; return { valid: false }; }
  return {
    valid: true, name: r.name, extras: [...r.extras].sort(), url: r.url, specifier: r.specifier.join(','),
    marker: r.marker ? fit.formatMarker(r.marker, true) : null,
    applies: envs.map(([python, machine]) =>
      r.marker ? fit.applies(r.marker, python, fit.environment(python, machine)) : true),
    contains: versions.map((v) => r.specifier.every((s) => window.runtimePep440.satisfies(v, s))),
  };
})"""


def test_requirements_and_markers_are_read_as_packaging_reads_them(fit_page: tuple[Page, Console],
                                                                 sample_model: Model) -> None:
    """Every requirement string parsed (or refused) as `Requirement` does, its specifier and marker
    written back as `str()` does, its marker evaluated as `Marker.evaluate` does in the environment of
    each Python of the sample's images, on this machine and another, and its specifier applied to
    versions as `SpecifierSet.contains(prereleases=True)` does (but for the known differences of the
    PEP 440 library, tests/browser/pep440.py, which these specifiers avoid)."""
    page, console = fit_page
    pythons = sorted({python for r in sample_model.releases for i in r.images
                      if (python := i.python_version or r.python_version) is not None})
    envs = [(python, machine) for python in pythons for machine in ("x86_64", "aarch64")]
    versions = ["0.9", "1.0", "1.0.post1", "1.2", "1.2.3", "1.4.2", "1.4.9", "1.5", "2.0", "2.0+astro.1", "2.1",
                "2.1.5", "2.9", "3.0", "1!2.0"]
    assert all((v, s.split(";")[0].removeprefix("pkg").strip()) not in EXPECTED_SATISFIES_DIFFERENCES
               for v in versions for s in REQUIREMENTS)
    got = page.evaluate(_ASK, {"texts": REQUIREMENTS, "envs": envs, "versions": versions})
    want = [_python_answer(t, envs, versions) for t in REQUIREMENTS]
    assert {t: g for t, g, w in zip(REQUIREMENTS, got, want, strict=True) if g != w} == {}
    # The list is not all one answer: valid and invalid strings, markers that apply and do not, undecided ones.
    assert {w["valid"] for w in want} == {True, False} and len(pythons) >= 2
    applies = {a if isinstance(a, bool) else "undecided" for w in want if w["valid"] for a in w["applies"]}
    assert applies == {True, False, "undecided"}
    assert console.errors == []
