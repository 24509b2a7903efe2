"""The release feed: an Atom feed (RFC 4287) of every release, beside the JSON API (`releases.xml`).

A reader subscribes once and hears of each release: its version, date and Apache Airflow
version, what changed in its packages (how many added, upgraded, downgraded and removed, per
image, since the release its page compares it with, as `diff` counts them), whether it is a
pre-release or yanked, and a link to its page. Every page of both sites links the feed from
its head, as Astronomer's docs link their release notes' RSS.

Decisions, each for a reason:

- **Newest first by release date**, then by version for releases of one day: a feed is news,
  and a backport (`4.2.9`, after `5.0.0`) is news when it is released, not where its version sorts.
- **A release with no date is left out.** Atom requires each entry's `updated`, and any date
  made up for it (the day of the build) would change the feed's bytes daily and say a release
  happened that has not been dated. It enters the feed when the catalog dates it.
- **`published` and `updated` are the release date** (midnight UTC): a release that is yanked
  later keeps its date, as the catalog does not say when it was yanked; the title and a
  category say it is yanked. The feed's own `updated` is its newest entry's, never the clock
  (same input, same bytes).
- **Links are relative to the feed's own URL**, with no `xml:base`: the generator does not know
  where a site is served (its host, or Docusaurus' `baseUrl`), and RFC 4287 resolves a relative
  IRI against the document's URI, as feed readers (feedparser among them) do. So the feed works
  wherever the site is put, with no setting.
- **Entry ids are `tag:` URIs** (RFC 4151) of the version (`TAG`), not links: an id must never
  change, and a link changes when a site moves or is laid out differently. Both sites' feeds
  give a release the same id, as they announce the same release.
- **Built with ElementTree**, never string formatting: values from the checkout (a yanked
  reason) are escaped by the serialiser, and characters XML 1.0 cannot hold at all (control
  characters a JSON string may carry) are replaced first.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..diff import ADDED, DOWNGRADED, REMOVED, UPGRADED, ImageDiff
from ..model import INDEX, Model, Release
from .target import XML_MARKER, Here

if TYPE_CHECKING:
    from .contents import Build

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TAG = "tag:astronomer.io,2021:astro-runtime"
"""The `tag:` URI every id of the feed starts with: Astronomer's domain and the year Astro Runtime
was first released, as RFC 4151 asks of a tag's authority."""
KINDS = (ADDED, UPGRADED, DOWNGRADED, REMOVED)
"""The kinds of change a summary counts, in the order `diff` lists them."""
PRERELEASE, YANKED = "pre-release", "yanked"
"""The categories (`term`) an entry carries for its status."""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = dt.date(1970, 1, 1)


def directory_url(path: str) -> str:
    """Where MkDocs serves the page at `path` (from the docs folder), from the site's root, with its
    directory URLs (its default): `a/b.md` at `/a/b/`, `a/index.md` at `/a/`, any other file as it is."""
    stem, ext = posixpath.splitext(path)
    if ext != ".md":
        return f"/{path}"
    folder, name = posixpath.split(stem)
    return f"/{folder}/" if name == INDEX and folder else "/" if name == INDEX else f"/{stem}/"


