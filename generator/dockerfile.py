"""The facts of an image: the LABELs of a Dockerfile's final stage, resolved as `docker build` would.

`dockerfile-parse` splits the file into instructions (comments, line
continuations); it does not apply Docker's scoping of ARGs across stages,
so this module does: global ARGs (before the first FROM) reach FROM lines
only, unless a stage declares them again; an ARG's default may refer to
earlier ARGs and ENVs of its scope; ENV wins over an ARG of the same name;
a stage built `FROM` an earlier stage inherits its ENVs and LABELs, not its
ARGs. A reference to a name that no ARG or ENV of the file declares is an
input error here, where Docker would silently substitute an empty string:
an empty label on a reference page is the error this project exists to
prevent. A declared name out of scope (a global ARG not declared again
after FROM) resolves to "" exactly as Docker does, and is noted, so
`validate` can say why a label came out empty.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from dockerfile_parse import DockerfileParser

from .errors import InputError

RUNTIME_LABEL = "io.astronomer.docker.runtime.version"
AIRFLOW_LABEL = "io.astronomer.docker.airflow.version"
PYTHON_LABEL = "io.astronomer.docker.python.version"

DEBIAN_RELEASES = {"buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PYTHON_TAG = re.compile(r"(?:^|/)python:(\d+\.\d+)(?:\.\d+)?(?:[-.]|$)")


@dataclass(frozen=True)
class ImageFacts:
    """What the final stage of one Dockerfile says about its image."""

    labels: dict[str, str]
    label_lines: dict[str, int]
    base_image: str | None
    notes: tuple[tuple[int, str], ...] = ()

    @property
    def python_version(self) -> str | None:
        """From the python label, else from the base image reference (`python:3.11-...`)."""
        if self.labels.get(PYTHON_LABEL):
            return self.labels[PYTHON_LABEL]
        m = _PYTHON_TAG.search(self.base_image or "")
        return m[1] if m else None

    @property
    def debian(self) -> str | None:
        """`12 (bookworm)` from the base image reference's codename, where it names one."""
        tag = (self.base_image or "").rpartition(":")[2]
        for codename, number in DEBIAN_RELEASES.items():
            if re.search(rf"(?:^|[-_.]){codename}(?:$|[-_.])", tag):
                return f"{number} ({codename})"
        return None


class _Unresolved(Exception):
    """A variable reference with no value; the caller knows the file and line."""


class _Unclosed(Exception):
    pass


# A word: unquoted characters, backslash escapes, "..." with escapes inside, '...' without.
# Only Docker's white space separates words (str.split would also split on U+00A0).
_WORD_PATTERN = r"""(?:[^ \t\r\n"'\\]|\\[\s\S]|"(?:[^"\\]|\\[\s\S])*"|'[^']*')+"""
_WORD = re.compile(_WORD_PATTERN)
# Words must be separated by white space, so no run of characters can be split two ways: linear time.
_WORDS = re.compile(rf"[ \t\r\n]*(?:{_WORD_PATTERN}(?:[ \t\r\n]+{_WORD_PATTERN})*)?[ \t\r\n]*")


def split_words(text: str) -> list[str]:
    """Split on unquoted white space, keeping quotes and escapes for `expand` (Docker's parseWords)."""
    return list(_split(text))


@lru_cache(maxsize=16384)
def _split(text: str) -> tuple[str, ...]:
    """Cached: the Dockerfiles of a checkout repeat most of their instructions word for word."""
    if _WORDS.fullmatch(text):  # the common case, in C
        return tuple(_WORD.findall(text))
    return tuple(split_words_loop(text))


def split_words_loop(text: str) -> list[str]:
    """The reference: Docker's parseWords character by character; raises `_Unclosed` on an open quote."""
    words: list[str] = []
    cur: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == "\\" and quote == '"' and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = ""
        elif c in " \t\r\n":
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(c)
            if c in "\"'":
                quote = c
            elif c == "\\" and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
        i += 1
    if quote:
        raise _Unclosed(quote)
    if cur:
        words.append("".join(cur))
    return words


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise _Unclosed("${")


