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
