"""The browser's PEP 440 library: `generator/pages/assets/pep440.js`, committed, is what
`js/pep440/build.mjs` makes from the versions `js/pep440/package-lock.json` pins, and the generator
writes it as it is beside the pages of both sites.

The build needs node and `js/pep440/node_modules`: when that install is missing or is not what the
lockfile pins, the test runs `npm ci` there first (as `make pep440` does). With no node or npm the
test skips, saying so, or fails under CI. Its answers are compared with `packaging` in
tests/browser/test_pep440.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest

from generator.model import Model
from generator.pages import Docusaurus, MkDocs, contents, render
from generator.pages.target import CODE_MARKER
from generator.sources.curated import read_curated

from ..conftest import PROJECT, SAMPLE_TODAY
from ..docusaurus.conftest import in_ci

JS = PROJECT / "js" / "pep440"
BUNDLE = PROJECT / "generator" / "pages" / "assets" / "pep440.js"
LIBRARY = "@renovatebot/pep440"
TOOLS = (LIBRARY, "esbuild")


def _lock() -> dict[str, dict[str, object]]:
    packages: dict[str, dict[str, object]] = json.loads((JS / "package-lock.json").read_text())["packages"]
    return packages


def _installed_as_locked() -> bool:
    """Whether node_modules holds what the lockfile pins: npm's record of the install
    (`node_modules/.package-lock.json`) lists each package at the version and integrity the lockfile
    gives, and each package's own package.json says that version."""
    record = JS / "node_modules" / ".package-lock.json"
    if not record.is_file():
        return False
    installed = json.loads(record.read_text())["packages"]
    for path, entry in _lock().items():
        if not path or (entry.get("optional") and path not in installed):
            continue  # the project itself; an optional package for another platform
        found = installed.get(path)
        if found is None or (found.get("version"), found.get("integrity")) != (entry.get("version"),
                                                                               entry.get("integrity")):
            return False
        manifest = JS / path / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text()).get("version") != entry.get("version"):
            return False
    return True


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        (pytest.fail if in_ci() else pytest.skip)(f"{name} is not installed: js/pep440 builds with Node.js")
    return str(found)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """What `node build.mjs` writes from the installed packages, `npm ci` first if they are not the
    lockfile's."""
    node = _tool("node")
    if not _installed_as_locked():
        done = subprocess.run([_tool("npm"), "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, f"npm ci in {JS} failed:\n{done.stderr}"
        assert _installed_as_locked(), "npm ci did not install what package-lock.json pins"
    out = tmp_path_factory.mktemp("pep440") / "pep440.js"
    done = subprocess.run([node, "build.mjs", str(out)], cwd=JS, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"node build.mjs failed:\n{done.stderr}"
    return out.read_bytes()


def test_the_committed_bundle_is_what_the_lockfile_builds(built: bytes) -> None:
    committed = BUNDLE.read_bytes()
    if committed != built:
        at = next((i for i, (a, b) in enumerate(zip(committed, built, strict=False)) if a != b),
                  min(len(committed), len(built)))
        pytest.fail(f"{BUNDLE.relative_to(PROJECT)} is not what js/pep440/build.mjs builds from the lockfile "
                    f"({len(committed)} bytes committed, {len(built)} built, first difference at byte {at}): "
                    "run `make pep440` and commit the bundle")


def test_the_build_is_deterministic(built: bytes, tmp_path: Path) -> None:
    """Built again, byte for byte the same: no timestamp, and no path of this machine in it."""
    out = tmp_path / "again.js"
    subprocess.run([_tool("node"), "build.mjs", str(out)], cwd=JS, check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == built
    text = built.decode()
    assert str(PROJECT) not in text and "/tmp/" not in text and "node_modules" not in text


def test_the_versions_are_pinned_exactly_and_locked() -> None:
    """package.json pins each tool at one version, the lockfile holds that version, and the bundle's
    licence header names the library's locked version: a bundle from another version cannot pass."""
    manifest = json.loads((JS / "package.json").read_text())
    pins = manifest["devDependencies"]
    assert set(pins) == set(TOOLS) and "dependencies" not in manifest
    lock = _lock()
    for name, pin in pins.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", pin), f"{name} is not pinned to one version: {pin}"
        assert lock[f"node_modules/{name}"]["version"] == pin
    assert pins[LIBRARY].startswith("4.")
    header = BUNDLE.read_text().split("*/", 1)[0]
    assert header.startswith("/*!\n") and f"{LIBRARY} {pins[LIBRARY]} (Apache-2.0)" in header
    assert "Copyright (c) Donald Stufft and individual contributors." in header  # the BSD licence, whole


def test_the_bundle_sets_only_window_runtime_pep440() -> None:
    """One IIFE, after the licence: it sets `window.runtimePep440` and no other global, and loads nothing."""
    code = BUNDLE.read_text().split("*/", 1)[1].strip()
    assert code.startswith("(()=>{") and code.endswith("})();")
    assert re.findall(r"window\.\w+", code) == ["window.runtimePep440"]
    assert not re.search(r"\b(?:import|require|fetch|XMLHttpRequest)\b", code)


def test_vendored_assets_are_copied_not_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Minified code may hold what Jinja reads as a tag: a vendored asset is written as it is."""
    odd = "var a={{}};/*{#*/b={%s:1};c='{{ rules }}';\n"
    monkeypatch.setattr(contents, "_LOADER", jinja2.DictLoader({"pep440.js": odd}))
    assert "pep440.js" in contents.VENDORED
    assert contents.asset.__wrapped__("pep440.js") == f"{CODE_MARKER}\n{odd}"


def test_both_sites_get_the_bundle_as_it_is(sample_model: Model) -> None:
    """The generator writes the committed file, marked, beside the pages of each site; the MkDocs site
    lists it before reference.js, and the Docusaurus client module loads it first."""
    expected = f"{CODE_MARKER}\n{BUNDLE.read_text()}"
    curated = read_curated()
    mkdocs = dict(render(sample_model, MkDocs(), curated, SAMPLE_TODAY))
    docusaurus = dict(render(sample_model, Docusaurus(), curated, SAMPLE_TODAY))
    assert mkdocs["reference/assets/pep440.js"] == expected
    assert docusaurus["src/runtime/pep440.js"] == expected
    config = (PROJECT / "mkdocs.yml").read_text()
    scripts = re.findall(r"^  - (reference/assets/\S+\.js)$", config, re.M)
    assert scripts.index("reference/assets/pep440.js") < scripts.index("reference/assets/reference.js")
    client = docusaurus["src/runtime/clientModule.js"]
    assert client.index("require('./pep440.js')") < client.index("require('./reference.js')")
