"""The link checker over a built site: the real site passes, and broken links are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.sitecheck import check_site


def test_built_site_has_no_broken_internal_link(site: Path) -> None:
    assert check_site(site) == []
    assert len(list(site.rglob("*.html"))) > 100


def test_broken_links_and_anchors_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="top">x</h2>\n<a href="a/">ok</a> <a href="#top">ok</a> <a href="https://example.org/x">external</a>\n'
        '<a href="b/">missing</a>\n<a href="a/#nowhere">no anchor</a>\n<img src="../../etc/passwd">\n')
    (tmp_path / "a" / "index.html").write_text('<a href="../index.html#top">ok</a><a href="../#top">ok</a>')
    assert check_site(tmp_path) == [
        "index.html:3: link 'b/' points at a missing file",
        "index.html:4: link 'a/#nowhere' points at a missing anchor",
        "index.html:5: link '../../etc/passwd' leaves the site",
    ]
    assert main(["links", str(tmp_path)]) == 1
    assert capsys.readouterr().out.count("\n") == 3


def test_links_command_on_a_missing_site_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", str(tmp_path / "nope")]) == 2
    assert "no built site here" in capsys.readouterr().err


def test_an_address_with_no_extension_is_its_html_page(tmp_path: Path) -> None:
    """As Docusaurus writes a site with `trailingSlash: false`: `/docs/a/b` is `a/b.html`, served before
    a folder `a/b/` of the same name; absolute links start with the base URL."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b.html").write_text('<h2 id="x">b</h2>')
    (tmp_path / "a" / "b" / "c.html").write_text('<a href="/docs/a/b#x">ok</a> <a href="../b">ok</a>')
    (tmp_path / "index.html").write_text('<a href="/docs/a/b/c">ok</a> <a href="/docs/a/d">missing</a> '
                                         '<a href="/docs/a/b#y">no anchor</a>')
    assert check_site(tmp_path, "/docs/") == [
        "index.html:1: link '/docs/a/d' points at a missing file",
        "index.html:1: link '/docs/a/b#y' points at a missing anchor",
    ]


def test_a_folder_with_no_page_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("no page here\n")
    assert main(["links", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: error: no HTML page here: not a built site, so nothing to check\n"


def test_a_link_outside_the_base_url_leaves_the_site(tmp_path: Path) -> None:
    """Served under `/docs/`, an absolute link must start with it, even when the build holds the file
    it names (a static file linked without the base URL); `/docsx` is not under `/docs/`, `/docs` is."""
    (tmp_path / "runtime").mkdir()
    (tmp_path / "runtime" / "compare.json").write_text("{}")
    (tmp_path / "index.html").write_text('<a href="/runtime/compare.json">data</a> '
                                         '<a href="/docs/runtime/compare.json">ok</a>\n'
                                         '<a href="/docsx/runtime/compare.json">x</a> <a href="/docs">ok</a>')
    expected = ["index.html:1: link '/runtime/compare.json' is outside /docs/, where the site is served",
                "index.html:2: link '/docsx/runtime/compare.json' is outside /docs/, where the site is served"]
    # As Docusaurus normalises its baseUrl: with or without the slashes, the same path.
    for base in ("/docs/", "/docs", "docs", "docs/"):
        assert check_site(tmp_path, base) == expected, base
    assert check_site(tmp_path) == ["index.html:1: link '/docs/runtime/compare.json' points at a missing file",
                                    "index.html:2: link '/docsx/runtime/compare.json' points at a missing file",
                                    "index.html:2: link '/docs' points at a missing file"]


@pytest.mark.parametrize("base", ["https://example.org/docs/", "//example.org/docs", "/docs/../x", "/./docs",
                                  "/docs?x=1", "/docs#top", "/my docs", "/docs\n"])
def test_a_base_url_that_is_not_a_path_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         base: str) -> None:
    (tmp_path / "index.html").write_text('<a href="/docs/">home</a>')
    assert main(["links", str(tmp_path), "--base-url", base]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("--base-url: error: ")
    assert "is not a URL path such as /docs/" in captured.err
