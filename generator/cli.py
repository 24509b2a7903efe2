"""The command line: `python -m generator build|check|validate|export|diff|notes|links`.

Exit codes: 0 all good; 1 the pages are stale or the data has errors
(findings); 2 the input cannot be read or the command line is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import cache
from .cache import fingerprint
from .errors import ERROR, Finding, InputError, WorkerDied
from .output import GENERATED_DIR, atomic_write, page_diff, stale_diffs, write_page, write_pages

if TYPE_CHECKING:
    from .model import Model, Release

T = TypeVar("T")

# The readers, Jinja and tqdm are imported where they are used, after the cache check:
# a build or check with nothing to do then starts in a fraction of the time.

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "data" / "sample"
CURATED = PROJECT / "data" / "curated.yaml"
DOCS = PROJECT / "docs"


def _shown(path: Path) -> Path:
    """Paths under the working directory are shown relative, as people type them."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Astro Runtime reference pages from an astro-runtime checkout.")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str, docs: bool = False, today: str = "") -> argparse.ArgumentParser:
        """A subcommand reading a checkout; `today` names what the `--today` option decides, if it has one."""
        p = sub.add_parser(name, help=help, description=help)
        if today:
            p.add_argument("--today", type=_day, default=dt.date.today(), metavar="YYYY-MM-DD",
                           help=f"the day {today} computed for (default: today)")
        p.add_argument("--repo", type=Path, default=_shown(SAMPLE),
                       help="astro-runtime checkout (default: the embedded sample in data/)")
        p.add_argument("--config", type=Path, help="layout config (default: runtime-docs.yaml in the checkout)")
        if docs:
            p.add_argument("--docs", type=Path, default=DOCS, help="MkDocs source folder (default: docs/)")
        return p

    statuses = "lifecycle statuses are"
    b = command("build", "write the reference pages (only those whose content changed)", docs=True, today=statuses)
    b.add_argument("--quiet", action="store_true", help="print nothing but findings and errors")
    c = command("check", "exit 1 with a diff if any page is stale or missing; writes nothing", docs=True,
                today=statuses)
    for p in (b, c):
        p.add_argument("--no-cache", action="store_true",
                       help="do the full work even when inputs and pages are unchanged since the last run")
    n = command("notes", "print the Markdown a release note needs for one release", today="maintenance warnings are")
    n.add_argument("version", help="runtime version, e.g. 3.1-3")
    d = command("diff", "print the package changes between two releases, per image")
    d.add_argument("old", metavar="FROM", help="runtime version, e.g. 3.1-2")
    d.add_argument("new", metavar="TO", help="runtime version, e.g. 3.1-3")
    d.add_argument("--format", choices=("markdown", "json"), default="markdown")
    v = command("validate", "report disagreements between sources and suspicious data")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.add_argument("--format", choices=("text", "json"), default="text")
    e = command("export", "write the model as JSON (schema 1)")
    e.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    links = sub.add_parser("links", help="check the internal links and anchors of a built site (no network)",
                           description="check the internal links and anchors of a built site (no network)")
    links.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site/)")
    return parser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def _release(model: Model, version: str) -> Release:
    """A release by version; an unknown one is a command-line error (exit 2) that names the catalog."""
    release = model.by_version.get(version)
    if release is None:
        raise InputError(model.catalog_path, f"no release {version!r} in the catalog")
    return release


def _count_warnings(count: int) -> None:
    if count:
        print(f"{count} warnings: run `python -m generator validate` to read them", file=sys.stderr)


def _read_model(args: argparse.Namespace, progress: Callable[[], object] | None = None,
                digests: dict[str, bytes] | None = None) -> Model | None:
    """The model, or None when reading it found errors that must stop the command (printed in full).

    Only reading finds errors; the cross-release checks of `validate` add warnings, so a
    build can start writing before they are done.
    """
    from .checkout import load

    model = load(args.repo, args.config, progress, digests)
    errors = sorted({f for f in model.findings if f.severity == ERROR})
    for f in errors:
        print(f, file=sys.stderr)
    if errors:
        print("error: the data has errors; nothing was written", file=sys.stderr)
        return None
    return model


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if args.command == "links":
        return _links(args.site)
    if args.command not in ("build", "check") or args.no_cache:
        return _work(args, started, None)
    target = args.docs / GENERATED_DIR

    def inputs(known: Mapping[str, bytes] | None = None) -> str:
        return fingerprint([args.repo], [args.today.isoformat(), CURATED.read_text(encoding="utf-8"),
                                         args.config.read_text(encoding="utf-8") if args.config else ""], known)

    record = cache.recorded(target)
    if record is None:  # nothing to compare with: fingerprinted after reading, from the digests of what was read
        return _work(args, started, inputs)
    digest = inputs()
    if cache.current(target, record, digest):
        _count_warnings(record.findings)
        if args.command == "build" and not args.quiet:
            print(f"{record.releases} releases, inputs unchanged since the last build; 0 pages written, "
                  f"{len(record.pages)} unchanged, 0 removed; {record.findings} findings; "
                  f"{time.perf_counter() - started:.2f} s")
        return 0
    return _work(args, started, lambda known: digest)


