"""Hostile values in the checkout stay inert text on the built site, not only in the Markdown."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.cli import main

from .conftest import PROJECT
from .helpers import make_checkout, tables

HOSTILE = ('x|y <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) '
           '{{ 7*7 }} {% raw %} `tick`')


def test_hostile_values_on_the_built_site(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path / "repo", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {"apache-airflow-providers-http": "1.0"},
                  "meta": {"yanked": True, "yankedReason": HOSTILE + " " + "z" * 10_000}},
    })
    df = repo / "1.0.0" / "Dockerfile"
    df.write_text(df.read_text() + f"LABEL io.example.note='{HOSTILE}'\n")
    (repo / "CHANGELOG.md").write_text(f"## 1.0.0 (2024-01-01)\n\n{HOSTILE}\n\n<iframe src=x></iframe>\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    page = (docs / "reference" / "releases" / "1.0.0.md").read_text()
    facts, _packages, labels = tables(page)
    assert [len(r) for r in facts] == [2] * len(facts)
    assert [len(r) for r in labels] == [2] * len(labels)

    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text())
    config.update(docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    config["nav"] = [{"Home": "index.md"}, {"Releases": "reference/releases/index.md"}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(tmp_path / "mkdocs.yml")],
                   check=True, capture_output=True)
    html = (tmp_path / "site" / "reference" / "releases" / "1.0.0" / "index.html").read_text()
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html)
    assert "<iframe" not in html
    assert not re.search(r"href=\"javascript:", html, re.I)
    assert "{{ 7*7 }}" in html and "49" not in html.replace("1.0", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown to the reader as text


def test_export_keeps_hostile_values_verbatim(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path / "repo", {
        "1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}, "meta": {"yanked": True,
                                                                             "yankedReason": HOSTILE}}})
    out = tmp_path / "x.json"
    assert main(["export", "--repo", str(repo), "-o", str(out)]) == 0
    assert json.loads(out.read_text())["releases"][0]["yanked_reason"] == HOSTILE
