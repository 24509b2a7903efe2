"""The command line: `python -m generator build|check|validate|export|diff|notes|links`.

One function per command, each over `load_model(args)`. Exit codes: 0 all
good; 1 the pages are stale or the data has errors (findings); 2 the input
cannot be read or the command line is wrong, said in one line naming the
file. On exit 1 or 2 nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .errors import ERROR, InputError
from .model import Model, Release
from .output import Transaction, plan, write_file
from .pages import SITES, Site, render
from .pages.compare import diff_json
from .pages.render import render_diff, render_notes
from .pages.sites import docusaurus
from .sources import load
from .sources.config import read_config
from .sources.curated import read_curated
from .sources.files import Root
from .validate import has_errors, validate

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "data" / "sample"
DOCS = PROJECT / "docs"
DOCUSAURUS_DOCS = PROJECT / "sites" / "docusaurus" / "docs"
SAMPLE_TODAY = dt.date(2026, 11, 23)  # the day the committed sample pages are built for (the Makefile's too)


def _shown(path: Path) -> Path:
    """Paths under the working directory are shown relative, as people type them."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def load_model(args: argparse.Namespace) -> Model:
    return load(args.repo, args.config)


def _errors_stop(model: Model) -> bool:
    """Errors in the data are printed in full and stop a command that would write or compare pages."""
    errors = sorted({f for f in model.findings if f.severity == ERROR})
    for f in errors:
        print(f, file=sys.stderr)
    if errors:
        print("error: the data has errors; nothing was written", file=sys.stderr)
    return bool(errors)


def make_hint(target: str, args: argparse.Namespace) -> str:
    """The `make` command that does `target` for the same checkout, docs and day: a hint that works
    as printed, from any folder, with the project's own environment."""
    words = ["make"] if Path.cwd().resolve() == PROJECT else ["make", "-C", str(PROJECT)]
    words.append(target)
    repo = args.repo.resolve()
    if repo != SAMPLE:
        words.append(f"REPO={repo}")
    if args.config:
        words.append(f"CONFIG={args.config.resolve()}")
    docs = (getattr(args, "docs", None) or DOCS).resolve()
    if docs != DOCS:
        words.append(f"DOCS={docs}")
    today = getattr(args, "today", None)
    if target != "validate" and today != (SAMPLE_TODAY if repo == SAMPLE else dt.date.today()):
        words.append(f"TODAY={today}")
    return " ".join(words)


def _warnings(model: Model, args: argparse.Namespace) -> int:
    """`build` and `check` count the warnings reading found, so their output stays readable;
    `validate` prints them, with the checks across releases, which these two leave to it (they
    cost as much as a tenth of a build of 2,000 releases)."""
    count = sum(f.severity != ERROR for f in model.findings)
    if count:
        print(f"{count} warnings: run `{make_hint('validate', args)}` to read them, with the checks across "
              "releases", file=sys.stderr)
    return count


def _site(args: argparse.Namespace) -> Site:
    """The target site; the Docusaurus one where the config file says its paths are."""
    if args.target != "docusaurus":
        return SITES[args.target]
    config = read_config(Root(args.repo), args.config)
    return docusaurus(**dict(config.docusaurus))


def _docs(args: argparse.Namespace) -> Path:
    """`--docs`, else the target's own: docs/ for MkDocs, the proof site's docs for Docusaurus."""
    return args.docs or (DOCUSAURUS_DOCS if args.target == "docusaurus" else DOCS)


