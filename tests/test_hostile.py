"""Hostile values in the checkout stay inert text on the built site, not only in the Markdown."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.cli import main

from .conftest import PROJECT
from .helpers import make_checkout, mkdocs_build, tables

HOSTILE = ('x|y <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) '
           '{{ 7*7 }} {% raw %} `tick`')


def build_site(tmp_path: Path, docs: Path) -> str:
    """Build `docs` with the project's MkDocs configuration (inherited, so its `!ENV` tags resolve as
    MkDocs resolves them); the HTML of release 1.0.0's page."""
    config = {"INHERIT": str(PROJECT / "mkdocs.yml"), "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
              "nav": [{"Home": "index.md"}, {"Releases": "reference/releases/index.md"}],
              # Paths in the inherited file are the project's (MkDocs reads them from this file's folder).
              "theme": {"name": "material", "custom_dir": str(PROJECT / "overrides")}}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    mkdocs_build("-f", str(tmp_path / "mkdocs.yml"), cwd=tmp_path)
    return (tmp_path / "site" / "reference" / "releases" / "1.0.0" / "index.html").read_text()


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
    facts, labels = tables(page)  # the packages are pins, in a code block
    assert [len(r) for r in facts] == [2] * len(facts)
    assert [len(r) for r in labels] == [2] * len(labels)

    html = build_site(tmp_path, docs)
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


# Every way Markdown (and the HTML it lets through) makes a link, each with a scheme that runs or reads
# something. Python-Markdown is what MkDocs uses; the forms CommonMark adds are here too.
LINKS = """\
Inline [a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c]( data:text/html,x ) [d](<vbscript:x>)
[e](file:///etc/passwd "t") [f](&#106;avascript:alert(3)) [g](&#x6A;avascript:x) [h](java&#115;cript:x)
[i](\njavascript:x) [nested [j](https://ok.example) k](javascript:x) [l](javascript:x "https://x")

Images ![m](javascript:alert(4)) ![n](data:image/svg+xml;base64,PHN2Zz4=) ![o](FILE:///etc/passwd)

Reference [p], [q][q], [r][], [s], [t], [u], [v], [w], [x], [y][Y]

[p]: javascript:alert(5)
[q]:JAVASCRIPT:alert(6)
 [r] : data:text/html,x
[s]:
    vbscript:msgbox(1)
[t]: <javascript:alert(7)> "title"

> [u]: javascript:alert(8)

- item

    [v]: file:///etc/passwd

* [w]: &#106;avascript:alert(9)
1. [x]:
   javascript:alert(10)

[Y]: data:text/html,y

Autolinks <javascript:alert(11)> <JAVASCRIPT:alert(12)> <data:text/html,x> <mailto:a@b.example>

Raw HTML <a href="javascript:alert(13)">y</a> <A HREF='JaVaScRiPt:alert(14)'>z</A>
<img src="data:image/png;base64,AAAA"> <a href="&#106;avascript:alert(15)">aa</a>
<a href=file:///etc/passwd>bb</a> <iframe src="javascript:alert(16)"></iframe>

<div markdown="1">[cc](javascript:alert(17))</div>

Working [docs](https://ok.example/docs), [ref][ok] and [upper case](HTTPS://ok.example/upper).

[ok]: https://ok.example/ref
"""


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [(tag, name, value or "") for name, value in attrs if name in ("href", "src")]


def _scheme(url: str) -> str:
    """The scheme a browser would see: after entities are decoded, ignoring the controls and spaces it ignores."""
    url = re.sub(r"[\x00-\x20]", "", unescape(url))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return m[1].lower() if m else ""


def test_changelog_links_lead_only_to_the_web(tmp_path: Path) -> None:
    """Release notes are someone else's Markdown: no form of link in them may run script or read a file."""
    repo = make_checkout(tmp_path / "repo", {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    (repo / "CHANGELOG.md").write_text(f"## 1.0.0 (2024-01-01)\n\n{LINKS}")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    assert main(["build", "--repo", str(repo), "--docs", str(docs), "--quiet"]) == 0
    parser = _Urls()
    parser.feed(build_site(tmp_path, docs))
    assert parser.urls
    bad = [u for u in parser.urls if _scheme(u[2]) not in ("", "http", "https")]
    assert not bad
    assert ("a", "href", "https://ok.example/docs") in parser.urls
    assert ("a", "href", "https://ok.example/ref") in parser.urls
    assert ("a", "href", "HTTPS://ok.example/upper") in parser.urls
