"""The writer: every output path checked first, then every page or nothing, whatever fails, one run at
a time, and only the generator's own files touched."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from generator import output
from generator.errors import InputError

from .conftest import PROJECT

MARK = "MARK"


def is_generated(head: bytes) -> bool:
    return head.startswith(b"MARK")


def outs(root: Path, folders: tuple[str, ...] = ("ref",), take_over: tuple[str, ...] = ()) -> output.Outputs:
    return output.Outputs(root, folders, is_generated, frozenset(take_over))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file, folder, link and FIFO below `folder`, links not followed."""
    found = {}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(here) / name
            mode = path.lstat().st_mode
            found[path.relative_to(folder).as_posix()] = (
                b"<link " + os.fsencode(os.readlink(path)) + b">" if stat.S_ISLNK(mode) else
                b"<dir>" if stat.S_ISDIR(mode) else path.read_bytes() if stat.S_ISREG(mode) else b"<special>")
    return dict(sorted(found.items()))


def temps(folder: Path) -> list[str]:
    return [k for k in snapshot(folder) if k.rpartition("/")[2].startswith(output.TEMP_PREFIX)]


def failing(code: int) -> Callable[..., NoReturn]:
    """A stand-in for an `os` function that fails as the OS would."""
    def fail(*args: object, **kwargs: object) -> NoReturn:
        raise OSError(code, os.strerror(code))
    return fail


def refused(paths: list[str], out: output.Outputs) -> InputError:
    with pytest.raises(InputError) as caught:
        output.check_paths(paths, out)
    return caught.value


def build(out: output.Outputs, pages: dict[str, str]) -> output.Plan:
    """What `build` does with the writer."""
    checked = output.check_paths(pages, out)
    with output.Transaction(checked) as transaction:
        change = output.plan(pages.items(), checked, transaction)
        transaction.commit(change.remove)
    return change


@pytest.fixture
def tree(tmp_path: Path) -> tuple[output.Outputs, dict[str, str]]:
    """A docs folder with generated pages in two folders, a hand-written page among them, and the
    pages of the next build: some change, one is current, one is new in a new folder, and three
    generated files (any extension) have no source any more."""
    root = tmp_path / "docs"
    old = {f"ref/p{i}.md": f"{MARK} {i}\n" for i in range(6)}
    old |= {"ref/same.md": f"{MARK} same\n", "ref/old.md": f"{MARK} old\n", "data/old.json": f'{MARK} {{"a": 1}}\n',
            "ref/sub/old.mdx": f"{MARK} mdx\n", "ref/hand.md": "# By hand\n", "index.md": "# Home\n"}
    for rel, text in old.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    new = {f"ref/p{i}.md": f"{MARK} {i} again\n" for i in range(6)}
    new |= {"ref/same.md": f"{MARK} same\n", "ref/new/page.md": f"{MARK} new\n", "data/new.json": f"{MARK} {{}}\n"}
    return outs(root, ("ref", "data")), new


# Paths: each rule of check_paths.

@pytest.mark.parametrize(("rel", "message"), [
    ("", "is empty"),
    ("/etc/passwd", "is absolute"),
    ("ref/../ref/a.md", "has a '..' part"),
    ("ref/./a.md", "has a '.' part"),
    ("ref//a.md", "has an empty part"),
    ("ref/a.md/", "has an empty part"),
    ("ref\\a.md", "holds a backslash"),
    ("ref/a\0.md", "holds a NUL character"),
    ("ref/" + "é" * 127 + "xy", "file name too long for the file system (256 bytes, at most 255)"),
    ("ref/a\udcff.md", "is not valid Unicode"),
    ("ref/.runtime-docs-12-3.tmp", "is named like a temporary file"),
])
def test_a_malformed_path_is_refused_naming_it(tmp_path: Path, rel: str, message: str) -> None:
    error = refused(["ref/fine.md", rel], outs(tmp_path))
    assert message in error.message
    assert error.path == output._shown(tmp_path, rel) and "\n" not in str(error) and "\0" not in str(error)


