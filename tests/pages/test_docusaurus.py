"""The Docusaurus target: the pages Astronomer's docs repository keeps by hand, made from the data.

Expected values come from the sample's catalog and constraints files; whether every page
compiles as MDX is checked with @mdx-js/mdx itself in tests/docusaurus/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.model import Model
from generator.pages import MkDocs, render
from generator.pages.docusaurus import ANCHORED, PARTIALS, SHOWN, Docusaurus, DocusaurusLayout
from generator.pages.fit_data import FIT_ID
from generator.pages.notes import render_notes
from generator.pages.target import Here
from generator.sources.changelog import parse_changelog
from generator.sources.curated import read_curated
from generator.versions import RuntimeVersion

from ..conftest import PROJECT, SAMPLE, SAMPLE_TODAY
from ..helpers import links_to, listed, plain, tables

DOCUSAURUS = Docusaurus()


@pytest.fixture(scope="module")
def pages(sample_model: Model) -> dict[str, str]:
    return dict(render(sample_model, DOCUSAURUS, read_curated(), SAMPLE_TODAY))


def _catalog() -> dict[str, dict[str, object]]:
    doc = json.loads((SAMPLE / "metadata" / "versions.json").read_text())
    return {v: e["metadata"] for part in ("runtimeVersions", "runtimeVersionsV3") for v, e in doc[part].items()}


def _images(version: str) -> list[str]:
    return ["standard", *sorted(p.name for p in (SAMPLE / version).iterdir() if p.is_dir())]


PROVIDER_REFERENCE = "docs-partials/runtime/provider-reference.mdx"


def test_provider_reference_has_a_section_per_release_newest_first(pages: dict[str, str]) -> None:
    """A partial the hand-written page imports: no front matter, no title, no prose of its own (the
    page around it keeps those), its own imports, then a section per release."""
    assert "astro/runtime-provider-reference.md" not in pages  # hand-written
    page = pages[PROVIDER_REFERENCE]
    assert page.startswith(DOCUSAURUS.marker + "\n\n") and not re.search(r"^(# |:::tip|---$)", page, re.M)
    assert page.count("import Tabs from '@theme/Tabs';") == 1 and page.count("import TabItem from") == 1
    assert page.split("\n## ")[0].endswith("import TabItem from '@theme/TabItem';\n")  # sections right after
    catalog = _catalog()
    expected = sorted(catalog, key=RuntimeVersion.parse, reverse=True)
    assert re.findall(r"^## Astro Runtime (\S+)$", page, re.M) == expected
    sections = re.split(r"^## Astro Runtime ", page, flags=re.M)[1:]
    for version, text in zip(expected, sections, strict=True):
        images = _images(version)
        tabs = re.findall(r'<TabItem value="([^"]+)" label="([^"]+)"( default)?>', text)
        if len(images) > 1:
            assert text.count('<Tabs groupId="astro-runtime-image" queryString="image">') == 1
            assert [t[0] for t in tabs] == images and tabs[0][2] == " default" and not any(t[2] for t in tabs[1:])
            assert "\n\n| Package |" in text and "|\n\n</TabItem>" in text  # blank lines around every table
        else:
            assert not tabs
        packages = [t for t in tables(text)]
        for image, table in zip(images, packages, strict=True):
            folder = SAMPLE / version / ("" if image == "standard" else image)
            pins = {line.split("==")[0]: line.split("==")[1] for line in
                    (folder / "build-time-pip-constraints.txt").read_text().splitlines()
                    if line and not line.startswith("#")}
            shown = {re.match(r"\[([^\]]+)\]", row[0])[1]: plain(row[1]) for row in table[1:]}  # type: ignore[index]
            assert shown == pins, (version, image)
        # Every package table sortable and filterable: the script's marker right before it.
        assert text.count('<div className="rt-table" data-label="Filter packages"></div>\n\n| Package |') == len(images)
        yanked = catalog[version].get("yanked")
        assert (":::danger[Yanked]" in text) == bool(yanked), version


def test_anchors_other_pages_use_keep_working(pages: dict[str, str]) -> None:
    """`#astro-runtime-1180` (Docusaurus drops the dots of `## Astro Runtime 11.8.0`): one heading
    per release, so every such anchor names one section."""
    page = pages[PROVIDER_REFERENCE]
    headings = re.findall(r"^## (Astro Runtime .+)$", page, re.M)
    anchors = [re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings]
    assert len(set(anchors)) == len(anchors) and "astro-runtime-9170" in anchors


def test_partials_are_one_table_each_and_start_with_the_marker(pages: dict[str, str]) -> None:
    for name in PARTIALS:
        text = pages[f"docs-partials/runtime/{name}.mdx"]
        assert text.startswith(DOCUSAURUS.marker), name
        assert tables(text), name
    lifecycle = pages["docs-partials/runtime/lifecycle.mdx"]
    # What release pages link to, on the page that imports it: an anchor Docusaurus checks.
    assert '<Link id="major-' in lifecycle and "import Link from '@docusaurus/Link';" in lifecycle


def test_mdx_safe_markup(pages: dict[str, str]) -> None:
    """What MDX 3 reads differently from CommonMark never appears outside the marker and the JSX
    the site means: no HTML comment, no `class=`, no autolink, no raw brace."""
    for path, text in pages.items():
        if not path.endswith((".md", ".mdx")):
            continue
        body = text.replace(DOCUSAURUS.marker, "")
        assert "<!--" not in body and ' class="' not in body, path
        assert not re.search(r"<https?:", body), path
        assert not re.search(r"(?<!\\)[{}]", body.split("---\n", 2)[-1]), path
        starts = text.startswith(DOCUSAURUS.marker) or (text.startswith("---\n") and \
            text.split("---\n", 2)[2].startswith(DOCUSAURUS.marker))
        assert starts, path


def test_links_between_pages_are_relative_files_that_exist(pages: dict[str, str], tmp_path: Path) -> None:
    """Links from every generated page to another generated page name a file this build writes, so
    Docusaurus (onBrokenMarkdownLinks: throw) checks each; the hand-written pages are the others."""
    folder = Path("/docs")
    made = {(folder / p).resolve() for p in pages}
    hand = {Path("/docs/astro") / name for name in ("runtime-version-lifecycle-policy.mdx",
                                                    "runtime-image-architecture.mdx")}
    checked = 0
    for path, text in pages.items():
        where = (folder / path).resolve().parent
        # Routes (`/astro/...`, from partials) and `pathname://` (the static data) are the site's to check.
        for target in re.findall(r"\]\(((?!https?:|#|/|pathname:)[^)#]+)(?:#[^)]*)?\)", text):
            assert (where / target).resolve() in made | hand, (path, target)
            checked += 1
    assert checked > 1000


def test_build_and_check_for_the_docusaurus_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    hand = docs / "astro" / "runtime-image-architecture.mdx"
    hand.parent.mkdir(parents=True)
    hand.write_text("---\nid: runtime-image-architecture\n---\n# Architecture\n")
    args = ["--target", "docusaurus", "--docs", str(docs), "--today", SAMPLE_TODAY.isoformat()]
    assert main(["build", *args, "--quiet"]) == 0
    assert not (docs / "astro" / "runtime-provider-reference.md").exists()  # hand-written: never made
    assert (docs / PROVIDER_REFERENCE).is_file()
    assert (docs / "static" / "runtime" / "compare.json").is_file()
    assert main(["check", *args]) == 0
    stale = docs / "astro" / "runtime-releases" / "releases" / "3.0-1.md"
    stale.write_text(stale.read_text().replace("stable", "STALE"))
    gone = docs / "astro" / "runtime-releases" / "releases" / "1.0.0.md"
    gone.write_text(stale.read_text())  # a generated page whose release left the catalog
    capsys.readouterr()
    assert main(["check", *args]) == 1
    out = capsys.readouterr().out
    assert "b/astro/runtime-releases/releases/3.0-1.md" in out and "a/astro/runtime-releases/releases/1.0.0.md" in out
    assert main(["build", *args, "--quiet"]) == 0
    assert not gone.exists() and hand.read_text().startswith("---\nid: runtime-image-architecture")


def test_paths_and_ids_come_from_the_docs_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runtime-docs-site.yaml").write_text(
        "docusaurus:\n  folder: reference/runtime\n  provider_reference: reference/providers.md\n"
        "  architecture: reference/architecture.mdx\n  lifecycle: reference/lifecycle.mdx\n"
        "  partials: shared/rt\n  static: public/rt\n  content: reference\n  releases_id: all-releases\n")
    args = ["--target", "docusaurus", "--docs", str(docs), "--today", SAMPLE_TODAY.isoformat(), "--quiet"]
    assert main(["build", *args]) == 0
    assert (docs / "shared" / "rt" / "provider-reference.mdx").is_file()
    assert not (docs / "reference" / "providers.md").exists()  # the hand-written page's place
    index = docs / "reference" / "runtime" / "releases" / "index.md"
    assert index.read_text().startswith('---\nid: "all-releases"\n')
    compare = (docs / "reference" / "runtime" / "compare.md").read_text()
    assert "(pathname:///rt/compare.json)" in compare and (docs / "public" / "rt" / "compare.json").is_file()


@pytest.mark.parametrize("setting", [
    "  nonsense: x",  # unknown
    "  folder: ../outside",  # leaves the docs folder
    "  folder: /etc/runtime",  # absolute
    "  static: 'static/a)b'",  # a character that would end a link
    "  folder: 'a/{x}'",  # a brace MDX reads as code
    "  releases_id: \"a\\nslug: evil\"",  # a line break would rewrite the front matter
    "  compare_id: 'a: b'",
    "  folder: [a]",  # not a string
    # Each valid, but not as the site builds them: the docs plugin reads pages inside `content` only,
    # and makes a page of every file there.
    "  folder: pages/runtime",
    "  partials: astro/partials",
    "  static: astro",
    "  lifecycle: docusaurus.config.js",
    "  architecture: astro/architecture.js",
])
def test_bad_site_settings_are_refused_naming_the_file(tmp_path: Path, setting: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    config = docs / "runtime-docs-site.yaml"
    config.write_text(f"docusaurus:\n{setting}\n")
    assert main(["build", "--target", "docusaurus", "--docs", str(docs)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{config}: docusaurus: error: ") and "\n" not in err, err
    assert [p.name for p in docs.iterdir()] == ["runtime-docs-site.yaml"]  # nothing written


def test_a_checkout_cannot_say_where_pages_go(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    (repo / "runtime-docs.yaml").write_text("docusaurus:\n  folder: ../../elsewhere\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    assert main(["build", "--target", "docusaurus", "--repo", str(repo), "--docs", str(docs)]) == 2
    err = capsys.readouterr().err
    assert "runtime-docs.yaml: error: docusaurus: where pages go is the docs side's to say" in err
    assert not any(docs.iterdir()) and not (tmp_path / "elsewhere").exists()


def test_the_layout_is_declared_once_and_documented_from_the_declaration() -> None:
    """The README shows the settings, their defaults and meanings as the layout declares them."""
    readme = (PROJECT / "README.md").read_text()
    assert DocusaurusLayout.example() in readme
    assert Docusaurus().folder == DocusaurusLayout().folder == "astro/runtime-releases"


def test_the_proof_sites_committed_pages_are_current() -> None:
    """sites/docusaurus/docs holds what `make docusaurus` generates from the embedded sample."""
    assert main(["check", "--target", "docusaurus", "--today", SAMPLE_TODAY.isoformat()]) == 0


@pytest.mark.parametrize(("setting", "named"), [
    # Two outputs at one file: successive builds would alternate, and `check` fail right after `build`.
    ("provider_reference: astro/runtime-releases/compare.md", "astro/runtime-releases/compare.md"),
    ("partials: astro/runtime-releases/compare.md", "astro/runtime-releases/compare.md"),  # a page inside a page
    # Over a hand-written page.
    ("provider_reference: astro/runtime-image-architecture.mdx", "astro/runtime-image-architecture.mdx"),
])
def test_outputs_that_collide_or_land_on_a_hand_page_are_refused_before_writing(
        tmp_path: Path, setting: str, named: str, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    hand = docs / "astro" / "runtime-image-architecture.mdx"
    hand.parent.mkdir(parents=True)
    hand.write_text("# Architecture, by hand\n")
    (docs / "runtime-docs-site.yaml").write_text(f"docusaurus:\n  {setting}\n")
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    assert main(["build", "--target", "docusaurus", "--docs", str(docs), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err, err
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_no_page_holds_two_braces_whatever_the_notes_hold() -> None:
    """The docs repository's Markdown preprocessor replaces `{{...}}` in every page, code included:
    text escapes braces, and code, shown as written, has a word joiner between two braces."""
    changelog = ("## 1.0.0\n\nFix `{{ var }}` and {{RUNTIME_VER}}, `{{{x}}}`.\n\n"
                 "```python\nprint('{{ hi }}')\n```\n\n> - ```\n>   {{nested}}\n>   ```\n")
    section = parse_changelog(changelog).sections["1.0.0"]
    assert section.notes is not None
    written = render_notes(section.notes, DOCUSAURUS)
    assert "{{" not in written
    assert "print('{\u2060{ hi }}')" in written  # otherwise as written
    assert "{{" in render_notes(section.notes, MkDocs())  # MkDocs has no such preprocessor


def test_the_sample_pages_hold_no_two_braces(pages: dict[str, str]) -> None:
    assert not [path for path, text in pages.items() if "{{" in text]


def test_the_packages_index_takes_its_id_from_the_settings(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runtime-docs-site.yaml").write_text("docusaurus:\n  packages_id: all-packages\n")
    assert main(["build", "--target", "docusaurus", "--docs", str(docs), "--quiet"]) == 0
    index = docs / "astro" / "runtime-releases" / "packages" / "index.md"
    assert index.read_text().startswith('---\nid: "all-packages"\n')


@pytest.mark.parametrize(("setting", "message"), [
    ("packages_id: runtime-package-apache-airflow", "would both have the page id 'runtime-package-apache-airflow'"),
    ("provider_reference: astro/runtime-releases/compare.md", "where the layout puts a hand-written page"),
    ("provider_reference: astro/runtime-version-lifecycle-policy.mdx", "where the layout puts two hand-written pages"),
    ("provider_reference_id: providers", "unknown setting 'provider_reference_id'"),  # the page's own now
])
def test_pages_the_site_could_not_tell_apart_are_refused(tmp_path: Path, setting: str, message: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runtime-docs-site.yaml").write_text(f"docusaurus:\n  {setting}\n")
    assert main(["build", "--target", "docusaurus", "--docs", str(docs)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{docs / 'runtime-docs-site.yaml'}: docusaurus: error: ") and message in err, err
    assert [p.name for p in docs.iterdir()] == ["runtime-docs-site.yaml"]


@pytest.mark.parametrize(("text", "message"), [
    ("docusuarus:\n  folder: astro/x\n", "unknown target 'docusuarus' (known: docusaurus, mkdocs)"),
    ("docusaurus:\n  folder: astro/x\n  folder: astro/y\n", "invalid YAML: key 'folder' is given twice"),
])
def test_a_misspelt_or_doubled_setting_is_refused(tmp_path: Path, text: str, message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runtime-docs-site.yaml").write_text(text)
    assert main(["build", "--target", "docusaurus", "--docs", str(docs)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_a_generated_page_kept_beside_peoples_pages_is_theirs(tmp_path: Path) -> None:
    """Obsolete generated pages are removed only from the folders that hold nothing else: a copy of
    a release page that someone keeps in astro/ stays, marker and all."""
    docs = tmp_path / "docs"
    args = ["build", "--target", "docusaurus", "--docs", str(docs), "--quiet"]
    assert main(args) == 0
    copy = docs / "astro" / "kept.md"
    copy.write_bytes((docs / "astro" / "runtime-releases" / "releases" / "3.1-2.md").read_bytes())
    gone = docs / "astro" / "runtime-releases" / "releases" / "0.0.1.md"
    gone.write_bytes(copy.read_bytes())
    assert main(args) == 0
    assert copy.is_file() and not gone.exists()


def test_the_browser_code_is_written_beside_the_pages(pages: dict[str, str]) -> None:
    """What a docs repository needs for the tables and the compare page comes with the pages, marked
    as generated; the client module loads the script beside it, from no npm package but Docusaurus."""
    client, script, css = (pages[f"src/runtime/{name}"] for name in ("clientModule.js", "reference.js", "runtime.css"))
    for text in (client, script, css):
        assert DOCUSAURUS.is_generated(text.encode()[:4096])
    assert re.findall(r"require\('([^']+)'\)", client) == ["./pep440.js", "./reference.js", "./fit.js"]
    # Docusaurus' own modules only: the site's config gives the base URL links from partials resolve against.
    assert re.findall(r"^import .* from '([^']+)';", client, re.M) == ["@docusaurus/ExecutionEnvironment",
                                                                       "@generated/docusaurus.config"]
    assert "document$" in script and ".rt-filter" in css


def test_the_proof_site_uses_the_generated_browser_code_and_nothing_else_of_this_project() -> None:
    """Set up as the README tells a docs repository: one `clientModules` entry and one `customCss`
    entry, both the generator's files; no path leads out of the site."""
    config = (PROJECT / "sites" / "docusaurus" / "docusaurus.config.js").read_text()
    client = re.findall(r"clientModules: \[require\.resolve\('([^']+)'\)\]", config)
    assert client == ["./docs/src/runtime/clientModule.js"]
    assert re.findall(r"customCss: require\.resolve\('([^']+)'\)", config) == ["./docs/src/runtime/runtime.css"]
    site = PROJECT / "sites" / "docusaurus"
    for path in [site / "docusaurus.config.js", site / "sidebars.js", *(site / "src").rglob("*"),
                 *(site / "docs" / "src").rglob("*")]:
        if path.is_file():
            assert "../.." not in path.read_text(), path


