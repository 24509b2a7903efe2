"""The Dockerfile reader: Docker's scoping rules, heredocs, and bounded work on pathological input.

The word splitter and expander are compared with the character-by-character model of Docker's
lexer in `docker_oracle`; the ARG resolver with a direct model of Docker's scoping rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.sources.dockerfile import (
    MAX_DEPTH,
    ImageFacts,
    Scope,
    _Expansion,
    _Unclosed,
    _Unresolved,
    expand,
    parse_dockerfile,
    split_words,
)

from .docker_oracle import expand_loop, split_words_loop

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


def test_an_empty_label_value_is_a_value_with_its_line() -> None:
    """Empty labels are reported by line: the line must be the LABEL's, inherited or not."""
    facts = parse("""\
FROM python:3.12 AS base
ARG GONE
LABEL inherited.empty=""
FROM base
ARG V=""
LABEL own.empty=$V
""")
    assert facts.labels == {"inherited.empty": "", "own.empty": ""}
    assert facts.label_lines == {"inherited.empty": 3, "own.empty": 6}
    assert facts.final_line == 4


def test_an_arg_emptied_by_scope_is_noted_on_its_own_line() -> None:
    """The label is empty because of the ARG line, so the note names that line, not the LABEL's."""
    facts = parse("""\
ARG PY=3.12
FROM python:${PY}
ARG FULL=py-$PY
LABEL v=$FULL
""")
    assert facts.labels == {"v": "py-"}
    assert [(line, "ARG FULL uses PY" in note) for line, note in facts.notes] == [(3, True)]
    facts = parse("ARG TAG\nARG IMAGE=python:3.12$TAG\nFROM $IMAGE\n")
    assert facts.base_image == "python:3.12"
    assert facts.notes == (
        (2, "ARG IMAGE uses TAG, declared before it without a default: docker build leaves it empty"),)


def test_python_tag_digits_are_ascii() -> None:
    assert ImageFacts({}, {}, "python:3.11-slim").python_version == "3.11"
    assert ImageFacts({}, {}, "python:\u0663.\u0661\u0661-slim").python_version is None


# Heredocs: their bodies are content, never instructions.

def test_a_label_in_a_heredoc_body_is_not_a_label() -> None:
    facts = parse("""\
FROM python:3.12
LABEL real=yes
RUN <<EOT
LABEL real=no
LABEL fake=yes
ARG X=1
ENV Y=$NEVER_DECLARED
EOT
LABEL after=$X
""".replace("$X", "ok"))
    assert facts.labels == {"real": "yes", "after": "ok"}
    assert facts.label_lines == {"real": 2, "after": 9}


def test_a_from_in_a_heredoc_does_not_start_a_stage() -> None:
    facts = parse("""\
FROM python:3.12 AS base
LABEL kept=yes
COPY <<EOF /etc/notes
FROM scratch
EOF
""")
    assert facts.labels == {"kept": "yes"}
    assert facts.base_image == "python:3.12"
    assert facts.final_line == 1


def test_dash_heredoc_ignores_leading_tabs_and_quoted_delimiters_are_unquoted() -> None:
    facts = parse("""\
FROM python:3.12
RUN <<-EOT
\tLABEL a=no
\tEOT
RUN <<"QUOTED" sh
LABEL b=no
QUOTED
RUN <<'SINGLE'
LABEL c=no
SINGLE
LABEL d=yes
""")
    assert facts.labels == {"d": "yes"}
    assert facts.label_lines == {"d": 11}


def test_only_dash_heredocs_ignore_indentation_and_only_tabs() -> None:
    facts = parse("FROM python:3.12\nRUN <<EOT\n\tEOT\nLABEL a=no\nEOT\nRUN <<-EOT\n  EOT\nLABEL b=no\nEOT\n"
                  "LABEL c=yes\n")
    assert facts.labels == {"c": "yes"}


def test_several_heredocs_on_one_instruction_follow_one_another() -> None:
    facts = parse("""\
FROM python:3.12
COPY <<EOF1 <<EOF2 /dest/
LABEL a=no
EOF1
LABEL b=no
EOF2
LABEL c=yes
""")
    assert facts.labels == {"c": "yes"}
    assert facts.label_lines == {"c": 7}


def test_a_heredoc_marker_after_continuation_lines_and_comments() -> None:
    facts = parse("""\
FROM python:3.12
RUN apt-get update \\
# a comment inside the instruction
    && cat <<EOT \\
    && echo done
LABEL a=no
EOT
ONBUILD RUN <<EOT
LABEL b=no
EOT
LABEL c=yes
""")
    assert facts.labels == {"c": "yes"}
    assert facts.label_lines == {"c": 11}


@pytest.mark.parametrize("instruction", ['RUN echo "<<EOT"', "RUN echo '<<EOT'", "RUN cat<<EOT", "LABEL x=<<EOT",
                                         'RUN ["sh", "-c", "cat <<EOT"]'])
def test_double_less_than_that_is_no_heredoc(instruction: str) -> None:
    facts = parse(f"FROM python:3.12\n{instruction}\nLABEL a=yes\nEOT\n")
    assert facts.labels["a"] == "yes"


