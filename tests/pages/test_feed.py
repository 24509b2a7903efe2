"""The release feed (`generator/pages/feed.py`), as a feed reader reads it: parsed with feedparser from
the URL each site serves it at, and checked against the sample's catalog and constraints files,
read here with `json` and `str.split` (`tests.helpers`), never through the generator's model."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser  # type: ignore[import-untyped]  # no stubs
import pytest
from packaging.version import Version

from generator.diff import ImageDiff, diff_releases
from generator.model import Model, Release
from generator.pages import Docusaurus, MkDocs, Target, contents, render
from generator.pages.contents import Build
from generator.sources.curated import read_curated

from ..conftest import PROJECT, SAMPLE, SAMPLE_TODAY
from ..helpers import catalog, image_pins, mkdocs_build, pep503

CATALOG = catalog(SAMPLE)
HOST = "https://docs.example.test"
# Each site: the target, where the feed is written, the URL it is served at (Docusaurus under its
# baseUrl), and the URL path of a release's page, from which the page's file is found.
SITES: dict[str, tuple[Target, str, str]] = {
    "mkdocs": (MkDocs(), "reference/api/releases.xml", f"{HOST}/reference/api/releases.xml"),
    "docusaurus": (Docusaurus(), "static/runtime/api/releases.xml", f"{HOST}/docs/runtime/api/releases.xml"),
}
# What a static server sends for `.xml` (Python's mimetypes, nginx): the charset is the declaration's.
SERVED_AS = "application/xml"
_FINAL = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+|[0-9]+\.[0-9]+-[0-9]+")


def _prerelease(version: str) -> bool:
    return not _FINAL.fullmatch(version) or CATALOG[version].get("channel", "stable") in ("alpha", "beta")


@pytest.fixture(scope="module", params=list(SITES))
def site(request: pytest.FixtureRequest, sample_model: Model) -> tuple[str, dict[str, str], Any]:
    """A site's pages, and its feed as feedparser reads it from the URL the site serves it at."""
    name = request.param
    target, path, url = SITES[name]
    pages = dict(render(sample_model, target, read_curated(), SAMPLE_TODAY))
    headers = {"content-location": url, "content-type": SERVED_AS}
    return name, pages, feedparser.parse(pages[path], response_headers=headers)


def test_the_feed_is_well_formed_atom(site: tuple[str, dict[str, str], Any]) -> None:
    name, pages, feed = site
    target, path, url = SITES[name]
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "Astro Runtime releases"
    assert target.is_generated(pages[path].encode()[:4096])  # the writer knows it for its own
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [url]
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:astronomer.io,2021:astro-runtime/") for i in ids)
    assert feed.feed.updated_parsed == feed.entries[0].updated_parsed  # the newest release's, not the clock's


def test_entries_are_the_dated_releases_newest_first(site: tuple[str, dict[str, str], Any]) -> None:
    _, _, feed = site
    order = list(CATALOG)
    dated = [v for v in CATALOG if CATALOG[v].get("releaseDate")]
    expected = sorted(dated, key=lambda v: (CATALOG[v]["releaseDate"], order.index(v)), reverse=True)
    assert [e.id.rpartition("/")[2] for e in feed.entries] == expected
    for entry, version in zip(feed.entries, expected, strict=True):
        meta = CATALOG[version]
        marks = [m for m, on in (("pre-release", _prerelease(version)), ("yanked", meta.get("yanked"))) if on]
        assert entry.title == f"Astro Runtime {version}" + "".join(f" ({m})" for m in marks)
        assert sorted(t.term for t in entry.get("tags", [])) == sorted(marks)
        day = time.strptime(meta["releaseDate"], "%Y-%m-%d")
        assert entry.published_parsed[:3] == entry.updated_parsed[:3] == day[:3]
        assert entry.summary.startswith(f"Apache Airflow {meta['airflowVersion']}.")
        if meta.get("yanked"):
            assert f"Yanked: {meta.get('yankedReason') or 'no reason given'}" in entry.summary
    assert any(e.get("tags") for e in feed.entries)  # the sample has yanked releases and a pre-release