def _pages(args: argparse.Namespace, model: Model) -> tuple[Iterator[tuple[str, str]], Path, str]:
    site = _site(args)
    return render(model, site, read_curated(), args.today), _docs(args) / site.folder, site.marker


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    model = load_model(args)
    if _errors_stop(model):
        return 1
    found = _warnings(model, args)
    pages, folder, marker = _pages(args, model)
    with Transaction(folder) as transaction:
        change = plan(pages, folder, marker, stage=transaction)
        transaction.commit(change.remove)
    if not args.quiet:
        print(f"{len(model.releases)} releases read; {len(change.changed)} pages written, "
              f"{len(change.unchanged)} unchanged, {len(change.remove)} removed; "
              f"{found} findings; {time.perf_counter() - started:.2f} s")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    model = load_model(args)
    if _errors_stop(model):
        return 1
    _warnings(model, args)
    pages, folder, marker = _pages(args, model)
    change = plan(pages, folder, marker, diff=True)
    for d in change.diffs:
        sys.stdout.write(d if d.endswith("\n") else d + "\n")
    if not change.current:
        stale = len(change.changed) + len(change.remove)
        total = len(change.changed) + len(change.unchanged)
        print(f"{stale} of {total} pages are stale: run `{make_hint('docs', args)}`", file=sys.stderr)
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    found = validate(load_model(args), strict=args.strict)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in found], indent=2))
    else:
        for f in found:
            print(f)
    return 1 if has_errors(found) else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export_json

    text = export_json(load_model(args))
    if args.output:
        write_file(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _release(model: Model, version: str) -> Release:
    """A release by version; an unknown one is an error (exit 2) that names the catalog."""
    release = model.by_version.get(version)
    if release is None:
        raise InputError(model.catalog_path, f"no release {version!r} in the catalog")
    return release


def cmd_diff(args: argparse.Namespace) -> int:
    model = load_model(args)
    old, new = _release(model, args.old), _release(model, args.new)
    sys.stdout.write(diff_json(old, new) if args.format == "json" else render_diff(old, new))
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    model = load_model(args)
    sys.stdout.write(render_notes(model, _release(model, args.version), read_curated(), args.today))
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from .sitecheck import check_site

    if not args.site.is_dir():
        raise InputError(str(args.site), "no built site here: run `mkdocs build` first")
    problems = check_site(args.site)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Astro Runtime reference pages from an astro-runtime checkout.")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(run: Callable[[argparse.Namespace], int], help: str, today: str = "") -> argparse.ArgumentParser:
        """A subcommand reading a checkout; `today` names what the `--today` option decides, if it has one."""
        name = run.__name__.removeprefix("cmd_")
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(run=run)
        if today:
            p.add_argument("--today", type=_day, default=dt.date.today(), metavar="YYYY-MM-DD",
                           help=f"the day {today} computed for (default: today)")
        p.add_argument("--repo", type=Path, default=_shown(SAMPLE),
                       help="astro-runtime checkout (default: the embedded sample in data/)")
        p.add_argument("--config", type=Path, help="layout config (default: runtime-docs.yaml in the checkout)")
        return p

    statuses = "lifecycle statuses are"
    b = command(cmd_build, "write the reference pages (only those whose content changed)", today=statuses)
    b.add_argument("--quiet", action="store_true", help="print nothing but findings and errors")
    c = command(cmd_check, "exit 1 with a diff if any page is stale or missing; writes nothing", today=statuses)
    for p in (b, c):
        p.add_argument("--docs", type=Path, help="docs source folder (default: docs/; for --target docusaurus, "
                                                 "sites/docusaurus/docs: the folder that holds astro/)")
        p.add_argument("--target", choices=sorted(SITES), default="mkdocs", help="the site the pages are for")
    n = command(cmd_notes, "print the Markdown a release note needs for one release",
                today="maintenance warnings are")
    n.add_argument("version", help="runtime version, e.g. 3.1-3")
    d = command(cmd_diff, "print the package changes between two releases, per image")
    d.add_argument("old", metavar="FROM", help="runtime version, e.g. 3.1-2")
    d.add_argument("new", metavar="TO", help="runtime version, e.g. 3.1-3")
    d.add_argument("--format", choices=("markdown", "json"), default="markdown")
    v = command(cmd_validate, "report disagreements between sources and suspicious data")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.add_argument("--format", choices=("text", "json"), default="text")
    e = command(cmd_export, "write the model as JSON (schema 1)")
    e.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    links = sub.add_parser("links", help="check the internal links and anchors of a built site (no network)",
                           description="check the internal links and anchors of a built site (no network)")
    links.set_defaults(run=cmd_links)
    links.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except InputError as exc:
        print(f"{exc.path}{':' + str(exc.line) if exc.line else ''}: error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:  # a reader or the writer missed one: still one line, never a traceback
        print(f"{exc.filename or ''}: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