def test_a_name_of_255_bytes_is_fine(tmp_path: Path) -> None:
    assert output.check_paths(["ref/" + "é" * 127 + "x"], outs(tmp_path)).paths == {"ref/" + "é" * 127 + "x"}


def test_a_path_too_long_for_the_file_system_is_one_line(tmp_path: Path) -> None:
    rel = "ref/" + "/".join(["a" * 250] * 20) + "/x.md"
    assert refused([rel], outs(tmp_path)).message == "cannot be written: file name too long for the file system"


@pytest.mark.parametrize("where", ["page", "folder"])
def test_a_symlinked_folder_leading_out_of_the_docs_folder_is_refused(tmp_path: Path, where: str) -> None:
    root, elsewhere = tmp_path / "docs", tmp_path / "elsewhere"
    (root / "ref").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "ref" / "out").symlink_to(elsewhere)
    if where == "page":
        error = refused(["ref/out/x.md"], outs(root))
        assert (error.path, error.message) == (f"{root}/ref/out/x.md", "leads out of the docs folder through a "
                                                                        "symbolic link")
    else:
        error = refused(["ref/out/x.md"], outs(root, ("ref/out",)))
        assert (error.path, error.message) == (f"{root}/ref/out", "cannot be a target's folder: it leads out of the "
                                                                  "docs folder")
    assert list(elsewhere.iterdir()) == []


def test_a_symlink_inside_the_docs_folder_is_followed_so_its_twin_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ref" / "a").mkdir(parents=True)
    (tmp_path / "ref" / "b").symlink_to("a")
    assert output.check_paths(["ref/b/x.md"], outs(tmp_path)).paths == {"ref/b/x.md"}
    assert "is the same file as" in refused(["ref/a/x.md", "ref/b/x.md"], outs(tmp_path)).message


@pytest.mark.parametrize("pair", [("ref/a.md", "ref/a.md"), ("ref/a.md", "ref/A.md"), ("ref/X/a.md", "ref/x/a.md"),
                                  ("ref/Straße.md", "ref/STRASSE.md"), ("ref/\u00e9.md", "ref/e\u0301.md")])
def test_two_outputs_at_one_place_are_refused_even_on_a_case_insensitive_file_system(
        tmp_path: Path, pair: tuple[str, str]) -> None:
    error = refused(list(pair), outs(tmp_path))
    assert error.path == f"{tmp_path}/{pair[1]}"
    assert error.message == ("is given twice" if pair[0] == pair[1] else
                             f"is the same file as {tmp_path}/{pair[0]} where letter case, Unicode form or links are "
                             "ignored")


@pytest.mark.parametrize("paths", [["ref/a.md", "ref/a.md/b.md"], ["ref/a.md/b.md", "ref/a.md"],
                                   ["ref/A.md/b.md", "ref/a.md"]])
def test_an_output_inside_another_is_refused(tmp_path: Path, paths: list[str]) -> None:
    error = refused(paths, outs(tmp_path))
    assert error.path == f"{tmp_path}/{paths[1]}"
    assert error.message.startswith(("lies inside another output", "is a folder that"))


