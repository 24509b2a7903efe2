"""Reading `metadata/versions.json`, the release catalog.

Shape problems (a list where a map belongs, a number where a string
belongs) make the catalog unreadable: `InputError`. Values that are
well-typed but wrong (a release date that is not a date) are findings, so
`validate` can report all of them at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ERROR, Finding, InputError
from ..model import NAME_MAX, CatalogEntry
from ..versions import AF2, AF3, RuntimeVersion
from .files import Root

SECTIONS = {"runtimeVersions": AF2, "runtimeVersionsV3": AF3}
_KEY = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*:')
# The tokens that give a key its place in a (valid) JSON document: strings, keys among them, and brackets.
_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?|[{\[\]}]')


@dataclass(frozen=True)
class Catalog:
    path: str
    entries: tuple[CatalogEntry, ...]
    findings: tuple[Finding, ...]


def _key_text(raw: str) -> str:
    """A key as `json` reads it: the key written `"11.\\u0667.0"` is `11.٧.0`."""
    if "\\" not in raw:
        return raw
    try:
        return str(json.loads(f'"{raw}"'))
    except ValueError:
        return raw


class _Locator:
    """Line numbers of JSON keys, found by one scan, since `json` keeps no positions.

    A key is placed by where it stands: `("runtimeVersions",)` for a section, `("runtimeVersionsV3",
    "3.1-4")` for a release in it, and its value spans the text up to the next such key. A version
    listed in both sections is two places, and a field is looked for in its own release's span: each
    entry's problems are reported at its own lines, not at the first ones the text happens to hold.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.places: dict[tuple[str, ...], tuple[int, int]] = {}
        starts: list[tuple[tuple[str, ...], int]] = []
        depth, section = 0, ""
        for m in _TOKEN.finditer(text):  # aligned with the tokens: `json` read the text first
            mark = text[m.start()]
            if mark in "{[":
                depth += 1
            elif mark in "}]":
                depth -= 1
            elif m[2] is None:
                continue  # a string value
            elif depth == 1:
                section = _key_text(m[1])
                starts.append(((section,), m.start()))
            elif depth == 2:
                starts.append(((section, _key_text(m[1])), m.start()))
        ends = [start for _, start in starts[1:]] + [len(text)]
        for (place, start), end in zip(starts, ends, strict=False):  # no key: no place, one end
            self.places.setdefault(place, (start, end))

    def line_at(self, offset: int) -> int:
        lo, hi = 0, len(self._line_starts)
        while lo + 1 < hi:
            mid = (lo + hi) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1

    def key_line(self, place: tuple[str, ...], field: str | None = None) -> int:
        """Line of the key at `place`, or of `field` in the object that follows it; 0 if unknown."""
        span = self.places.get(place)
        if span is None:
            return 0
        if field is not None:
            m = re.compile(r'"' + re.escape(field) + r'"\s*:').search(self.text, *span)
            if m:
                return self.line_at(m.start())
        return self.line_at(span[0])


_KINDS: dict[type, str] = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
                          int: "a number", float: "a number", type(None): "null"}