def test_the_sidebar_fragment_lists_every_generated_page_newest_line_first(pages: dict[str, str],
                                                                          sample_model: Model) -> None:
    text = pages["src/runtime/sidebar.js"]
    assert DOCUSAURUS.is_generated(text.encode()[:4096])
    items = json.loads(text.split("\n", 1)[1].removeprefix("module.exports = ").removesuffix(";\n"))
    releases, packages, compare, fit = items
    assert releases["link"]["id"] == "runtime-releases/releases/runtime-releases"
    # A line of several releases is a folder of them; a line of one is that release.
    lines = list(reversed(sample_model.lines))
    assert [item["label"] if len(line.releases) > 1 else item["id"] for item, line in
            zip(releases["items"], lines, strict=True)] == \
        [line.label if len(line.releases) > 1
         else f"runtime-releases/releases/runtime-release-{line.first.version.text}" for line in lines]
    assert 0 < sum(len(line.releases) == 1 for line in lines) < len(lines)
    newest_first = [r for line in lines for r in reversed(line.releases)]
    shown = [doc for line in releases["items"] for doc in line.get("items", [line])]
    assert [doc["label"] for doc in shown] == [r.version.text + " (yanked)" * r.entry.yanked for r in newest_first]
    listed = [doc["id"] for doc in shown]
    assert listed == [f"runtime-releases/releases/runtime-release-{r.version.text}" for r in newest_first]
    keys = sorted({p.key for r in sample_model.releases for i in r.images for p in i.packages})
    assert packages["link"]["id"] == "runtime-releases/packages/runtime-packages"
    assert packages["items"] == [f"runtime-releases/packages/runtime-package-{k}" for k in keys]
    assert compare == "runtime-releases/runtime-compare"
    assert fit == f"runtime-releases/{FIT_ID}"
    # Every generated page in the content folder is in it, by the id its front matter gives.
    ids = set()
    for path, page in pages.items():
        if path.startswith("astro/runtime-releases/"):
            front = yaml.safe_load(page.split("---\n")[1])
            ids.add(f"{path.rsplit('/', 1)[0].removeprefix('astro/')}/{front['id']}")
    assert ids == {*listed, *packages["items"], releases["link"]["id"], packages["link"]["id"], compare, fit}


