"""Test helpers: small checkouts written on the fly, and a Markdown table reader."""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packaging.version import Version

from generator.model import Curated, Image, Model
from generator.pages import MkDocs, render
from generator.pages.markdown import DASH
from generator.versions import RuntimeVersion

DOCKERFILE = """\
ARG PY="{python}"
ARG BASE="python:${{PY}}-slim-bookworm"
FROM ${{BASE}} AS base
ARG PY
LABEL io.astronomer.docker.python.version="${{PY}}"
FROM base
ARG VERSION="{version}"
LABEL io.astronomer.docker.runtime.version="${{VERSION}}" io.astronomer.docker.airflow.version="{airflow}+astro.1"
"""


def write_release(root: Path, version: str, airflow: str, pins: dict[str, str], variant: str = "",
                  python: str = "3.12") -> Path:
    place = root / version / variant if variant else root / version
    place.mkdir(parents=True, exist_ok=True)
    (place / "Dockerfile").write_text(DOCKERFILE.format(python=python, version=version, airflow=airflow))
    (place / "build-time-pip-constraints.txt").write_text(
        "".join(f"{k}=={v}\n" for k, v in pins.items()) or "# none\n")
    return place


def make_checkout(root: Path, releases: dict[str, dict[str, Any]]) -> Path:
    """A checkout with one standard image per release; `releases` maps version to
    {"airflow", "date", "pins", optional "python", "channel" and "meta" (extra metadata)}."""
    af2: dict[str, Any] = {}
    af3: dict[str, Any] = {}
    for version, spec in releases.items():
        meta = {"airflowVersion": spec["airflow"], "channel": spec.get("channel", "stable"),
                "releaseDate": spec["date"], **spec.get("meta", {})}
        (af3 if "-" in version.split(".")[1] or version.count(".") == 1 else af2)[version] = {"metadata": meta}
        write_release(root, version, spec["airflow"], spec["pins"], python=spec.get("python", "3.12"))
    (root / "metadata").mkdir(parents=True, exist_ok=True)
    (root / "metadata" / "versions.json").write_text(
        json.dumps({"runtimeVersions": af2, "runtimeVersionsV3": af3}, indent=2))
    return root


_SPLIT = re.compile(r"(?<!\\)\|")


def tables(markdown: str) -> list[list[list[str]]]:
    """Every pipe table of a page as rows of stripped cells (header first, rule row dropped)."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in _SPLIT.split(line.strip())[1:-1]]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


def section(markdown: str, heading: str, level: int = 2) -> str:
    """The text under the heading `heading` of `level`, up to the next heading of that level or higher."""
    head = f"{'#' * level} {heading}\n"
    if head not in markdown:  # a section the MkDocs site's search leaves out
        head = f"{'#' * level} {heading} {{ data-search-exclude }}\n"
    body = markdown.index(head) + len(head)
    end = re.search(rf"^#{{1,{level}}} ", markdown[body:], re.M)
    return markdown[body - len(head): body + end.start() if end else None]


def plain(cell: str) -> str:
    """A cell's text with link markup and escapes dropped: `[2.9](url) &ndash; [1\\!2](url)` -> `2.9 &ndash; 1!2`."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)", r"\1", cell))


def link_text(cell: str) -> str:
    m = re.fullmatch(r"\[(.*)\]\((.*)\)", cell)
    return m[1] if m else cell


def link_url(cell: str) -> str:
    m = re.fullmatch(r"\[(.*)\]\((.*)\)", cell)
    assert m, cell
    return m[2]


def expected_changes(old: Image, new: Image) -> list[list[str]]:
    """Rows (name, change, from, to) computed here from the pins, independently of generator.diff."""
    a = {p.key: p for p in old.packages}
    b = {p.key: p for p in new.packages}
    rows = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            rows.append((0, key, [b[key].name, "added", DASH, b[key].version]))
        elif key not in b:
            rows.append((3, key, [a[key].name, "removed", a[key].version, DASH]))
        elif Version(a[key].version) < Version(b[key].version):
            rows.append((1, key, [b[key].name, "upgraded", a[key].version, b[key].version]))
        elif Version(a[key].version) > Version(b[key].version):
            rows.append((2, key, [b[key].name, "downgraded", a[key].version, b[key].version]))
    return [r for _, _, r in sorted(rows)]