def _links(site: Path) -> int:
    from .sitecheck import check_site

    if not site.is_dir():
        raise InputError(str(site), "no built site here: run `mkdocs build` first")
    problems = check_site(site)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _work(args: argparse.Namespace, started: float, inputs: Callable[[Mapping[str, bytes]], str] | None) -> int:
    """Every command that reads the checkout: the full work, when the cache could not answer.

    `inputs` gives the fingerprint to record for the cache after a successful build or check, given
    the digests of the release files as reading hashed them (it reads the other files itself)."""
    # The model is millions of small objects, almost none in a reference cycle: collecting cycles
    # every 700 allocations (Python's default) would walk them over and over for nothing.
    gc.set_threshold(100_000, 50, 100)
    from .checkout import load
    from .curated import read_curated
    from .export import diff_json, export_json
    from .render import PAGES_BESIDE_RELEASES, iter_pages, render_diff, render_notes
    from .validate import has_errors, validate

    if args.command == "validate":
        found = validate(load(args.repo, args.config), strict=args.strict)
        if args.format == "json":
            print(json.dumps([f.as_dict() for f in found], indent=2))
        else:
            for f in found:
                print(f)
        return 1 if has_errors(found) else 0
    bar_off = getattr(args, "quiet", False) or not sys.stderr.isatty()
    digests: dict[str, bytes] = {}  # filled by reading only when there is a fingerprint to take
    if bar_off:  # tqdm is imported only to be shown
        model = _read_model(args, None, digests if inputs else None)
    else:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the workers are forked from this process
        with tqdm(desc="releases", unit="release", leave=False, file=sys.stderr) as bar:
            model = _read_model(args, bar.update, digests if inputs else None)
    if model is None:
        return 1
    digest = inputs(digests) if inputs else None
    findings: list[Finding] = []

    def checked() -> None:
        """Warnings are only counted here (printed by `validate`), so a build stays readable."""
        findings.extend(validate(model))
        _count_warnings(len(findings))

    if args.command not in ("build", "check"):
        checked()
    if args.command == "export":
        text = export_json(model)
        if args.output:
            atomic_write(args.output, text)
        else:
            sys.stdout.write(text)
        return 0
    if args.command == "notes":
        sys.stdout.write(render_notes(model, _release(model, args.version), read_curated(CURATED), args.today))
        return 0
    if args.command == "diff":
        old, new = _release(model, args.old), _release(model, args.new)
        sys.stdout.write(diff_json(old, new) if args.format == "json" else render_diff(old, new))
        return 0
    count = len(model.releases) + PAGES_BESIDE_RELEASES
    target = args.docs / GENERATED_DIR
    curated = read_curated(CURATED)

    def shown(pages: Iterator[tuple[str, T]]) -> Iterable[tuple[str, T]]:
        if bar_off:
            return pages
        from tqdm import tqdm

        return tqdm(pages, total=count, desc="pages", unit="page", leave=False, file=sys.stderr)

    def pages(each: Callable[[Path, str, str], T]) -> Iterable[tuple[str, T]]:
        return shown(iter_pages(model, curated, args.today, partial(each, target), checked))

    if args.command == "check":
        diffs = stale_diffs(pages(page_diff), target)
        for d in diffs:
            sys.stdout.write(d if d.endswith("\n") else d + "\n")
        if diffs:
            print(f"{len(diffs)} of {count} pages are stale: run `python -m generator build`", file=sys.stderr)
            return 1
    else:
        report = write_pages(pages(write_page), target)
    if digest:
        cache.remember(target, digest, len(model.releases), len(findings))
    if args.command == "build" and not args.quiet:
        print(f"{len(model.releases)} releases read; {len(report.written)} pages written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
              f"{len(findings)} findings; {time.perf_counter() - started:.2f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except InputError as exc:
        print(f"{exc.path}{':' + str(exc.line) if exc.line else ''}: error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{exc.filename or ''}: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except WorkerDied as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