def _xml(value: str) -> str:
    """A value as it lands in an element's text or an attribute (`_sub`, the one place values land):
    ElementTree escapes markup, but writes a character XML 1.0 cannot hold (a control character)
    as it is, which no feed reader parses; that one is U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _relative(url: str, feed_url: str) -> str:
    """The link from the feed at `feed_url` to `url` (both from the site's root), kept a folder's
    link where it is one (`../releases/3.1-3/`)."""
    found = posixpath.relpath(url, posixpath.dirname(feed_url))
    return found + "/" if url.endswith("/") and not found.endswith("/") else found


def feed_releases(model: Model) -> list[Release]:
    """The releases the feed lists, in its order: dated ones, newest date first, then the higher
    version first for releases of one day."""
    dated = [r for r in model.releases if r.entry.release_date is not None]
    position = model.position
    return sorted(dated, key=lambda r: (r.entry.release_date or _EPOCH, position[r.version.text]), reverse=True)


def title(release: Release) -> str:
    """An entry's title: the version, and its status where it is not a plain release."""
    marks = [PRERELEASE] * release.is_prerelease + [YANKED] * release.entry.yanked
    return f"Astro Runtime {release.version.text}" + "".join(f" ({mark})" for mark in marks)


Counts = list[tuple[str, str]]
"""(image, what changed in it): `count_changes`."""


def count_changes(diffs: Iterable[ImageDiff]) -> Counts:
    """(image, what changed in it) for a release's image diffs (`diff.diff_releases`): the number of
    each kind of change (`2 added, 5 upgraded`), `no package changes`, `new image` or `no longer built`."""
    found = []
    for d in diffs:
        if d.old is None or d.new is None:
            found.append((d.variant, "new image" if d.old is None else "no longer built"))
            continue
        counts = [(sum(c.kind == kind for c in d.changes), kind) for kind in KINDS]
        found.append((d.variant, ", ".join(f"{n} {kind}" for n, kind in counts if n) or "no package changes"))
    return found


def summary(model: Model, release: Release, counts: Counts) -> str:
    """An entry's text: Airflow version, status, and the package changes, image by image (`counts`)."""
    e = release.entry
    parts = [f"Apache Airflow {e.airflow_version}."]
    if release.is_prerelease:
        parts.append(f"Pre-release (channel {e.channel}): not for production.")
    if e.yanked:
        reason = (e.yanked_reason or "no reason given").strip()
        parts.append(f"Yanked: {reason}" + ("" if reason.endswith((".", "!", "?")) else "."))
    previous = model.previous.get(release.version.text)
    if previous is None:
        parts.append("The first release: no earlier release to compare it with.")
    else:
        images = "; ".join(f"{variant}: {what}" for variant, what in counts)
        parts.append(f"Package changes since {previous.version.text}: {images}.")
    return " ".join(parts)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _xml(text)
    return element


def feed_xml(model: Model, counts: Callable[[Release], Counts], here: Here, feed_url: str,
             served: Callable[[str], str]) -> str:
    """The feed at `feed_url` (its URL path from the site's root), whose links lead to the pages of
    `here`'s target, each served at `served(path)` (from the site's root). `counts`: a release's
    changes, counted (`Build.change_counts`, which the release pages' diffs have filled)."""
    target = here.target
    releases = feed_releases(model)

    def link(path: str) -> str:
        return target.url(_relative(served(path), feed_url))

    # Atom's namespace as the default one, declared as the attribute it is: ElementTree's
    # `default_namespace` refuses attributes with no namespace (`href`), which Atom's are.
    feed = ET.Element("feed", {"xmlns": ATOM, f"{{{XML_NS}}}lang": "en"})
    _sub(feed, "id", f"{TAG}/releases")
    _sub(feed, "title", "Astro Runtime releases")
    _sub(feed, "subtitle", "Every Astro Runtime release, newest first: its Apache Airflow version, its package "
                           "changes, and whether it is a pre-release or yanked.")
    _sub(feed, "updated", _timestamp(max((r.entry.release_date or _EPOCH for r in releases), default=_EPOCH)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=target.url(posixpath.basename(feed_url)))
    _sub(feed, "link", rel="alternate", type="text/html", href=link(target.place("releases")))
    _sub(_sub(feed, "author"), "name", "Astronomer")
    for r in releases:
        day = _timestamp(r.entry.release_date or _EPOCH)
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{TAG}/release/{r.version.text}")
        _sub(entry, "title", title(r))
        _sub(entry, "published", day)
        _sub(entry, "updated", day)
        _sub(entry, "link", rel="alternate", type="text/html", href=link(target.release_path(r.version.text)))
        for term, shown, on in ((PRERELEASE, "Pre-release", r.is_prerelease), (YANKED, "Yanked", r.entry.yanked)):
            if on:
                _sub(entry, "category", term=term, label=shown)
        _sub(entry, "summary", summary(model, r, counts(r)), type="text")
    ET.indent(feed, space=" ")
    return f"{XML_MARKER}\n{ET.tostring(feed, encoding='unicode')}\n"


def feed_data(build: Build, feed_url: str, served: Callable[[str], str], here: Here) -> Mapping[str, object]:
    """The feed as a data page (`data.j2`); `feed_url` and `served` as `feed_xml` takes them. Targets
    list it after the release pages, so their diffs are counted once."""
    return {"text": feed_xml(build.model, build.change_counts, here, feed_url, served)}