def test_a_file_where_a_folder_is_needed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "a").write_text(MARK)  # even a generated one
    error = refused(["ref/a/b/c.md"], outs(tmp_path))
    assert (error.path, error.message) == (f"{tmp_path}/ref/a/b/c.md",
                                           f"cannot be written: {tmp_path}/ref/a is a file where a folder is needed")


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink", "socket"])
def test_only_a_regular_file_is_replaced(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "ref" / "a.md"
    page.parent.mkdir()
    (tmp_path / "ref" / "mine.md").write_text(MARK)
    if kind == "folder":
        page.mkdir()
    elif kind == "fifo":
        os.mkfifo(page)
    elif kind == "symlink":
        page.symlink_to("mine.md")
    else:
        monkeypatch.chdir(page.parent)  # a socket's path is short
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("a.md")
    error = refused(["ref/a.md"], outs(tmp_path))
    assert error.message == f"is a {kind.replace('fifo', 'FIFO').replace('symlink', 'symbolic link')}: " \
                            "only a regular file is ever replaced"


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_a_special_file_swapped_in_after_it_was_looked_at_is_not_opened(tmp_path: Path, kind: str,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Between looking at a path and opening it, a FIFO (which would block a read) or a link (which
    could lead anywhere) may take a regular file's place: what is opened is checked again."""
    page = tmp_path / "ref" / "a.md"
    page.parent.mkdir()
    (tmp_path / "secret.md").write_text("MARK\n")
    os.mkfifo(page) if kind == "fifo" else page.symlink_to("../secret.md")
    real_lstat, regular = os.lstat, os.stat(tmp_path / "secret.md")
    monkeypatch.setattr(os, "lstat", lambda path, **k: regular if str(path) == str(page) else real_lstat(path, **k))
    error = refused(["ref/a.md"], outs(tmp_path))
    assert error.message == ("is a FIFO" if kind == "fifo" else "is a symbolic link") + \
        ": only a regular file is ever replaced"


def test_a_hand_written_file_is_replaced_only_when_taken_over_by_name(tmp_path: Path) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "hand.md").write_text("# Mine, quoting MARK\n")
    (tmp_path / "ref" / "ours.md").write_text(MARK)
    pages = {"ref/hand.md": f"{MARK} now\n", "ref/ours.md": f"{MARK} now\n"}
    error = refused(list(pages), outs(tmp_path))
    assert (error.path, error.message) == (f"{tmp_path}/ref/hand.md", output.hand_written("ref/hand.md"))
    assert error.message.endswith("pass --take-over ref/hand.md")
    assert (tmp_path / "ref" / "hand.md").read_text() == "# Mine, quoting MARK\n"
    out = outs(tmp_path, take_over=("ref/hand.md", "ref/ours.md"))
    assert output.check_paths(pages, out).taken_over == ("ref/hand.md",)  # ours.md is ours already
    build(out, pages)
    assert (tmp_path / "ref" / "hand.md").read_text() == f"{MARK} now\n"


def test_a_take_over_of_a_file_this_run_does_not_write_is_refused(tmp_path: Path) -> None:
    error = refused(["ref/a.md"], outs(tmp_path, take_over=("ref/b.md",)))
    assert (error.path, error.message) == (f"{tmp_path}/ref/b.md", "cannot be taken over: this run writes no such file")


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_the_docs_folder_must_be_a_folder(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "docs"
    if kind == "file":
        root.write_text("")
    error = refused(["ref/a.md"], outs(root))
    assert error.path == str(root)
    assert error.message == ("no such folder: the docs folder must exist" if kind == "missing" else
                             "is not a folder: the docs folder must be one")


@pytest.mark.parametrize(("folder", "message"), [
    (".", "has a '.' part"), ("ref/..", "has a '..' part"), ("", "is empty"), ("link", "it is the docs folder itself"),
    ("file", "cannot be written: {root}/file is a file where a folder is needed"),
])
def test_a_target_folder_is_a_folder_inside_the_docs_folder(tmp_path: Path, folder: str, message: str) -> None:
    (tmp_path / "link").symlink_to(".")
    (tmp_path / "file").write_text("")
    error = refused(["ref/a.md"], outs(tmp_path, (folder, "ref")))
    assert error.path == f"{tmp_path}/{folder}"
    assert error.message.startswith("cannot be a target's folder: " + message.format(root=tmp_path))


def test_an_output_outside_the_target_folders_is_refused(tmp_path: Path) -> None:
    """Only the folders are swept for a killed run's temporary files: a page elsewhere could leave one."""
    error = refused(["ref/a.md", "reference.md"], outs(tmp_path))
    assert (error.path, error.message) == (f"{tmp_path}/reference.md", "lies outside the folders this target writes "
                                                                        "into: ref")


# Planning and committing.

def test_commit_writes_changed_pages_only_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "same.md").write_text("MARK same\n")
    (tmp_path / "ref" / "old.md").write_text("MARK old\n")
    os.utime(tmp_path / "ref" / "same.md", (1, 1))
    pages = {"ref/same.md": "MARK same\n", "ref/old.md": "MARK new\n", "ref/new/page.md": "MARK new\n"}
    checked = output.check_paths(pages, outs(tmp_path))
    with output.Transaction(checked) as transaction:
        change = output.plan(pages.items(), checked, transaction)
        assert (change.changed, change.unchanged) == (["ref/old.md", "ref/new/page.md"], ["ref/same.md"])
        assert not (tmp_path / "ref" / "new" / "page.md").exists()  # staged beside it, not yet in place
        assert (tmp_path / "ref" / "old.md").read_text() == "MARK old\n"
        transaction.commit(change.remove)
    assert snapshot(tmp_path) == {"ref": b"<dir>", "ref/new": b"<dir>", "ref/new/page.md": b"MARK new\n",
                                  "ref/old.md": b"MARK new\n", "ref/same.md": b"MARK same\n"}
    assert (tmp_path / "ref" / "same.md").stat().st_mtime == 1  # unchanged: not written at all


def test_a_page_that_was_not_checked_is_never_written(tmp_path: Path) -> None:
    checked = output.check_paths(["ref/a.md"], outs(tmp_path))
    with output.Transaction(checked) as transaction:
        with pytest.raises(InputError, match="was not among the checked output paths"):
            output.plan([("ref/a.md", "MARK\n"), ("ref/b.md", "MARK\n")], checked, transaction)
        with pytest.raises(InputError, match="was not among the checked output paths"):
            transaction.write("ref/../escape.md", "MARK\n")
    with pytest.raises(InputError, match="was not among the checked output paths"):  # `check` reads none either
        output.plan([("../secret.md", "MARK\n")], checked)
    assert snapshot(tmp_path) == {}


def test_a_page_made_twice_is_refused(tmp_path: Path) -> None:
    checked = output.check_paths(["ref/a.md"], outs(tmp_path))
    with pytest.raises(InputError, match="is made twice in one run"):
        output.plan([("ref/a.md", "MARK 1\n"), ("ref/a.md", "MARK 2\n")], checked)


def test_a_file_saved_by_hand_since_the_check_is_not_replaced(tmp_path: Path) -> None:
    checked = output.check_paths(["ref/a.md"], outs(tmp_path))
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "a.md").write_text("# Just saved\n")
    with output.Transaction(checked) as transaction, pytest.raises(InputError, match="hand-written file: not replaced"):
        output.plan([("ref/a.md", "MARK\n")], checked, transaction)
    assert snapshot(tmp_path) == {"ref": b"<dir>", "ref/a.md": b"# Just saved\n"}