def test_the_proof_sites_sidebar_takes_the_fragment_in_one_line() -> None:
    sidebars = (PROJECT / "sites" / "docusaurus" / "sidebars.js").read_text()
    assert sidebars.count("...require('./docs/src/runtime/sidebar.js')") == 1 and "links-in" not in sidebars


# ---- Hand-written pages: the provider reference, and links only to what is there ----

HAND = PROJECT / "sites" / "docusaurus" / "docs"
LIFECYCLE = "astro/runtime-version-lifecycle-policy.mdx"
LIFECYCLE_PARTIAL = "docs-partials/runtime/lifecycle.mdx"


def test_the_proof_sites_provider_reference_is_hand_written_around_the_partial() -> None:
    """Shaped like the docs repository's page: its front matter, a tip, the `pip freeze` tip, then
    the partial, imported with the line the README gives and rendered."""
    page = (HAND / "astro" / "runtime-provider-reference.md").read_text()
    assert not DOCUSAURUS.is_generated(page.encode()[:4096])
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["id"] == "runtime-provider-reference" and front["sidebar_label"] == "Provider package reference"
    assert front["title"] == "Astro Runtime provider package reference" and front["description"]
    body = page.split("---\n", 2)[2]
    assert body.count(":::tip") == 2 and re.search(r"```sh\ndocker run --rm \S+ pip freeze\n```", body)
    line, element = DOCUSAURUS.showing("astro/runtime-provider-reference.md", PROVIDER_REFERENCE)
    assert (line, element) == ('import ProviderReference from "../docs-partials/runtime/provider-reference.mdx";',
                               "<ProviderReference />")
    assert f"\n{line}\n" in body and body.rstrip().endswith(element)
    assert DOCUSAURUS.hand_written == ("astro/runtime-image-architecture.mdx", LIFECYCLE,
                                       "astro/runtime-provider-reference.md")