def _kind(value: object) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json` keeps the last of two equal keys; a catalog must not say a thing twice."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    pass


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.loc = _Locator(text)
        self.findings: list[Finding] = []
        self.section = ""
        """The section whose release is being read: where its keys are looked for."""

    def line(self, key: str, field: str | None = None) -> int:
        """Line of the release `key` of the current section (or of the section `key`), or of its `field`."""
        place = (self.section, key) if (self.section, key) in self.loc.places else (key,)
        return self.loc.key_line(place, field)

    def fail(self, key: str, field: str | None, message: str) -> InputError:
        return InputError(self.path, message, self.line(key, field) or None)

    def expect(self, value: Any, kind: type, key: str, field: str | None, what: str) -> Any:
        if not isinstance(value, kind):
            raise self.fail(key, field, f"{what} must be {_KINDS[kind]}, not {_kind(value)}")
        return value

    def text(self, meta: dict[str, Any], field: str, key: str, required: bool = False) -> str | None:
        if field not in meta or meta[field] is None:
            if required:
                raise self.fail(key, None, f"release {key}: metadata.{field} is missing")
            return None
        return str(self.expect(meta[field], str, key, field, f"release {key}: metadata.{field}"))

    def date(self, meta: dict[str, Any], field: str, key: str) -> dt.date | None:
        raw = self.text(meta, field, key)
        if raw is None:
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.findings.append(Finding(self.path, self.line(key, field), ERROR,
                                         f"release {key}: {field} {raw!r} is not a date (YYYY-MM-DD)"))
            return None

    def flag(self, value: Any, key: str, field: str, what: str) -> bool:
        """A bool, or the strings "true"/"false" some catalogs use instead."""
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise self.fail(key, field, f"{what} must be true or false, not {json.dumps(value)}")

    def entry(self, key: str, scheme: str, raw: Any) -> CatalogEntry:
        try:
            version = RuntimeVersion.parse(key)
        except ValueError as exc:
            raise self.fail(key, None, str(exc)) from None
        if version.scheme != scheme:
            section = next(s for s, v in SECTIONS.items() if v == scheme)
            raise self.fail(key, None, f"runtime version {key} does not belong in {section}")
        raw = self.expect(raw, dict, key, None, f"release {key}")
        meta = self.expect(raw.get("metadata"), dict, key, "metadata", f"release {key}: metadata")
        migrations = self.expect(raw.get("migrations", {}), dict, key, "migrations", f"release {key}: migrations")
        channel = self.text(meta, "channel", key) or "stable"
        pythons = self.expect(meta.get("pythonVersions", []), list, key, "pythonVersions",
                              f"release {key}: metadata.pythonVersions")
        for p in pythons:
            self.expect(p, str, key, "pythonVersions", f"release {key}: each of metadata.pythonVersions")
        yanked = self.flag(meta.get("yanked", False), key, "yanked", f"release {key}: metadata.yanked")
        lts = channel.lower() == "lts" or (
            "lts" in meta and self.flag(meta["lts"], key, "lts", f"release {key}: metadata.lts"))
        db = migrations.get("airflowDatabase")
        return CatalogEntry(
            version=version,
            line=self.line(key),
            airflow_version=str(self.text(meta, "airflowVersion", key, required=True)),
            channel=channel,
            release_date=self.date(meta, "releaseDate", key),
            end_of_maintenance=self.date(meta, "endOfMaintenance", key),
            end_of_basic_support=self.date(meta, "endOfBasicSupport", key),
            end_of_support=self.date(meta, "endOfSupport", key),
            yanked=yanked,
            yanked_reason=self.text(meta, "yankedReason", key),
            lts=lts,
            python_versions=tuple(pythons),
            default_python_version=self.text(meta, "defaultPythonVersion", key),
            airflow_database_migration=None if db is None else self.flag(
                db, key, "airflowDatabase", f"release {key}: migrations.airflowDatabase"),
        )


# Where a JSON string escapes half of a UTF-16 pair with no other half: only used to say where, once the
# decoded document is known to hold such a string.
_LONE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                   r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _refuse_lone_surrogates(doc: Any, text: str, shown: str) -> None:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`), which decodes to no character: such a
    string could never be written to a page, so it is refused here, where its line is known."""
    pending = [doc]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found = _LONE.search(text)
                line = text.count("\n", 0, found.start()) + 1 if found else None
                raise InputError(shown, "a string escapes half of a UTF-16 pair (\\udXXX), which is no "
                                        "character", line) from None


def read_catalog(root: Root, path: Path) -> Catalog:
    """Read the catalog at `path` in the checkout `root`."""
    text = root.read(path)
    shown = str(path)
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except _DuplicateKey as exc:
        key = str(exc.args[0])
        lines = [m.start() for m in _KEY.finditer(text) if _key_text(m[1]) == key]
        line = _Locator(text).line_at(lines[-1]) if lines else None
        raise InputError(shown, f"key {key!r} appears twice in one object", line) from None
    except RecursionError:
        raise InputError(shown, "JSON nested too deeply to read") from None
    _refuse_lone_surrogates(doc, text, shown)
    reader = _Reader(shown, text)
    if not isinstance(doc, dict):
        raise InputError(shown, f"the catalog must be a JSON object, not {_kind(doc)}", 1)
    if not any(s in doc for s in SECTIONS):
        raise InputError(shown, "the catalog has neither runtimeVersions nor runtimeVersionsV3", 1)
    listed: list[tuple[int, str, str, Any]] = []  # (line, section, version, its object), in the file's order
    for section in SECTIONS:
        if section in doc:
            releases = reader.expect(doc[section], dict, section, None, section)
            listed.extend((reader.loc.key_line((section, key)), section, key, raw) for key, raw in releases.items())
    listed.sort(key=lambda item: item[0])
    _once(shown, listed)
    entries: list[CatalogEntry] = []
    by_name: dict[str, CatalogEntry] = {}
    by_version: dict[RuntimeVersion, CatalogEntry] = {}
    for line, section, key, raw in listed:
        reader.section = section
        if len(key.encode()) > NAME_MAX:
            raise InputError(shown, f"runtime version {_short(key)!r} is {len(key.encode())} bytes long: "
                                    f"at most {NAME_MAX} fit in the file names of its pages", line or None)
        entry = reader.entry(key, SECTIONS[section], raw)
        _distinct(shown, entry, by_name, by_version)
        entries.append(entry)
    entries.sort(key=lambda e: e.version)
    return Catalog(shown, tuple(entries), tuple(reader.findings))


def _short(text: str) -> str:
    """A name shown in a message: in full up to 60 characters, else its start."""
    return text if len(text) <= 60 else text[:57] + "..."


def _once(shown: str, listed: list[tuple[int, str, str, Any]]) -> None:
    """A release listed in both sections: named at its second entry's line, with the first's."""
    first: dict[str, tuple[int, str]] = {}
    for line, section, key, _ in listed:
        if key in first:
            was, where = first[key]
            raise InputError(shown, f"release {key} is listed twice: in {where} (line {was}) and in {section}",
                             line or None)
        first[key] = (line, section)


def _distinct(shown: str, entry: CatalogEntry, by_name: dict[str, CatalogEntry],
              by_version: dict[RuntimeVersion, CatalogEntry]) -> None:
    """Two releases must not be one page: versions whose texts differ only in letter case
    (`3.1-4.rc1`, `3.1-4.RC1`) would be one file on a case-insensitive file system, and two
    spellings of one version (`3.2-1.rc1`, `3.2-1-rc1`) are one release in every order."""
    text = entry.version.text
    same = by_name.get(text.casefold())
    if same is not None:
        raise InputError(shown, f"release {text} differs from release {same.version} (line {same.line}) only in "
                                "letter case: their pages would be one file on a case-insensitive file system",
                         entry.line or None)
    same = by_version.get(entry.version)
    if same is not None:
        raise InputError(shown, f"release {text} is release {same.version} (line {same.line}) written another way",
                         entry.line or None)
    by_name[text.casefold()] = by_version[entry.version] = entry