def test_pages_are_written_as_they_come_never_all_in_memory(tmp_path: Path) -> None:
    checked = output.check_paths([f"ref/{i}.md" for i in range(3)], outs(tmp_path))

    def pages() -> Iterator[tuple[str, str]]:
        for i in range(3):
            assert len(temps(tmp_path)) == i  # the pages before this one are already staged
            yield f"ref/{i}.md", f"MARK {i}\n"

    with output.Transaction(checked) as transaction:
        transaction.commit(output.plan(pages(), checked, transaction).remove)


def test_check_writes_nothing(tree: tuple[output.Outputs, dict[str, str]]) -> None:
    out, pages = tree
    (out.root / "ref" / ".runtime-docs-1-0.tmp").write_text("MARK a killed run's\n")
    (out.root / "ref" / "p0.md").write_bytes(b"MARK \xff not UTF-8\n")  # still compared, and shown
    before = snapshot(out.root)
    change = output.plan(pages.items(), output.check_paths(pages, out), diff=True)
    assert not change.current
    assert change.remove == ["data/old.json", "ref/old.md", "ref/sub/old.mdx"]  # the temporary file is no page
    assert len(change.diffs) == len(change.changed) + len(change.remove) == 11
    assert "-MARK \ufffd not UTF-8\n+MARK 0 again\n" in change.diffs[0]
    assert snapshot(out.root) == before