def test_the_readme_gives_the_import_lines_of_every_hand_written_page() -> None:
    readme = (PROJECT / "README.md").read_text()
    for name, parts in SHOWN.items():
        page = DOCUSAURUS.place(name)
        for part in parts:
            line, element = DOCUSAURUS.showing(page, DOCUSAURUS.partial(part))
            assert line in readme and element in readme, (page, part)
    assert set(ANCHORED.values()) <= {p for parts in SHOWN.values() for p in parts}
    assert set(SHOWN.values()) and all(p in PARTIALS or p == "provider-reference" for ps in SHOWN.values() for p in ps)


def _release_links(target: Docusaurus, sample_model: Model) -> tuple[str, dict[str, str]]:
    """A release page of the sample as `target` writes it, and the whole site."""
    site = dict(render(sample_model, target, read_curated(), SAMPLE_TODAY))
    return site["astro/runtime-releases/releases/3.1-3.md"], site


def _lifecycle_links(page: str) -> list[str]:
    return re.findall(r"\]\((\.\./\.\./runtime-version-lifecycle-policy\.mdx[^)]*)\)", page)


def _hand(lifecycle: frozenset[str] | None) -> dict[str, frozenset[str] | None]:
    shown = {path: frozenset({DOCUSAURUS.partial(p) for p in parts})
             for path, parts in zip(DOCUSAURUS.hand_written, SHOWN.values(), strict=True)}
    return {**shown, LIFECYCLE: lifecycle}