@dataclass
class Scope:
    """The variables with a value where a word is expanded, and the names the file declares anywhere."""

    values: dict[str, str]
    declared: Container[str] = frozenset()
    emptied: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        if name in self.values:
            return self.values[name]
        if name in self.declared:
            self.emptied.append(name)
            return None
        raise _Unresolved(name)


# A word of plain characters and `$VAR`/`${VAR}` references, optionally in one pair of double quotes:
# what nearly every Dockerfile line holds, expanded by one substitution in C.
_SIMPLE = re.compile(r"""(")?((?:[^"'\\$]|\$\{[A-Za-z_][A-Za-z0-9_]*\}"""
                     r"""|\$[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]))*)(?(1)")""")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def expand(word: str, scope: Scope) -> str:
    """Remove quotes and substitute `$VAR`, `${VAR}` and `${VAR:-x}`-style forms (Docker's ProcessWord)."""
    pieces = _pieces(word)
    if pieces is None:
        return expand_loop(word, scope)
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        out.append(scope.get(pieces[i]) or "")
        out.append(pieces[i + 1])
    return "".join(out)


@lru_cache(maxsize=16384)
def _pieces(word: str) -> tuple[str, ...] | None:
    """A simple word as literal text and variable names, alternating (`a$B c` is `a`, `B`, ` c`);
    None for a word only `expand_loop` can read. Cached, as `_split`."""
    simple = _SIMPLE.fullmatch(word)
    if simple is None:
        return None
    parts = _REFERENCE.split(simple[2])  # literal, ${name}, $name, literal, ...
    return tuple(p if i % 3 == 0 else p or parts[i + 1] for i, p in enumerate(parts) if i % 3 != 2)