def test_links_resolve_to_the_release_pages(site: tuple[str, dict[str, str], Any]) -> None:
    """Relative links, resolved by the reader against the feed's URL, lead to each release's page:
    MkDocs serves `reference/releases/<v>.md` at `/reference/releases/<v>/`; Docusaurus serves the
    docs folder `astro` at `/docs/astro/` (its baseUrl `/docs`), a page by the id its front matter gives."""
    name, pages, feed = site
    for entry in feed.entries:
        version = entry.id.rpartition("/")[2]
        (href,) = [link.href for link in entry.links if link.rel == "alternate"]
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}" == HOST, href
        if name == "mkdocs":
            assert parts.path == f"/reference/releases/{version}/"
            assert f"reference/releases/{version}.md" in pages
        else:
            folder, _, page_id = parts.path.rpartition("/")
            assert folder == "/docs/astro/runtime-releases/releases"
            page = pages[f"astro/runtime-releases/releases/{version}.md"]
            assert re.search(rf'^id: "{re.escape(page_id)}"$', page, re.M), (href, page[:200])
    (index,) = [link.href for link in feed.feed.links if link.rel == "alternate"]
    assert urlsplit(index).path == {"mkdocs": "/reference/releases/",
                                    "docusaurus": "/docs/astro/runtime-releases/releases"}[name]


def _previous(version: str) -> str | None:
    """The release a release's page compares it with: the one before it, skipping pre-releases for a final one."""
    order = list(CATALOG)
    before = order[:order.index(version)]
    if _FINAL.fullmatch(version):
        before = [v for v in before if _FINAL.fullmatch(v)]
    return before[-1] if before else None


def _counts(old: dict[str, str], new: dict[str, str]) -> str:
    a = {pep503(n): v for n, v in old.items()}
    b = {pep503(n): v for n, v in new.items()}
    kinds = {"added": len(set(b) - set(a)), "removed": len(set(a) - set(b)),
             "upgraded": sum(Version(a[k]) < Version(b[k]) for k in set(a) & set(b)),
             "downgraded": sum(Version(a[k]) > Version(b[k]) for k in set(a) & set(b))}
    shown = [f"{kinds[k]} {k}" for k in ("added", "upgraded", "downgraded", "removed") if kinds[k]]
    return ", ".join(shown) or "no package changes"


def test_summaries_count_the_changes_in_the_constraints_files(site: tuple[str, dict[str, str], Any]) -> None:
    _, _, feed = site
    for entry in feed.entries:
        version = entry.id.rpartition("/")[2]
        previous = _previous(version)
        if previous is None:
            assert "The first release" in entry.summary
            continue
        m = re.search(rf"Package changes since {re.escape(previous)}: (.*)\.$", entry.summary)
        assert m, entry.summary
        shown = dict(part.split(": ", 1) for part in m[1].split("; "))
        old, new = image_pins(SAMPLE, previous), image_pins(SAMPLE, version)
        expected = {image: "new image" if image not in old else "no longer built" if image not in new
                    else _counts(old[image], new[image]) for image in {*old, *new}}
        assert shown == expected, version
        assert next(iter(shown)) == "standard"


def test_the_feed_alone_says_what_it_says_after_the_release_pages(site: tuple[str, dict[str, str], Any],
                                                                 sample_model: Model) -> None:
    """A build lists the feed after the release pages, whose diffs it counts; rendered alone, it works
    them out itself, to the same bytes."""
    name, pages, _ = site
    target, path, _ = SITES[name]
    build = Build(sample_model, read_curated(), SAMPLE_TODAY)
    (page,) = [p for p in target.pages(build) if p.path == path]
    assert dict(render(sample_model, target, build.curated, SAMPLE_TODAY, [page])) == {path: pages[path]}