def test_only_generated_files_are_removed_whatever_their_extension(tree: tuple[output.Outputs, dict[str, str]]) -> None:
    out, pages = tree
    (out.root / "ref" / "link.md").symlink_to("old.md")  # a link is never ours, even to one of our files
    (out.root / "elsewhere").mkdir()
    (out.root / "elsewhere" / "old.md").write_text("MARK outside the target's folders\n")
    (out.root / "ref" / "there").symlink_to("../elsewhere")  # nor is a linked folder's content
    change = build(out, pages)
    assert change.remove == ["data/old.json", "ref/old.md", "ref/sub/old.mdx"]
    after = snapshot(out.root)
    assert {k for k in after if "old" in k} == {"elsewhere/old.md"}
    assert after["ref/hand.md"] == b"# By hand\n" and after["index.md"] == b"# Home\n"
    assert after["ref/link.md"] == b"<link old.md>"


def test_overlapping_folders_are_walked_once(tree: tuple[output.Outputs, dict[str, str]]) -> None:
    out, pages = tree
    out = output.Outputs(out.root, ("ref", "data", "ref/sub"), is_generated)
    assert build(out, pages).remove == ["data/old.json", "ref/old.md", "ref/sub/old.mdx"]


def test_a_transaction_stages_only_the_pages_it_was_opened_for(tmp_path: Path) -> None:
    checked = output.check_paths(["ref/a.md"], outs(tmp_path))
    other = output.check_paths(["ref/a.md", "ref/b.md"], outs(tmp_path))
    with output.Transaction(checked) as transaction, pytest.raises(ValueError, match="opened for other output paths"):
        output.plan([("ref/b.md", "MARK\n")], other, transaction)
    with pytest.raises(RuntimeError, match="outside its `with` block"):
        output.Transaction(checked).write("ref/a.md", "MARK\n")
    assert snapshot(tmp_path) == {}


def test_a_page_spelt_another_way_on_a_case_insensitive_file_system_is_not_removed(tmp_path: Path) -> None:
    """There `ref/Page.md` is the page `ref/page.md` itself; a hard link plays it here."""
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "page.md").write_text("MARK old\n")
    os.link(tmp_path / "ref" / "page.md", tmp_path / "ref" / "Page.md")
    (tmp_path / "ref" / "Other.md").write_text("MARK old\n")  # a file of its own: obsolete
    pages = {"ref/page.md": "MARK old\n", "ref/other.md": "MARK new\n"}
    assert output.plan(pages.items(), output.check_paths(pages, outs(tmp_path))).remove == ["ref/Other.md"]


def test_commit_removes_only_what_the_plan_found_obsolete_and_still_ours(
        tree: tuple[output.Outputs, dict[str, str]]) -> None:
    out, pages = tree
    checked = output.check_paths(pages, out)
    with output.Transaction(checked) as transaction:
        change = output.plan(pages.items(), checked, transaction)
        with pytest.raises(InputError, match="this run's plan did not find it obsolete"):
            transaction.commit(["ref/hand.md"])
        (out.root / "ref" / "old.md").write_text("# Kept by hand\n")  # saved since the plan
        transaction.commit(change.remove)
    assert (out.root / "ref" / "old.md").read_text() == "# Kept by hand\n"
    assert not (out.root / "data" / "old.json").exists()


