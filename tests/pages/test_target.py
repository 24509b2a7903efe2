"""Each target writes a value for the place it lands: text, attribute, link destination, front matter,
page head, tabs; and the names the model gives pages fit what each site builder makes of them."""

from __future__ import annotations

import html.parser
import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.model import NAME_MAX, Model
from generator.pages import TARGETS, Docusaurus, MkDocs, Target
from generator.pages.contents import Build
from generator.pages.target import Here, Tab
from generator.sources.curated import read_curated

from ..conftest import SAMPLE_TODAY

TARGET_LIST = [kind() for kind in TARGETS.values()]
HOSTILE = ["1e5", "0o17", "true", "null",
           'a"b', "x\ny: evil", "a: b", "---", "{x}", "<script>alert(1)</script>", "]) [x](javascript:y",
           "}{", "line\u2028sep", "import x from 'y'", "&quot;", "' onclick='z"]


@pytest.mark.parametrize("target", TARGET_LIST, ids=lambda t: t.name)
def test_every_name_the_model_allows_fits_a_file_name_of_the_built_site(target: Target) -> None:
    assert NAME_MAX + target.file_overhead <= 255


@pytest.mark.parametrize("value", HOSTILE)
def test_front_matter_keeps_every_value_inside_its_key(value: str) -> None:
    target = Docusaurus()
    head = target.head(value, value, front={"description": value})
    assert head.startswith("---\n")
    front, rest = head[4:].split("\n---\n", 1)
    assert yaml.safe_load(front) == {"id": value, "title": value, "description": value}
    # Each value a quoted string: `1e5` would be a number to the YAML 1.2 reader Docusaurus uses.
    assert all(line.split(": ", 1)[1].startswith('"') for line in front.splitlines())
    assert rest.startswith(target.marker) and target.is_generated(head.encode())


@pytest.mark.parametrize("target", TARGET_LIST, ids=lambda t: t.name)
@pytest.mark.parametrize("value", HOSTILE)
def test_a_title_is_one_heading_of_plain_words(target: Target, value: str) -> None:
    head = target.head(value, "page")
    heading = head.rsplit("\n", 1)[1]
    tokens = MarkdownIt("commonmark").parse(heading)
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"], heading
    inline = tokens[1].children or []
    assert [t.type for t in inline] == ["text"], heading
    assert " ".join(inline[0].content.split()) == " ".join(value.split())


@given(st.text())
def test_html_attributes_read_back_as_written(value: str) -> None:
    found: list[dict[str, str | None]] = []

    class Read(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(dict(attrs))

    Read().feed(f"<div data-x={MkDocs().attribute(value)} {MkDocs().class_attribute(value)}></div>")
    assert found == [{"data-x": value, "class": value}]


@given(st.text())
def test_jsx_attributes_are_a_string_or_a_json_string_with_no_brace_or_markup(value: str) -> None:
    written = Docusaurus().attribute(value)
    if written.startswith('"'):
        assert written == f'"{value}"' and not set(value) & set('"{}<>&\\\n')
    else:
        inner = written[1:-1]
        assert written[0] == "{" and written[-1] == "}" and not set(inner) & set("{}<>&\n")
        assert json.loads(inner) == value


@given(st.text())
def test_a_link_destination_is_one_link_whatever_it_holds(value: str) -> None:
    for target in TARGET_LIST:
        tokens = MarkdownIt("commonmark").parseInline(f"[words]({target.url(value)}) after", {})
        inline = tokens[0].children or []
        assert [t.type for t in inline] == ["link_open", "text", "link_close", "text"], value
        assert inline[1].content == "words" and inline[3].content == " after"


def test_tabs_write_image_names_as_attribute_values() -> None:
    """A crafted image name can be neither code nor break the tag (it is data everywhere)."""
    evil = 'x" onClick={alert(1)} y="'
    tabs = Docusaurus().tabs("group", [Tab("Standard", "standard", "a"), Tab(evil, evil, "b")])
    assert "onClick={alert" not in tabs and '"x\\" onClick=\\u007balert(1)\\u007d y=\\""' in tabs
    assert tabs.count("<TabItem ") == 2 and tabs.count(" default>") == 1


def test_links_from_a_partial_are_routes_and_from_a_page_relative_files() -> None:
    target = Docusaurus()
    release = target.release_path("3.1-2")
    assert Here(target, "docs-partials/runtime").to(release) == "/astro/runtime-releases/releases/runtime-release-3.1-2"
    assert Here(target, "astro/runtime-releases/packages").to(release) == "../releases/3.1-2.md"
    assert Here(target, "astro").page("releases") == "runtime-releases/releases/index.md"
    assert Here(target, "docs-partials/runtime").page("releases") == "/astro/runtime-releases/releases"  # an index
    assert Here(MkDocs(), "reference/releases").page("lifecycle", "major-9") == "../lifecycle.md#major-9"


@pytest.mark.parametrize("target", TARGET_LIST, ids=lambda t: t.name)
def test_each_page_is_declared_once_inside_the_targets_folders(target: Target, sample_model: Model) -> None:
    pages = list(target.pages(Build(sample_model, read_curated(), SAMPLE_TODAY)))
    paths = [p.path for p in pages]
    assert len(paths) == len(set(paths))
    assert all(any(p == f or p.startswith(f + "/") for f in target.folders) for p in paths)
