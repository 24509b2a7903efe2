"""Work spread over processes gives exactly what one process gives, errors included."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator import workers
from generator.checkout import load
from generator.cli import main
from generator.curated import read_curated
from generator.errors import InputError, WorkerDied
from generator.export import export_json
from generator.markdown import MARKER
from generator.render import render_pages

from .conftest import PROJECT, SAMPLE, SAMPLE_TODAY


@pytest.fixture
def two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two worker processes, however small the work (the sample is below the automatic threshold)."""
    monkeypatch.setenv("RUNTIME_DOCS_WORKERS", "2")


@pytest.fixture
def one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNTIME_DOCS_WORKERS", "1")


def _pids(part: Sequence[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in part]


def _slow_pids(part: Sequence[int]) -> list[tuple[int, int]]:
    """Chunks that take a while, so one worker cannot take them all before the other has started."""
    time.sleep(0.02)
    return _pids(part)


def test_chunks_come_back_in_order_from_other_processes(two: None) -> None:
    items = list(range(1000))
    with workers.Chunks(_slow_pids, items) as parts:
        got = [r for part in parts for r in part]
    assert [square for square, _ in got] == [n * n for n in items]
    pids = {pid for _, pid in got}
    assert os.getpid() not in pids and len(pids) == 2


def test_chunks_in_this_process_when_asked_for_one(one: None) -> None:
    with workers.Chunks(_pids, list(range(300))) as parts:
        got = [r for part in parts for r in part]
    assert {pid for _, pid in got} == {os.getpid()}
    assert len(got) == 300


def test_items_and_work_are_inherited_not_pickled(two: None) -> None:
    """A lock cannot be pickled: the workers still see the very objects (fork), and a closure works."""
    locks = [threading.Lock() for _ in range(40)]
    seen = {id(lock) for lock in locks}

    def work(part: Sequence[threading.Lock]) -> list[bool]:
        return [id(lock) in seen and not lock.locked() for lock in part]

    with workers.Chunks(work, locks) as parts:
        assert all(r for part in parts for r in part)


def test_an_error_in_a_worker_reaches_the_caller_whole(two: None) -> None:
    def work(part: Sequence[int]) -> list[int]:
        if 77 in part:
            raise InputError("some/Dockerfile", "LABEL refers to X", 7)
        return list(part)

    got: list[int] = []
    with pytest.raises(InputError) as err, workers.Chunks(work, list(range(200))) as parts:
        for part in parts:
            got.extend(part)
    assert (err.value.path, err.value.line, err.value.message) == ("some/Dockerfile", 7, "LABEL refers to X")
    assert got == list(range(len(got))) and len(got) < 77  # earlier chunks first, as a loop gives them


def test_input_error_survives_pickling() -> None:
    err = pickle.loads(pickle.dumps(InputError("a/b.txt", "not a pin", 3)))
    assert str(err) == "a/b.txt:3: not a pin"


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNTIME_DOCS_WORKERS", raising=False)
    assert workers.count(workers.MIN_ITEMS - 1) == 1  # too little work to pay for processes
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert workers.count(10_000) == 1  # one core
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert workers.count(10_000) == 3
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers.count(10_000) == 1  # no fork (Windows): this process


def test_worker_setting_must_be_a_number(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("RUNTIME_DOCS_WORKERS", "many")
    assert main(["build", "--docs", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err == "RUNTIME_DOCS_WORKERS: error: must be a whole number of processes, not 'many'\n"
    assert not (tmp_path / "docs").exists()


def _loaded(monkeypatch: pytest.MonkeyPatch, setting: str) -> tuple[str, dict[str, str]]:
    monkeypatch.setenv("RUNTIME_DOCS_WORKERS", setting)
    model = load(SAMPLE)
    pins = [p for r in model.releases for i in r.images for p in i.packages]
    # One object per pin across the whole model, whichever process read it.
    assert len({id(p) for p in pins}) == len({(p.name, p.version) for p in pins})
    return export_json(model) + "\n".join(map(str, model.findings)), render_pages(model, read_curated(), SAMPLE_TODAY)


def test_parallel_reading_and_rendering_give_the_same_model_and_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _loaded(monkeypatch, "2") == _loaded(monkeypatch, "1")


def test_parallel_build_writes_what_a_serial_one_writes_and_check_agrees(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    docs = {}
    for setting in ("1", "2"):
        monkeypatch.setenv("RUNTIME_DOCS_WORKERS", setting)
        docs[setting] = tmp_path / setting
        args = ["--docs", str(docs[setting]), "--today", SAMPLE_TODAY.isoformat(), "--no-cache"]
        assert main(["build", "--quiet", *args]) == 0
        assert main(["check", *args]) == 0
    first, second = (sorted(p.relative_to(docs[s]) for p in docs[s].rglob("*") if p.is_file()) for s in ("1", "2"))
    assert first == second
    assert all((docs["1"] / p).read_bytes() == (docs["2"] / p).read_bytes() for p in first)
    page = docs["2"] / "reference" / "releases" / "3.1-1.md"
    page.write_text(page.read_text() + "edited\n")
    assert main(["check", "--docs", str(docs["2"]), "--today", SAMPLE_TODAY.isoformat(), "--no-cache"]) == 1


def test_bad_file_read_in_a_worker_is_exit_2_and_nothing_written(tmp_path: Path, two: None,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    dockerfile = repo / "3.1-1" / "Dockerfile"
    text = dockerfile.read_text()
    dockerfile.write_text(text.replace("LABEL io.astronomer.docker.runtime.version",
                                       'LABEL x="$UNDECLARED" io.astronomer.docker.runtime.version', 1))
    docs = tmp_path / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{dockerfile}:") and "UNDECLARED" in err[0], err
    assert not docs.exists()


def test_ctrl_c_stops_a_parallel_build_quietly(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the workers leave it to the parent, which exits 130
    with no traceback from anyone, and every page is whole."""
    repo, docs = tmp_path / "repo", tmp_path / "docs"
    subprocess.run([sys.executable, str(PROJECT / "scripts" / "synth.py"), str(repo), "600"], check=True)
    env = {**os.environ, "RUNTIME_DOCS_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--repo", str(repo), "--docs", str(docs),
                             "--no-cache"], cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    releases = docs / "reference" / "releases"
    deadline = time.monotonic() + 60
    while not (releases.is_dir() and any(releases.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert all(MARKER in page.read_text() for page in releases.glob("*.md"))


def test_a_worker_killed_from_outside_is_one_line_not_a_hang(two: None, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def killed(part: Sequence[int]) -> list[int]:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return list(part)

    with pytest.raises(WorkerDied, match="a worker process died"), workers.Chunks(killed, list(range(50))) as parts:
        list(parts)
    monkeypatch.setattr("generator.render.render_release", lambda *args: killed([]))
    assert main(["build", "--docs", str(tmp_path / "docs"), "--no-cache"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("error: a worker process died") and "Traceback" not in "\n".join(err)