YANKED_PARTIAL = "docs-partials/runtime/yanked.mdx"


def test_a_link_keeps_its_anchor_only_where_the_hand_page_renders_the_partial(sample_model: Model) -> None:
    rendered = Docusaurus(hand_pages=_hand(frozenset({LIFECYCLE_PARTIAL, YANKED_PARTIAL})))
    page, _ = _release_links(rendered, sample_model)
    links = _lifecycle_links(page)
    assert links and all(re.fullmatch(r".*\.mdx#major-[a-z0-9-]+", link) for link in links), links
    assert rendered.lost == {} and rendered.hand_page_warnings(sample_model) == []
    # Imported and not rendered, or not imported at all: the link leads to the page, not to an anchor
    # the page does not have, and the warning says which partials and which links.
    # Which links lose their anchor, read from a site that keeps every one: the release pages' and the
    # partials' (the lifecycle and what-to-run-today tables link each major's row).
    anchored = {folder: {a for a in anchors if a} for folder, anchors in links_to(_release_links(
        Docusaurus(), sample_model)[1], LIFECYCLE).items()}
    folders = sorted(folder for folder, anchors in anchored.items() if anchors)
    anchors = sorted(set().union(*anchored.values()))
    assert "astro/runtime-releases/releases" in folders and anchors
    for lacking in (frozenset(), frozenset({YANKED_PARTIAL})):
        target = Docusaurus(hand_pages=_hand(lacking))
        page, site = _release_links(target, sample_model)
        assert _lifecycle_links(page) == ["../../runtime-version-lifecycle-policy.mdx"]
        assert not any("runtime-version-lifecycle-policy.mdx#" in text for text in site.values())
        # Nor a partial's route: every link still leads to the page, none to an anchor.
        assert {folder: set(found) for folder, found in links_to(site, LIFECYCLE).items()} == \
            {folder: {""} for folder in anchored}
        [(where, message)] = target.hand_page_warnings(sample_model)
        assert where == LIFECYCLE
        shows = ['`import Lifecycle from "../docs-partials/runtime/lifecycle.mdx";` and `<Lifecycle />`']
        if not lacking:
            shows.append('`import Yanked from "../docs-partials/runtime/yanked.mdx";` and `<Yanked />`')
        missing = [LIFECYCLE_PARTIAL] + ([] if lacking else [YANKED_PARTIAL])
        assert message.startswith(f"does not render {' and '.join(missing)}: import and show each with "
                                  f"{'; '.join(shows)}, where it belongs; "), message
        assert message.endswith(f"; meanwhile links to {len(anchors)} of its anchors (such as #{anchors[0]}, from "
                                f"pages in {listed(folders)}) lead to the top of the page"), message
        assert re.fullmatch(r"major-[a-z0-9-]+", anchors[0])
        assert "\n" not in message


