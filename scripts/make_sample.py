"""Writes `generator/data/sample/`, the embedded astro-runtime checkout, from a facts file.

Run once by a developer: `python scripts/make_sample.py FACTS.json generator/data/sample`.
FACTS.json holds the published facts (versions, dates, pins) of runtime 2.1.1
to 9.x; the files written are ours, the facts carry over. The generator and
its tests read only `generator/data/sample/`, never the facts file.
Releases the facts leave incomplete are handled as generator/data/sample/README.md says.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.versions import RuntimeVersion

DOCKERFILE = """\
# syntax=docker/dockerfile:1
# Astro Runtime {version}{variant_note}
ARG PYTHON_MAJOR_MINOR_VERSION="{python}"
ARG DEBIAN_CODENAME="{codename}"
ARG PYTHON_BASE_IMAGE="python:${{PYTHON_MAJOR_MINOR_VERSION}}-slim-${{DEBIAN_CODENAME}}"

FROM ${{PYTHON_BASE_IMAGE}} AS base
ARG PYTHON_MAJOR_MINOR_VERSION
LABEL io.astronomer.docker=true \\
      io.astronomer.docker.distro="debian" \\
      io.astronomer.docker.python.version="${{PYTHON_MAJOR_MINOR_VERSION}}"
ENV AIRFLOW_HOME=/usr/local/airflow \\
    PIP_CONSTRAINT=/usr/local/share/astronomer/build-time-pip-constraints.txt
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates curl tini \\
    && rm -rf /var/lib/apt/lists/*

FROM base AS builder
ARG AIRFLOW_VERSION="{airflow_pin}"
COPY build-time-pip-constraints.txt ${{PIP_CONSTRAINT}}
RUN pip install --no-cache-dir "apache-airflow==${{AIRFLOW_VERSION}}" -c "${{PIP_CONSTRAINT}}"

FROM base AS main
ARG VERSION="{version}"
ARG AIRFLOW_PUBLIC_VERSION="{airflow}"
ARG ASTRO_BUILD="1"
ARG AIRFLOW_VERSION="${{AIRFLOW_PUBLIC_VERSION}}+astro.${{ASTRO_BUILD}}"
LABEL io.astronomer.docker.runtime.version="${{VERSION}}"
LABEL io.astronomer.docker.airflow.version="${{AIRFLOW_VERSION}}"{extra_labels}
COPY --from=builder /usr/local /usr/local
USER astro
ENTRYPOINT ["tini", "--", "/entrypoint"]
"""

# Illustrative Airflow 3 era releases (not published facts; see README.md).
AF3_PROVIDERS_30 = {
    "amazon": "9.6.1", "celery": "3.10.6", "cncf-kubernetes": "10.4.3", "common-compat": "1.6.1",
    "common-io": "1.5.4", "common-sql": "1.26.0", "datadog": "3.8.3", "elasticsearch": "6.2.2",
    "fab": "2.0.2", "ftp": "3.12.3", "google": "15.1.0", "http": "5.2.2", "imap": "3.8.3",
    "microsoft-azure": "12.3.1", "mysql": "6.2.2", "openlineage": "2.2.0", "postgres": "6.1.3",
    "redis": "4.0.2", "smtp": "2.0.3", "snowflake": "6.3.0", "sqlite": "4.0.2", "standard": "1.0.0",
}
SLIM_PROVIDERS = {"celery", "cncf-kubernetes", "common-compat", "common-io", "common-sql", "fab", "ftp",
                  "http", "imap", "smtp", "sqlite", "standard"}
AF3 = [
    # version, airflow, date, channel, bumps over the previous build
    ("3.0-1", "3.0.0", "2025-04-22", "stable", {}),
    ("3.0-2", "3.0.1", "2025-05-13", "stable", {"amazon": "9.7.0", "google": "15.1.1", "standard": "1.1.0"}),
    ("3.0-3", "3.0.2", "2025-06-10", "stable", {"amazon": "9.8.0", "openlineage": "2.3.0",
                                                "cncf-kubernetes": "10.5.0", "standard": "1.2.0"}),
    ("3.0-4", "3.0.3", "2025-07-15", "stable", {"amazon": "9.9.0", "google": "16.0.0", "fab": "2.2.1",
                                                "common-sql": "1.27.3"}),
    ("3.1-1", "3.1.0", "2025-10-01", "stable", {"amazon": "9.14.0", "google": "18.0.0", "fab": "3.0.0",
                                                "standard": "1.9.0", "common-compat": "1.7.4",
                                                "git": "0.0.9"}),
    ("3.1-2", "3.1.1", "2025-10-28", "stable", {"amazon": "9.15.0", "cncf-kubernetes": "10.8.2",
                                                "openlineage": "2.7.3"}),
    ("3.1-3", "3.1.2", "2025-11-18", "stable", {"amazon": "9.16.0", "google": "18.1.0", "git": "0.1.0"}),
    ("3.2-1.rc1", "3.2.0rc1", "2026-03-02", "beta", {"amazon": "9.18.0", "standard": "1.10.0"}),
]
AF3_PYTHON = {"3.0": ("3.12", ["3.10", "3.11", "3.12"]), "3.1": ("3.12", ["3.10", "3.11", "3.12", "3.13"]),
              "3.2": ("3.12", ["3.11", "3.12", "3.13"])}
TASK_SDK = {"3.0.0": "1.0.0", "3.0.1": "1.0.1", "3.0.2": "1.0.2", "3.0.3": "1.0.3", "3.1.0": "1.1.0",
            "3.1.1": "1.1.1", "3.1.2": "1.1.2", "3.2.0rc1": "1.2.0rc1"}


CHANGELOG = """\
# Astro Runtime changelog (illustrative, see README.md)

## 3.1-3 (2025-11-18)

- Upgrades Apache Airflow to 3.1.2.
- Upgrades the Amazon provider to 9.16.0 and the Google provider to 18.1.0.

## 3.1-2 (2025-10-28)

- Upgrades Apache Airflow to 3.1.1.
- Adds a `python-3.11` image for projects that cannot move to Python 3.12 yet.

## 3.1-1 (2025-10-01)

- First release of the Airflow 3.1 line: see the
  [Airflow 3.1.0 release notes](https://airflow.apache.org/docs/apache-airflow/3.1.0/release_notes.html).
- Adds the Git provider.
"""


def constraints(pins: dict[str, str], header: str) -> str:
    lines = [f"# {header}"] + [f"{name}=={version}" for name, version in sorted(pins.items())]
    return "\n".join(lines) + "\n"


def write_image(path: Path, version: str, variant: str, python: str, codename: str, airflow_pin: str,
                pins: dict[str, str], header: str, extra_labels: str = "") -> None:
    path.mkdir(parents=True, exist_ok=True)
    note = f" ({variant} image)" if variant else ""
    (path / "Dockerfile").write_text(DOCKERFILE.format(
        version=version, variant_note=note, python=python, codename=codename, airflow_pin=airflow_pin,
        airflow=airflow_pin.split("+")[0],
        extra_labels=extra_labels))
    (path / "build-time-pip-constraints.txt").write_text(constraints(pins, header))


def deliberate(root: Path, version: str, entry: dict[str, Any]) -> None:
    """One deliberate case of each validation warning the published facts do not already show.

    Each is marked where it stands: `sampleNote` in the catalog (an unknown key,
    which readers must tolerate) or a comment in the constraints file.
    """
    meta = entry["metadata"]
    if version == "3.0-2":
        meta.update(yanked=True, sampleNote="deliberate: yanked without a yankedReason")
    if version == "3.1-1":
        meta.update(endOfMaintenance="2025-09-30", sampleNote="deliberate: endOfMaintenance before releaseDate")
    if version == "3.0-3":
        slim = root / version / "slim" / "build-time-pip-constraints.txt"
        text = slim.read_text().replace(
            "apache-airflow-providers-http==5.2.2",
            "# deliberate: the slim image holds another http provider than the standard image\n"
            "apache-airflow-providers-http==5.2.1")
        slim.write_text(text)


def main(facts_path: str, out: str) -> None:
    facts = json.loads(Path(facts_path).read_text())["releases"]
    root = Path(out)
    if root.exists():
        shutil.rmtree(root)
    (root / "metadata").mkdir(parents=True)
    af2: dict[str, object] = {}
    previous: dict[str, str] | None = None
    previous_version = None
    previous_airflow = None
    for version in sorted(facts, key=RuntimeVersion.parse):
        f = facts[version]
        if not f["release_date"] or not f["airflow_version"]:
            continue  # not in the release notes: no date, no Airflow version
        pins = dict(f["packages"] or {})
        header = f"Astro Runtime {version}: pins as published."
        if not pins:
            assert previous is not None
            pins = dict(previous)
            header = (f"Astro Runtime {version}: pins not published; carried over from "
                      f"{previous_version} (see README.md).")
        previous, previous_version = dict(pins), version
        airflow = f["airflow_version"]
        pins["apache-airflow"] = f"{airflow}+astro.1"
        python = f["python_version"] or "3.9"
        codename = "bullseye"
        write_image(root / version, version, "", python, codename, f"{airflow}+astro.1", pins, header)
        meta: dict[str, object] = {"airflowVersion": airflow, "channel": "stable",
                                   "releaseDate": f["release_date"]}
        if f["end_of_maintenance"]:
            meta["endOfMaintenance"] = f["end_of_maintenance"]
        meta["yanked"] = bool(f["yanked_reason"])
        if f["yanked_reason"]:
            meta["yankedReason"] = f["yanked_reason"]
        if f["lts"]:
            meta["lts"] = True
        af2[version] = {"metadata": meta, "migrations": {"airflowDatabase": airflow != previous_airflow}}
        previous_airflow = airflow

    af3: dict[str, Any] = {}
    providers = dict(AF3_PROVIDERS_30)
    for version, airflow, date, channel, bumps in AF3:
        providers.update(bumps)
        line = version.split("-")[0]
        default_python, pythons = AF3_PYTHON[line]
        pins = {f"apache-airflow-providers-{k}": v for k, v in providers.items()}
        pins["apache-airflow"] = f"{airflow}+astro.1"
        pins["apache-airflow-task-sdk"] = TASK_SDK[airflow]
        pins["astronomer-providers-logging"] = "1.6.2"
        sdk = f'\\\n      io.astronomer.docker.airflow-task-sdk.version="{TASK_SDK[airflow]}"'
        header = f"Astro Runtime {version}: illustrative Airflow 3 era release (see README.md)."
        write_image(root / version, version, "", default_python, "bookworm", f"{airflow}+astro.1", pins,
                    header, sdk)
        slim = {k: v for k, v in pins.items() if k.removeprefix("apache-airflow-providers-") in SLIM_PROVIDERS
                or not k.startswith("apache-airflow-providers-")}
        write_image(root / version / "slim", version, "slim", default_python, "bookworm",
                    f"{airflow}+astro.1", slim, header, sdk)
        if line == "3.1":
            write_image(root / version / "python-3.11", version, "python-3.11", "3.11", "bookworm",
                        f"{airflow}+astro.1", pins, header, sdk)
        af3[version] = {"metadata": {"airflowVersion": airflow, "channel": channel, "releaseDate": date,
                                     "pythonVersions": pythons, "defaultPythonVersion": default_python},
                        "migrations": {"airflowDatabase": "true" if version.endswith("-1") else "false"}}
        deliberate(root, version, af3[version])
    (root / "CHANGELOG.md").write_text(CHANGELOG)
    catalog = {"runtimeVersions": af2, "runtimeVersionsV3": af3}
    (root / "metadata" / "versions.json").write_text(json.dumps(catalog, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
