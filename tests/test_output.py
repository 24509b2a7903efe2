"""The writer: every page or nothing, whatever fails, and only the generator's own pages touched."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import output
from generator.cli import main
from generator.pages import MKDOCS
from generator.pages.sites import DOCUSAURUS

from .conftest import PROJECT, SAMPLE
from .helpers import make_checkout

MARKER = MKDOCS.marker


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder below `folder`: a folder shows as None-like b"<dir>"."""
    return {p.relative_to(folder).as_posix(): (b"<dir>" if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sample whose every release page changes (Python 3.11 becomes 3.12), and docs
    built from the original: a build from the copy rewrites a hundred pages."""
    docs = tmp_path / "docs"
    assert main(["build", "--docs", str(docs), "--quiet"]) == 0
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    catalog = repo / "metadata" / "versions.json"
    catalog.write_text(catalog.read_text().replace('"stable"', '"deprecated"'))
    return repo, docs


def test_commit_writes_changed_pages_only_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "same.md").write_text("same\n")
    os.utime(tmp_path / "same.md", (1, 1))
    with output.Transaction(tmp_path) as transaction:
        change = output.plan([("same.md", "same\n"), ("new/page.md", "new\n")], tmp_path, MARKER, transaction)
        assert (change.changed, change.unchanged) == (["new/page.md"], ["same.md"])
        assert not (tmp_path / "new" / "page.md").exists()  # staged beside it, not yet in place
        transaction.commit(change.remove)
    assert snapshot(tmp_path) == {"new": b"<dir>", "new/page.md": b"new\n", "same.md": b"same\n"}
    assert (tmp_path / "same.md").stat().st_mtime == 1  # unchanged: not written at all


@pytest.mark.parametrize("fail_at", [0, 1, 40])
def test_a_failed_write_leaves_the_tree_as_it_was(built: tuple[Path, Path], fail_at: int,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    repo, docs = built
    before = snapshot(docs)
    real_open, calls = os.open, []

    def full_disk(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            calls.append(path)
            if len(calls) > fail_at:
                raise OSError(errno.ENOSPC, "No space left on device", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", full_disk)
    assert main(["build", "--repo", str(repo), "--docs", str(docs)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1  # one line, naming the page
    assert err[0].startswith(str(docs / "reference")) and "no space left on the device" in err[0]
    assert snapshot(docs) == before


def test_a_new_folder_made_before_a_failure_is_taken_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "fdopen", refuse)
    with pytest.raises(Exception, match=r"c\.md: cannot be written"), output.Transaction(tmp_path / "docs") as t:
        output.plan([("a/b/c.md", "x\n")], tmp_path / "docs", MARKER, t)
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_existing_page_stops_before_anything_is_written(built: tuple[Path, Path],
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    repo, docs = built
    page = docs / "reference" / "releases" / "9.1.0.md"
    page.write_bytes(b"\xff\xfe not utf-8")
    before = snapshot(docs)
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"{page}: error: existing page cannot be read: not UTF-8 text"
    assert snapshot(docs) == before


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_page_cannot_replace_a_folder_or_a_fifo(built: tuple[Path, Path], kind: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo, docs = built
    page = docs / "reference" / "releases" / "9.1.0.md"
    page.unlink()
    page.mkdir() if kind == "folder" else os.mkfifo(page)
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert not [p for p in docs.rglob("*") if p.name.startswith(output.TEMP_PREFIX)]


def test_a_page_name_too_long_for_the_file_system_stops_the_build(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    version = "1.0.0-" + "a" * 247  # a legal folder name (253 bytes); its page, with ".md", is not
    repo = make_checkout(tmp_path / "repo", {version: {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    docs = tmp_path / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 2
    assert "file name too long for the file system" in capsys.readouterr().err
    assert not docs.exists()


def test_a_killed_build_leaves_whole_old_pages_and_the_next_build_cleans_up(built: tuple[Path, Path]) -> None:
    repo, docs = built
    before = snapshot(docs)
    script = textwrap.dedent(f"""
        import os, signal
        real, count = os.replace, [0]
        def replace_then_die(a, b):
            os.kill(os.getpid(), signal.SIGKILL)  # every temporary file written, none renamed
        os.replace = replace_then_die
        from generator.cli import main
        main(["build", "--repo", {str(repo)!r}, "--docs", {str(docs)!r}, "--quiet"])
    """)
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(PROJECT)},
                          capture_output=True)
    assert proc.returncode == -9
    now = snapshot(docs)
    temps = [k for k in now if k.rpartition("/")[2].startswith(output.TEMP_PREFIX)]
    assert len(temps) > 100  # the run had written its pages, beside the targets...
    assert {k: v for k, v in now.items() if k not in temps} == before  # ...and changed none of them
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 1  # check ignores them, writes nothing
    assert snapshot(docs) == now
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    assert not [p for p in docs.rglob("*") if p.name.startswith(output.TEMP_PREFIX)]
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0


def test_only_pages_that_start_with_the_marker_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "old.md").write_text(MARKER + "\n# Old generated page\n")
    (folder / "quoting.md").write_text("# A page about the generator\n\nIts pages start with:\n\n" + MARKER + "\n")
    (folder / "old.json").write_text(MARKER + "\n")  # not a page
    with output.Transaction(folder) as transaction:
        change = output.plan([("new.md", MARKER + "\n# New\n")], folder, MARKER, transaction)
        assert change.remove == ["old.md"]
        transaction.commit(change.remove)
    assert sorted(p.name for p in folder.iterdir()) == ["new.md", "old.json", "quoting.md"]


def test_an_mdx_page_is_ours_when_the_marker_follows_its_front_matter(tmp_path: Path) -> None:
    """Docusaurus reads front matter only at the very top, so its pages carry the marker after it."""
    marker = DOCUSAURUS.marker
    (tmp_path / "old.md").write_text(f"---\nid: old\ntitle: Old\n---\n{marker}\n\n# Old\n")
    (tmp_path / "mine.md").write_text(f"---\nid: mine\n---\n# Mine\n\n{marker}\n")
    assert output.plan([], tmp_path, marker).remove == ["old.md"]
