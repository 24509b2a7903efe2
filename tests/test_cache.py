"""The no-change shortcut: taken only when inputs and pages are exactly as last time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cache import cache_dir, fingerprint
from generator.checkout import load
from generator.cli import main

from .conftest import SAMPLE


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "repo")
    return tmp_path / "repo"


def _build(repo: Path, docs: Path, *extra: str) -> int:
    return main(["build", "--repo", str(repo), "--docs", str(docs), "--today", "2026-11-23", *extra])


def _mtimes(docs: Path) -> dict[str, int]:
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def test_unchanged_inputs_and_pages_skip_the_work(repo: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    assert _build(repo, docs) == 0
    assert "pages written" in capsys.readouterr().out
    before = _mtimes(docs)
    assert _build(repo, docs) == 0
    out = capsys.readouterr().out
    assert "inputs unchanged since the last build; 0 pages written" in out
    assert _mtimes(docs) == before
    assert main(["check", "--repo", str(repo), "--docs", str(docs), "--today", "2026-11-23"]) == 0
    # The cache is outside the docs tree.
    assert list(cache_dir().glob("*.json")) and not any(p.suffix == ".json" and "cache" in p.name
                                                        for p in docs.rglob("*"))


def test_a_changed_pin_is_always_rebuilt(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    assert _build(repo, docs) == 0
    pins = repo / "3.1-3" / "build-time-pip-constraints.txt"
    stat = pins.stat()
    text = pins.read_text()
    changed = text.replace("apache-airflow-providers-amazon==9.16.0", "apache-airflow-providers-amazon==9.16.1")
    assert changed != text and len(changed) == len(text)
    pins.write_text(changed)
    os.utime(pins, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: only the content differs
    capsys.readouterr()
    assert _build(repo, docs) == 0
    assert "inputs unchanged" not in capsys.readouterr().out
    assert "9.16.1" in (docs / "reference" / "releases" / "3.1-3.md").read_text()


def test_a_hand_edited_page_or_another_day_is_a_miss(repo: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    assert _build(repo, docs) == 0
    page = docs / "reference" / "architecture.md"
    page.write_text(page.read_text() + "edited\n")
    assert main(["check", "--repo", str(repo), "--docs", str(docs), "--today", "2026-11-23"]) == 1
    assert _build(repo, docs) == 0
    assert "edited" not in page.read_text()
    capsys.readouterr()
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--today", "2025-06-01"]) == 0
    assert "inputs unchanged" not in capsys.readouterr().out


def test_a_damaged_cache_is_a_miss_not_an_error(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    assert _build(repo, docs) == 0
    for f in cache_dir().glob("*.json"):
        f.write_text("{not json")
    capsys.readouterr()
    assert _build(repo, docs) == 0
    assert "inputs unchanged" not in capsys.readouterr().out
    assert _build(repo, docs, "--no-cache") == 0


def test_fingerprint_follows_content_names_and_extras(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.txt").write_text("one")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x")
    first = fingerprint([tmp_path], ["2026-11-23"])
    (tmp_path / ".git" / "index").write_text("y")  # dot-folders are not inputs
    assert fingerprint([tmp_path], ["2026-11-23"]) == first
    assert fingerprint([tmp_path], ["2026-11-24"]) != first
    (tmp_path / "a" / "f.txt").write_text("two")
    assert fingerprint([tmp_path], ["2026-11-23"]) != first
    (tmp_path / "a" / "f.txt").rename(tmp_path / "a" / "g.txt")
    assert fingerprint([tmp_path], ["2026-11-23"]) not in (first,)


def test_digests_taken_while_reading_give_the_fingerprint_of_a_full_read(repo: Path) -> None:
    """A build records the fingerprint from what its (worker) reads hashed; the next run reads everything."""
    digests: dict[str, bytes] = {}
    model = load(repo, digests=digests)
    assert len(digests) == 2 * sum(len(r.images) for r in model.releases)  # each Dockerfile and constraints file
    assert fingerprint([repo], ["x"], digests) == fingerprint([repo], ["x"])
    # The known digests are what counts, not a second read:
    assert fingerprint([repo], ["x"], dict.fromkeys(digests, bytes(32))) != fingerprint([repo], ["x"])
