"""The one-way path: only `sources/` reads the checkout, pages are a pure function of the model,
and no module reaches up to a layer above it."""

from __future__ import annotations

import ast
import builtins
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import diff, export, lifecycle, validate
from generator.model import Model
from generator.pages import TARGETS, render
from generator.pages.api import RETIRED, SCHEMAS
from generator.pages.compare import compare_json, diff_json
from generator.pages.fit_data import FIT_FILES
from generator.pages.render import release_note, render_diff
from generator.sources.curated import read_curated

from .conftest import PROJECT, SAMPLE_TODAY

PACKAGE = PROJECT / "generator"
# Who may import whom, by layer: a module may import its own layer and the ones listed.
LAYERS = {
    "base": set(),  # errors, versions, model and its notes, the package itself
    "sources": {"base"},
    "computations": {"base"},  # diff, lifecycle, validate, export, fit
    "pages": {"base", "computations"},
    "output": {"base"},
    "cli": {"base", "sources", "computations", "pages", "output", "sitecheck"},
    "sitecheck": set(),
}
# Modules allowed to touch the file system: the readers of the checkout, the writer of the docs
# tree, and the link checker of a built site.
FILE_SYSTEM = {"sources", "output", "sitecheck"}
_OPENERS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "scandir", "listdir", "walk", "stat",
            "lstat", "iterdir", "glob", "rglob", "mkdir", "unlink", "rename", "exists", "is_file",
            "is_dir", "readlink", "realpath", "mkfifo"}


def _layer(module: str) -> str:
    first = [*module.split("."), ""][1]
    if first in ("", "errors", "versions", "model", "notes"):
        return "base"
    if first in ("diff", "lifecycle", "validate", "export", "fit"):
        return "computations"
    return "cli" if first == "__main__" else first


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(rel[:-1] if rel[-1] == "__init__" else rel)
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def _imports(name: str, tree: ast.Module, is_package: bool = False) -> set[str]:
    """The `generator` modules `name` imports, relative imports resolved."""
    found = set()
    package = name.split(".") if is_package or (PACKAGE / "/".join(name.split(".")[1:]) / "__init__.py").exists() \
        else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
                if not node.module:
                    found.update(".".join([*base, alias.name]) for alias in node.names)
            elif node.module and node.module.startswith("generator"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return {f for f in found if f != "generator"}


def test_no_module_reaches_up_a_layer() -> None:
    wrong = []
    for name, tree in _modules():
        if name == "generator":
            continue
        mine = _layer(name)
        for target in _imports(name, tree):
            theirs = _layer(target)
            if theirs != mine and theirs not in LAYERS[mine]:
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_the_layer_rule_sees_an_upward_import() -> None:
    """The rule above is not vacuous: an import of the readers from a page module is caught."""
    tree = ast.parse("from ..sources import load\n")
    assert {_layer(t) for t in _imports("generator.pages.render", tree)} == {"sources"}
    assert "sources" not in LAYERS["pages"]


def test_only_sources_output_and_sitecheck_touch_files() -> None:
    wrong = []
    for name, tree in _modules():
        if _layer(name) in FILE_SYSTEM | {"cli"}:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if called in _OPENERS:
                    wrong.append(f"{name}:{node.lineno}: {called}()")
    assert wrong == []


def test_computations_and_pages_read_no_file(sample_model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a model, everything after reading runs with the file system switched off."""
    curated = read_curated()
    old, new = sample_model.by_version["3.0-4"], sample_model.by_version["3.1-1"]
    # The program's own templates load on first use, then stay compiled: use each once.
    targets = [kind() for kind in TARGETS.values()]
    for target in targets:
        dict(render(sample_model, target, curated, SAMPLE_TODAY))
    release_note(sample_model, new, curated, SAMPLE_TODAY)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"file system used: {args!r}")

    with monkeypatch.context() as patched:  # undone before pytest itself needs the file system again
        for module, name in [(builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "lstat"),
                             (os, "scandir"), (os, "listdir"), (Path, "open"), (Path, "stat")]:
            patched.setattr(module, name, refused)
        try:
            sites = [dict(render(sample_model, target, curated, SAMPLE_TODAY)) for target in targets]
            made = [validate.validate(sample_model), lifecycle.lifecycles(sample_model, SAMPLE_TODAY),
                    diff.diff_releases(old, new), export.export_json(sample_model), compare_json(sample_model, str),
                    diff_json(old, new), render_diff(old, new), release_note(sample_model, new, curated, SAMPLE_TODAY)]
            used = None
        except AssertionError as exc:
            used = str(exc)
    assert used is None
    packages = {p.key for r in sample_model.releases for i in r.images for p in i.packages}
    # A page per release and per package, the packages' index, the compare data and each site's own pages:
    # MkDocs' architecture, releases index, lifecycle, compare, the home page's snippet, the PEP 440
    # script, the script and styles; Docusaurus' releases index, compare, provider reference, seven
    # partials (the six tables and what to run today), client module, PEP 440 script, script, styles
    # and sidebar.
    # And on each, the "Will my requirements fit?" page, its data and its script.
    own = {"mkdocs": 8 + FIT_FILES, "docusaurus": 15 + FIT_FILES}
    # And on each, the data API and the release feed: a file per release, the cycles, the releases
    # index, each kind's schema (and the retired ones), and the feed.
    api = len(sample_model.releases) + 2 + len(SCHEMAS) + len(RETIRED) + 1
    for target, pages in zip(targets, sites, strict=True):
        assert len(pages) == len(sample_model.releases) + len(packages) + 2 + own[target.name] + api, target.name
    assert all(made)
