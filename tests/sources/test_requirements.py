"""Reading a requirements file as pip does, and refusing one that is hostile or broken, with its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from generator.errors import InputError
from generator.sources import requirements
from generator.sources.requirements import RequirementLine, logical_lines, read_requirements

from ..conftest import PROJECT
from ..helpers import write_files

FIXTURE = PROJECT / "tests" / "fixtures" / "fit"


def refused(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_requirements(path)
    return str(info.value)


def test_the_fixture_line_by_line_includes_where_they_stand() -> None:
    top = FIXTURE / "requirements.txt"
    lines = read_requirements(top)

    def checked(file: str, line: int, text: str, constraint: bool = False) -> RequirementLine:
        return RequirementLine(str(FIXTURE / file), line, text, Requirement(text), None, constraint)

    assert lines == (
        checked("common.txt", 2, 'Apache_Airflow.Providers-HTTP >= 4.5 ; platform_system == "Linux"'),
        checked("constraints.txt", 2, "apache-airflow-providers-google!=15.1.0", constraint=True),
        checked("requirements.txt", 6, "apache-airflow[celery]>=2.6,<3.2"),
        checked("requirements.txt", 7, "apache-airflow-providers-snowflake>=5.0"),  # its --hash on line 8
        checked("requirements.txt", 9, 'apache-airflow-providers-amazon<9.16 ; python_version < "3.12"'),
        checked("requirements.txt", 10, 'apache-airflow-providers-amazon>=99 ; platform_machine == "aarch64"'),
        checked("requirements.txt", 12, "pandas>=2.0"),
        RequirementLine(str(top), 13, "-e ./plugins", reason="an editable install (-e) of a project folder or "
                                                            "repository: its version is known only once it is built"),
        RequirementLine(str(top), 14, "my-lib @ https://example.com/my_lib-1.0-py3-none-any.whl",
                        reason="my-lib comes from a URL or path, not a package index: no version to compare with "
                               "a pin"),
    )
    assert lines[2].requirement is not None and lines[2].requirement.extras == {"celery"}
    assert read_requirements(top) == lines  # values, read again alike


def test_comments_and_continuations_follow_pip() -> None:
    text = ("# a comment line \\\n"  # a comment never continues
            "a==1  # after white space: a comment\n"
            "b @ https://host/b.zip#egg=b\n"  # no white space before `#`: part of the URL
            "c>=1,\\\n"
            "  <2\n"
            "d==1 \\\n"
            "# a comment line ends the continued line\n"
            "\n"
            "   \t\n"
            "e==1 \\")
    assert list(logical_lines(text)) == [(2, "a==1"), (3, "b @ https://host/b.zip#egg=b"), (4, "c>=1,  <2"),
                                         (6, "d==1"), (10, "e==1")]


def test_options_are_accepted_and_hashes_dropped(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": (
        "-i https://pypi.org/simple\n--index-url=https://pypi.org/simple\n--extra-index-url https://x.test/simple\n"
        "--pre\n--no-index\n-f ./wheels\n--find-links=./wheels\n--prefer-binary\n--require-hashes\n"
        "--only-binary :all:\n--no-binary=:none:\n--trusted-host x.test\n--use-feature truststore\n"
        "a==1 --hash=sha256:00 --hash sha256:11\n"
        "b==2 \\\n  --hash=sha256:22 \\\n  --hash=sha256:33\n"
        'c>=1 --config-settings "k=v"\n')})
    lines = read_requirements(top)
    assert [(n.line, n.text, n.requirement) for n in lines] == [
        (14, "a==1", Requirement("a==1")), (15, "b==2", Requirement("b==2")), (18, "c>=1", Requirement("c>=1"))]


def test_include_spellings_relative_to_the_including_file(tmp_path: Path) -> None:
    top = write_files(tmp_path, {
        "r.txt": "-r sub/a.txt\n--requirement=sub/b.txt\n-csub/c.txt\n--constraint sub/deep/../c2.txt\n",
        "sub/a.txt": "-r inner.txt\n",  # relative to sub/, as pip reads it
        "sub/inner.txt": "inner==1\n",
        "sub/b.txt": "b==1\n",
        "sub/c.txt": "c==1\n",
        "sub/c2.txt": "c2==1\n",
    })
    got = [(Path(n.file).relative_to(tmp_path).as_posix(), n.line, n.text, n.constraint)
           for n in read_requirements(top)]
    assert got == [("sub/inner.txt", 1, "inner==1", False), ("sub/b.txt", 1, "b==1", False),
                   ("sub/c.txt", 1, "c==1", True), ("sub/c2.txt", 1, "c2==1", True)]


def test_a_file_included_twice_is_read_once(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "-r a.txt\n-r b.txt\n", "a.txt": "-r shared.txt\n",
                                 "b.txt": "-r shared.txt\n", "shared.txt": "s==1\n"})
    assert [n.text for n in read_requirements(top)] == ["s==1"]


def test_an_include_inside_the_folder_by_an_absolute_path(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": f"-r {tmp_path / 'sub' / 'a.txt'}\n", "sub/a.txt": "a==1\n"})
    assert [n.text for n in read_requirements(top)] == ["a==1"]


@pytest.mark.parametrize(("line", "reason"), [
    ("./local", "a path or URL"),
    ("/abs/project", "a path or URL"),
    ("git+https://github.com/o/r.git#egg=r", "a path or URL"),
    ("https://host/pkg-1.0.tar.gz", "a path or URL"),
    ("pkg-1.0-py3-none-any.whl", "an archive file"),
    ("pkg @ file:///tmp/pkg", "comes from a URL or path"),
    ("pkg>=${VERSION}", "environment variable"),
    ("-e git+https://github.com/o/r.git#egg=r", "an editable install"),
    ("--editable=.", "an editable install"),
    ("-r https://host/requirements.txt", "included from a URL"),
    ("-r ${SHARED}/requirements.txt", "environment variable"),
])
def test_what_no_pin_can_refuse_is_kept_with_its_reason(tmp_path: Path, line: str, reason: str) -> None:
    (found,) = read_requirements(write_files(tmp_path, {"r.txt": f"# first\n{line}\n"}))
    assert (found.line, found.text, found.requirement) == (2, line, None)
    assert found.reason is not None and reason in found.reason


def test_an_empty_file_has_no_lines(tmp_path: Path) -> None:
    assert read_requirements(write_files(tmp_path, {"r.txt": ""})) == ()
    assert read_requirements(write_files(tmp_path, {"c.txt": "# only comments\n\n"})) == ()


# Refused: one line each, `path:line: message`.


def test_a_bad_line_is_named_with_its_line(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "a==1\n# two\nnot a requirement!\n"})
    message = refused(top)
    assert message.startswith(f"{top}:3: not a requirement (not a requirement!): ")
    assert "\n" not in message


def test_a_bad_line_in_an_include_names_that_file(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "-r sub/a.txt\n", "sub/a.txt": "ok==1\nbad==\n"})
    assert refused(top).startswith(f"{tmp_path / 'sub' / 'a.txt'}:2: not a requirement (bad==): ")


def test_a_continued_bad_line_is_named_by_its_first_line(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "a==1\nb>=1 \\\n  ,, \\\n  <2\n"})
    assert refused(top).startswith(f"{top}:2: not a requirement")


@pytest.mark.parametrize("include", ["../outside.txt", "sub/../../outside.txt"])
def test_an_include_outside_the_folder_is_refused(tmp_path: Path, include: str) -> None:
    (tmp_path / "outside.txt").write_text("x==1\n")
    top = write_files(tmp_path / "project", {"r.txt": f"a==1\n-r {include}\n"})
    assert refused(top) == f"{top}:2: --requirement {include}: is outside the requirements file's folder"


def test_an_absolute_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("x==1\n")
    top = write_files(tmp_path / "project", {"r.txt": f"-c {tmp_path / 'outside.txt'}\n"})
    outside = tmp_path / "outside.txt"
    assert refused(top) == f"{top}:1: --constraint {outside}: is outside the requirements file's folder"


def test_an_include_through_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("x==1\n")
    top = write_files(tmp_path / "project", {"r.txt": "-r shared.txt\n"})
    os.symlink(tmp_path / "secret.txt", tmp_path / "project" / "shared.txt")
    message = refused(top)
    assert message.startswith(f"{top}:1: --requirement shared.txt: {tmp_path / 'project' / 'shared.txt'}: "
                              "symbolic link points outside the requirements file's folder")
    os.symlink(tmp_path, tmp_path / "project" / "up")  # a linked folder on the way
    write_files(tmp_path / "project", {"r.txt": "-r up/secret.txt\n"})
    assert "symbolic link points outside" in refused(top)


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "-r link.txt\n", "real.txt": "a==1\n"})
    os.symlink("real.txt", tmp_path / "link.txt")
    assert [n.text for n in read_requirements(top)] == ["a==1"]


def test_an_include_loop_is_refused(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "a==1\n-r b.txt\n", "b.txt": "b==1\n-r c.txt\n", "c.txt": "-r b.txt\n"})
    assert refused(top) == (f"{tmp_path / 'c.txt'}:1: --requirement b.txt: include loop "
                            f"({tmp_path / 'b.txt'} -> {tmp_path / 'c.txt'} -> {tmp_path / 'b.txt'})")
    itself = write_files(tmp_path, {"self.txt": "-c self.txt\n"})
    assert refused(itself) == f"{itself}:1: --constraint self.txt: include loop ({itself} -> {itself})"


def test_a_loop_through_a_link_is_refused(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": "-r again.txt\n"})
    os.symlink("r.txt", tmp_path / "again.txt")
    assert "include loop" in refused(top)


def test_a_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "r.txt") == f"{tmp_path / 'r.txt'}: file not found"
    assert refused(tmp_path / "no" / "r.txt") == f"{tmp_path / 'no' / 'r.txt'}: file not found"
    top = write_files(tmp_path, {"r.txt": "a==1\n\n-r missing.txt\n"})
    assert refused(top) == f"{top}:3: --requirement missing.txt: {tmp_path / 'missing.txt'}: file not found"


def test_a_directory(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    assert refused(tmp_path / "folder") == f"{tmp_path / 'folder'}: is a directory, not a regular file"
    top = write_files(tmp_path, {"r.txt": "-r folder\n"})
    assert refused(top) == f"{top}:1: --requirement folder: {tmp_path / 'folder'}: is a directory, not a regular file"


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    top = write_files(tmp_path, {"r.txt": b"a==1\nb==2 # caf\xe9\n"})
    assert refused(top) == f"{top}:2: is not UTF-8 text (byte 0xe9)"
    top = write_files(tmp_path, {"r2.txt": "-r latin1.txt\n", "latin1.txt": b"\n\n\xff==1\n"})
    assert refused(top) == f"{tmp_path / 'latin1.txt'}:3: is not UTF-8 text (byte 0xff)"


@pytest.mark.parametrize(("line", "message"), [
    ("--upgrade", "--upgrade: not an option pip takes in a requirements file"),
    ("a==1 -r other.txt", "--requirement cannot follow a requirement on its line (a==1)"),
    ("-r", "-r needs a value"),
    ("--pre=yes", "--pre takes no value"),
    ("-i 'https://unclosed", "options cannot be read: No closing quotation"),
])
def test_options_pip_would_refuse(tmp_path: Path, line: str, message: str) -> None:
    top = write_files(tmp_path, {"r.txt": f"a==1\n{line}\n"})
    assert refused(top) == f"{top}:2: {message}"


def test_bounds_keep_a_hostile_file_cheap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long = "a" + ">=1," * 600 + ">=1"
    top = write_files(tmp_path, {"r.txt": f"ok==1\n{long}\n"})
    assert refused(top) == f"{top}:2: a requirement of {len(long)} characters: at most 2000 are read"
    nested = "a ; " + "(" * 980 + 'os_name == "posix"' + ")" * 980
    top = write_files(tmp_path, {"n.txt": f"{nested}\n"})
    assert refused(top) == f"{top}:1: not a requirement: its marker is nested too deeply to read"
    monkeypatch.setattr(requirements, "MAX_LINES", 3)
    top = write_files(tmp_path, {"m.txt": "a==1\n-e .\nb==1\n\nc==1\n"})
    assert refused(top) == f"{top}:5: over 3 requirements: not a project's requirements"
    monkeypatch.setattr(requirements, "MAX_BYTES", 10)
    top = write_files(tmp_path, {"s.txt": "-r t.txt\n", "t.txt": "t==1\n"})
    assert refused(top) == (f"{top}:1: --requirement t.txt: {tmp_path / 't.txt'}: the requirements files with this "
                            "one are over 0 MB together: not a project's requirements")