def test_a_fresh_docs_repository_gets_a_warning_per_page_and_each_partial_it_lacks(sample_model: Model) -> None:
    """Before any hand page shows anything (step 3 of the README's set-up): every page is named, with
    every partial it lacks; the provider reference, which no generated page links into, without a cost."""
    target = Docusaurus(hand_pages={path: frozenset() for path in DOCUSAURUS.hand_written})
    _release_links(target, sample_model)
    warnings = dict(target.hand_page_warnings(sample_model))
    assert list(warnings) == list(DOCUSAURUS.hand_written)
    for name, parts in SHOWN.items():
        message = warnings[DOCUSAURUS.place(name)]
        for part in parts:
            line, element = DOCUSAURUS.showing(DOCUSAURUS.place(name), DOCUSAURUS.partial(part))
            assert f"`{line}` and `{element}`" in message, (name, part)
        assert ("meanwhile links" in message) == (name == "lifecycle"), message


def test_hand_written_release_sections_beside_the_partial_are_warned_of(sample_model: Model) -> None:
    provider = DOCUSAURUS.place("provider_reference")
    shown = _hand(frozenset({LIFECYCLE_PARTIAL, YANKED_PARTIAL}))
    target = Docusaurus(hand_pages=shown, hand_headings={provider: frozenset(
        {"Astro Runtime 3.1-3", "Astro Runtime 9.17.0", "Provider packages", "Astro Runtime 99.0.0"})})
    [(where, message)] = target.hand_page_warnings(sample_model)
    assert where == provider
    assert message.startswith("its own headings 'Astro Runtime 3.1-3' and 'Astro Runtime 9.17.0' are also the "
                              "sections of docs-partials/runtime/provider-reference.mdx: delete"), message


