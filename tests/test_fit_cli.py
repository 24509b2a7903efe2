"""`python -m generator fit` end to end through `main`: the answers, and the exit codes CI goes by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import PROJECT
from .helpers import make_checkout, write_files

FIXTURE = PROJECT / "tests" / "fixtures" / "fit" / "requirements.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fit", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("args", "code", "verdict"), [
    ((), 1, "The newest stable release, 3.1-3, does not fit.\n"),
    (("--runtime", "3.1-2"), 0, "Runtime 3.1-2 fits.\n"),
    (("--runtime", "3.1-3"), 1, "Runtime 3.1-3 does not fit.\n"),
    (("--runtime", "3.1-3", "--image", "standard"), 0, "Runtime 3.1-3 fits (image standard).\n"),
    (("--image", "python-3.11"), 1, "The newest stable release, 3.1-3, does not fit (image python-3.11).\n"),
    (("--runtime", "3.2-1.rc1"), 1, "Runtime 3.2-1.rc1 (pre-release) does not fit.\n"),
    (("--runtime", "3.0-2"), 0, "Runtime 3.0-2 (yanked) fits.\n"),
])
def test_exit_codes_follow_the_chosen_release(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int,
                                              verdict: str) -> None:
    got, out, err = run(capsys, str(FIXTURE), *args)
    assert (got, err) == (code, "")
    assert out.endswith(verdict)
    assert out.startswith("Checks each runtime image's own pins against your direct requirements: not a full "
                          "dependency resolution")


def test_json_and_markdown_give_the_same_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURE), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["schema"] == 1 and data["chosen"] == {"version": "3.1-3", "fits": False}
    code, text, _ = run(capsys, str(FIXTURE))
    listed = text.split("Releases that accept every line (")[1].split(": ", 1)[1].split("\n")[0]
    assert [v.split(" (")[0] for v in listed.split(", ")] == data["fitting"]
    code, markdown, _ = run(capsys, str(FIXTURE), "--format", "markdown")
    assert code == 1 and markdown.startswith("**Will these requirements fit?**")
    assert "| 3.1-2 | yes | &ndash; |" in markdown


@pytest.mark.parametrize(("args", "message"), [
    (("--runtime", "3.1-9"), "--runtime: error: no release '3.1-9' in the catalog (did you mean 3.1-3, "),
    (("--image", "slm"), "--image: error: no image 'slm' (did you mean slim?): the releases have standard, "
                         "python-3.11, slim"),
    (("--runtime", "9.17.0", "--image", "slim"), "--image: error: no image 'slim': release 9.17.0 has standard"),
])
def test_unknown_choices_exit_2_naming_what_there_is(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                     message: str) -> None:
    code, out, err = run(capsys, str(FIXTURE), *args)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize(("files", "message"), [
    ({"r.txt": "a==1\n\nfoo bar\n"}, "{d}/r.txt:3: error: not a requirement (foo bar): "),
    ({"r.txt": "-r ../elsewhere.txt\n"}, "{d}/r.txt:1: error: --requirement ../elsewhere.txt: is outside the "
                                         "requirements file's folder"),
    ({"r.txt": "-r a.txt\n", "a.txt": "-r r.txt\n"}, "{d}/a.txt:1: error: --requirement r.txt: include loop "),
    ({"r.txt": b"\xfe==1\n"}, "{d}/r.txt:1: error: is not UTF-8 text (byte 0xfe)"),
    ({"other.txt": "a==1\n"}, "{d}/r.txt: error: file not found"),
    ({"r.txt/x": "a==1\n"}, "{d}/r.txt: error: is a directory, not a regular file"),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         files: dict[str, str | bytes], message: str) -> None:
    write_files(tmp_path, files)
    code, out, err = run(capsys, str(tmp_path / "r.txt"))
    assert (code, out) == (2, "")
    assert err.startswith(message.format(d=tmp_path)) and err.count("\n") == 1
    assert "Traceback" not in err


def test_the_checkout_config_names_the_machine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    repo = make_checkout(tmp_path / "repo", {"3.1-1": {"airflow": "3.1.0", "date": "2025-10-01",
                                                       "pins": {"apache-airflow": "3.1.0", "numpy": "2.1.0"}}})
    requirements = tmp_path / "requirements.txt"
    requirements.write_text('numpy<2 ; platform_machine == "aarch64"\nnumpy>=2 ; platform_machine == "x86_64"\n')
    assert run(capsys, str(requirements), "--repo", str(repo))[0] == 0
    config = tmp_path / "arm.yaml"
    config.write_text("machine: aarch64\n")
    code, out, _ = run(capsys, str(requirements), "--repo", str(repo), "--config", str(config))
    assert code == 1
    assert f"{requirements}:1: numpy<2 ; platform_machine == \"aarch64\": pinned numpy==2.1.0" in out


def test_help_says_what_is_and_is_not_checked(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no line wrapped at a hyphen
    with pytest.raises(SystemExit):
        main(["fit", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "not a full dependency resolution" in out and "astro dev upgrade-test" in out
    assert "-c constraint files are checked like requirements" in out