def render_pages(model: Model, curated: Curated, today: dt.date) -> dict[str, str]:
    """The MkDocs site's pages, by path from its generated folder (`releases/9.1.0.md`)."""
    folder = MkDocs().folder + "/"
    return {path.removeprefix(folder): text for path, text in render(model, MkDocs(), curated, today)}


# ---- the sample's files read with plain str.split and re, independently of generator.sources ----

def read_pins(folder: Path) -> dict[str, str]:
    """One image's pins (`name==version` lines of its constraints file), comments skipped."""
    text = (folder / "build-time-pip-constraints.txt").read_text()
    return dict(line.split("==") for line in text.splitlines() if line and not line.startswith("#"))


def listed_pins(folder: Path) -> dict[str, str]:
    """`read_pins` in the order every package list has: providers first, then by PEP 503 name."""
    pins = read_pins(folder)
    return {n: pins[n] for n in sorted(pins, key=lambda n: (not pep503(n).startswith("apache-airflow-providers-"),
                                                            pep503(n)))}


def image_pins(root: Path, version: str) -> dict[str, dict[str, str]]:
    """Every image of a release by variant: the release folder is the standard image, each
    subfolder with a constraints file another one."""
    folder = root / version
    found = {"standard": read_pins(folder)}
    for sub in sorted(folder.iterdir()):
        if (sub / "build-time-pip-constraints.txt").is_file():
            found[sub.name] = read_pins(sub)
    return found


def catalog(root: Path) -> dict[str, dict[str, Any]]:
    """Each release's catalog metadata by version, in runtime version order (oldest first)."""
    doc = json.loads((root / "metadata" / "versions.json").read_text())
    entries = {v: e["metadata"] for part in ("runtimeVersions", "runtimeVersionsV3")
               for v, e in doc.get(part, {}).items()}
    return {v: entries[v] for v in sorted(entries, key=RuntimeVersion.parse)}


