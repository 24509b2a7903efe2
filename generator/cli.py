"""The command line: `python -m generator build|check|validate|export|diff|notes|fit|links`.

One function per command, each over `load_model(args)`. Exit codes: 0 all
good; 1 the pages are stale or the data has errors (findings); 2 the input
cannot be read or the command line is wrong, said in one line naming the
file. On exit 1 or 2 nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import posixpath
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .errors import ERROR, InputError, printable
from .model import Model, Release
from .output import Checked, Outputs, Transaction, check_paths, make_docs_folder, plan, write_file
from .pages import TARGETS, Target, render
from .pages.compare import diff_json
from .pages.contents import Build
from .pages.render import release_note, render_diff
from .sources import load
from .sources.curated import read_curated
from .sources.hand_pages import read_hand_pages
from .sources.site_config import read_site_config
from .validate import has_errors, validate

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "data" / "sample"  # package data: installed with the generator
# Run from this project's checkout, the defaults are its own sites and its `make` targets; installed
# as a package, there is no project around it: the docs folder is `./docs` and hints name the command.
IN_PROJECT = (PROJECT / "Makefile").is_file() and (PROJECT / "pyproject.toml").is_file()
DOCS = PROJECT / "docs" if IN_PROJECT else Path("docs")
DOCUSAURUS_DOCS = PROJECT / "sites" / "docusaurus" / "docs" if IN_PROJECT else Path("docs")
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
    """The `make` command that does `target` (`docs`, `validate`) for the same checkout, docs and
    day: a hint that works as printed, from any folder, with the project's own environment.
    Installed as a package, with no project around it, the `runtime-docs` command that does it."""
    docusaurus = getattr(args, "target", "") == "docusaurus"
    repo = args.repo.resolve()
    default = DOCUSAURUS_DOCS if docusaurus else DOCS
    docs = (getattr(args, "docs", None) or default).resolve()
    today = getattr(args, "today", None)
    day = target != "validate" and today != (SAMPLE_TODAY if repo == SAMPLE else dt.date.today())
    settings = {"REPO": repo if repo != SAMPLE else None, "CONFIG": args.config and args.config.resolve(),
                "DOCS": docs if target != "validate" and docs != default.resolve() else None,
                "TODAY": today if day else None}
    if not IN_PROJECT:
        words = ["runtime-docs", "build" if target == "docs" else target]
        words += [f"--{k.lower()} {v}" for k, v in settings.items() if v is not None]
        return " ".join(words + (["--target docusaurus"] if docusaurus and target == "docs" else []))
    words = ["make"] if Path.cwd().resolve() == PROJECT else ["make", "-C", str(PROJECT)]
    words.append("docusaurus" if docusaurus and target == "docs" else target)
    return " ".join(words + [f"{k}={v}" for k, v in settings.items() if v is not None])


def _warnings(model: Model, args: argparse.Namespace) -> int:
    """`build` and `check` count the warnings reading found, so their output stays readable;
    `validate` prints them, with the checks across releases, which these two leave to it (they
    cost as much as a tenth of a build of 2,000 releases)."""
    count = sum(f.severity != ERROR for f in model.findings)
    if count:
        print(f"{count} warnings: run `{make_hint('validate', args)}` to read them, with the checks across "
              "releases", file=sys.stderr)
    return count


def _docs(args: argparse.Namespace) -> Path:
    """`--docs`, else the target's own: docs/ for MkDocs, the proof site's docs for Docusaurus."""
    return args.docs or (DOCUSAURUS_DOCS if args.target == "docusaurus" else DOCS)


def _pages(args: argparse.Namespace, model: Model) -> tuple[Iterator[tuple[str, str]], Checked, Target]:
    """The pages, rendered one at a time as they are written, once every path they go to is
    checked: inside the docs folder, each its own, never over a hand-written file unless taken over.
    The target is placed as the docs side says, and knows what its hand-written pages show, read
    before anything is rendered, since links depend on it. A hand-written page that carries the
    marker is refused: an earlier version generated it, and it would go stale unseen."""
    docs = _docs(args)
    settings, where = read_site_config(docs, args.target, TARGETS, args.site_config)
    kind = TARGETS[args.target]
    layout = kind.layout_type.read(settings, where)
    curated = read_curated()
    build = Build(model, curated, args.today)
    placed = kind(layout)
    placed.check(list(placed.pages(build)), where)
    hand = read_hand_pages(docs, placed.hand_written, placed.is_generated)
    for page in hand.values():
        if page.generated:
            raise InputError(_shown(docs / page.path), placed.stale(page.path))
    target = kind(layout, {page.path: page.renders if page.found else None for page in hand.values()},
                  {page.path: page.headings for page in hand.values()})
    pages = list(target.pages(build))
    outputs = Outputs(docs, target.folders, target.is_generated, _taken_over(args), target.owned)
    checked = check_paths([p.path for p in pages], outputs)
    for path in checked.taken_over:
        print(f"{_shown(docs / path)}: taking over this hand-written file (--take-over)", file=sys.stderr)
    return render(model, target, curated, args.today, pages), checked, target


def _hand_page_warnings(target: Target, model: Model, args: argparse.Namespace) -> None:
    """One line for each hand-written page that is missing or lacks a partial it needs, and what
    that cost the links to it: a warning, which changes no exit status."""
    for page, message in target.hand_page_warnings(model):
        print(f"{printable(_shown(_docs(args) / page))}: warning: {message}", file=sys.stderr)


def _taken_over(args: argparse.Namespace) -> frozenset[str]:
    """`--take-over` paths as the outputs name them: from the docs folder, normalised (`./a/b` is `a/b`)."""
    paths = set()
    for given in args.take_over:
        path = posixpath.normpath(given)
        if posixpath.isabs(path) or path.split("/")[0] == "..":
            raise InputError(given, "--take-over takes a path from the docs folder, inside it")
        paths.add(path)
    return frozenset(paths)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    model = load_model(args)
    if _errors_stop(model):
        return 1
    found = _warnings(model, args)
    docs = _docs(args)
    made = make_docs_folder(docs)  # taken away again if the build fails
    try:
        pages, checked, target = _pages(args, model)
        with Transaction(checked) as transaction:
            change = plan(pages, checked, stage=transaction)
            transaction.commit(change.remove)
    except BaseException:
        if made:
            docs.rmdir()
        raise
    _hand_page_warnings(target, model, args)
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
    pages, checked, target = _pages(args, model)
    change = plan(pages, checked, diff=True)
    _hand_page_warnings(target, model, args)
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
    if args.output and str(args.output) != "-":
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
    sys.stdout.write(release_note(model, _release(model, args.version), read_curated(), args.today))
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    """Exit 0 when the chosen release fits (`--runtime`'s, else the newest stable one), 1 when it does not."""
    from functools import partial

    from . import fit
    from .pages.markdown import esc
    from .sources.config import read_config
    from .sources.constraints import environment
    from .sources.files import Root
    from .sources.requirements import read_requirements

    lines = read_requirements(args.requirements)
    model = load_model(args)
    machine = read_config(Root(args.repo), args.config).machine  # the images' CPU, as the pins were read for
    try:
        releases = fit.select(model, args.runtime, args.image)
    except fit.UnknownChoice as exc:
        raise InputError(exc.option, str(exc)) from None
    report = fit.check(releases, lines, partial(environment, machine=machine), args.runtime, args.image)
    formats: dict[str, Callable[[fit.FitReport], str]] = {
        "json": fit.as_json, "markdown": partial(fit.as_markdown, esc=esc), "text": fit.as_text}
    sys.stdout.write(formats[args.format](report))
    return 0 if report.ok else 1


def cmd_links(args: argparse.Namespace) -> int:
    from .sitecheck import BadBaseUrl, NotASite, check_site

    if not args.site.is_dir():
        raise InputError(str(args.site), "no built site here: run `mkdocs build` first")
    try:
        problems = check_site(args.site, args.base_url)
    except NotASite:
        raise InputError(str(args.site), "no HTML page here: not a built site, so nothing to check") from None
    except BadBaseUrl as error:
        raise InputError("--base-url", str(error)) from None
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _prog(argv0: str) -> str:
    """The command as the user typed it, for usage and errors: `runtime-docs` (the installed script, by
    whatever name it has) or `python -m generator`, whose `argv[0]` is the path of this package's
    `__main__.py`; `python -c` (argv[0] `-c`) is shown as the latter too."""
    if argv0 in ("", "-c") or Path(argv0).resolve() == Path(__file__).resolve().with_name("__main__.py"):
        return "python -m generator"
    return Path(argv0).name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_prog(sys.argv[0] if sys.argv else ""),
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
                       help="astro-runtime checkout (default: the embedded sample)")
        p.add_argument("--config", type=Path, help="layout config (default: runtime-docs.yaml in the checkout)")
        return p

    statuses = "lifecycle statuses are"
    b = command(cmd_build, "write the reference pages (only those whose content changed)", today=statuses)
    b.add_argument("--quiet", action="store_true", help="print nothing but findings and errors")
    c = command(cmd_check, "exit 1 with a diff if any page is stale or missing; writes nothing", today=statuses)
    for p in (b, c):
        p.add_argument("--docs", type=Path, help="docs source folder (default: docs/; for --target docusaurus, "
                                                 "sites/docusaurus/docs: the folder that holds astro/)")
        p.add_argument("--target", choices=sorted(TARGETS), default="mkdocs", help="the site the pages are for")
        p.add_argument("--site-config", type=Path, metavar="FILE",
                       help="where the pages go (default: runtime-docs-site.yaml in the docs folder, if any)")
        p.add_argument("--take-over", action="append", default=[], metavar="PATH",
                       help="replace this hand-written file (path from the docs folder) with its generated page; "
                            "once taken over, it carries the marker and is the generator's")
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
    e.add_argument("-o", "--output", type=Path, help="file to write (default, or -: standard output)")
    f = command(cmd_fit, "check a requirements file against each release's pins (exit 1 if the chosen one refuses "
                         "a line)")
    f.description = (
        "List the lines of a requirements file that each release's own pins refuse, and the releases that accept "
        "every line. Checks the runtime's pins against your direct requirements, not a full dependency "
        "resolution: `astro dev upgrade-test` builds the image for that. Markers are evaluated for each image "
        "(Linux, its Python, the checkout's machine); pkg[extra] is checked against pkg's pin; lines of -c "
        "constraint files are checked like requirements; -e, URL and path lines are listed as not checked. "
        "Exit 0 when the chosen release fits (--runtime's, else the newest stable one), 1 when it does not, "
        "2 on bad input.")
    f.add_argument("requirements", type=Path, metavar="REQUIREMENTS", help="requirements file (pip's format; "
                   "-r and -c includes must stay inside its folder)")
    f.add_argument("--runtime", metavar="VERSION", help="check only this release, e.g. 3.1-3")
    f.add_argument("--image", metavar="NAME", help="check only this image (standard, slim, python-3.11, ...)")
    f.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="json: schema 1, documented in generator/fit.py; markdown: a table for a PR comment")
    links = sub.add_parser("links", help="check the internal links and anchors of a built site (no network)",
                           description="check the internal links and anchors of a built site (no network)")
    links.set_defaults(run=cmd_links)
    links.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site/)")
    links.add_argument("--base-url", default="/", metavar="PATH",
                       help="the path the site is served under, as its absolute links start (Docusaurus' baseUrl)")
    return parser


@contextmanager
def _no_full_collections() -> Iterator[None]:
    """The garbage collector's young generations only, while a command runs.

    A command builds one model that lives until it ends (at 2,000 releases, millions of objects)
    and makes little cyclic garbage; each full collection walks all of it, and as the model and
    the pages' shared rows grow the collector makes dozens: a tenth of a build's time there.
    Young cycles are still collected; the threshold is put back for whoever called `main`."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with _no_full_collections():
            result: int = args.run(args)
        return result
    except InputError as exc:
        # One line whatever a path holds: a line break in a folder's name is shown as `\n`.
        print(f"{printable(exc.path)}{':' + str(exc.line) if exc.line else ''}: error: {printable(exc.message)}",
              file=sys.stderr)
        return 2
    except OSError as exc:  # a reader or the writer missed one: still one line, never a traceback
        print(f"{printable(exc.filename or '')}: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
