"""Reading a whole astro-runtime checkout into the model: `load(root, config)`.

The only module that walks the checkout: it applies the config, reads each
file with its reader, and records the disagreements between sources that
it can see while reading (catalog vs directories, label vs directory name,
duplicate pins). Everything after it works on the `Model` alone.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ERROR, WARNING, Finding, InputError
from ..model import STANDARD, CatalogEntry, Image, Label, Model, Release
from ..versions import RuntimeVersion
from .catalog import read_catalog
from .changelog import Section, parse_changelog
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
        section = changelog.get(entry.version.text)
        if section and section.date and entry.release_date and section.date != entry.release_date.isoformat():
            findings.append(Finding(str(root / config.changelog), section.line, WARNING,
                                    f"release {entry.version}: CHANGELOG.md dates it {section.date}, "
                                    f"the catalog {entry.release_date} ({catalog.path}:{entry.line})"))
        releases.append(Release(entry, str(directory) if directory else None, images,
                                section.body if section else None))
    for name, directory in directories.items():
        findings.append(Finding(str(directory / config.dockerfile), 0, ERROR,
                                f"release directory {name} is not in the catalog {catalog.path}"))
    return Model(catalog.path, tuple(releases), tuple(findings))


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


def _changelog(checkout: Root, config: Config) -> dict[str, Section]:
    path = checkout.path / config.changelog
    return parse_changelog(checkout.read(path)) if checkout.exists(path) else {}


def _images(checkout: Root, directory: Path, config: Config, entry: CatalogEntry, findings: list[Finding],
            pins: PinReader) -> tuple[Image, ...]:
    places = [(STANDARD, directory)] + [
        (p.name, p) for p in checkout.folders(directory) if checkout.exists(p / config.dockerfile)]
    return tuple(_image(checkout, variant, place, config, entry, findings, pins) for variant, place in places)


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
