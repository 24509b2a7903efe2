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

`dockerfile-parse` knows nothing of BuildKit's heredocs (`RUN <<EOT`): it
would read every line of a heredoc's body as an instruction, so a `LABEL`
in a script would become a label of the image. The bodies are blanked out
before it sees the file, keeping every line where it was.

Every step is linear in the size of the file, and what legal input can
make grow without bound (nesting, substitution, inheritance between
stages) is capped with an error that names the line: a reader of
untrusted checkouts must not be made to run for minutes or run out of
memory.
"""

from __future__ import annotations

import io
import re
from collections import ChainMap
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from dockerfile_parse import DockerfileParser

from ..errors import InputError

RUNTIME_LABEL = "io.astronomer.docker.runtime.version"
AIRFLOW_LABEL = "io.astronomer.docker.airflow.version"
PYTHON_LABEL = "io.astronomer.docker.python.version"

DEBIAN_RELEASES = {"buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"}
_PYTHON_TAG = re.compile(r"(?:^|/)python:([0-9]+\.[0-9]+)(?:\.[0-9]+)?(?:[-.]|$)")

# Far beyond any real Dockerfile, far below what would take seconds or gigabytes.
MAX_DEPTH = 32  # `${A:-${B:-...}}` levels
MAX_SUBSTITUTED = 65_536  # characters one value may take from variables
MAX_GROWTH = 1 << 24  # characters all values of a file may gain from variables together
MAX_INHERITED = 1_000_000  # ENV and LABEL values all stages may copy from their parents together
# Lines one instruction may continue over: dockerfile-parse joins them in quadratic time.
MAX_CONTINUED = 10_000


@dataclass(frozen=True)
class ImageFacts:
    """What the final stage of one Dockerfile says about its image."""

    labels: dict[str, str]
    label_lines: dict[str, int]
    base_image: str | None
    notes: tuple[tuple[int, str], ...] = ()
    final_line: int = 0

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
    """A quote or `${` left open; the argument is what was left open."""


class _Limit(Exception):
    """Input past one of the caps above; the argument says which."""


# Docker's parseWords as tokens: white space ends a word; a run of plain characters, an escape
# (`\x`, or a lone `\` at the end), a "..." (with escapes inside) or a '...' (without) adds to it.
# Possessive quantifiers: an unclosed quote fails in one pass, without backtracking.
_SPLIT_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n]++)
  | [^ \t\r\n"'\\]++
  | \\.?
  | "(?:[^"\\]++|\\.)*+"
  | '[^']*+'
  | (?P<open>["'])
""", re.VERBOSE | re.DOTALL)


def split_words(text: str) -> list[str]:
    """Split on unquoted white space, keeping quotes and escapes for `expand` (Docker's parseWords).

    Only Docker's white space separates words (`str.split` would also split on U+00A0)."""
    return list(_words(text))


def _words(text: str) -> Iterator[str]:
    """The words of `text` one by one; raises `_Unclosed` on reaching an open quote, so the words
    before it are usable by a caller that wants them (BuildKit's heredoc detection does)."""
    word: list[str] = []
    for m in _SPLIT_TOKEN.finditer(text):
        if m.lastgroup == "space":
            if word:
                yield "".join(word)
                word = []
        elif m.lastgroup == "open":
            raise _Unclosed(m[0])
        else:
            word.append(m[0])
    if word:
        yield "".join(word)


@dataclass
class Scope:
    """The variables with a value where a word is expanded, and the names the file declares anywhere."""

    values: Mapping[str, str]
    declared: Container[str] = frozenset()
    emptied: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        if name in self.values:
            return self.values[name]
        if name in self.declared:
            self.emptied.append(name)
            return None
        raise _Unresolved(name)


