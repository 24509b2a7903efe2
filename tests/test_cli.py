"""The command line end to end, on copies of the sample and on broken checkouts."""

from __future__ import annotations

import fnmatch
import gc
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from generator.cli import main
from generator.pages import MkDocs, render
from generator.pages.docusaurus import Docusaurus
from generator.pages.fit_data import FIT_DATA
from generator.sources import load
from generator.sources.curated import read_curated

from .conftest import PROJECT, SAMPLE, SAMPLE_TODAY
from .helpers import catalog, image_pins, links_to, listed, make_checkout, pep503


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample and a docs folder built from it."""
    base = tmp_path_factory.mktemp("built")
    repo = base / "repo"
    shutil.copytree(SAMPLE, repo)
    docs = base / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    return repo, docs


def test_a_command_leaves_the_collector_as_it_found_it(built: tuple[Path, Path],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`main` turns full collections off while a command runs (`_no_full_collections`), and back on."""
    repo, docs = built
    thresholds = gc.get_threshold()
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0
    assert gc.get_threshold() == thresholds
    assert main(["build", "--repo", str(repo / "missing"), "--docs", str(docs), "--quiet"]) != 0
    assert gc.get_threshold() == thresholds


def test_check_is_clean_right_after_build(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    repo, docs = built
    capsys.readouterr()
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0
    assert capsys.readouterr().out == ""


def test_check_fails_after_one_pin_changes_and_writes_nothing(
        tmp_path: Path, built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(built[0], repo)
    docs = tmp_path / "docs"
    shutil.copytree(built[1], docs)
    pins = repo / "9.17.0" / "build-time-pip-constraints.txt"
    pins.write_text(pins.read_text().replace("apache-airflow-providers-amazon==8.26.0",
                                             "apache-airflow-providers-amazon==8.27.0"))
    before = snapshot(docs)
    capsys.readouterr()
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    # Paths from the docs folder, as `git diff` run there names them.
    assert "--- a/reference/releases/9.17.0.md" in out and "--- a/reference/architecture.md" in out
    assert "-| [apache-airflow-providers-amazon]" in out and "8.27.0" in out
    assert "--- a/reference/packages/apache-airflow-providers-amazon.md" in out
    assert snapshot(docs) == before
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    changed = {k for k, v in snapshot(docs).items() if before.get(k) != v}
    # 3.0-1 is the release after 9.17.0: its "Changes since 9.17.0" sections change too. The
    # packages' index changes only if amazon's row there (newest version, its newest release, how
    # many versions) does.
    index = {"reference/packages/index.md"} if _index_row(built[0], AMAZON) != _index_row(repo, AMAZON) else set()
    # The API's file of 9.17.0 holds its pins; the feed counts changes by kind, and amazon stays an
    # upgrade both from 9.16.0 (8.25.0) and to 3.0-1 (9.6.1), so it is unchanged.
    assert changed == {"reference/architecture.md", "reference/releases/9.17.0.md",
                       "reference/releases/3.0-1.md", "reference/compare.json",
                       "reference/packages/apache-airflow-providers-amazon.md", *index,
                       "reference/api/releases/9.17.0.json"}
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0


AMAZON = "apache-airflow-providers-amazon"


def _index_row(repo: Path, key: str) -> tuple[str, str, int]:
    """What the packages' index says of `key`, from the checkout's files: its newest version in
    PEP 440 order, the newest release shipping that version, and how many versions ship."""
    shipped: dict[str, str] = {}  # version -> newest release shipping it
    for version in catalog(repo):  # oldest first: the newest release is written last
        for pins in image_pins(repo, version).values():
            if key in pins:
                shipped[pins[key]] = version
    newest = max(shipped, key=Version)
    return newest, shipped[newest], len(shipped)


def test_build_writes_only_changed_pages_and_removes_obsolete_ones(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path / "repo", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"apache-airflow-providers-http": "1.0"}},
        "1.0.1": {"airflow": "2.0.0", "date": "2024-02-01", "pins": {"apache-airflow-providers-http": "1.1"}},
    })
    docs = tmp_path / "docs"
    hand = docs / "reference" / "hand-written.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("# mine\n")
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    page = docs / "reference" / "releases" / "1.0.0.md"
    os.utime(page, (1, 1))
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    assert page.stat().st_mtime == 1  # unchanged content: not rewritten
    catalog = json.loads((repo / "metadata" / "versions.json").read_text())
    del catalog["runtimeVersions"]["1.0.1"]
    (repo / "metadata" / "versions.json").write_text(json.dumps(catalog))
    shutil.rmtree(repo / "1.0.1")
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    assert not (docs / "reference" / "releases" / "1.0.1.md").exists()
    assert hand.read_text() == "# mine\n"  # not generated: never touched


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for n, (seed, locale) in enumerate([("1", "C.UTF-8"), ("12345", "POSIX")]):
        cwd = tmp_path / f"cwd{n}"
        cwd.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "PYTHONPATH": str(PROJECT)}
        for args in (["build", "--docs", str(cwd / "docs"), "--quiet"], ["export", "-o", str(cwd / "x.json")]):
            subprocess.run([sys.executable, "-m", "generator", *args, "--repo", str(SAMPLE)],
                           cwd=cwd, env=env, check=True, capture_output=True)
        outputs.append(snapshot(cwd))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 100


