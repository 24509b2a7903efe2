"""The hand-written pages a layout names: which generated partials each imports and renders.

Expected values are written out by hand for each page; the rule they follow is MDX's: an import
in a top-level ESM block, an element outside code and comments, no indented code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.pages.docusaurus import Docusaurus
from generator.sources.hand_pages import HandPage, read_hand_pages, renders

from ..conftest import PROJECT

PAGE = "astro/page.mdx"
PARTIAL = "docs-partials/runtime/lifecycle.mdx"
IMPORT = 'import Lifecycle from "../docs-partials/runtime/lifecycle.mdx";\n\n'


@pytest.mark.parametrize(("text", "shown"), [
    (IMPORT + "## Schedule\n\n<Lifecycle />\n", {PARTIAL}),  # imported and rendered
    (IMPORT + "## Schedule\n\nNo table yet.\n", set()),  # imported, not rendered
    ("## Schedule\n\n<Lifecycle />\n", set()),  # rendered, never imported (MDX would not compile it)
    (IMPORT + "```mdx\n<Lifecycle />\n```\n", set()),  # only in a code fence
    (IMPORT + "~~~\n<Lifecycle />\n~~~\n", set()),
    (IMPORT + "Write `<Lifecycle />` to show it.\n", set()),  # only in a code span
    (IMPORT + "{/* <Lifecycle /> */}\n", set()),  # commented out
    (IMPORT + "{/* Not yet:\n\n<Lifecycle />\n\n*/}\n", set()),  # a comment across paragraphs
    (IMPORT + "{/* a note */}\n\n<Lifecycle />\n", {PARTIAL}),  # after a comment
    (IMPORT + "    <Lifecycle />\n", {PARTIAL}),  # MDX has no indented code: this renders
    (IMPORT + ":::note\n\n<Lifecycle />\n\n:::\n", {PARTIAL}),  # in an admonition
    (IMPORT + "<Tabs>\n<TabItem value=\"a\">\n<Lifecycle/>\n</TabItem>\n</Tabs>\n", {PARTIAL}),  # in JSX
    (IMPORT + "The schedule: <Lifecycle />, kept current.\n", {PARTIAL}),  # inline
    (IMPORT + "<Lifecycle\n  title=\"x\"\n/>\n", {PARTIAL}),  # attributes over lines
    (IMPORT + "<LifecycleTable />\n", set()),  # another element, whose name starts alike
    ("```js\n" + IMPORT + "```\n\n<Lifecycle />\n", set()),  # the import only in a code fence
    ("Text first.\n\n" + IMPORT + "<Lifecycle />\n", {PARTIAL}),  # an import lower on the page
    ("> " + IMPORT + "<Lifecycle />\n", set()),  # not top-level: a quote, not an import
    ('import Lifecycle from "./lifecycle.mdx";\n\n<Lifecycle />\n', {"astro/lifecycle.mdx"}),  # from the page
    ("import Lifecycle from '../docs-partials/runtime/../runtime/lifecycle.mdx'\n\n<Lifecycle />\n", {PARTIAL}),
    ('import Lifecycle from "../../elsewhere/lifecycle.mdx";\n\n<Lifecycle />\n', set()),  # out of the docs
    # `@site/`: Docusaurus' alias of the site's root, which the docs folder is.
    ('import Lifecycle from "@site/docs-partials/runtime/lifecycle.mdx";\n\n<Lifecycle />\n', {PARTIAL}),
    ('import Lifecycle from "@other/docs-partials/runtime/lifecycle.mdx";\n\n<Lifecycle />\n', set()),
    ('import Lifecycle from "../docs-partials/runtime/lifecycle.mdx";\nimport Yanked from '
     '"../docs-partials/runtime/yanked.mdx";\n\n<Yanked />\n', {"docs-partials/runtime/yanked.mdx"}),
    ("---\ntitle: \"x\"\n---\n\n" + IMPORT + "<Lifecycle />\n", {PARTIAL}),  # front matter first
    ("---\ndescription: |\n  <Lifecycle />\n---\n\n" + IMPORT, set()),  # only in the front matter
])
def test_what_a_page_imports_and_renders(text: str, shown: set[str]) -> None:
    assert renders(PAGE, text) == shown


def test_the_proof_sites_hand_pages_show_their_partials() -> None:
    target = Docusaurus()
    pages = read_hand_pages(PROJECT / "sites" / "docusaurus" / "docs", target.hand_written, target.is_generated)
    partials = "docs-partials/runtime"
    assert {path: page.renders for path, page in pages.items()} == {
        "astro/runtime-image-architecture.mdx": frozenset(f"{partials}/{name}.mdx" for name in (
            "provider-matrix", "python-packages", "parity", "system-dependencies")),
        "astro/runtime-version-lifecycle-policy.mdx": frozenset({PARTIAL, f"{partials}/yanked.mdx"}),
        "astro/runtime-provider-reference.md": frozenset({f"{partials}/provider-reference.mdx"}),
    }
    assert all(page.found and not page.generated for page in pages.values())
    # Their own headings, as the files write them (not the partials'): no release section among them.
    for path, page in pages.items():
        text = (PROJECT / "sites" / "docusaurus" / "docs" / path).read_text()
        assert page.headings == set(re.findall(r"^#+ (.+)$", text, re.M)), path
    assert not any(h.startswith("Astro Runtime ") and h[14:15].isdigit() for p in pages.values() for h in p.headings)


def test_missing_empty_and_generated_pages(tmp_path: Path) -> None:
    target = Docusaurus()
    (tmp_path / "astro").mkdir()
    (tmp_path / "astro" / "empty.mdx").write_text("")
    (tmp_path / "astro" / "old.md").write_text(f'---\nid: "old"\n---\n{target.marker}\n\n## Astro Runtime 1.0.0\n')
    pages = read_hand_pages(tmp_path, ["astro/missing.mdx", "astro/empty.mdx", "astro/old.md"], target.is_generated)
    assert pages["astro/missing.mdx"] == HandPage("astro/missing.mdx", found=False)
    assert pages["astro/empty.mdx"] == HandPage("astro/empty.mdx", found=True)  # begun, showing nothing yet
    assert pages["astro/old.md"].generated and pages["astro/old.md"].found


def test_a_page_that_cannot_be_read_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "astro").mkdir()
    os.mkfifo(tmp_path / "astro" / "pipe.mdx")
    (tmp_path / "astro" / "latin1.mdx").write_bytes(b"caf\xe9\n")
    (tmp_path / "astro" / "out.mdx").symlink_to("/etc/hostname")
    for name, message in [("pipe.mdx", "is a FIFO (named pipe), not a regular file"),
                          ("latin1.mdx", "is not UTF-8 text"), ("out.mdx", "symbolic link points outside")]:
        with pytest.raises(InputError) as caught:
            read_hand_pages(tmp_path, [f"astro/{name}"], Docusaurus().is_generated)
        assert caught.value.path == str(tmp_path / "astro" / name) and message in caught.value.message, name
