"""Hostile file system entries in a checkout, end to end through `python -m generator`.

A checkout is someone else's folder: a FIFO would hang a plain `open`, a link to
/dev/zero would flood it, a link loop or a link out of the checkout would read
something that is not the checkout. Each run is a subprocess with a timeout, so a
hang fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import InputError, printable
from generator.sources.files import Root, _read_regular

from ..conftest import PROJECT
from ..helpers import make_checkout
from .test_catalog import refused

Setup = Callable[[Path], Path]


def checkout(tmp_path: Path) -> Path:
    repo = make_checkout(tmp_path / "repo", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1.0"}}})
    (repo / "CHANGELOG.md").write_text("## 1.0.0 (2024-01-01)\n\nFirst.\n")
    return repo


def run(command: str, repo: Path, docs: Path) -> subprocess.CompletedProcess[str]:
    args = [command, "--repo", str(repo)] + (["--docs", str(docs), "--quiet"] if command == "build" else [])
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(tmp_path: Path, repo: Path, culprit: Path, message: str,
                   commands: tuple[str, ...] = ("build", "validate")) -> None:
    """Exit 2 with one line that starts with exactly `culprit` (not its folder, not a file below it)."""
    docs = tmp_path / "docs"
    (docs / "reference").mkdir(parents=True, exist_ok=True)
    (docs / "reference" / "architecture.md").write_text("old page\n")
    for command in commands:
        proc = run(command, repo, docs)
        assert proc.returncode == 2, (command, proc.stderr)
        assert proc.stdout == "" and "Traceback" not in proc.stderr, proc.stderr
        (line,) = proc.stderr.splitlines()
        assert re.fullmatch(rf"{re.escape(str(culprit))}(:\d+)?: error: .+", line), line
        assert message in line, line
    assert snapshot(docs) == {"reference/architecture.md": b"old page\n"}


def assert_builds(tmp_path: Path, repo: Path) -> None:
    proc = run("build", repo, tmp_path / "docs")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (tmp_path / "docs" / "reference" / "releases" / "1.0.0.md").is_file()


# ---- special files: never opened where an input is read, never looked at elsewhere ----

INPUTS = {
    "catalog": "metadata/versions.json",
    "dockerfile": "1.0.0/Dockerfile",
    "variant-dockerfile": "1.0.0/slim/Dockerfile",
    "constraints": "1.0.0/build-time-pip-constraints.txt",
    "changelog": "CHANGELOG.md",
    "config": "runtime-docs.yaml",
}


@pytest.mark.parametrize("rel", INPUTS.values(), ids=INPUTS.keys())
def test_fifo_as_an_input_is_refused_not_waited_on(tmp_path: Path, rel: str) -> None:
    repo = checkout(tmp_path)
    fifo = repo / rel
    if fifo.exists():
        fifo.unlink()
    fifo.parent.mkdir(exist_ok=True)
    os.mkfifo(fifo)
    assert_refused(tmp_path, repo, fifo, "is a FIFO (named pipe), not a regular file")


def _hang(signum: int, frame: object) -> None:
    raise TimeoutError("opening or reading the FIFO blocked")


def test_fifo_swapped_in_after_the_first_look_is_refused(tmp_path: Path) -> None:
    """The second look, on the open descriptor, is what stops a FIFO put in place between the two."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(10)
    try:
        with pytest.raises(InputError, match=r"is a FIFO \(named pipe\), not a regular file"):
            _read_regular(str(fifo))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_socket_as_a_dockerfile_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = checkout(tmp_path)
    dockerfile = repo / "1.0.0" / "Dockerfile"
    dockerfile.unlink()
    monkeypatch.chdir(dockerfile.parent)  # a socket's path is limited to 108 bytes: bind a short relative one
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("Dockerfile")
    assert_refused(tmp_path, repo, dockerfile, "is a socket, not a regular file")


