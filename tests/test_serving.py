"""The built MkDocs site is served, not opened from the file system: what the README and `make docs`
tell a person to do must work (opened as files, its directory URLs lead to folder listings)."""

from __future__ import annotations

import re

import yaml

from .conftest import PROJECT


def test_no_instruction_opens_the_built_site_from_the_file_system() -> None:
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # `!ENV` read as text
    assert config.get("use_directory_urls", "true") == "true"  # what makes file:// links lead to folders
    for path in ("README.md", "Makefile"):
        text = (PROJECT / path).read_text()
        assert not re.search(r"open\s+`?site/index\.html", text, re.I), path
        assert "make serve" in text, path
