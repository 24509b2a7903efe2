"""What both sites' "Will my requirements fit?" tests share: the fixture flattened into one text
(the page cannot follow includes), the CLI's answer on that text (the oracle), and the page's
answer read from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from generator.cli import main

from ..conftest import PROJECT

FIXTURE = PROJECT / "tests" / "fixtures" / "fit"
_INCLUDE = re.compile(r"^-[rc]\s*(\S+)")


def flattened() -> str:
    """The fixture's requirements.txt with each `-r`/`-c` line replaced by the file it includes, as
    a reader pastes it."""
    out = []
    for line in (FIXTURE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        included = _INCLUDE.match(line)
        out.append((FIXTURE / included.group(1)).read_text(encoding="utf-8").rstrip("\n") if included else line)
    return "\n".join(out) + "\n"


def cli_answer(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    """`fit FILE --format json` on `text` written to a file: exit code, answer, and standard error."""
    path = tmp_path / "requirements.txt"
    path.write_text(text, encoding="utf-8")
    code = main(["fit", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else {}), err


def without_file(value: Any) -> Any:
    """The answer without the file names (the CLI's path, the page's "requirements.txt")."""
    if isinstance(value, dict):
        return {k: without_file(v) for k, v in value.items() if k != "file"}
    if isinstance(value, list):
        return [without_file(v) for v in value]
    return value


def as_cli(answer: dict[str, Any]) -> dict[str, Any]:
    """The page's answer with the fields the CLI's JSON has, and nothing else."""
    keys = ("version", "prerelease", "yanked", "fits", "images")
    shaped: dict[str, Any] = without_file({
        "chosen": answer["chosen"], "fitting": answer["fitting"],
        "not_checked": [{k: v for k, v in n.items() if k != "include"} for n in answer["not_checked"]],
        "releases": [{k: r[k] for k in keys} for r in answer["releases"]]})
    return shaped


def expected(cli: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = without_file({k: cli[k] for k in ("chosen", "fitting", "not_checked", "releases")})
    return shaped


def paste_and_check(page: Page, text: str) -> None:
    """Paste `text` into the page's box, press Check, wait for the answer."""
    root = page.locator(".rt-fit")
    page.wait_for_function("() => !document.querySelector('.rt-fit-check').disabled")
    before = int(root.get_attribute("data-rt-checked") or 0)
    page.fill(".rt-fit-input", text)
    page.click(".rt-fit-check")
    page.wait_for_function("(n) => Number(document.querySelector('.rt-fit').getAttribute('data-rt-checked') || 0) > n "
                           "|| document.querySelector('.rt-fit-result').hasAttribute('data-rt-error-line')", arg=before)


def page_answer(page: Page, text: str) -> dict[str, Any]:
    """`window.runtimeFit.check` on the data the page loaded."""
    answer: dict[str, Any] = page.evaluate(
        "(text) => window.runtimeFit.check(text, document.querySelector('.rt-fit').runtimeFitData)", text)
    return answer


def shown(page: Page) -> dict[str, Any]:
    """What the page shows: each release's row (fits, and its conflicts by line, pin and images), the
    releases it says fit, and the lines it did not check."""
    rows: dict[str, Any] = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.rt-fit-result tr[data-version]')].map((tr) => [tr.dataset.version, {
          fits: tr.dataset.fits === 'true',
          conflicts: [...tr.querySelectorAll('.rt-fit-conflict')].map((c) =>
            [Number(c.dataset.line), c.dataset.package, c.dataset.pinned, c.dataset.images.split(',')]),
        }]))""")
    fitting = page.locator(".rt-fit-fitting").inner_text()
    not_checked = [int(n) for n in page.eval_on_selector_all(".rt-fit-not-checked li",
                                                             "all => all.map((li) => li.dataset.line)")]
    order = page.eval_on_selector_all(".rt-fit-result tr[data-version]", "all => all.map((tr) => tr.dataset.version)")
    return {"rows": rows, "fitting": fitting, "not_checked": not_checked, "order": order}


def expected_shown(cli: dict[str, Any]) -> dict[str, Any]:
    """What the page must show for the CLI's answer: the conflicts grouped as `fit._grouped` does."""
    rows = {}
    for r in cli["releases"]:
        grouped: dict[tuple[Any, ...], list[str]] = {}
        for image in r["images"]:
            for c in image["conflicts"]:
                grouped.setdefault((c["line"], c["package"], c["pinned"]), []).append(image["image"])
        rows[r["version"]] = {"fits": r["fits"], "conflicts": [[*k, v] for k, v in grouped.items()]}

    def label(r: dict[str, Any]) -> str:
        marks = [m for m, on in (("pre-release", r["prerelease"]), ("yanked", r["yanked"])) if on]
        return f"{r['version']} ({', '.join(marks)})" if marks else r["version"]

    fitting = [label(r) for r in cli["releases"] if r["fits"]]
    return {"rows": rows, "order": [r["version"] for r in cli["releases"]],
            "fitting": f"Releases that accept every line ({len(fitting)}, newest first): "
                       f"{', '.join(fitting) or 'none'}.",
            "not_checked": [n["line"] for n in cli["not_checked"]]}