@pytest.mark.parametrize("fail_at", [0, 1, 5])
def test_a_failed_write_leaves_the_tree_as_it_was(tree: tuple[output.Outputs, dict[str, str]], fail_at: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out, pages = tree
    before = snapshot(out.root)
    real_open, calls = os.open, []

    def full_disk(path: str, flags: int, mode: int = 0o777, **kwargs: int) -> int:
        if flags & os.O_CREAT:
            calls.append(path)
            if len(calls) > fail_at:
                raise OSError(errno.ENOSPC, "No space left on device", path)
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", full_disk)
    with pytest.raises(InputError) as caught:
        build(out, pages)
    assert str(caught.value) == f"{out.root}/{list(pages)[fail_at]}: cannot be written: no space left on the device"
    assert snapshot(out.root) == before


def test_a_new_folder_made_before_a_failure_is_taken_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", failing(errno.EIO))
    with pytest.raises(InputError, match=r"ref/a/b/c\.md: cannot be written: Input/output error"):
        build(outs(tmp_path), {"ref/a/b/c.md": "MARK\n"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_failed_rename_midway_puts_back_exactly_what_was_replaced(
        tree: tuple[output.Outputs, dict[str, str]], hard_links: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename of a commit fails in turn; each time the tree is as it was, and the error names
    the page being put in place or removed."""
    out, pages = tree
    before = snapshot(out.root)
    real_replace, calls, fail_at = os.replace, [], 0

    def replace(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> None:
        calls.append((str(a), str(b)))
        if len(calls) == fail_at + 1:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", replace)
    if not hard_links:  # a file system without them: the old page is moved aside instead
        monkeypatch.setattr(os, "link", failing(errno.EPERM))
    while True:
        calls.clear()
        try:
            change = build(out, pages)
        except InputError as exc:
            page = next(p for p in calls[fail_at] if output.TEMP_PREFIX not in p)
            assert str(exc) == f"{page}: cannot be {'removed' if 'old' in page else 'written'}: Input/output error"
            assert snapshot(out.root) == before, fail_at
            fail_at += 1
            continue
        break
    assert fail_at == len(change.changed) + len(change.remove) + (0 if hard_links else 6)  # 6 pages replaced
    assert not temps(out.root)


def test_a_commit_that_cannot_be_put_back_says_so(tree: tuple[output.Outputs, dict[str, str]],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out, pages = tree
    real_replace, calls = os.replace, []

    def replace(a: str, b: str) -> None:
        calls.append(a)
        if len(calls) > 3:  # the disk went away: neither the fourth rename nor any undo works
            raise OSError(errno.EIO, "Input/output error")
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(InputError, match="; putting back what the run had replaced failed too, so the tree is partly"):
        build(out, pages)


def test_a_second_run_on_the_same_docs_folder_stops_at_once(tmp_path: Path) -> None:
    checked = output.check_paths(["ref/a.md"], outs(tmp_path))
    with output.Transaction(checked) as transaction:
        with pytest.raises(InputError) as caught, output.Transaction(checked):
            pass
        assert (caught.value.path, caught.value.message) == (str(tmp_path), output.BUSY)
        transaction.write("ref/a.md", "MARK\n")
        transaction.commit()
    with output.Transaction(checked):  # released when the first ended
        pass
    assert snapshot(tmp_path) == {"ref": b"<dir>", "ref/a.md": b"MARK\n"}  # and no lock file in the tree


def test_a_run_in_another_process_holds_the_docs_folder(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from generator import output
        out = output.Outputs(Path({str(tmp_path)!r}), ("ref",), lambda head: True)
        with output.Transaction(output.check_paths([], out)):
            print("holding", flush=True)
            sys.stdin.readline()
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)}) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "holding\n"
        with pytest.raises(InputError, match=output.BUSY):
            build(outs(tmp_path), {"ref/a.md": "MARK\n"})
        assert snapshot(tmp_path) == {}
        holder.stdin.write("\n")
    assert holder.returncode == 0
    build(outs(tmp_path), {"ref/a.md": "MARK\n"})


@pytest.mark.parametrize("renames", [0, 4])
def test_a_killed_run_leaves_whole_pages_and_the_next_run_sweeps_every_folder(
        tree: tuple[output.Outputs, dict[str, str]], renames: int) -> None:
    out, pages = tree
    before = snapshot(out.root)
    script = textwrap.dedent(f"""
        import json, os, signal
        from pathlib import Path
        from generator import output
        real, calls = os.replace, []
        def replace_then_die(a, b):
            calls.append(a)
            if len(calls) > {renames}:
                os.kill(os.getpid(), signal.SIGKILL)
            real(a, b)
        os.replace = replace_then_die
        pages = json.loads({json.dumps(pages)!r})
        out = output.Outputs(Path({str(out.root)!r}), ("ref", "data"), lambda head: head.startswith(b"MARK"))
        checked = output.check_paths(pages, out)
        with output.Transaction(checked) as transaction:
            transaction.commit(output.plan(pages.items(), checked, transaction).remove)
    """)
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(PROJECT)},
                          capture_output=True)
    assert proc.returncode == -9, proc.stderr
    now = snapshot(out.root)
    left = temps(out.root)
    assert {k.rpartition("/")[0] for k in left} == {"ref", "ref/new", "data"}  # beside their targets
    for rel, data in now.items():  # every page whole: its old bytes or its new ones
        assert rel in left or data in (before.get(rel), pages.get(rel, "").encode(), b"<dir>"), rel
    assert sum(now.get(rel) == text.encode() != before.get(rel) for rel, text in pages.items()) == renames
    obsolete = ["data/old.json", "ref/old.md", "ref/sub/old.mdx"]
    assert output.plan(pages.items(), output.check_paths(pages, out)).remove == obsolete  # no temporary file
    assert build(out, pages).remove == obsolete
    assert not temps(out.root)
    assert output.plan(pages.items(), output.check_paths(pages, out)).current


def test_the_sweep_takes_only_temporary_files_and_only_in_the_target_folders(tmp_path: Path) -> None:
    leftovers = ["ref/.runtime-docs-9-0.tmp", "ref/deep/er/.runtime-docs-9-1.bak", "data/.runtime-docs-9-2.tmp"]
    kept = ["ref/.runtime-docs-notes.tmp", "ref/x.runtime-docs-9-3.tmp", "other/.runtime-docs-9-4.tmp"]
    for rel in leftovers + kept:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("MARK\n")
    with output.Transaction(output.check_paths([], outs(tmp_path, ("ref", "data")))):
        pass
    assert [k for k in snapshot(tmp_path) if "runtime-docs" in k] == sorted(kept)


def test_a_temporary_file_that_cannot_be_swept_stops_the_run_in_one_line(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / ".runtime-docs-9-0.tmp").write_text("")
    checked = output.check_paths([], outs(tmp_path))
    with monkeypatch.context() as patch:
        patch.setattr(os, "unlink", failing(errno.EACCES))
        with pytest.raises(InputError) as caught, output.Transaction(checked):
            pass
    assert str(caught.value) == f"{tmp_path}/ref/.runtime-docs-9-0.tmp: a killed run's temporary file cannot be " \
                                "removed: permission denied"
    with output.Transaction(checked):  # the failed run let go of the docs folder
        pass
    assert snapshot(tmp_path) == {"ref": b"<dir>"}


# export -o

def test_export_writes_a_whole_file_or_leaves_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new" / "model.json"
    output.write_file(path, "one\n")
    assert path.read_text() == "one\n"
    monkeypatch.setattr(os, "write", failing(errno.ENOSPC))
    with pytest.raises(InputError, match=f"^{path}: cannot be written: no space left on the device$"):
        output.write_file(path, "two\n")
    with pytest.raises(InputError):
        output.write_file(tmp_path / "a" / "b.json", "two\n")
    assert snapshot(tmp_path) == {"new": b"<dir>", "new/model.json": b"one\n"}


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink", "device"])
def test_export_never_replaces_what_is_not_a_regular_file(tmp_path: Path, kind: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        (tmp_path / "target.json").write_text("{}")
        path.symlink_to("target.json")
    else:
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("no device files here")
    before = snapshot(tmp_path)
    from generator.cli import main  # here: the export command's own test

    assert main(["export", "-o", str(path)]) == 2
    what = {"folder": "is a folder", "fifo": "is a FIFO", "symlink": "is a symbolic link", "device": "is a device"}
    assert capsys.readouterr().err == f"{path}: error: {what[kind]}: only a regular file is ever replaced\n"
    assert snapshot(tmp_path) == before
