from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.files import subdirectories
from generator.output import atomic_write

from .conftest import PROJECT, SAMPLE


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a" / "page.md", "new\n")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["page.md"]


def test_build_killed_after_first_page_leaves_whole_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    assert main(["build", "--docs", str(docs), "--quiet"]) == 0
    old = {p: p.read_bytes() for p in docs.rglob("*.md")}
    # New content for every page: Python 3.11 becomes 3.12 in all 9.x Dockerfiles of a copy.
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    for df in repo.glob("9.*/Dockerfile"):
        df.write_text(df.read_text().replace('PYTHON_MAJOR_MINOR_VERSION="3.11"', 'PYTHON_MAJOR_MINOR_VERSION="3.12"'))
    script = textwrap.dedent(f"""
        import os, signal, sys
        import generator.output as out
        real = out.atomic_write
        def write_then_die(path, content):
            real(path, content)
            os.kill(os.getpid(), signal.SIGKILL)
        out.atomic_write = write_then_die
        from generator.cli import main
        main(["build", "--repo", {str(repo)!r}, "--docs", {str(docs)!r}, "--quiet"])
    """)
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(PROJECT)},
                          capture_output=True)
    assert proc.returncode == -9
    now = {p: p.read_bytes() for p in docs.rglob("*.md")}
    assert set(now) == set(old)
    changed = [p for p in now if now[p] != old[p]]
    assert len(changed) == 1  # exactly the page written before the kill, complete
    assert now[changed[0]].endswith(b"\n") and b"3.12" in now[changed[0]]
    assert not [p for p in docs.rglob("*") if p.name.endswith(".tmp")]
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0


def test_unreadable_directory_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: object) -> None:
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(InputError, match="cannot be read: permission denied"):
        subdirectories(tmp_path)
