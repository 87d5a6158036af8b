"""``gover matrix`` (run a command under several Go versions) and ``gover ci matrix``."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

from gover.cli.context import Ctx
from gover.cli.render import count_type, table
from gover.wording import count

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import TextIO

    from gover.cli.colour import Style
    from gover.matrix.module import GoLine
    from gover.matrix.runner import Job, Result, Stop
    from gover.toolchain.releaseindex import ReleaseIndex
    from gover.toolchain.sources.base import SourceContext
    from gover.toolchain.store import Store

MATRIX_DESCRIPTION = """\
Run CMD in the current directory once per Go version, in parallel.  Each run gets
that version's GOROOT/bin first on PATH, GOROOT set to it, GOTOOLCHAIN=local (so
go cannot switch to another toolchain and report a green run for the wrong Go),
GOVER_VERSION and GOVER_MATRIX_VERSION set to the version, and no stdin.

Versions (combine freely; with none, --from-go-mod applies inside a module):
  --versions LIST   specs such as 1.21.13,1.22,latest: the newest installed match
  --supported       the two newest Go minors, newest patch of each, from the
                    release index (the installed versions if it cannot be reached)
  --from-go-mod     every installed minor from the module's go line up (go.work
                    if there is one), newest installed patch of each

Output of each run goes to its own log, by default
$GOVER_HOME/matrix/<time>-<pid>/<version>.log (the 20 newest runs are kept).
On a terminal progress is shown live; then a summary table and, for each
failure, the end of its output.  The build cache is shared on purpose: its keys
include the toolchain.  Commands that write into the source tree (go build
without -o, go mod tidy) race with each other; prefer go vet, go test, or
go build -o /dev/null.

Exit status: 0 when every version passed, 1 otherwise, 130 after Ctrl-C (every
child process group is stopped: SIGTERM, then SIGKILL after 2 s)."""

MATRIX_EPILOG = """\
examples:
  gover matrix -- go test ./...                  every installed minor the go line allows
  gover matrix --versions 1.21,1.22,1.23 -- go vet ./...
  gover matrix --supported --install -j 2 -- go test -race ./...
  gover matrix --from-go-mod --fail-fast --junit matrix.xml -- go test ./...
  gover matrix --versions 1.22.10 --json -- go version | jq '.results[].output'
  gover matrix --supported --dry-run             show the versions, run nothing
"""

CI_EPILOG = """\
examples:
  gover ci matrix                        {"go": ["1.21.x", "1.24.x", "1.25.x"]}
  gover ci matrix --format gitlab        a parallel:matrix: block for .gitlab-ci.yml
  gover ci matrix --format json path/to/module