def test_export_has_every_release_and_image(tmp_path: Path, sample_model: object) -> None:
    out = tmp_path / "model.json"
    assert main(["export", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["schema"] == 1
    catalog = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    versions = [r["version"] for r in doc["releases"]]
    assert sorted(versions) == sorted([*catalog["runtimeVersions"], *catalog["runtimeVersionsV3"]])
    keys = {"version", "line", "scheme", "airflow_version", "python_version", "debian", "channel", "release_date",
            "end_of_maintenance", "lts", "yanked", "yanked_reason", "images"}
    for r in doc["releases"]:
        assert set(r) == keys
        folder = SAMPLE / r["version"]
        assert set(r["images"]) == {"standard"} | {p.name for p in folder.iterdir() if p.is_dir()}
        std = r["images"]["standard"]
        assert std["labels"]["io.astronomer.docker.runtime.version"] == r["version"]
        assert set(std) == {"python_version", "labels", "packages"}
    assert doc["releases"][versions.index("3.1-2")]["images"]["slim"]["packages"]["apache-airflow-providers-celery"]


def _broken(tmp_path: Path, what: str) -> Path:
    repo = make_checkout(tmp_path / "repo", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"a": "1.0"}}})
    df = repo / "1.0.0" / "Dockerfile"
    pins = repo / "1.0.0" / "build-time-pip-constraints.txt"
    catalog = repo / "metadata" / "versions.json"
    if what == "invalid-json":
        catalog.write_text('{\n  "runtimeVersions": {,\n}')
    elif what == "bad-version":
        catalog.write_text('{"runtimeVersions": {"1.0": {"metadata": {}}}}')
    elif what == "no-runtime-label":
        df.write_text("FROM python:3.11\nLABEL other=1\n")
    elif what == "unresolvable-arg":
        df.write_text("FROM python:3.11\nLABEL io.astronomer.docker.runtime.version=$NOPE\n")
    elif what == "not-a-pin":
        pins.write_text("a==1.0\nb>=2\n")
    elif what == "unreadable":
        pins.unlink()
        pins.mkdir()
    elif what == "utf16":
        pins.write_bytes("a==1.0\n".encode("utf-16"))
    elif what == "nul":
        pins.write_bytes(b"a==1.0\nb==\x002\n")
    elif what == "empty":
        catalog.write_text("")
    elif what == "huge":
        pins.write_text("# x\n" * 1_400_000)
    return repo


