"""Reading a whole astro-runtime checkout into the model: `load(root, config)`.

The only module that walks the checkout: it applies the config, reads each
file with its reader, and records the disagreements between sources that
it can see while reading (catalog vs directories, label vs directory name,
duplicate pins). Everything after it works on the `Model` alone.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import ERROR, WARNING, Finding, InputError, printable
from ..model import STANDARD, CatalogEntry, Image, Label, Model, Release
from ..versions import RuntimeVersion
from .catalog import read_catalog
from .changelog import Changelog, parse_changelog
from .config import Config, read_config
from .constraints import PinReader
from .dockerfile import AIRFLOW_LABEL, RUNTIME_LABEL, parse_dockerfile
from .files import Root


def load(root: Path, config_path: Path | None = None) -> Model:
    """Read the checkout at `root`; `InputError` if any file it needs is unusable."""
    checkout = Root(root)
    config = read_config(checkout, config_path)
    catalog = read_catalog(checkout, root / config.catalog)
    findings = list(catalog.findings)
    directories = _release_directories(checkout, config)
    changelog = _changelog(checkout, config)
    findings.extend(Finding(str(root / config.changelog), line, WARNING, note) for line, note in changelog.warnings)
    pins = PinReader(config.machine)
    releases: list[Release] = []
    for entry in catalog.entries:
        directory = directories.pop(entry.version.text, None)
        images: tuple[Image, ...] = ()
        if directory is None:
            findings.append(Finding(catalog.path, entry.line, ERROR,
                                    f"release {entry.version} is in the catalog but has no directory "
                                    f"{root / config.releases / entry.version.text}"))
        else:
            images = _images(checkout, directory, config, entry, findings, pins)
        section = changelog.sections.get(entry.version.text)
        if section and section.date and entry.release_date and section.date != entry.release_date.isoformat():
            findings.append(Finding(str(root / config.changelog), section.line, WARNING,
                                    f"release {entry.version}: CHANGELOG.md dates it {section.date}, "
                                    f"the catalog {entry.release_date} ({catalog.path}:{entry.line})"))
        releases.append(Release(entry, str(directory) if directory else None, images,
                                (section.notes or None) if section else None))
    for name, directory in directories.items():
        findings.append(Finding(str(directory / config.dockerfile), 0, ERROR,
                                f"release directory {name} is not in the catalog {catalog.path}"))
    return Model(catalog.path, tuple(releases), tuple(findings), config.machine)


def _release_directories(checkout: Root, config: Config) -> dict[str, Path]:
    """Directories that hold a Dockerfile or are named like a runtime version, by name."""
    base = checkout.path / config.releases
    if not checkout.is_dir(base):
        raise InputError(str(base), "releases directory not found")
    skip = set(config.ignore) | {Path(config.catalog).parts[0]}
    found: dict[str, Path] = {}
    for path in checkout.folders(base):
        if path.name in skip:
            continue
        try:
            RuntimeVersion.parse(path.name)
        except ValueError as exc:
            if checkout.exists(path / config.dockerfile):
                raise InputError(str(path), f"release directory name: {exc}") from None
            continue
        found[path.name] = path
    return found


def _changelog(checkout: Root, config: Config) -> Changelog:
    path = checkout.path / config.changelog
    return parse_changelog(checkout.read(path)) if checkout.exists(path) else Changelog({})


# What may follow `<version>-` in a Docker tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}` in all), which is
# how an image other than the standard one is published and named on the pages.
_TAG_SUFFIX = re.compile(r"[A-Za-z0-9_.-]+")
_TAG_MAX = 128


def _images(checkout: Root, directory: Path, config: Config, entry: CatalogEntry, findings: list[Finding],
            pins: PinReader) -> tuple[Image, ...]:
    # Only a folder with a Dockerfile is an image; any other folder is not looked at, whatever its name.
    found = [p for p in checkout.folders(directory) if checkout.exists(p / config.dockerfile)]
    _distinct_images(found)
    places = [(STANDARD, directory)] + [(_variant(p, entry), p) for p in found]
    return tuple(_image(checkout, variant, place, config, entry, findings, pins) for variant, place in places)


def _distinct_images(folders: list[Path]) -> None:
    """Each image of a release has a name of its own: none is the standard image's, and no two are one
    name to a file system that ignores letter case or Unicode normalisation (compared NFC, case folded),
    as the pages' ids and a checkout copied to such a file system would make them. Before the names'
    characters are checked, so that two spellings of one name are reported as such."""
    seen: dict[str, Path] = {}
    for folder in folders:
        name = folder.name
        fold = unicodedata.normalize("NFC", name).casefold()
        if fold == STANDARD:
            raise InputError(printable(folder), f"an image folder cannot be named {name!r}: the {STANDARD} image "
                                                f"is the one in the release's own folder {printable(folder.parent)}")
        if fold in seen:
            raise InputError(printable(folder), f"image folder {name!r} and {seen[fold].name!r} differ only in "
                                                "letter case or Unicode normalisation: their images would have "
                                                "one name")
        seen[fold] = folder


def _variant(folder: Path, entry: CatalogEntry) -> str:
    """The image name `folder` gives, once it can be one: the pages write it in headings, attributes and
    the tag `<version>-<variant>`, so it must be a Docker tag suffix, within a tag's 128 characters
    (which keeps it well within `NAME_MAX`)."""
    name = folder.name
    if not _TAG_SUFFIX.fullmatch(name):
        raise InputError(printable(folder), f"image folder name {name!r} cannot end a Docker tag "
                                            "(<version>-<variant>): only letters A-Z and a-z, digits, '_', '.' "
                                            "and '-' can")
    tag = len(entry.version.text) + 1 + len(name)
    if tag > _TAG_MAX:
        raise InputError(printable(folder), f"image folder name is {len(name)} characters long: the tag "
                                            f"{entry.version}-<variant> would be {tag}, over Docker's {_TAG_MAX}")
    return name


def _image(checkout: Root, variant: str, place: Path, config: Config, entry: CatalogEntry,
           findings: list[Finding], pins: PinReader) -> Image:
    dockerfile = place / config.dockerfile
    shown = str(dockerfile)
    facts = parse_dockerfile(checkout.read(dockerfile), shown)
    findings.extend(Finding(shown, line, WARNING, note) for line, note in facts.notes)
    runtime = facts.labels.get(RUNTIME_LABEL)
    if runtime is None:
        raise InputError(shown, f"the final stage (FROM on line {facts.final_line}) has no {RUNTIME_LABEL} label")
    label_line = facts.label_lines.get(RUNTIME_LABEL, 0)
    if not runtime:
        raise InputError(shown, f"label {RUNTIME_LABEL} is empty", label_line)
    if runtime != entry.version.text:
        findings.append(Finding(shown, label_line, ERROR,
                                f"runtime label says {runtime}, the directory is {entry.version}"))
    airflow = facts.labels.get(AIRFLOW_LABEL)
    if airflow == "":
        findings.append(Finding(shown, facts.label_lines.get(AIRFLOW_LABEL, 0), ERROR,
                                f"label {AIRFLOW_LABEL} is empty"))
    elif airflow and airflow.split("+")[0] != entry.airflow_version:
        findings.append(Finding(shown, facts.label_lines.get(AIRFLOW_LABEL, 0), ERROR,
                                f"Airflow label says {airflow}, the catalog {entry.airflow_version} "
                                f"for {entry.version}"))
    constraints = place / config.constraints
    read = pins.read(checkout.read(constraints), str(constraints), facts.python_version)
    findings.extend(read.findings)
    labels = tuple(Label(name, value, facts.label_lines.get(name, 0)) for name, value in sorted(facts.labels.items()))
    return Image(variant, shown, str(constraints), labels, facts.base_image, facts.python_version, facts.debian,
                 read.packages, read.lines, read.providers)