_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# Docker's ProcessWord as tokens, one pattern outside double quotes and one inside, where a
# single quote is plain and a backslash escapes only `"`, `\` and `$`. `other` is a `$` that
# starts no reference, or a backslash that escapes nothing: both stand for themselves.
_OUTSIDE = re.compile(rf"""
    (?P<plain>[^"'\\$]++)
  | '(?P<single>[^']*+)'
  | (?P<quote>")
  | \\(?P<escaped>.)
  | (?P<brace>\$\{{)
  | \$(?P<name>{_NAME})
  | (?P<open>')
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_INSIDE = re.compile(rf"""
    (?P<plain>[^"\\$]++)
  | (?P<quote>")
  | \\(?P<escaped>["\\$])
  | (?P<brace>\$\{{)
  | \$(?P<name>{_NAME})
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_BRACES = re.compile(r"[{}]")
_ACTIVE = re.compile(r"""[$"'\\]""")
_OPERATOR = re.compile(rf"({_NAME})(:?[-+?])?")
# A whole word that is one "..." with no `"`, `\` or `$` inside, or one '...': its inside as it stands.
_QUOTED = re.compile(r"'([^']*)'" + r'|"([^"\\$]*)"')


def expand(word: str, scope: Scope | None) -> str:
    """Remove quotes and substitute `$VAR`, `${VAR}` and `${VAR:-x}`-style forms (Docker's ProcessWord).

    Without a scope, `$` is an ordinary character: what BuildKit does to a heredoc's delimiter."""
    if not _ACTIVE.search(word):
        return word  # nothing to substitute or unquote: most words of a Dockerfile
    if m := _QUOTED.fullmatch(word):
        return m[1] if m[2] is None else m[2]  # one quoted string with nothing to substitute: `"3.11"`
    return _Expansion(scope).word(word, 0)


class _Expansion:
    """One word's expansion, counting what the caps count."""

    def __init__(self, scope: Scope | None) -> None:
        self.scope = scope
        self.substituted = 0

    def word(self, word: str, depth: int) -> str:
        out: list[str] = []
        pattern = _OUTSIDE
        pos, end = 0, len(word)
        while pos < end:
            m = pattern.match(word, pos)
            assert m is not None  # `other` matches any character
            pos = m.end()
            kind = m.lastgroup
            if kind == "quote":
                pattern = _INSIDE if pattern is _OUTSIDE else _OUTSIDE
            elif kind == "open":
                raise _Unclosed("'")
            elif kind in ("plain", "single", "escaped"):
                out.append(m[kind])
            elif self.scope is None or kind == "other":
                out.append(m[0][:1])  # `$` (or `\`) for itself; whatever followed it is read next
                pos = m.start() + 1
            elif kind == "name":
                out.append(self.value(self.scope.get(m["name"])))
            else:
                close = _closing_brace(word, m.end() - 1)
                out.append(self.substitute(word[m.end():close], depth + 1))
                pos = close + 1
        if pattern is _INSIDE:
            raise _Unclosed('"')
        return "".join(out)

    def value(self, value: str | None) -> str:
        if value:
            self.substituted += len(value)
            if self.substituted > MAX_SUBSTITUTED:
                raise _Limit(f"its value takes more than {MAX_SUBSTITUTED:,} characters from variables")
        return value or ""

    def substitute(self, inner: str, depth: int) -> str:
        """`${inner}`: a name, or a name, an operator and a word expanded only where it is used."""
        assert self.scope is not None
        if depth > MAX_DEPTH:
            raise _Limit(f"variable references nested more than {MAX_DEPTH} deep")
        m = _OPERATOR.match(inner)
        if not m or (m.end() < len(inner) and not m[2]):
            raise _Unresolved("${" + inner + "}")
        name, op, rest = m[1], m[2], inner[m.end():]
        if not op:
            return self.value(self.scope.get(name))
        value = self.scope.values.get(name)
        present = value is not None and (value != "" or ":" not in op)
        if op.endswith("-"):
            return self.value(value) if present else self.word(rest, depth)
        if op.endswith("+"):
            return self.word(rest, depth) if present else ""
        if not present:
            raise _Unresolved(name)
        return self.value(value)


def _closing_brace(text: str, start: int) -> int:
    """The `}` matching the `{` at `start`; quotes do not hide braces."""
    depth = 0
    for m in _BRACES.finditer(text, start):
        depth += 1 if m[0] == "{" else -1
        if depth == 0:
            return m.start()
    raise _Unclosed("${")


# Heredocs. Instructions are found as dockerfile-parse finds them (its patterns, its parser
# directives, its joining of continuation lines), so that the body starts on the line after the
# instruction in both readings; a heredoc is a word of the instruction as BuildKit's
# heredocsFromLine reads it: optional file descriptor digits, `<<`, optional `-`, a delimiter.
_INSTRUCTION = re.compile(r"^\s*(\S+)\s+(.*)$")
_COMMENT = re.compile(r"^\s*#")
_ESCAPE_DIRECTIVE = re.compile(r"^\s*#\s*escape\s*=\s*(\\|`)\s*$", re.IGNORECASE)
_SYNTAX_DIRECTIVE = re.compile(r"^\s*#\s*syntax\s*=\s*(.*)\s*$", re.IGNORECASE)
_HEREDOC = re.compile(r"[0-9]*<<(-?)([^<]+)")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})


@dataclass(frozen=True)
class _Heredoc:
    delimiter: str
    chomp: bool  # `<<-`: leading tabs do not count, on the terminator line too

    def ends_at(self, line: str) -> bool:
        line = line.rstrip("\r\n")
        return (line.lstrip("\t") if self.chomp else line) == self.delimiter


def _blank_heredocs(text: str, path: str) -> str:
    """`text` with the body and terminator lines of every heredoc emptied, each line where it was."""
    if "<<" not in text and text.count("\n") < MAX_CONTINUED:
        return text  # no heredoc, nor an instruction long enough to refuse: nearly every Dockerfile
    lines = io.StringIO(text).readlines()  # as dockerfile-parse reads them: split at "\n" only
    escape = "\\"
    directives = True
    start = 0  # the 1-based line of the instruction being joined, 0 between instructions
    kind, value = "", []  # the instruction and its value's parts, joined as dockerfile-parse joins them
    has_value = False
    blanked = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if directives:
            if m := _ESCAPE_DIRECTIVE.match(line):
                escape = m[1]
            elif not _SYNTAX_DIRECTIVE.match(line):
                directives = False
        if _COMMENT.match(line):
            continue
        if not start:
            if not (m := _INSTRUCTION.match(line)):
                continue
            start, kind, value = i, m[1].upper(), [_strip_continuation(m[2], escape)]
        else:
            value.append(_strip_continuation(line if has_value else line.lstrip(), escape))
        has_value = has_value or bool(value[-1])
        if line.rstrip().endswith(escape):
            if i - start >= MAX_CONTINUED:
                raise InputError(path, f"an instruction continued over more than {MAX_CONTINUED:,} lines", start)
            continue
        opened, start, has_value = start, 0, False
        for heredoc in _heredocs(kind, "".join(value)):
            while True:
                if i == len(lines):
                    raise InputError(path, f"unterminated heredoc: no line after this instruction "
                                           f"reads {heredoc.delimiter}", opened)
                body = lines[i]
                lines[i] = "\n" if body.endswith("\n") else ""
                blanked = True
                i += 1
                if heredoc.ends_at(body):
                    break
    return "".join(lines) if blanked else text


def _strip_continuation(text: str, escape: str) -> str:
    text = text.rstrip()
    return text[:-1] if text.endswith(escape) else text


def _heredocs(kind: str, args: str) -> list[_Heredoc]:
    """The heredocs an instruction opens, in the order their bodies follow it."""
    if kind == "ONBUILD" and (m := _INSTRUCTION.match(args)):
        kind, args = m[1].upper(), m[2]
    if kind not in _HEREDOC_INSTRUCTIONS or "<<" not in args:
        return []
    heredocs: list[_Heredoc] = []
    try:
        for word in _words(args):
            if m := _HEREDOC.fullmatch(word):
                heredocs.append(_Heredoc(expand(m[2], None), m[1] == "-"))
    except _Unclosed:
        pass  # BuildKit, too, reads the words before an open quote and no further
    return heredocs


@dataclass
class _Stage:
    name: str | None
    base_image: str | None
    line: int
    env: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    label_lines: dict[str, int] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)

    def scope(self, declared: Container[str]) -> Scope:
        """A view, not a merged copy: merging per instruction would be quadratic in the number of ENVs."""
        return Scope(ChainMap(self.env, self.args), declared)


def _pairs(value: str) -> list[tuple[str, str | None]]:
    """`k=v k2="v 2"` as raw (key, value) pairs; the legacy `KEY value` form as one pair."""
    words = split_words(value)
    if words and "=" not in words[0]:
        rest = value.strip(" \t\r\n")[len(words[0]):].strip(" \t\r\n")
        return [(words[0], rest if rest else None)]
    return [(key, raw) for key, _, raw in (w.partition("=") for w in words)]


def parse_dockerfile(text: str, path: str) -> ImageFacts:
    """Resolve the final stage's labels of the Dockerfile `text` read from `path`."""
    parser = DockerfileParser(fileobj=io.StringIO(_blank_heredocs(text, path)), env_replace=False)
    instructions = [_Instruction(ins["instruction"], ins["value"], ins["startline"] + 1) for ins in parser.structure]
    return _Reader(path, instructions).facts()


@dataclass(frozen=True)
class _Instruction:
    kind: str
    value: str
    line: int


class _Reader:
    """The state of one pass over the instructions."""

    def __init__(self, path: str, instructions: Sequence[_Instruction]) -> None:
        self.path = path
        self.instructions = instructions
        self.declared = _Declared(instructions)
        self.global_args: dict[str, str] = {}
        self.stages: dict[str, _Stage] = {}
        self.stage: _Stage | None = None
        self.notes: list[tuple[int, str]] = []
        self.subject = ""  # what an error is about: `LABEL a`, `ARG V`
        self.growth = 0
        self.inherited = 0

    def facts(self) -> ImageFacts:
        for ins in self.instructions:
            kind, value, line = ins.kind, ins.value, ins.line
            self.subject = kind
            try:
                if kind == "FROM":
                    self.from_(value, line)
                elif kind == "ARG":
                    self.arg(value, line)
                elif kind in ("ENV", "LABEL"):
                    self.env_or_label(kind, value, line)
            except _Unresolved as exc:
                raise InputError(self.path, f"{self.subject} refers to {exc.args[0]}, which has no value here "
                                            "(an ARG without default, or not declared in this stage)", line) from None
            except _Unclosed as exc:
                raise InputError(self.path, f"{self.subject} has an unclosed {exc.args[0]}", line) from None
            except _Limit as exc:
                raise InputError(self.path, f"{self.subject}: {exc.args[0]}", line) from None
        if self.stage is None:
            raise InputError(self.path, "no FROM instruction: not a Dockerfile")
        final = self.stage
        return ImageFacts(dict(final.labels), dict(final.label_lines), final.base_image, tuple(self.notes), final.line)

    def expand(self, raw: str, scope: Scope, line: int) -> str:
        """`expand`, noting names that came out empty and counting the file's growth."""
        scope.emptied.clear()
        value = expand(raw, scope)
        self.growth += max(0, len(value) - len(raw))
        if self.growth > MAX_GROWTH:
            raise _Limit(f"variables add more than {MAX_GROWTH:,} characters to the file's values in all")
        if scope.emptied:
            why = ("declared but without a value in this stage (a global ARG must be declared again after FROM)"
                   if self.stage else "declared before it without a default")
            self.notes.append((line, f"{self.subject} uses {', '.join(sorted(set(scope.emptied)))}, {why}: "
                                     "docker build leaves it empty"))
        return value

    def from_(self, value: str, line: int) -> None:
        words = [w for w in split_words(value) if not w.startswith("--")]
        if not words:
            raise InputError(self.path, "FROM names no image", line)
        self.subject = f"FROM {_short(words[0])}"
        image = self.expand(words[0], Scope(self.global_args), line)
        if not image:
            raise InputError(self.path, f"{self.subject} resolves to an empty image name", line)
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        parent = self.stages.get(image.lower())
        if parent is None:
            stage = _Stage(name, image, line)
        else:
            self.inherited += len(parent.env) + len(parent.labels)
            if self.inherited > MAX_INHERITED:
                raise _Limit(f"build stages inherit more than {MAX_INHERITED:,} ENV and LABEL values in all "
                             "(each stage copies its parent's)")
            stage = _Stage(name, parent.base_image, line, dict(parent.env), dict(parent.labels),
                           dict(parent.label_lines))
        if name:
            self.stages[name] = stage
        self.stage = stage

    def arg(self, value: str, line: int) -> None:
        for word in split_words(value):
            raw_name, eq, raw_default = word.partition("=")
            self.subject = f"ARG {_short(raw_name)}"
            if self.stage is None:
                if eq:
                    self.global_args[raw_name] = self.expand(raw_default, Scope(self.global_args, self.declared), line)
                else:
                    self.global_args.pop(raw_name, None)
            elif eq:
                self.stage.args[raw_name] = self.expand(raw_default, self.stage.scope(self.declared), line)
            elif raw_name in self.global_args:
                self.stage.args[raw_name] = self.global_args[raw_name]

    def env_or_label(self, kind: str, value: str, line: int) -> None:
        if self.stage is None:
            raise InputError(self.path, f"{kind} before the first FROM", line)
        stage = self.stage
        # Docker substitutes the values from before the instruction, so in `ENV a=bye b=$a`, b gets
        # the earlier a: the instruction's own values are stored only once all are expanded.
        scope = stage.scope(self.declared)
        assigned: list[tuple[str, str]] = []
        for raw_key, raw_value in _pairs(value):
            self.subject = f"{kind} {_short(raw_key)}"
            if raw_value is None:
                raise InputError(self.path, f"{self.subject} has no value", line)
            key = self.expand(raw_key, scope, line)
            self.subject = f"{kind} {_short(key)}"
            assigned.append((key, self.expand(raw_value, scope, line)))
        for key, val in assigned:
            if kind == "ENV":
                stage.env[key] = val
            else:
                stage.labels[key] = val
                stage.label_lines[key] = line


def _short(word: str) -> str:
    """A word as a message shows it: a 4 MB name is still a legal one."""
    return word if len(word) <= 80 else word[:77] + "..."


class _Declared:
    """The names the file declares, gathered only if a reference finds no value: rarely."""

    def __init__(self, instructions: Sequence[_Instruction]) -> None:
        self._instructions = instructions
        self._names: set[str] | None = None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = _declared(self._instructions)
        return name in self._names


def _declared(instructions: Sequence[_Instruction]) -> set[str]:
    """Every name an ARG or ENV of the file declares, wherever it stands."""
    names: set[str] = set()
    for ins in instructions:
        try:
            if ins.kind == "ARG":
                names.update(w.partition("=")[0] for w in split_words(ins.value))
            elif ins.kind == "ENV":
                names.update(key for key, _ in _pairs(ins.value))
        except _Unclosed:
            pass
    return names