def expand_loop(word: str, scope: Scope) -> str:
    """The reference: Docker's ProcessWord character by character."""
    out: list[str] = []
    i, n = 0, len(word)
    quote = ""
    while i < n:
        c = word[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                out.append(c)
            i += 1
            continue
        if c == "'" and not quote:
            quote = "'"
            i += 1
        elif c == '"':
            quote = "" if quote else '"'
            i += 1
        elif c == "\\" and i + 1 < n and (not quote or word[i + 1] in '"\\$'):
            out.append(word[i + 1])
            i += 2
        elif c == "$" and i + 1 < n and word[i + 1] == "{":
            end = _closing_brace(word, i + 1)
            out.append(_substitute(word[i + 2 : end], scope))
            i = end + 1
        elif c == "$" and (m := _NAME.match(word, i + 1)):
            out.append(scope.get(m[0]) or "")
            i = m.end()
        else:
            out.append(c)
            i += 1
    if quote:
        raise _Unclosed(quote)
    return "".join(out)


def _substitute(inner: str, scope: Scope) -> str:
    m = _NAME.match(inner)
    if not m:
        raise _Unresolved("${" + inner + "}")
    name, rest = m[0], inner[m.end():]
    if not rest:
        return scope.get(name) or ""
    value = scope.values.get(name)
    op = rest[:2] if rest[:2] in (":-", ":+", ":?") else rest[:1]
    word = rest[len(op):]
    if op in ("-", "+", "?") or op[1:] in ("-", "+", "?"):
        present = value is not None and (value != "" or ":" not in op)
        if op.endswith("-"):
            return value if present and value is not None else expand(word, scope)
        if op.endswith("+"):
            return expand(word, scope) if present else ""
        if not present or value is None:
            raise _Unresolved(name)
        return value
    raise _Unresolved("${" + inner + "}")


@dataclass
class _Stage:
    name: str | None
    base_image: str | None
    env: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    label_lines: dict[str, int] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        return {**self.args, **self.env}


def _pairs(value: str) -> list[tuple[str, str | None]]:
    """`k=v k2="v 2"` as raw (key, value) pairs; the legacy `KEY value` form as one pair."""
    words = _split(value)
    if words and "=" not in words[0]:
        rest = value.strip()[len(words[0]):].strip()
        return [(words[0], rest if rest else None)]
    return [(w.split("=", 1)[0], w.split("=", 1)[1]) for w in words]


def parse_dockerfile(text: str, path: str) -> ImageFacts:
    """Resolve the final stage's labels of the Dockerfile `text` read from `path`."""
    parser = DockerfileParser(fileobj=io.StringIO(text), env_replace=False)
    structure = parser.structure
    declared = _Declared(structure)
    global_args: dict[str, str | None] = {}
    stages: list[_Stage] = []
    notes: list[tuple[int, str]] = []
    for ins in structure:
        kind, value, line = ins["instruction"], ins["value"], ins["startline"] + 1
        try:
            if kind == "FROM":
                stages.append(_from(value, global_args, stages, path, line))
            elif kind == "ARG":
                _arg(value, global_args, stages[-1] if stages else None, declared)
            elif kind in ("ENV", "LABEL") and stages:
                stage = stages[-1]
                # One scope for the whole instruction: Docker substitutes the values from before it,
                # so in `ENV a=bye b=$a`, b gets the earlier a.
                scope = Scope(stage.values(), declared)
                for raw_key, raw_value in _pairs(value):
                    if raw_value is None:
                        raise InputError(path, f"{kind} {raw_key} has no value", line)
                    scope.emptied.clear()
                    key, val = expand(raw_key, scope), expand(raw_value, scope)
                    if scope.emptied:
                        notes.append((line, f"{kind} {key} uses {', '.join(sorted(set(scope.emptied)))}, "
                                            "declared but without a value in this stage (a global ARG must "
                                            "be declared again after FROM): docker build leaves it empty"))
                    if kind == "ENV":
                        stage.env[key] = val
                    else:
                        stage.labels[key] = val
                        stage.label_lines[key] = line
            elif kind in ("ENV", "LABEL"):
                raise InputError(path, f"{kind} before the first FROM", line)
        except _Unresolved as exc:
            raise InputError(path, f"{kind} refers to {exc.args[0]}, which has no value here "
                                   "(an ARG without default, or not declared in this stage)", line) from None
        except _Unclosed as exc:
            raise InputError(path, f"{kind} has an unclosed {exc.args[0]}", line) from None
    if not stages:
        raise InputError(path, "no FROM instruction: not a Dockerfile")
    final = stages[-1]
    return ImageFacts(dict(final.labels), dict(final.label_lines), final.base_image, tuple(notes))


class _Declared:
    """The names the file declares, gathered only if a reference finds no value: rarely."""

    def __init__(self, structure: Sequence[Mapping[str, object]]) -> None:
        self._structure = structure
        self._names: set[str] | None = None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = _declared(self._structure)
        return name in self._names


def _declared(structure: Sequence[Mapping[str, object]]) -> set[str]:
    """Every name an ARG or ENV of the file declares, wherever it stands."""
    names: set[str] = set()
    for ins in structure:
        if ins["instruction"] in ("ARG", "ENV"):
            with contextlib.suppress(_Unclosed):
                names.update(k.split("=", 1)[0] for k, _ in _pairs(str(ins["value"])))
    return names


def _from(value: str, global_args: dict[str, str | None], stages: list[_Stage], path: str, line: int) -> _Stage:
    words = [w for w in _split(value) if not w.startswith("--")]
    if not words:
        raise InputError(path, "FROM names no image", line)
    image = expand(words[0], Scope({k: v for k, v in global_args.items() if v is not None}))
    if not image:
        raise InputError(path, f"FROM {words[0]} resolves to an empty image name", line)
    name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
    parent = next((s for s in reversed(stages) if s.name == image.lower()), None)
    if parent is None:
        return _Stage(name, image)
    return _Stage(name, parent.base_image, dict(parent.env), dict(parent.labels), dict(parent.label_lines))


def _arg(value: str, global_args: dict[str, str | None], stage: _Stage | None, declared: Container[str]) -> None:
    for word in _split(value):
        raw_name, eq, raw_default = word.partition("=")
        if stage is None:
            scope = Scope({k: v for k, v in global_args.items() if v is not None}, declared)
            global_args[raw_name] = expand(raw_default, scope) if eq else None
        elif eq:
            stage.args[raw_name] = expand(raw_default, Scope(stage.values(), declared))
        elif global_args.get(raw_name) is not None:
            stage.args[raw_name] = str(global_args[raw_name])