def test_nothing_read_means_the_pages_are_as_the_readme_tells(sample_model: Model) -> None:
    """Without hand pages read (a render of its own, as the tests and the fuzzers do), every link keeps
    its anchor and nothing is warned of."""
    target = Docusaurus()
    page, _ = _release_links(target, sample_model)
    assert all("#major-" in link for link in _lifecycle_links(page)) and target.hand_page_warnings(sample_model) == []


def test_a_missing_hand_page_is_linked_by_name_only_and_warned_of(sample_model: Model) -> None:
    target = Docusaurus(hand_pages=_hand(None))
    here = Here(target, "astro/runtime-releases/releases")
    assert here.page_link("Runtime 3", "lifecycle", "major-3") == "Runtime 3"  # plain text: nothing to lead to
    assert here.page_link("all", "releases") == "[all](index.md)"  # a generated page is always there
    assert not target.has_page(LIFECYCLE) and target.has_page("astro/runtime-provider-reference.md")
    assert here.page("lifecycle", "major-3") == "../../runtime-version-lifecycle-policy.mdx"  # no anchor
    _, site = _release_links(target, sample_model)
    [(where, message)] = target.hand_page_warnings(sample_model)
    assert where == LIFECYCLE and message.startswith("no such page (the layout's `lifecycle`): write it")
    # Every page that links to it where it is there, anchor or not: the release pages and the partials.
    folders = sorted(links_to(_release_links(Docusaurus(), sample_model)[1], LIFECYCLE))
    assert "astro/runtime-releases/releases" in folders
    assert message.endswith(f"; links to it from pages in {listed(folders)} have no page to lead to"), message
    assert not links_to(site, LIFECYCLE)  # the names stand as plain text


