from __future__ import annotations

import pytest

from generator.dockerfile import ImageFacts, parse_dockerfile
from generator.errors import InputError

INPUT_MD_EXAMPLE = """\
ARG PYTHON_MAJOR_MINOR_VERSION="3.11"
ARG PYTHON_BASE_IMAGE="python:${PYTHON_MAJOR_MINOR_VERSION}-slim-bookworm"
FROM ${PYTHON_BASE_IMAGE} AS base
LABEL io.astronomer.docker=true
RUN echo building
FROM base AS main
ARG VERSION="11.8.0"
ARG AIRFLOW_VERSION="2.9.3+astro.1"
LABEL io.astronomer.docker.runtime.version="${VERSION}"
LABEL io.astronomer.docker.airflow.version="${AIRFLOW_VERSION}"
LABEL io.astronomer.docker.python.version="${PYTHON_MAJOR_MINOR_VERSION}"
"""


def parse(text: str) -> ImageFacts:
    return parse_dockerfile(text, "Dockerfile")


def test_input_md_example_resolves_as_docker_does() -> None:
    facts = parse(INPUT_MD_EXAMPLE)
    assert facts.labels["io.astronomer.docker.runtime.version"] == "11.8.0"
    assert facts.labels["io.astronomer.docker.airflow.version"] == "2.9.3+astro.1"
    assert facts.labels["io.astronomer.docker"] == "true"  # inherited from the parent stage
    # A global ARG not declared again after FROM is empty in docker build...
    assert facts.labels["io.astronomer.docker.python.version"] == ""
    # ...so the Python version comes from the base image, and the reason is noted.
    assert facts.base_image == "python:3.11-slim-bookworm"
    assert facts.python_version == "3.11"
    assert facts.debian == "12 (bookworm)"
    assert facts.notes and facts.notes[0][0] == 11 and "PYTHON_MAJOR_MINOR_VERSION" in facts.notes[0][1]
    assert facts.label_lines["io.astronomer.docker.runtime.version"] == 9


def test_nested_args_continuations_and_several_labels_per_line() -> None:
    facts = parse("""\
# syntax=docker/dockerfile:1
ARG MAJOR=3 MINOR=12
ARG PY=$MAJOR.${MINOR}
ARG CODENAME="bullseye"
FROM --platform=linux/amd64 python:${PY}-slim-${CODENAME} AS base
FROM base AS builder
RUN pip install x
FROM builder AS final
ARG PY
ARG V=1.2 \\
    BUILD=7
ARG FULL="${V}-${BUILD}"
ENV HOME_DIR=/usr/local/airflow
LABEL a="$FULL" \\
      "b"='single ${FULL}' \\
      c=${PY}/$HOME_DIR d="x y"
""")
    assert facts.labels == {"a": "1.2-7", "b": "single ${FULL}", "c": "3.12//usr/local/airflow", "d": "x y"}
    assert facts.base_image == "python:3.12-slim-bullseye"
    assert facts.python_version == "3.12"
    assert facts.debian == "11 (bullseye)"
    assert facts.label_lines["a"] == 14


def test_env_wins_over_arg_and_defaults_apply() -> None:
    facts = parse("""\
FROM debian:bookworm
ARG X=from-arg
ENV X=from-env
ARG UNSET
LABEL x=$X y=${UNSET:-fallback} z=${X:+set} w=${NOPE-dflt}
""")
    assert facts.labels == {"x": "from-env", "y": "fallback", "z": "set", "w": "dflt"}
    assert facts.python_version is None
    assert facts.debian == "12 (bookworm)"


def test_last_stage_wins_and_unrelated_stage_is_not_inherited() -> None:
    facts = parse("""\
FROM python:3.10 AS one
LABEL from.one=yes
FROM python:3.11-slim-bookworm AS two
LABEL from.two=yes
""")
    assert facts.labels == {"from.two": "yes"}
    assert facts.python_version == "3.11"


def test_legacy_label_form() -> None:
    assert parse("FROM scratch\nLABEL maintainer Astronomer Inc\n").labels == {"maintainer": "Astronomer Inc"}


@pytest.mark.parametrize(("text", "line", "message"), [
    ("# nothing\nRUN true\n", None, "no FROM"),
    ("FROM python:3.11\nLABEL a=\"unclosed\n", 2, "unclosed"),
    ("FROM python:3.11\nLABEL a=${NEVER_DECLARED}\n", 2, "NEVER_DECLARED"),
    ("FROM python:3.11\nLABEL a=$NEVER\n", 2, "NEVER"),
    ("FROM ${IMAGE}\n", 1, "IMAGE"),
    ("ARG IMAGE\nFROM ${IMAGE}\n", 2, "IMAGE"),
    ("ARG IMAGE=\"\"\nFROM ${IMAGE}\n", 2, "empty image"),
    ("LABEL a=b\nFROM x\n", 1, "before the first FROM"),
])
def test_bad_dockerfiles(text: str, line: int | None, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text)
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith("Dockerfile")


def test_one_instruction_substitutes_the_values_from_before_it() -> None:
    """The Dockerfile reference's own example: `ENV abc=bye def=$abc` gives def the earlier abc."""
    facts = parse("""\
FROM debian:bookworm
ENV abc=hello
ENV abc=bye def=$abc
ENV ghi=$abc
LABEL abc=x def=$def ghi=$ghi jkl=$abc
""")
    assert facts.labels == {"abc": "x", "def": "hello", "ghi": "bye", "jkl": "bye"}