def test_an_unterminated_heredoc_names_the_line_that_opened_it() -> None:
    with pytest.raises(InputError) as info:
        parse("FROM python:3.12\nRUN echo start \\\n  && cat <<EOT\nLABEL a=1\nEOT is not alone\n")
    assert info.value.line == 2
    assert "unterminated heredoc" in info.value.message and "EOT" in info.value.message


# Pathological but legal input: linear time, or an error naming the line.

@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A loose bound, many times what a linear pass takes: it catches quadratic work, not noise."""
    start = time.perf_counter()
    yield
    assert time.perf_counter() - start < seconds


def test_50000_env_lines_in_one_stage() -> None:
    text = "FROM python:3.12\n" + "".join(f"ENV V{i}=value{i}\n" for i in range(50_000)) + "LABEL a=$V49999-$V0\n"
    with within(5):
        facts = parse(text)
    assert facts.labels == {"a": "value49999-value0"}
    assert facts.label_lines == {"a": 50_002}


def test_20000_stages_each_from_the_previous() -> None:
    text = "FROM python:3.12 AS s0\nLABEL a=1\n" + "".join(f"FROM s{i} AS s{i + 1}\n" for i in range(20_000))
    with within(5):
        facts = parse(text)
    assert facts.labels == {"a": "1"}
    assert facts.label_lines == {"a": 2}
    assert facts.base_image == "python:3.12"
    assert facts.final_line == 20_002


def test_many_stages_inheriting_many_values_are_an_error() -> None:
    text = "FROM python:3.12 AS s0\n" + "".join(f"ENV V{i}=v\n" for i in range(20_000)) + "".join(
        f"FROM s{i} AS s{i + 1}\n" for i in range(20_000))
    with within(5), pytest.raises(InputError) as info:
        parse(text)
    # 50 children copy 1,000,000 values; the 51st, `FROM s50` on line 1 + 20,000 + 51, one too many.
    assert info.value.line == 20_052
    assert info.value.message.startswith("FROM s50: build stages inherit more than 1,000,000 ENV and LABEL values")


def _nested(levels: int) -> str:
    return "".join(f"${{N{i}:-" for i in range(levels)) + "end" + "}" * levels


def test_nesting_is_capped() -> None:
    assert parse(f"FROM python:3.12\nLABEL a={_nested(MAX_DEPTH)}\n").labels == {"a": "end"}
    with pytest.raises(InputError, match="nested more than 32 deep"):
        parse(f"FROM python:3.12\nLABEL a={_nested(MAX_DEPTH + 1)}\n")
    with within(2), pytest.raises(InputError) as info:
        parse(f"FROM python:3.12\nENV X=1\nARG A={_nested(500)}\n")
    assert (info.value.line, info.value.message) == (3, "ARG A: variable references nested more than 32 deep")


def test_a_default_that_is_not_used_is_not_expanded_whatever_its_depth() -> None:
    assert parse(f"FROM python:3.12\nARG S=set\nLABEL a=${{S:-{_nested(500)}}}\n").labels == {"a": "set"}


def test_values_that_double_are_capped() -> None:
    text = "FROM python:3.12\nARG A0=xxxxxxxx\n" + "".join(f"ARG A{i + 1}=$A{i}$A{i}\n" for i in range(100))
    with within(2), pytest.raises(InputError) as info:
        parse(text)
    # A13 is 8 * 2**13 = 65,536 characters, the most one value may take from variables; A14 is on line 16.
    assert info.value.line == 16
    assert info.value.message == "ARG A14: its value takes more than 65,536 characters from variables"


def test_the_values_of_a_file_together_are_capped() -> None:
    """65,536 characters per value, times 50,000 values, would be gigabytes."""
    text = "FROM python:3.12\nARG BIG=" + "x" * 60_000 + "\n" + "".join(f"ENV V{i}=$BIG\n" for i in range(50_000))
    with within(2), pytest.raises(InputError) as info:
        parse(text)
    assert info.value.line == 2 + (1 << 24) // 60_000 + 1
    assert "ENV V279: variables add more than 16,777,216 characters" in info.value.message


def test_a_4mb_label_value() -> None:
    value = "v" * 4_000_000
    with within(2):
        facts = parse(f'FROM python:3.12\nLABEL a="{value}" b=x\nLABEL c {value}\n')
    assert facts.labels == {"a": value, "b": "x", "c": value}


# The ARG resolver against a direct model of Docker's scoping, on generated Dockerfiles.
var_names = st.sampled_from(["A", "B", "C", "D"])
literals = st.from_regex(r"[a-z0-9.]{1,6}", fullmatch=True)


@st.composite
def dockerfiles(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    lines: list[str] = []
    model_global: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 3))):
        name, value = draw(var_names), draw(literals)
        ref = draw(st.one_of(st.none(), st.sampled_from(sorted(model_global)) if model_global else st.none()))
        default = value + (f"${{{ref}}}" if ref else "")
        lines.append(f'ARG {name}="{default}"')
        model_global[name] = value + (model_global[ref] if ref else "")
    labels: dict[str, str] = {}
    inherited: dict[str, str] = {}
    for stage in range(draw(st.integers(1, 3))):
        from_parent = stage > 0 and draw(st.booleans())
        lines.append(f"FROM {'s' + str(stage - 1) if from_parent else 'python:3.12'} AS s{stage}")
        labels = dict(inherited) if from_parent else {}
        scope: dict[str, str] = {}
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["redeclare", "arg", "label", "heredoc"]))
            name = draw(var_names)
            if kind == "redeclare":
                lines.append(f"ARG {name}")
                if name in model_global:
                    scope[name] = model_global[name]
            elif kind == "arg":
                value = draw(literals)
                lines.append(f"ARG {name}={value}")
                scope[name] = value
            elif kind == "heredoc":
                lines.extend(["RUN <<EOT", f"LABEL l.0=heredoc-{name}", f"ARG {name}=heredoc", "EOT"])
            elif scope:
                ref = draw(st.sampled_from(sorted(scope)))
                key = f"l.{draw(st.integers(0, 3))}"
                lines.append(f'LABEL {key}="v-${{{ref}}}-${ref}"')
                labels[key] = f"v-{scope[ref]}-{scope[ref]}"
        inherited = labels
    return "\n".join(lines) + "\n", labels


@settings(max_examples=200, deadline=None)
@given(dockerfiles())
def test_arg_resolver_matches_docker_rules(case: tuple[str, dict[str, str]]) -> None:
    text, expected = case
    assert parse(text).labels == expected


def outcome(f: Callable[[], object]) -> object:
    """A result, or the kind of error: the product and the oracle must fail alike, too."""
    try:
        return f()
    except Exception as exc:
        return type(exc).__name__


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=' \t\r\n"\'\\ab$=\u00a0', max_size=40))
@example('a "b \\" c" \'d \\\' e\\ f\\')  # escapes inside and outside quotes, a trailing backslash
@example('a\u00a0b \t"c\nd"\re')  # only Docker's white space separates
@example('"\\')  # a backslash at the end of an open quote
def test_word_splitting_agrees_with_the_oracle(text: str) -> None:
    assert outcome(lambda: split_words(text)) == outcome(lambda: split_words_loop(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='"\'\\${}:-+?ab_1 \n', max_size=30))
@example('"\\\\ \\$a \\" \\b \'$a\'" \\a \'\\\' $ "$"\\')  # what escapes inside and outside quotes
@example("${a:-${b:+'}'}}${ab:?}${_1-d}${_1:-e}${b+f}$1$")  # operators, braces inside quotes, lone `$`
def test_expansion_agrees_with_the_oracle(word: str) -> None:
    def run(f: Callable[[str, Scope], str]) -> object:
        scope = Scope({"a": "x", "ab": "yy", "_1": ""}, frozenset({"b"}))
        return outcome(lambda: (f(word, scope), scope.emptied))
    assert run(expand) == run(expand_loop)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "$a", "${a}", "${b:-", "${ab:+", "'q'", '"', "\\", "}", "z"]), max_size=12))
def test_expansion_of_nested_references_agrees_with_the_oracle(pieces: list[str]) -> None:
    """Random characters rarely form nested `${x:-...}`: these pieces do."""
    word = "".join(pieces)
    def run(f: Callable[[str, Scope], str]) -> object:
        scope = Scope({"a": "x", "ab": "", "_1": ""}, frozenset({"b"}))
        return outcome(lambda: (f(word, scope), scope.emptied))
    assert run(expand) == run(expand_loop)


def test_an_instruction_continued_over_too_many_lines_is_refused_at_once() -> None:
    """dockerfile-parse joins continuation lines in quadratic time: 2 million of them (a 5 MB file)
    would take an hour, so a number no real file comes near is an error, found before it."""
    text = "FROM python:3.12\nRUN echo \\\n" + "  a \\\n" * 2_000_000 + "  end\n"
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse(text)
    assert time.perf_counter() - started < 5
    assert info.value.line == 2 and "continued over more than 10,000 lines" in info.value.message
    label = "LABEL io.astronomer.docker.runtime.version=1\n"
    many = "FROM python:3.12\nRUN echo \\\n" + "  a \\\n" * 9_000 + "  end\n" + label
    assert parse(many).label_lines["io.astronomer.docker.runtime.version"] == 9_004


@given(st.sampled_from(['"', "'"]), st.text(alphabet="ab1.+-$\\\"' {}", max_size=12))
@settings(max_examples=500, deadline=None)
@example('"', "3.11")
@example("'", "$a\\")
def test_a_quoted_word_expands_as_the_full_expander_does(quote: str, inside: str) -> None:
    """`expand`'s fast path for one quoted string against `_Expansion`, which it stands in for."""
    word = quote + inside + quote
    scope = Scope({"a": "x"})
    try:
        slow: str | type[Exception] = _Expansion(scope).word(word, 0)
    except (_Unclosed, _Unresolved) as exc:
        slow = type(exc)
    try:
        fast: str | type[Exception] = expand(word, scope)
    except (_Unclosed, _Unresolved) as exc:
        fast = type(exc)
    assert fast == slow