def test_device_link_as_constraints_is_refused(tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    pins = repo / "1.0.0" / "build-time-pip-constraints.txt"
    pins.unlink()
    pins.symlink_to("/dev/zero")
    assert_refused(tmp_path, repo, pins, "symbolic link points outside the checkout")


def _fifo_at_root(repo: Path) -> None:
    os.mkfifo(repo / "pipe")


def _fifo_in_release(repo: Path) -> None:
    os.mkfifo(repo / "1.0.0" / "pipe")


def _fifo_named_like_a_release(repo: Path) -> None:
    os.mkfifo(repo / "9.9.9")


def _devices_beside_inputs(repo: Path) -> None:
    (repo / "zero").symlink_to("/dev/zero")
    (repo / "1.0.0" / "zero").symlink_to("/dev/zero")
    (repo / "9.9.8").symlink_to("/dev/zero")


@pytest.mark.parametrize("place", [_fifo_at_root, _fifo_in_release, _fifo_named_like_a_release,
                                   _devices_beside_inputs])
def test_special_files_that_are_no_input_are_ignored(tmp_path: Path, place: Callable[[Path], None]) -> None:
    repo = checkout(tmp_path)
    place(repo)
    assert_builds(tmp_path, repo)


# ---- symbolic links: loops and links out are refused naming the link; links inside are followed ----

def _loop(link: Path, via: Path) -> Path:
    """`link` -> `via` -> `link`; or `link` -> `link` when they are the same."""
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    if via != link:
        via.parent.mkdir(exist_ok=True)
        via.symlink_to(os.path.relpath(link, via.parent))
    link.symlink_to(os.path.relpath(via, link.parent))
    return link


LOOPS: dict[str, Setup] = {
    "release-pair": lambda r: _loop(r / "1.0.0", r / "other" / "b"),
    "release-self": lambda r: _loop(r / "1.0.0", r / "1.0.0"),
    "variant-pair": lambda r: _loop(r / "1.0.0" / "slim", r / "other" / "b"),
    "variant-self": lambda r: _loop(r / "1.0.0" / "slim", r / "1.0.0" / "slim"),
    "catalog-pair": lambda r: _loop(r / "metadata" / "versions.json", r / "other" / "b"),
    "catalog-self": lambda r: _loop(r / "metadata" / "versions.json", r / "metadata" / "versions.json"),
    "catalog-folder": lambda r: _loop(r / "metadata", r / "metadata"),
    "constraints": lambda r: _loop(r / "1.0.0" / "build-time-pip-constraints.txt",
                                   r / "1.0.0" / "build-time-pip-constraints.txt"),
    "dockerfile-in-variant": lambda r: _loop(r / "1.0.0" / "slim" / "Dockerfile", r / "other" / "b"),
}


@pytest.mark.parametrize("setup", LOOPS.values(), ids=LOOPS.keys())
def test_symbolic_link_loop_is_named(tmp_path: Path, setup: Setup) -> None:
    repo = checkout(tmp_path)
    (repo / "1.0.0" / "slim").mkdir()
    shutil.copy(repo / "1.0.0" / "build-time-pip-constraints.txt", repo / "1.0.0" / "slim")
    link = setup(repo)
    assert_refused(tmp_path, repo, link, "symbolic link loop", ("build",))


def _release_out(repo: Path) -> Path:
    outside = repo.parent / "outside"
    shutil.move(repo / "1.0.0", outside)
    (repo / "1.0.0").symlink_to(outside)
    return repo / "1.0.0"


def _catalog_out(repo: Path) -> Path:
    outside = repo.parent / "versions.json"
    shutil.move(repo / "metadata" / "versions.json", outside)
    (repo / "metadata" / "versions.json").symlink_to(outside)
    return repo / "metadata" / "versions.json"


def _unlisted_release_out(repo: Path) -> Path:
    """Not in the catalog, so no file in it is ever read: the listing itself must refuse the link."""
    outside = repo.parent / "outside"
    shutil.copytree(repo / "1.0.0", outside)
    (repo / "1.0.1").symlink_to(outside)
    return repo / "1.0.1"


@pytest.mark.parametrize("setup", [_release_out, _catalog_out, _unlisted_release_out])
def test_link_out_of_the_checkout_is_named(tmp_path: Path, setup: Setup) -> None:
    repo = checkout(tmp_path)
    link = setup(repo)
    assert_refused(tmp_path, repo, link, "symbolic link points outside the checkout", ("build",))


# ---- the config's paths: the culprit is the setting, not a link ----

@pytest.mark.parametrize(("setting", "value"), [("catalog", "../outside/versions.json"),
                                                ("catalog", "/etc/passwd"), ("releases", "..")])
def test_config_path_out_of_the_checkout_names_the_config(tmp_path: Path, setting: str, value: str) -> None:
    repo = checkout(tmp_path)
    (tmp_path / "outside").mkdir()
    shutil.copy(repo / "metadata" / "versions.json", tmp_path / "outside")
    (repo / "runtime-docs.yaml").write_text(f"{setting}: {value}\n")
    assert_refused(tmp_path, repo, repo / "runtime-docs.yaml", f"{setting} {value!r} is outside the checkout")


# ---- absurd nesting: a clear error, never a RecursionError ----

def _deep_catalog(repo: Path) -> Path:
    path = repo / "metadata" / "versions.json"
    path.write_text('{"runtimeVersions": {"1.0.0": {"metadata": {"airflowVersion": "2.0.0", '
                    '"releaseDate": "2024-01-01", "x": ' + "[" * 100_000 + "]" * 100_000 + "}}}}\n")
    return path


def _deep_config(repo: Path) -> Path:
    path = repo / "runtime-docs.yaml"
    path.write_text("releases: .\nignore: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return path


@pytest.mark.parametrize(("setup", "message"), [(_deep_catalog, "JSON nested too deeply"),
                                                (_deep_config, "YAML nested too deeply")])
def test_absurd_nesting_is_a_clear_error(tmp_path: Path, setup: Setup, message: str) -> None:
    repo = checkout(tmp_path)
    assert_refused(tmp_path, repo, setup(repo), message)


# ---- paths no file can have: a NUL byte or a lone surrogate is one line naming where it was written ----

NUL = "contains a NUL byte (written \\0), which no file name can hold"


def test_nul_byte_in_repo_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "build", "export"):
        assert refused(capsys, [command, "--repo", "some\0where"]) == f"some\\0where: error: not a usable path: {NUL}"


def test_nul_byte_in_config_file_name_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    line = refused(capsys, ["validate", "--repo", str(repo), "--config", str(tmp_path / "runtime\0docs.yaml")])
    assert line == f"{tmp_path}/runtime\\0docs.yaml: error: not a usable path: {NUL}"


@pytest.mark.parametrize(("setting", "value"), [
    ("catalog", '"meta\\0data.json"'), ("catalog", '"metadata/versions.json\\x00"'), ("releases", '"\\u0000"'),
    ("dockerfile", '"Docker\\0file"'), ("constraints", '"pins\\0.txt"'), ("changelog", '"CHANGES\\0"'),
    ("ignore", '[tests, "scr\\0ipts"]'), ("machine", '"x86\\0"'),
])
def test_nul_byte_in_a_setting_names_the_config_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         setting: str, value: str) -> None:
    repo = checkout(tmp_path)
    (repo / "runtime-docs.yaml").write_text(f"# layout\n{setting}: {value}\n")
    line = refused(capsys, ["validate", "--repo", str(repo)])
    assert line == f"{repo / 'runtime-docs.yaml'}:2: error: {setting} {NUL}"