GitHub Actions (matrix from a previous job's output):
  - id: m
    run: echo "matrix=$(gover ci matrix)" >> "$GITHUB_OUTPUT"
  ...
  strategy:
    matrix: ${{ fromJSON(needs.versions.outputs.matrix) }}
  steps:
    - uses: actions/setup-go@v5
      with: {go-version: "${{ matrix.go }}"}
"""


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("matrix", formatter_class=fmt, help="run a command under several Go versions",
                       description=MATRIX_DESCRIPTION, epilog=MATRIX_EPILOG)
    p.add_argument("--versions", action="append", default=[], metavar="LIST",
                   help="comma-separated version specs (repeatable)")
    p.add_argument("--supported", action="store_true", help="the two newest Go minors")
    p.add_argument("--refresh", action="store_true", help="with --supported: fetch the release "
                   "index even if it was cached within GOVER_REMOTE_TTL seconds (default 3600)")
    p.add_argument("--from-go-mod", action="store_true", help="installed minors from the go line up")
    p.add_argument("--install", action="store_true", help="install the versions that are missing")
    p.add_argument("-j", "--jobs", type=count_type("job count"), metavar="N",
                   help="run at most N at once (default: number of CPUs)")
    p.add_argument("--fail-fast", action="store_true",
                   help="on the first failure, stop the running versions and skip the rest")
    p.add_argument("--log-dir", type=Path, metavar="DIR", help="write <version>.log files here instead")
    p.add_argument("--json", action="store_true", help="print the results as JSON (see docs/json.md)")
    p.add_argument("--junit", type=Path, metavar="FILE", help="also write a JUnit XML report")
    p.add_argument("--dry-run", action="store_true", help="print the chosen versions; run nothing")
    p.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- CMD ...",
                   help="the command to run under each version")
    p.set_defaults(func=cmd_matrix)

    ci = sub.add_parser("ci", formatter_class=fmt, help="CI helpers (matrix)",
                        epilog="examples:\n  gover ci matrix --format github\n")
    cs = ci.add_subparsers(dest="ci_command", metavar="COMMAND", title="commands", required=True)
    m = cs.add_parser(
        "matrix", formatter_class=fmt, help="the Go versions CI should test, as a CI matrix",
        description="Print the Go versions a module should be tested on: the minor of its go line\n"
        "(go.work if there is one; below a monorepo root, the lowest go line of its\n"
        "modules) and the two newest Go minors, as minors that follow patch releases.\n\n"
        "  github  one line of JSON, {\"go\": [\"1.21.x\", ...]}: for fromJSON, or to\n"
        "          paste after matrix: (JSON is YAML); use ${{ matrix.go }} with setup-go\n"
        "  gitlab  a parallel: matrix: block setting GO_VERSION (golang:${GO_VERSION})\n"
        "  json    minors, the newest known patch of each and why each was chosen\n\n"
        "The newest releases come from the release index; when it cannot be reached,\n"
        "from the installed versions (said on stderr).",
        epilog=CI_EPILOG)
    m.add_argument("--format", choices=("github", "gitlab", "json"), default="github",
                   help="default: github")
    m.add_argument("--json", action="store_const", dest="format", const="json",
                   help="the same as --format json")
    m.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                   help="the module (default: the current directory)")
    m.add_argument("--refresh", action="store_true", help="fetch the release index even if it was "
                   "cached within GOVER_REMOTE_TTL seconds (default 3600)")
    m.set_defaults(func=cmd_ci_matrix)




# --- gover matrix -------------------------------------------------------------------

def cmd_matrix(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.matrix import logs, report, runner
    from gover.matrix.jobs import make_jobs
    from gover.toolchain.store import Store

    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd and not args.dry_run:
        raise UsageError("no command to run: gover matrix [options] -- CMD ...")
    cwd = ctx.cwd
    store = Store(ctx.paths)
    names = _choose(args, ctx, store, cwd)
    if args.dry_run:
        return 0

    run_dir = args.log_dir.resolve() if args.log_dir else logs.new_run_dir(ctx.paths)
    shown = shlex.join(cmd)
    jobs = make_jobs(names, cmd, cwd, ctx.env, store, run_dir)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from gover.fsutil import store_error

        raise store_error(e, run_dir) from e
    if not args.log_dir:
        logs.prune(ctx.paths)

    parallel = args.jobs or min(len(jobs), os.cpu_count() or 1)
    ctx.info(f"Running `{shown}` under {', '.join(names)} ({parallel} at a time); logs in {run_dir}")
    listener = _Progress(ctx.stderr, ctx.err_style) if ctx.interactive else None
    stop = runner.Stop()
    with _signals_to(stop):
        outcome = runner.run(jobs, parallel=parallel, fail_fast=args.fail_fast, stop=stop,
                             listener=listener)
    if listener:
        listener.clear()

    if args.junit:
        from gover.fsutil import write_atomic

        xml = report.junit(outcome.results, shown, stopped_by=outcome.stopped_by)
        write_atomic(args.junit.resolve(), xml)
    if args.json:
        ctx.json(outcome.to_json())
    else:
        _print_summary(ctx, outcome.results)
    if outcome.signum is not None:
        running = sum(r.status == "cancelled" for r in outcome.results)
        print(f"gover: interrupted; stopped {count(running, 'running command')}", file=ctx.stderr)
        return 128 + outcome.signum
    if outcome.stopped_by == "fail-fast":
        ctx.info("Stopped early (--fail-fast)")
    return 0 if all(r.passed for r in outcome.results) else 1


def _choose(args: argparse.Namespace, ctx: Ctx, store: Store, cwd: Path) -> list[str]:
    from gover.errors import ConfigError
    from gover.matrix import module, pick

    specs = pick.split_specs(args.versions)
    needs_go_line = args.from_go_mod or not (specs or args.supported)
    go_line: GoLine | None = None
    try:
        go_line = module.find_go_line(cwd, ctx.env)
    except ConfigError:
        if needs_go_line:
            raise  # otherwise go itself reports the broken file in each run
    sources: list[SourceContext] = []

    def sctx() -> SourceContext:  # built only when the network is needed
        if not sources:
            sources.append(ctx.source_context(report=not args.json))
        return sources[0]

    installed = store.names()

    def remote() -> ReleaseIndex:
        import time

        from gover.toolchain.releaseindex import known_releases

        index = known_releases(sctx(), time.time(), installed=installed, refresh=args.refresh)
        if index.cached and not index.stale_reason:  # stderr, even when the plan then fails
            ctx.info(f"note: {index.cache_note()}")
        return index

    p = pick.plan(installed=installed, specs=specs, want_supported=args.supported,
                  from_go_mod=args.from_go_mod, go_line=go_line, install=args.install, remote=remote)
    for note in p.notes:
        ctx.info(f"note: {note}")
    for spec, why in p.install.items():
        if args.dry_run:
            ctx.out(f"would install {spec} ({', '.join(why)})")
            continue
        from gover.toolchain import install

        res = install.install(spec, sctx())
        if res.status == "installed":
            ctx.info(f"Installed {res.name} from {res.source}")
        for w in why:
            p.add_run(res.name, w)
    names = p.names()
    if args.dry_run:
        for n in names:
            ctx.out(f"{n}  ({', '.join(dict.fromkeys(p.run[n]))})")
    return names


def _print_summary(ctx: Ctx, results: list[Result]) -> None:
    from gover.matrix.report import failure_tail

    for r in results:
        if r.status == "failed":
            ctx.out(f"--- {r.name}: exit status {r.exit_code} (end of its output; all of it in {r.log})")
            ctx.out(failure_tail(r))
            ctx.out()
    rows = [[r.name, "FAILED" if r.status == "failed" else r.status,
             "-" if r.exit_code is None else str(r.exit_code),
             f"{r.duration_s:.1f}s" if r.status != "skipped" else "-",
             str(r.log) if r.log else "-"] for r in results]
    ctx.out(table(rows, ["VERSION", "RESULT", "EXIT", "DURATION", "LOG"]))


@contextlib.contextmanager
def _signals_to(stop: Stop) -> Iterator[None]:
    """While the matrix runs, SIGINT/SIGTERM/SIGHUP only ask the runner to stop: it then
    stops every child group itself (they are in their own sessions, so a terminal's
    Ctrl-C or hang-up reaches gover alone)."""
    def handler(signum: int, frame: object) -> None:
        stop.request(signum)

    saved: dict[signal.Signals, object] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            saved[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: nothing can be installed
        pass
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


class _Progress:
    """A live status line on a terminal, and one line per finished version."""

    def __init__(self, stream: TextIO, style: Style) -> None:
        self.style = style
        self.stream = stream
        self.last = ""

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()

    def started(self, job: Job) -> None:
        pass

    def finished(self, r: Result) -> None:
        mark = self.style.mark(r.status == "passed") if r.status in ("passed", "failed") else "-"
        what = f"exit status {r.exit_code}" if r.status == "failed" else r.status
        self.clear()
        self.last = ""
        self.stream.write(f"  {mark} {r.name:<12} {what:<16} {r.duration_s:6.1f}s\n")
        self.stream.flush()

    def tick(self, running: list[tuple[str, float]], done: int, total: int) -> None:
        width = shutil.get_terminal_size().columns - 1
        line = f"  [{done}/{total}] running " + ", ".join(f"{n} {t:.0f}s" for n, t in running)
        if line != self.last:
            self.last = line
            self.stream.write("\r\x1b[K" + line[:width])
            self.stream.flush()


# --- gover ci matrix ------------------------------------------------------------------

def cmd_ci_matrix(args: argparse.Namespace, ctx: Ctx) -> int:
    import time

    from gover.errors import ConfigError
    from gover.matrix import ci, module
    from gover.toolchain.releaseindex import known_releases
    from gover.toolchain.store import Store

    d = ctx.directory(args.dir)
    if not d.is_dir():
        raise ConfigError(f"{args.dir}: not a directory")
    go_line = module.find_go_line(d, ctx.env) or module.lowest_below(d)
    if go_line is None:
        raise ConfigError(f"no go.mod or go.work in {d}, its parents or below it")
    index = known_releases(ctx.source_context(report=False), time.time(),
                           installed=Store(ctx.paths).names(), refresh=args.refresh)
    unknown = ""
    if index.from_installed:
        unknown = f"{index.unreachable}; and no Go release is installed"
        if index.releases:
            ctx.info(f"gover: {index.unreachable}; using the installed versions")
    elif index.cached:
        ctx.info(f"gover: {index.cache_note()}")  # stderr: stdout is the matrix alone
    ctx.out(ci.render(args.format, ci.ci_versions(go_line, index.releases, unknown=unknown), go_line,
                      index.source, cached_age=index.age if index.cached else None))
    return 0