def pep503(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_PACKAGE_CELL = re.compile(r"\[([^\]]+)\]\(((?:\.\./)?)packages/([^)]+)\.md\)")


def package_name(cell: str, prefix: str = "") -> str:
    """The package a package cell names, after asserting its shape: its name linked to its page
    here (`prefix` from the page's folder) by the name's PEP 503 key, and nothing else (the page
    links PyPI)."""
    m = _PACKAGE_CELL.fullmatch(cell)
    assert m, cell
    name = re.sub(r"\\(.)", r"\1", m[1])
    assert (m[2], m[3]) == (prefix, pep503(name)), cell
    return name


_PINS = re.compile(r'<div class="rt-pins" data-label="Filter packages" data-package="([^"]+)"></div>\n\n'
                   r"```text\n(.*?)\n```", re.S)


def release_pins(markdown: str) -> tuple[str, dict[str, str]]:
    """The pins a release page's section lists for the script to make a table of: the link it
    makes package links from, and {name: version} in the order written."""
    (found,) = _PINS.findall(markdown)
    return found[0], dict(line.split("==", 1) for line in found[1].split("\n"))


ERAS = {"airflow3": "Airflow 3 era (Runtime X.Y-N)", "semver": "Airflow 2 era (Runtime MAJOR.MINOR.PATCH)"}
"""The architecture page's era headings, newest era first."""


def era_tables(markdown: str, heading: str) -> dict[str, list[list[str]]]:
    """The one table under each era heading of the section `heading`, by era title, in page order."""
    text = section(markdown, heading)
    titles = re.findall(r"^### (.+)$", text, re.M)
    found = {}
    for title in titles:
        (rows,) = tables(section(text, title, 3))
        found[title] = rows
    return found


def line_label(version: str) -> str:
    """`9.17.x` for 9.17.0, `3.1-x` for 3.1-2 or 3.2-1.rc1: the line a release belongs to."""
    if m := re.fullmatch(r"(\d+)\.(\d+)\.\d+(?:-.*)?", version):
        return f"{m[1]}.{m[2]}.x"
    m = re.fullmatch(r"(\d+)\.(\d+)-\d+.*", version)
    assert m, version
    return f"{m[1]}.{m[2]}-x"


def major_label(version: str) -> str:
    """The unit of support: `Runtime 9` for 9.17.0, the line (`3.1-x`) in the Airflow 3 era."""
    label = line_label(version)
    return f"Runtime {label.split('.')[0]}" if label.endswith(".x") else label


def major_anchor(label: str) -> str:
    """The lifecycle page's anchor of a major's row: `major-runtime-9`, `major-3-1-x`."""
    if label.startswith("Runtime "):
        return "major-runtime-" + label.removeprefix("Runtime ")
    return "major-" + label.replace(".", "-")


STATUS_CLASS = {"maintained": "maintained", "ending within 90 days": "ending", "end of maintenance": "ended",
                "not yet released": "prerelease"}


_BADGE = re.compile(r'<span class="rt-status rt-status-([a-z]+)( rt-now)?" data-first="([0-9-]*)" '
                    r'data-end="([0-9-]*)">([^<]*)</span>')
_WHEN = re.compile(r'<span class="rt-when" data-end="([0-9-]*)" data-not-before="([0-9-]*)" data-later="([^"]*)">'
                   r"([^<]*)</span>")


def badge(cell: str) -> str:
    """The status a badge says, after asserting that its colour (class) says the same: what the
    brief of the second edition states, plus the dates the browser computes it from again."""
    m = _BADGE.fullmatch(cell)
    assert m, cell
    assert STATUS_CLASS[m[5]] == m[1], cell
    return m[5]


def badge_dates(cell: str) -> tuple[str, str]:
    """The first final release and end of maintenance a badge carries for the browser ("" for none)."""
    m = _BADGE.fullmatch(cell)
    assert m, cell
    return m[3], m[4]


def when(cell: str) -> str:
    """How far off the end of maintenance is, as the page says it on the day it was built; the
    dates the browser says it again from are checked against the end shown beside it elsewhere."""
    m = _WHEN.fullmatch(cell)
    assert m, cell
    return html.unescape(m[4])


def when_dates(cell: str) -> tuple[str, str]:
    m = _WHEN.fullmatch(cell)
    assert m, cell
    return m[1], m[2]


def expected_compare(model: Model, old: str, new: str) -> dict[str, object]:
    """What the compare page shows for each image, as the browser reads it: the change rows
    (computed here from the pins), or the sentence for no change or a missing image."""
    a, b = model.by_version[old], model.by_version[new]
    shown: dict[str, object] = {}
    for variant in {i.variant for i in a.images} | {i.variant for i in b.images}:
        before, after = a.image(variant), b.image(variant)
        if before is None or after is None:
            missing = old if before is None else new
            shown[variant] = f"{missing} has no {variant} image: there is nothing to compare with."
        else:  # the Markdown cells as the browser shows them (`&ndash;` is a dash)
            rows = [[html.unescape(cell) for cell in row] for row in expected_changes(before, after)]
            shown[variant] = rows or "No package changed."
    return shown


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def links_to(site: Mapping[str, str], page: str) -> dict[str, set[str]]:
    """The links to the Docusaurus page at `page` (from the docs folder) that the pages of `site`
    (by path from the docs folder) make, as {folder of the linking page: the anchors linked, "" for
    the page's top}: relative file links from the content folder, and the page's route (its path
    less the extension) from a partial, which has no place of its own."""
    route = "/" + posixpath.splitext(page)[0]
    found: dict[str, set[str]] = {}
    for path, text in site.items():
        if not path.endswith((".md", ".mdx")):
            continue
        folder = posixpath.dirname(path)
        for destination in _LINK.findall(text):
            target, _, anchor = destination.partition("#")
            relative = target and not target.startswith("/") and "://" not in target
            if target == route or (relative and posixpath.normpath(posixpath.join(folder, target)) == page):
                found.setdefault(folder, set()).add(anchor)
    return found


def listed(folders: list[str]) -> str:
    """Folders as a warning names them: the first two, then how many more."""
    return ", ".join(folders[:2]) + (f" and {len(folders) - 2} more folders" if len(folders) > 2 else "")


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Files below `folder` (folders made as needed); the first one named is returned."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder / next(iter(files))


def mkdocs_build(*args: str, cwd: Path) -> None:
    """`mkdocs build --strict` with `args`, failing the test with MkDocs' own words. Never `--quiet`:
    it drops the warnings before strict mode counts them, and a build with broken links passes."""
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=cwd,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
