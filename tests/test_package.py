"""The generator as a package: the wheel holds every module and every file read at run time, and
`runtime-docs` installed from it (no editable install, not the project's environment, run from a
folder outside the project) builds the embedded sample.

It builds the wheel from a copy of `pyproject.toml` and `generator/`, so nothing else of the project
can stand in for a missing file, and installs it in a fresh virtual environment, its dependencies from
PyPI at the versions of `constraints.txt`: up to half a minute, and the network; marked `install`, so
`-m "not install"` leaves these out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import _prog

from .conftest import PROJECT, SAMPLE, SAMPLE_TODAY


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`args` run in `cwd` with nothing pointing at the project: no PYTHONPATH, no active environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def _check(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    outside: Path
    """A folder outside the project, where the installed command runs."""

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run(self.outside, *args)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    shutil.copy(PROJECT / "pyproject.toml", source)
    shutil.copytree(PROJECT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    outside = work / "elsewhere"
    outside.mkdir()
    _check(_run(outside, sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"),
                str(source)))
    (wheel,) = (work / "dist").glob("runtime_docs-*.whl")
    _check(_run(outside, sys.executable, "-m", "venv", str(work / "venv")))
    _check(_run(outside, str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                "--disable-pip-version-check", str(wheel), "-c", str(PROJECT / "constraints.txt")))
    return Installed(wheel, work / "venv", outside)


def _files(folder: Path, pattern: str) -> set[str]:
    return {p.relative_to(PROJECT).as_posix() for p in folder.glob(pattern) if p.is_file()}


@pytest.mark.install
def test_the_wheel_holds_every_module_template_and_data_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    generator = PROJECT / "generator"
    expected = (_files(generator, "*.py") | _files(generator / "sources", "*.py") | _files(generator / "pages", "*.py")
                | _files(generator / "pages" / "templates", "*.j2") | _files(generator / "pages" / "assets", "*")
                | {"generator/data/curated.yaml"}
                | _files(SAMPLE, "**/*"))
    assert len(expected) > 250 and expected - names == set()
    assert "generator/sources/catalog.py" in names and "generator/pages/templates/release.md.j2" in names
    assert "generator/data/sample/metadata/versions.json" in names
    # Nothing but the package: no tests, no scripts, no top-level modules.
    assert {n.split("/")[0] for n in names} == {"generator", installed.wheel.name.split("-py3")[0] + ".dist-info"}


@pytest.mark.install
def test_help_names_the_command_the_user_typed(installed: Installed) -> None:
    script = _check(installed.run(str(installed.venv / "bin" / "runtime-docs"), "--help"))
    assert script.stdout.startswith("usage: runtime-docs ")
    module = _check(installed.run(str(installed.venv / "bin" / "python"), "-m", "generator", "--help"))
    assert module.stdout.startswith("usage: python -m generator ")
    wrong = installed.run(str(installed.venv / "bin" / "runtime-docs"), "build", "--today", "soon")
    assert wrong.returncode == 2 and wrong.stderr.splitlines()[-1].startswith("runtime-docs build: error: ")


@pytest.mark.install
def test_installed_command_builds_the_embedded_sample(installed: Installed) -> None:
    docs = installed.outside / "docs"
    proc = _check(installed.run(str(installed.venv / "bin" / "runtime-docs"), "build", "--docs", str(docs),
                                "--today", SAMPLE_TODAY.isoformat()))
    assert "Traceback" not in proc.stderr
    releases = {p.stem for p in (docs / "reference" / "releases").glob("*.md")} - {"index"}
    assert releases == {p.name for p in SAMPLE.iterdir() if (p / "Dockerfile").is_file()}
    # Its pages are those the project's own command writes: the same sample, curated facts and templates.
    here = installed.outside / "here"
    _check(_run(PROJECT, sys.executable, "-m", "generator", "build", "--quiet", "--docs", str(here), "--today",
                SAMPLE_TODAY.isoformat()))
    assert _tree(docs) == _tree(here) != {}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("argv0", "prog"), [
    ("/opt/venv/bin/runtime-docs", "runtime-docs"),
    (str(PROJECT / "generator" / "__main__.py"), "python -m generator"),
    ("-c", "python -m generator"),
])
def test_prog_from_argv0(argv0: str, prog: str) -> None:
    """What `--help` and usage errors call the command, from how it was started."""
    assert _prog(argv0) == prog