def test_a_lone_surrogate_in_a_setting_names_the_config_and_line(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    (repo / "runtime-docs.yaml").write_text('releases: .\ncatalog: "\\ud800.json"\n')
    line = refused(capsys, ["validate", "--repo", str(repo)])
    assert line == (f"{repo / 'runtime-docs.yaml'}:2: error: catalog holds a character no file name can "
                    "(a lone UTF-16 surrogate)")


@pytest.mark.parametrize("path", ["a\0b/versions.json", "\ud800/versions.json"])
def test_root_refuses_a_path_no_file_can_have(tmp_path: Path, path: str) -> None:
    """The last guard, below the config's: whatever path a reader is given, never a bare ValueError."""
    with pytest.raises(InputError, match="not a usable path: "):
        Root(tmp_path).read(tmp_path / path)
    with pytest.raises(InputError, match="not a usable path: "):
        Root(tmp_path / path)


def test_paths_in_messages_are_one_line() -> None:
    assert printable("/co/1.0.0/slim") == "/co/1.0.0/slim"
    assert printable("/co/a\nb\0c\td\udcff/é") == "/co/a\\nb\\0c\\td\\udcff/é"


def test_a_link_with_a_line_break_in_its_name_is_named_on_one_line(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    (tmp_path / "out\nside").mkdir()
    (repo / "odd\nlink").symlink_to(tmp_path / "out\nside")
    line = refused(capsys, ["validate", "--repo", str(repo)])
    assert line == (f"{repo}/odd\\nlink: error: symbolic link points outside the checkout "
                    f"(to {tmp_path}/out\\nside)")
