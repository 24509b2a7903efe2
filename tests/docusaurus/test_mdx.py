"""Every page and partial the generator writes for Docusaurus compiles as MDX 3.

Astronomer's docs repository sets no `markdown.format`, so Docusaurus compiles every .md file as
MDX too. scripts/check-mdx.mjs compiles each with the @mdx-js/mdx the site installs, in one node
process for all of them: seconds, where a Docusaurus build takes a minute or more.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import PROJECT, SAMPLE_TODAY
from .conftest import MDX_PACKAGE, SITE, check_mdx_files, mdx_errors, skip_unless

pytestmark = skip_unless(MDX_PACKAGE, "The Docusaurus site's npm install (@mdx-js/mdx)")

# The hand-written pages of the site that import the generated partials, as the docs repository's do.
HAND_WRITTEN = [SITE / "docs" / "astro" / name
                for name in ("runtime-image-architecture.mdx", "runtime-version-lifecycle-policy.mdx",
                             "runtime-provider-reference.md", "links-in.md")]


def test_every_generated_file_compiles_as_mdx(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    subprocess.run([sys.executable, "-m", "generator", "build", "--target", "docusaurus", "--docs", str(docs),
                    "--today", SAMPLE_TODAY.isoformat(), "--quiet"], cwd=PROJECT, check=True)
    written = sorted(docs.rglob("*.md")) + sorted(docs.rglob("*.mdx"))
    assert any(p.name == "provider-reference.mdx" for p in written)
    assert any(p.parent.name == "runtime" and p.suffix == ".mdx" for p in written)  # the partials
    done = check_mdx_files([docs])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(written)} of {len(written)} files compiled" in done.stderr


def test_the_hand_written_pages_compile_as_mdx() -> None:
    done = check_mdx_files(HAND_WRITTEN)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_reports_where_each_text_fails() -> None:
    """The failures the docs repository's MDX 3 makes of Markdown that MkDocs accepts, each with
    its place, and none for what compiles; front matter is read apart, as Docusaurus reads it."""
    texts = [
        "fine, with &ndash; and \\{ and `<code>`",
        "a\n\n<!-- an HTML comment -->",
        "a bare <word> in text",
        "| a | b |\n| - | - |\n| <https://example.com> | x |",
        "## Heading {#custom-id}",
        "unbalanced { brace",
        "---\ntitle: \"{not an expression}\"\n---\n\nbody",
        '<div className="rt-table" data-label="Filter rows"></div>\n\n| a |\n| - |\n| 1 |',
    ]
    got = mdx_errors(texts)
    assert got[0] is None and got[6] is None and got[7] is None
    assert got[1] is not None and got[1].startswith("3:2: ")
    assert got[2] is not None and got[2].startswith("1:")
    assert got[3] is not None and got[3].startswith("3:")
    assert got[4] is not None and got[5] is not None


def test_the_check_names_the_failing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\nid: bad\n---\n\nline five <br> unclosed\n", encoding="utf-8")
    (tmp_path / "good.mdx").write_text("{/* fine */}\n\nText.\n", encoding="utf-8")
    done = check_mdx_files([tmp_path])
    assert done.returncode == 1
    assert done.stdout.startswith(f"{bad}:5:")
    assert done.stdout.count("\n") == 1
