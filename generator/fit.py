"""Will a requirements file fit a runtime? Each image's own pins against the file's direct requirements.

A runtime image installs its constraints file's pins, so a requirement whose specifier excludes
the pinned version of its package (PEP 503 names compared) cannot be installed into it. That is
all this answers: what those packages need in turn, and what an extra pulls in, takes a full
dependency resolution, which `astro dev upgrade-test` makes. A requirement `pkg[extra]` is
checked against `pkg`'s pin alone, since the extra does not change which `pkg` is installed.

Markers are evaluated for the image, never for the machine running this: the caller passes the
environment of an image's Python (`sources.constraints.environment`, the one the pins were read
with), so a line for `python_version < "3.12"` is checked against the 3.11 image and skipped
for the 3.12 one. Pure: the model and the parsed lines in, values out; the text, Markdown and
JSON answers are made here too, so every format tells the same thing.

JSON answer (`as_json`, `"schema": 1`; a new field may be added, a field's meaning never changes):

    {"schema": 1, "checks": "<what is and is not checked>",
     "runtime": "<--runtime or null>", "image": "<--image or null>",
     "chosen": {"version": "<release the exit code is about, or null>", "fits": true|false},
     "fitting": ["<version>", ...],                    # releases that accept every line, newest first
     "not_checked": [{"file", "line", "text", "reason"}],  # lines no pin can refuse (-e, URLs, paths)
     "releases": [{"version", "prerelease", "yanked", "fits",   # newest first
                   "images": [{"image", "python", "fits",
                               "conflicts": [{"file", "line", "text", "package", "pinned", "specifier"}],
                               "not_pinned": [{"file", "line", "text", "package"}],
                               "not_applicable": [{"file", "line", "text", "marker"}],
                               "undecided": [{"file", "line", "text", "reason"}]}]}]}
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from packaging.markers import Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .model import Image, Model, Release, variant_order
from .versions import RuntimeVersion, package_version

SCHEMA = 1
CHECKS = ("each runtime image's own pins against your direct requirements: not a full dependency resolution "
          "(what your packages and their extras need in turn is not checked; `astro dev upgrade-test` builds "
          "the image and checks that)")
EXTRAS = "a requirement pkg[extra] is checked against pkg's pin: the extra does not change which pkg is installed"
CONSTRAINTS = "lines of -c files are checked like requirements: a pin that refuses one refuses the install"

Environment = Callable[[str | None], dict[str, str]]
"""The marker environment of an image of a given Python (`sources.constraints.environment` for the
checkout's machine): passed in, so that this module reads no configuration."""

_PYTHON_NAMES = ("python_version", "python_full_version", "implementation_version")


class Line(Protocol):
    """A line of a requirements file, as `sources.requirements.RequirementLine` holds it."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def requirement(self) -> Requirement | None: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def constraint(self) -> bool: ...


class UnknownChoice(ValueError):
    """`--runtime` or `--image` (`option`) names nothing the model holds; the message says what it does hold."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Conflict:
    """A requirement the image's pin refuses: `package` and `pinned` as the constraints file writes them."""

    file: str
    line: int
    text: str
    package: str
    pinned: str
    specifier: str


@dataclass(frozen=True)
class Note:
    """A requirement that is no conflict for one image, and why: its package is not pinned
    (`detail` the package: pip would install it freely), its marker excludes the image (`detail`
    the marker), or the marker cannot be decided for it (`detail` the reason)."""

    file: str
    line: int
    text: str
    detail: str


@dataclass(frozen=True)
class ImageFit:
    image: str
    python: str | None
    """The Python the markers were evaluated for: the image's, else the release's."""
    conflicts: tuple[Conflict, ...]
    not_pinned: tuple[Note, ...] = ()
    not_applicable: tuple[Note, ...] = ()
    undecided: tuple[Note, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class ReleaseFit:
    version: RuntimeVersion
    prerelease: bool
    yanked: bool
    images: tuple[ImageFit, ...]

    @property
    def fits(self) -> bool:
        """Every image checked accepts every line; a release with no image read has no pins to
        say so, and fits nothing."""
        return bool(self.images) and all(i.fits for i in self.images)

    @property
    def stable(self) -> bool:
        return not self.prerelease and not self.yanked

    @property
    def label(self) -> str:
        """The version, marked as the reader must know before choosing it."""
        marks = [m for m, on in (("pre-release", self.prerelease), ("yanked", self.yanked)) if on]
        return f"{self.version} ({', '.join(marks)})" if marks else str(self.version)


@dataclass(frozen=True)
class FitReport:
    """The answer for the releases checked, newest first. `chosen` is the release the exit status
    is about: `--runtime`'s, else the newest stable one (neither pre-release nor yanked; with
    `--image`, the newest stable one that has the image), since that is the one a project
    upgrading today would move to."""

    releases: tuple[ReleaseFit, ...]
    lines: int
    """How many requirement lines were read, checked or not."""
    not_checked: tuple[Note, ...]
    runtime: str | None = None
    image: str | None = None

    @property
    def fitting(self) -> tuple[ReleaseFit, ...]:
        return tuple(r for r in self.releases if r.fits)

    @property
    def chosen(self) -> ReleaseFit | None:
        if self.runtime is not None:
            return next((r for r in self.releases if r.version.text == self.runtime), None)
        return next((r for r in self.releases if r.stable and r.images), None)

    @property
    def ok(self) -> bool:
        """What the exit status says: the chosen release fits."""
        chosen = self.chosen
        return chosen is not None and chosen.fits


def select(model: Model, runtime: str | None, image: str | None) -> tuple[Release, ...]:
    """The releases to check, newest first: `runtime` alone if given, and with `image`, only the
    releases that have it. A name the model does not hold is an `UnknownChoice` naming the close ones."""
    releases = tuple(reversed(model.releases))
    if runtime is not None:
        release = model.by_version.get(runtime)
        if release is None:
            raise UnknownChoice("--runtime", f"no release {runtime!r} in the catalog{_near(runtime, model.by_version)}")
        releases = (release,)
    if image is not None:
        having = tuple(r for r in releases if r.image(image) is not None)
        if not having:
            known = sorted({i.variant for r in releases for i in r.images}, key=variant_order)
            where = f"release {runtime} has" if runtime is not None else "the releases have"
            raise UnknownChoice("--image", f"no image {image!r}{_near(image, known)}: {where} "
                                           f"{', '.join(known) or 'none'}")
        releases = having
    return releases


def _near(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=5, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def check(releases: Sequence[Release], lines: Sequence[Line], environment: Environment, runtime: str | None = None,
          image: str | None = None) -> FitReport:
    """Each release's images (or `image` alone) against every checkable line."""
    checked = [line for line in lines if line.requirement is not None]
    fits = []
    for release in releases:
        images = [i for i in release.images if image is None or i.variant == image]
        python = release.python_version
        fits.append(ReleaseFit(release.version, release.is_prerelease, release.entry.yanked,
                               tuple(check_image(i, i.python_version or python, checked, environment)
                                     for i in images)))
    not_checked = tuple(Note(line.file, line.line, line.text, line.reason or "") for line in lines
                        if line.requirement is None)
    return FitReport(tuple(fits), len(lines), not_checked, runtime, image)


def check_image(image: Image, python: str | None, lines: Sequence[Line], environment: Environment) -> ImageFit:
    """One image against the lines. The pinned version is tested with pre-releases allowed: it is
    what the image installs whatever the requirement's own wish about pre-releases, so only whether
    the specifier includes it matters, as `pip check` asks of what is installed."""
    pins = {p.key: p for p in image.packages}
    env = environment(python)
    conflicts: list[Conflict] = []
    unpinned: list[Note] = []
    excluded: list[Note] = []
    undecided: list[Note] = []
    for line in lines:
        requirement = line.requirement
        if requirement is None:
            continue
        if requirement.marker is not None:
            applies = _applies(requirement.marker, python, env)
            if isinstance(applies, str):
                undecided.append(Note(line.file, line.line, line.text, applies))
                continue
            if not applies:
                excluded.append(Note(line.file, line.line, line.text, str(requirement.marker)))
                continue
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            unpinned.append(Note(line.file, line.line, line.text, requirement.name))
        elif not requirement.specifier.contains(package_version(pin.version), prereleases=True):
            conflicts.append(Conflict(line.file, line.line, line.text, pin.name, pin.version,
                                      str(requirement.specifier)))
    return ImageFit(image.variant, python, tuple(conflicts), tuple(unpinned), tuple(excluded), tuple(undecided))


def _applies(marker: Marker, python: str | None, env: dict[str, str]) -> bool | str:
    """Whether the line is for the image; if that cannot be decided, why. The environment's values are
    all set, so only a Python nobody states or a comparison PEP 508 leaves undefined is undecided:
    either would otherwise be decided by this machine's Python or by chance."""
    if python is None and any(name in str(marker) for name in _PYTHON_NAMES):
        return "its marker needs the image's Python version, which neither the image nor the catalog states"
    try:
        return marker.evaluate(env)
    except (UndefinedComparison, UndefinedEnvironmentName) as exc:
        return f"its marker cannot be evaluated: {exc}"


# The answers, one per format.


def as_json(report: FitReport) -> str:
    """The answer as JSON, shaped as the module's docstring documents (`"schema": 1`)."""
    chosen = report.chosen
    data = {
        "schema": SCHEMA,
        "checks": f"{CHECKS}; {EXTRAS}; {CONSTRAINTS}",
        "runtime": report.runtime,
        "image": report.image,
        "chosen": {"version": chosen.version.text if chosen else None, "fits": report.ok},
        "fitting": [r.version.text for r in report.fitting],
        "not_checked": [_note(n, "reason") for n in report.not_checked],
        "releases": [{
            "version": r.version.text, "prerelease": r.prerelease, "yanked": r.yanked, "fits": r.fits,
            "images": [{
                "image": i.image, "python": i.python, "fits": i.fits,
                "conflicts": [{"file": c.file, "line": c.line, "text": c.text, "package": c.package,
                               "pinned": c.pinned, "specifier": c.specifier} for c in i.conflicts],
                "not_pinned": [_note(n, "package") for n in i.not_pinned],
                "not_applicable": [_note(n, "marker") for n in i.not_applicable],
                "undecided": [_note(n, "reason") for n in i.undecided],
            } for i in r.images],
        } for r in report.releases],
    }
    return json.dumps(data, indent=2) + "\n"


def _note(note: Note, detail: str) -> dict[str, object]:
    return {"file": note.file, "line": note.line, "text": note.text, detail: note.detail}


def _grouped(release: ReleaseFit) -> list[tuple[Conflict, list[str]]]:
    """A release's conflicts, each once with the images it holds for: most hold for every image."""
    found: dict[Conflict, list[str]] = {}
    for image in release.images:
        for conflict in image.conflicts:
            found.setdefault(conflict, []).append(image.image)
    return list(found.items())


def _images(names: list[str], release: ReleaseFit) -> str:
    return "" if len(release.images) == 1 and len(names) == 1 else f" [{', '.join(names)}]"


def _verdict(report: FitReport) -> str:
    chosen = report.chosen
    scope = f" (image {report.image})" if report.image else ""
    if chosen is None:
        return f"No stable release{scope} to judge by."
    which = f"Runtime {chosen.label}" if report.runtime else f"The newest stable release, {chosen.label},"
    return f"{which} {'fits' if chosen.fits else 'does not fit'}{scope}."


def as_text(report: FitReport) -> str:
    """The answer for a person at a terminal: what is checked, the conflicts of each release that
    has any, the lines not checked, the releases that fit, and the verdict the exit status gives."""
    out = [f"Checks {CHECKS}.", f"Extras: {EXTRAS}. Constraints: {CONSTRAINTS}.", ""]
    out.append(f"{report.lines} requirement lines read; {len(report.releases)} releases checked"
               + (f", image {report.image} only." if report.image else ", every image."))
    if report.not_checked:
        out += ["", "Not checked (no version a pin could refuse):"]
        out += [f"  {n.file}:{n.line}: {n.text}: {n.detail}" for n in report.not_checked]
    unread = [r.label for r in report.releases if not r.images]
    if unread:
        out += ["", f"No image read, so not checked (see `validate`): {', '.join(unread)}"]
    conflicting = [r for r in report.releases if r.images and not r.fits]
    if conflicting:
        out += ["", "Conflicts (newest release first):"]
        for release in conflicting:
            out.append(f"  {release.label}")
            for c, names in _grouped(release):
                out.append(f"    {c.file}:{c.line}: {c.text}: pinned {c.package}=={c.pinned}{_images(names, release)}")
    undecided = sorted({(n.file, n.line, n.text, n.detail) for r in report.releases for i in r.images
                        for n in i.undecided})
    if undecided:
        out += ["", "Undecided for some images (not counted as conflicts):"]
        out += [f"  {file}:{line}: {text}: {detail}" for file, line, text, detail in undecided]
    fitting = report.fitting
    out += ["", f"Releases that accept every line ({len(fitting)}, newest first): "
                + (", ".join(r.label for r in fitting) if fitting else "none")]
    out.append(_verdict(report))
    return "\n".join(out) + "\n"


def as_markdown(report: FitReport, esc: Callable[[object], str]) -> str:
    """A compact table for a pull request comment: a row per release checked, newest first, its
    conflicts in one cell. `esc` makes each value inert Markdown (`pages.markdown.esc`)."""
    out = ["**Will these requirements fit?** " + esc(f"Checks {CHECKS}."), ""]
    out += ["| Runtime | Fits | Conflicts |", "| --- | --- | --- |"]
    for release in report.releases:
        cells = [f"{esc(f'{c.file}:{c.line}')} {esc(c.text)}: pinned {esc(c.package)}=={esc(c.pinned)}"
                 f"{' ' + esc(_images(names, release)) if _images(names, release) else ''}"
                 for c, names in _grouped(release)]
        fits = "yes" if release.fits else "no" if release.images else "no image"
        out.append(f"| {esc(release.label)} | {fits} | {'<br>'.join(cells) or esc('')} |")
    fitting = report.fitting
    out += ["", "Releases that accept every line: " + (", ".join(esc(r.label) for r in fitting) or "none") + "."]
    if report.not_checked:
        out.append("Not checked: " + "; ".join(f"{esc(f'{n.file}:{n.line}')} {esc(n.text)} ({esc(n.detail)})"
                                                for n in report.not_checked) + ".")
    out.append(esc(_verdict(report)))
    return "\n".join(out) + "\n"
