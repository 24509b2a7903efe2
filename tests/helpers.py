"""Test helpers: small checkouts written on the fly, and a Markdown table reader."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from packaging.version import Version

from generator.model import Curated, Image, Model
from generator.pages import MKDOCS, render
from generator.pages.markdown import DASH

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
    {"airflow", "date", "pins", ...extra metadata}."""
    af2: dict[str, Any] = {}
    af3: dict[str, Any] = {}
    for version, spec in releases.items():
        meta = {"airflowVersion": spec["airflow"], "channel": spec.get("channel", "stable"),
                "releaseDate": spec["date"], **spec.get("meta", {})}
        (af3 if "-" in version.split(".")[1] or version.count(".") == 1 else af2)[version] = {"metadata": meta}
        write_release(root, version, spec["airflow"], spec["pins"])
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
    """The MkDocs site's pages, as the tests read them."""
    return render(model, MKDOCS, curated, today)