@pytest.mark.parametrize("name", list(SITES))
def test_a_build_works_each_release_diff_out_once(name: str, sample_model: Model,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The targets list the feed after the release pages, so it counts the diffs they worked out."""
    calls: list[str] = []

    def counted(old: Release, new: Release) -> tuple[ImageDiff, ...]:
        calls.append(new.version.text)
        return diff_releases(old, new)

    monkeypatch.setattr(contents, "diff_releases", counted)
    pages = dict(render(sample_model, SITES[name][0], read_curated(), SAMPLE_TODAY))
    assert SITES[name][1] in pages
    assert sorted(calls) == sorted(sample_model.previous)


def test_values_from_the_checkout_stay_text(sample_model: Model) -> None:
    """A yanked reason with markup and a character XML cannot hold is escaped and replaced, and the
    feed still parses."""
    r = sample_model.by_version["3.1-3"]
    reason = 'Broke <script>alert(1)</script> & "quotes"\x01 ]]>'
    entry = dataclasses.replace(r.entry, yanked=True, yanked_reason=reason)
    model = Model(sample_model.catalog_path, tuple(dataclasses.replace(x, entry=entry) if x is r else x
                                                   for x in sample_model.releases))
    text = dict(render(model, MkDocs(), read_curated(), SAMPLE_TODAY))["reference/api/releases.xml"]
    feed = feedparser.parse(text, response_headers={"content-location": SITES["mkdocs"][2], "content-type": SERVED_AS})
    assert not feed.bozo, feed.get("bozo_exception")
    (entry_,) = [e for e in feed.entries if e.id.endswith("/3.1-3")]
    assert 'Yanked: Broke <script>alert(1)</script> & "quotes"\ufffd ]]>' in entry_.summary
    assert "<script>" not in text and "\x01" not in text


def test_every_page_head_links_the_feed() -> None:
    """MkDocs: the theme override every page is rendered with; Docusaurus: the config's head tags,
    with the baseUrl the site is served under."""
    override = (PROJECT / "overrides" / "main.html").read_text()
    assert '{% extends "base.html" %}' in override and "{% block extrahead %}" in override
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml" [^>]*'
                     r"href=\"\{\{ 'reference/api/releases.xml' \| url \}\}\">", override)
    assert re.search(r"^theme:\n(?:  .*\n)*  custom_dir: overrides$", (PROJECT / "mkdocs.yml").read_text(), re.M)
    config = (PROJECT / "sites" / "docusaurus" / "docusaurus.config.js").read_text()
    base = re.search(r"baseUrl: '([^']*)'", config)
    assert base and re.search(r"headTags: \[\s*\{\s*tagName: 'link',\s*attributes: \{\s*rel: 'alternate',\s*"
                              r"type: 'application/atom\+xml',[^}]*href: '" + re.escape(base[1]) +
                              r"/runtime/api/releases.xml'", config)


def test_the_built_mkdocs_site_links_the_feed_from_every_page(tmp_path: Path) -> None:
    """Built from freshly generated pages (not the committed ones), every HTML page's head links
    the feed, and the link resolves to the feed MkDocs copied into the site."""
    from generator.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text((PROJECT / "docs" / "index.md").read_text())
    assert main(["build", "--docs", str(docs), "--today", SAMPLE_TODAY.isoformat(), "--quiet"]) == 0
    config = (PROJECT / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}").replace(
        "custom_dir: overrides", f"custom_dir: {PROJECT / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(config)
    site = tmp_path / "site"
    mkdocs_build("-f", str(tmp_path / "mkdocs.yml"), "-d", str(site), cwd=tmp_path)
    feed = site / "reference" / "api" / "releases.xml"
    assert feed.is_file()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        head = page.read_text().split("</head>", 1)[0]
        m = re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="Astro Runtime releases" '
                      r'href="([^"]+)">', head)
        assert m, page
        # Relative from each page; from the root on 404.html, which is served at any depth (site_url's path "/").
        href = site / m[1].lstrip("/") if m[1].startswith("/") else page.parent / m[1]
        assert href.resolve() == feed.resolve(), (page, m[1])