def test_links_are_made_once_per_folder_page_and_anchor_whatever_the_guarantee() -> None:
    """The link cache serves each target alone: the guarantee is the target's, set when it is made."""
    kept = Here(Docusaurus(hand_pages=_hand(frozenset({LIFECYCLE_PARTIAL}))), "astro/runtime-releases/releases")
    dropped = Here(Docusaurus(hand_pages=_hand(frozenset())), "astro/runtime-releases/releases")
    for _ in range(2):
        assert kept.page("lifecycle", "major-3") == "../../runtime-version-lifecycle-policy.mdx#major-3"
        assert dropped.page("lifecycle", "major-3") == "../../runtime-version-lifecycle-policy.mdx"
    assert dropped.target.lost == {LIFECYCLE: {("astro/runtime-releases/releases", "major-3")}}
    # From a partial (outside the content folder), the route, by the same rule.
    assert Here(dropped.target, "docs-partials/runtime").page("lifecycle", "major-3") == \
        "/astro/runtime-version-lifecycle-policy"


def test_mkdocs_pages_are_generated_so_their_anchors_are_kept(sample_model: Model) -> None:
    target = MkDocs(hand_pages={})
    site = dict(render(sample_model, target, read_curated(), SAMPLE_TODAY))
    assert re.search(r"\]\(\.\./lifecycle\.md#major-[a-z0-9-]+\)", site["reference/releases/3.1-3.md"])
    assert target.hand_written == () and target.hand_page_warnings(sample_model) == [] and target.lost == {}