@pytest.mark.parametrize(("what", "where", "message"), [
    ("invalid-json", "metadata/versions.json:2:", "invalid JSON"),
    ("bad-version", "metadata/versions.json:1:", "neither scheme"),
    ("no-runtime-label", "1.0.0/Dockerfile:", "no io.astronomer.docker.runtime.version label"),
    ("unresolvable-arg", "1.0.0/Dockerfile:2:", "NOPE"),
    ("not-a-pin", "1.0.0/build-time-pip-constraints.txt:2:", "not a pin"),
    ("unreadable", "1.0.0/build-time-pip-constraints.txt:", "is a directory"),
    ("utf16", "1.0.0/build-time-pip-constraints.txt:", "UTF-16"),
    ("nul", "1.0.0/build-time-pip-constraints.txt:2:", "NUL byte"),
    ("empty", "metadata/versions.json:", "file is empty"),
    ("huge", "1.0.0/build-time-pip-constraints.txt:", "over the 5 MB limit"),
])
def test_bad_input_exit_2_one_line_nothing_written(tmp_path: Path, what: str, where: str, message: str) -> None:
    repo = _broken(tmp_path, what)
    docs = tmp_path / "docs"
    (docs / "reference").mkdir(parents=True)
    (docs / "reference" / "architecture.md").write_text("old page\n")
    for command in ("build", "check", "validate", "export"):
        args = [command, "--repo", str(repo)] + (["--docs", str(docs)] if command in ("build", "check") else [])
        proc = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
        assert proc.returncode == 2, (command, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert lines[0].startswith(str(repo / where.split(":")[0])) and where in lines[0].replace(str(repo) + "/", "")
        assert message in lines[0]
    assert snapshot(docs) == {"reference/architecture.md": b"old page\n"}


def test_errors_in_data_stop_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_checkout(tmp_path / "repo", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    shutil.rmtree(repo / "1.0.0")
    docs = tmp_path / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs)]) == 1
    assert not docs.exists()
    err = capsys.readouterr().err
    assert "error: release 1.0.0 is in the catalog but has no directory" in err
    assert main(["validate", "--repo", str(repo), "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["severity"] == "error" and finding["path"].endswith("versions.json") and finding["line"] == 3


def test_usage_error_is_exit_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "frobnicate"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_committed_pages_are_current() -> None:
    """The pages in docs/reference match the embedded sample (what CI checks on every release)."""
    assert main(["check", "--docs", str(PROJECT / "docs"), "--today", SAMPLE_TODAY.isoformat()]) == 0


class _MkDocsConfig(yaml.SafeLoader):
    """mkdocs.yml as data: its `!ENV` values are not needed here."""


_MkDocsConfig.add_constructor("!ENV", lambda loader, node: None)


def _mkdocs_files(releases: Iterable[str], packages: Iterable[str]) -> set[str]:
    """What a build writes into a docs folder for the MkDocs site, from the docs folder: the
    generated pages mkdocs.yml lists in its navigation, a page per release and per package (which
    it keeps out of the navigation), the parts of pages the home page includes (pymdownx.snippets),
    the scripts and styles it loads, and the compare page's data."""
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(), Loader=_MkDocsConfig)
    navigated = {path for entry in config["nav"] for path in entry.values() if path.startswith("reference/")}
    each = {f"reference/releases/{v}.md" for v in releases} | {f"reference/packages/{k}.md" for k in packages}
    assert all(any(fnmatch.fnmatch(f"/{path}", glob) for glob in config["not_in_nav"].split()) for path in each)
    home = (PROJECT / "docs" / "index.md").read_text()
    parts = set(re.findall(r'^--8<-- "([^":]+)(?::[^"]*)?"$', home, re.M))
    assert parts and all(any(f"/{path}".startswith(folder) for folder in config["exclude_docs"].split())
                         for path in parts)  # not pages of their own
    # The data API and the release feed the home page links (a file per release, and each kind's schema).
    linked = set(re.findall(r"\]\((reference/api/[^)]+)\)", home))
    assert {"reference/api/cycles.json", "reference/api/releases.json", "reference/api/releases.xml"} <= linked
    api = linked | {f"reference/api/releases/{v}.json" for v in releases} | {
        # Each kind's schema at its version, and the release files' first one, still published.
        f"reference/api/schema/{name}" for name in ("cycles.v1.json", "releases.v1.json", "release.v2.json",
                                                    "release.v1.json")}
    return navigated | each | parts | {*config["extra_css"], *config["extra_javascript"], "reference/compare.json",
                                       f"reference/{FIT_DATA}"} | api


def test_build_ends_with_a_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The counts come from the sample's files and the site's configuration: a page per release
    and per package, the model-wide pages the site's navigation lists, the part of a page its home
    page includes, compare.json, and the scripts and styles it loads."""
    count = len(load(SAMPLE).findings)  # what reading finds; `validate` adds the checks across releases
    releases = catalog(SAMPLE)
    packages = {pep503(name) for v in releases for pins in image_pins(SAMPLE, v).values() for name in pins}
    expected = _mkdocs_files(releases, packages)
    docs = tmp_path / "docs"
    assert main(["build", "--docs", str(docs), "--today", SAMPLE_TODAY.isoformat()]) == 0
    captured = capsys.readouterr()
    (line,) = captured.out.splitlines()
    assert re.fullmatch(rf"{len(releases)} releases read; {len(expected)} pages written, 0 unchanged, 0 removed; "
                        rf"{count} findings; \d+\.\d\d s", line), line
    assert set(snapshot(docs)) == expected
    assert len(releases) > 100 and len(packages) > 30


def test_the_hint_of_a_stale_check_works_as_printed(tmp_path: Path) -> None:
    """`check` names the command that fixes what it found: run from another folder, exactly as
    printed, it brings the pages up to date."""
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    docs = tmp_path / "docs"
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    pins = repo / "9.17.0" / "build-time-pip-constraints.txt"
    pins.write_text(pins.read_text().replace("apache-airflow-providers-amazon==8.26.0",
                                             "apache-airflow-providers-amazon==8.27.0"))
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--repo", str(repo), "--docs", str(docs)],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert proc.returncode == 1
    hint = re.search(r"run `([^`]+)`$", proc.stderr.strip().splitlines()[-1])
    assert hint and hint[1].startswith(f"make -C {PROJECT} docs REPO={repo.resolve()} DOCS={docs.resolve()}")
    subprocess.run(hint[1], shell=True, cwd=tmp_path, check=True, capture_output=True)
    assert main(["check", "--repo", str(repo), "--docs", str(docs)]) == 0


def test_a_hand_written_page_at_a_generated_path_is_kept_unless_taken_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only pages with the marker are replaced; a person's page is replaced only when named."""
    docs = tmp_path / "docs"
    hand = docs / "reference" / "lifecycle.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("# Our lifecycle page, by hand\n")
    args = ["build", "--docs", str(docs), "--today", "2026-11-23", "--quiet"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(hand) in err and "--take-over" in err
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["reference", "reference/lifecycle.md"]
    assert main([*args, "--take-over", "reference/lifecycle.md"]) == 0
    assert "reference/lifecycle.md: taking over this hand-written file" in capsys.readouterr().err
    assert hand.read_text().startswith(MkDocs.marker)
    assert main(args) == 0  # now the generator's own


def test_a_failed_build_into_a_new_docs_folder_leaves_no_folder(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "site.yaml"
    config.write_text("mkdocs:\n  folder: ../elsewhere\n")
    docs = tmp_path / "docs"
    assert main(["build", "--docs", str(docs), "--site-config", str(config)]) == 2
    assert "folder must be a relative path inside the docs folder" in capsys.readouterr().err
    assert not docs.exists() and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize(("where", "message"), [("missing/docs", "no such docs folder, nor the folder it would go in"),
                                                ("file", "is not a folder: the docs folder must be one")])
def test_a_docs_folder_is_made_only_where_its_folder_is(tmp_path: Path, where: str, message: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("not a folder\n")
    assert main(["build", "--docs", str(tmp_path / where)]) == 2
    assert capsys.readouterr().err == f"{tmp_path / where}: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.parametrize(("given", "ok"), [("./reference/lifecycle.md", True), ("reference//lifecycle.md", True),
                                           ("/etc/passwd", False), ("../reference/lifecycle.md", False)])
def test_a_take_over_path_is_read_from_the_docs_folder(tmp_path: Path, given: str, ok: bool,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    hand = docs / "reference" / "lifecycle.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("# By hand\n")
    assert main(["build", "--docs", str(docs), "--quiet", "--take-over", given]) == (0 if ok else 2)
    if not ok:
        assert capsys.readouterr().err == f"{given}: error: --take-over takes a path from the docs folder, inside it\n"
        assert hand.read_text() == "# By hand\n"


def test_export_to_a_dash_writes_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["releases"] and not (tmp_path / "-").exists()


# ---- Docusaurus: the hand-written pages, read before rendering ----

LIFECYCLE = "astro/runtime-version-lifecycle-policy.mdx"
PROVIDERS = "astro/runtime-provider-reference.md"
IMPORTS = {
    "astro/runtime-image-architecture.mdx": [("ProviderMatrix", "provider-matrix"),
                                             ("PythonPackages", "python-packages"), ("Parity", "parity"),
                                             ("SystemDependencies", "system-dependencies")],
    LIFECYCLE: [("Lifecycle", "lifecycle"), ("Yanked", "yanked")],
    PROVIDERS: [("ProviderReference", "provider-reference")],
}


def _hand_docs(tmp_path: Path, lifecycle_body: str | None) -> Path:
    """A docs folder with the three hand-written pages, each importing and rendering its partials,
    but the lifecycle page's body about its lifecycle partial as given (None: no lifecycle page)."""
    docs = tmp_path / "docs"
    (docs / "astro").mkdir(parents=True)
    for page, parts in IMPORTS.items():
        imported = "".join(f'import {name} from "../docs-partials/runtime/{partial}.mdx";\n' for name, partial in parts)
        bodies = ["\n".join(f"<{name} />\n" for name, _ in parts)] if page != LIFECYCLE else \
            [] if lifecycle_body is None else [lifecycle_body, "<Yanked />\n"]
        if bodies:
            (docs / page).write_text(f"---\nid: {Path(page).stem}\n---\n\n{imported}\n## Section\n\n{''.join(bodies)}")
    return docs


@cache
def _anchored_site() -> dict[str, str]:
    """The Docusaurus pages of the sample where every hand page renders its partials, by path from
    the docs folder: no link loses its anchor."""
    return dict(render(load(SAMPLE), Docusaurus(), read_curated(), SAMPLE_TODAY))


def _docs_texts(folder: Path) -> dict[str, str]:
    """The Markdown and MDX files of a docs folder, by path from it."""
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md*")) if p.is_file()}


def _docusaurus(command: str, docs: Path) -> list[str]:
    return [command, "--target", "docusaurus", "--docs", str(docs), "--today", SAMPLE_TODAY.isoformat(),
            *(["--quiet"] if command == "build" else [])]


@pytest.mark.parametrize(("body", "anchored"), [
    ("<Lifecycle />\n", True),  # imports and renders the lifecycle partial
    ("The schedule follows.\n", False),  # imports, does not render
    ("```mdx\n<Lifecycle />\n```\n", False),  # renders it in a code fence only
])
def test_release_pages_link_the_lifecycle_anchors_only_where_the_page_renders_them(
        tmp_path: Path, body: str, anchored: bool, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _hand_docs(tmp_path, body)
    assert main(_docusaurus("build", docs)) == 0  # a warning changes no exit status
    err = capsys.readouterr().err
    release = (docs / "astro" / "runtime-releases" / "releases" / "3.1-3.md").read_text()
    links = re.findall(r"\]\(\.\./\.\./runtime-version-lifecycle-policy\.mdx(#[^)]*)?\)", release)
    assert links and all(bool(anchor) == anchored for anchor in links), links
    warned = [line for line in err.splitlines() if ": warning: " in line]
    if anchored:
        assert warned == []
    else:
        assert warned == [line for line in err.splitlines() if line.startswith(f"{docs / LIFECYCLE}: warning: ")]
        assert len(warned) == 1 and "does not render docs-partials/runtime/lifecycle.mdx" in warned[0]
        line = '`import Lifecycle from "../docs-partials/runtime/lifecycle.mdx";` and `<Lifecycle />`'
        assert line in warned[0] and "Yanked" not in warned[0]
        # The links that lose their anchor, read from the pages where nothing is lost: the release
        # pages' and the partials' (the today and lifecycle tables link each major's row).
        kept = {folder: {a for a in anchors if a} for folder, anchors in links_to(_anchored_site(), LIFECYCLE).items()}
        folders = sorted(folder for folder, anchors in kept.items() if anchors)
        anchors = sorted(set().union(*kept.values()))
        assert "astro/runtime-releases/releases" in folders and re.fullmatch(r"major-\S+", anchors[0])
        assert warned[0].endswith(f"links to {len(anchors)} of its anchors (such as #{anchors[0]}, from pages in "
                                  f"{listed(folders)}) lead to the top of the page"), warned[0]
    # `check` says the same, and is clean: the pages were made knowing what the hand pages show.
    assert main(_docusaurus("check", docs)) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line] == warned


def test_a_missing_hand_page_is_warned_of_and_nothing_links_to_its_anchors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _hand_docs(tmp_path, None)
    assert main(_docusaurus("build", docs)) == 0
    err = capsys.readouterr().err.strip().splitlines()
    folders = sorted(links_to(_anchored_site(), LIFECYCLE))  # every page that links to it where it is there
    assert "astro/runtime-releases/releases" in folders
    assert err == [f"{docs / LIFECYCLE}: warning: no such page (the layout's `lifecycle`): write it, showing what is "
                   "generated for it as the README's Docusaurus set-up says, or say in runtime-docs-site.yaml where "
                   f"it is; links to it from pages in {listed(folders)} have no page to lead to"]
    assert not (docs / LIFECYCLE).exists()
    assert not any("runtime-version-lifecycle-policy.mdx#" in p.read_text() for p in docs.rglob("*.md"))
    # Nor any link to it at all, the partials' routes included: its names stand as plain text.
    assert not links_to(_docs_texts(docs), LIFECYCLE)


def test_a_generated_provider_reference_left_from_an_earlier_version_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Migration: the page an earlier version wrote whole (it carries the marker) would go stale
    beside the partial that replaces it, so the run stops, says what to do, and writes nothing."""
    docs = _hand_docs(tmp_path, "<Lifecycle />\n")
    assert main(_docusaurus("build", docs)) == 0
    old = docs / PROVIDERS
    old.write_text('---\nid: "runtime-provider-reference"\ntitle: "Astro Runtime provider package reference"\n---\n'
                   "{/* Generated by `python -m generator build --target docusaurus` from an astro-runtime checkout: "
                   "edit the data, not this page. */}\n\n## Astro Runtime 1.0.0\n")
    before = snapshot(docs)
    capsys.readouterr()
    for command in ("build", "check"):
        assert main(_docusaurus(command, docs)) == 2
        err = capsys.readouterr().err
        assert err == (f"{old}: error: was written by an earlier version of the generator (it carries the marker), "
                       "but is now yours: replace it with your own page, which shows what is generated for it "
                       '(import ProviderReference from "../docs-partials/runtime/provider-reference.mdx"; then '
                       "<ProviderReference />), as the README's Docusaurus set-up says\n")
        assert snapshot(docs) == before
    # `--take-over` does not apply: the page is no output of the generator any more.
    assert main([*_docusaurus("build", docs), "--take-over", PROVIDERS]) == 2
    assert snapshot(docs) == before


def test_a_missing_hand_page_is_named_in_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _hand_docs(tmp_path, None)
    assert main(_docusaurus("build", docs)) == 0
    assert not any("runtime-version-lifecycle-policy" in p.read_text() for p in docs.rglob("*.md"))


def test_a_fresh_docs_repository_builds_and_is_told_what_each_hand_page_lacks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Step 3 of the README's set-up: the hand-written pages are there, showing none of the partials
    yet (the provider reference with its own release sections still): the build writes the pages and
    warns once per page, and `check` after it is clean."""
    docs = tmp_path / "docs"
    (docs / "astro").mkdir(parents=True)
    for page in IMPORTS:
        (docs / page).write_text(f"---\nid: {Path(page).stem}\n---\n\n## Astro Runtime 3.1-3\n\nHand-kept.\n")
    assert main(_docusaurus("build", docs)) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    warned = [line for line in err.splitlines() if ": warning: " in line]
    assert [line.split(": warning: ")[0] for line in warned] == [str(docs / page) for page in IMPORTS] + \
        [str(docs / PROVIDERS)]
    for (page, parts), line in zip(IMPORTS.items(), warned, strict=False):
        assert all(f"<{name} />" in line for name, _ in parts), (page, line)
    assert "'Astro Runtime 3.1-3' are also the sections of" in warned[-1]
    assert (docs / "astro" / "runtime-releases" / "releases" / "3.1-3.md").is_file()
    assert main(_docusaurus("check", docs)) == 0
