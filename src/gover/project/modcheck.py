"""Drift and safety checks over every module file of a repository (``gover mod check``,
``gover check``).  Each problem is a Finding naming a file and line; errors make
``gover check`` fail, warnings are advice, info findings are context.

Categories (each its own module under ``gover.project.checks``, registered in
``CATEGORIES`` below): ``parse`` (here: a file Go rejects, with Go's message as the
release that runs prints it), golines (``work-go``, ``pin``, ``go-drift``,
``toolchain-drift``), deps (``dep-drift``, ``pseudo``), replaces (``local-replace``),
vendor, sums (``gosum``), workspace, tidy (runs go; only with ``Options.run_go``), and
pins (CI, image, mise and Makefile pins against the go/toolchain lines: project/pins/check.py).
"""

from __future__ import annotations

from pathlib import Path

from gover.gomod.gosum import EMPTY_GOMOD_HASH, GoSum
from gover.gomod.modfile import ModFileError, parse_mod
from gover.gomod.workfile import parse_work
from gover.project.checks import workspace
from gover.project.checks.base import Checker, Finding, Module, Options, at_least
from gover.project.repo import Repo
from gover.record import field, record


@record(frozen=True)
class Category:
    module: str  # defines CODES (the same as here: a unit test compares) and run(c)
    codes: tuple[str, ...]
    runs_go: bool = False

    def run(self, c: Checker) -> None:
        # __import__ with a fromlist returns the submodule: import_module without importlib
        __import__(self.module, fromlist=("run",)).run(c)


# One line per category; the order is the order of the report.  A category is imported
# when it runs, so a check that skips it (doctor asks for three) does not load it.
CATEGORIES = (
    Category("gover.project.checks.golines", ("work-go", "pin", "go-drift", "toolchain-drift")),
    Category("gover.project.checks.deps", ("dep-drift", "pseudo")),
    Category("gover.project.checks.replaces", ("local-replace",)),
    Category("gover.project.checks.vendor", ("vendor",)),
    Category("gover.project.checks.sums", ("gosum",)),
    Category("gover.project.checks.workspace", ("workspace",)),
    Category("gover.project.checks.tidy", ("tidy",), runs_go=True),
    Category("gover.project.pins.check", ("pins",)),
)
ALL_CODES: tuple[str, ...] = ("parse",) + tuple(code for cat in CATEGORIES for code in cat.codes)
GO_CODES = tuple(code for cat in CATEGORIES if cat.runs_go for code in cat.codes)

__all__ = ["ALL_CODES", "CATEGORIES", "Finding", "Options", "Report", "check"]


@record
class Report:
    root: Path
    modules: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    def only_involving(self, files: set[str]) -> None:
        """Keep the findings that are in, or depend on, one of ``files`` (the git hook)."""
        self.findings = [f for f in self.findings if f.involves(files)]

    def to_json(self) -> dict[str, object]:
        return {"root": str(self.root), "modules": self.modules,
                "errors": len(self.errors), "warnings": len(self.warnings), "infos": len(self.infos),
                "findings": [f.to_json() for f in self.findings]}


def check(repo: Repo, *, go_version: str | None = None, skip: set[str] | None = None,
          options: Options | None = None) -> Report:
    opts = options or Options()
    if go_version is not None:
        opts.go_version = go_version
    if skip is not None:
        opts.skip = set(skip)
    c = Checker(repo, opts)
    c.modules = [_load(c, d) for d in repo.modules]
    c.work_path = workspace.applying_work(repo.root, repo.work, opts.env)
    if c.work_path is not None and c.work_path.is_file():
        data = _read(c, c.work_path)
        if data is not None:
            try:
                c.work = parse_work(str(c.work_path), data, go_version=_dialect(c, c.work_path.parent))
            except ModFileError as e:
                _parse_errors(c, e, c.work_path)
    for cat in CATEGORIES:
        # A category whose every code is skipped, or that runs go when go may not run, is
        # not even imported.
        if not set(cat.codes) <= c.skip and (opts.run_go or not cat.runs_go):
            cat.run(c)
    return Report(repo.root, [c.rel_dir(d) for d in repo.modules], c.findings)


def _dialect(c: Checker, directory: Path) -> str | None:
    return c.opts.go_version or c.release(directory) or None


def _read(c: Checker, path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as e:
        c.add("parse", "error", path, 0, f"cannot read {c.rel(path)}: {e.strerror or e}")
        return None


def _parse_errors(c: Checker, e: ModFileError, path: Path) -> None:
    release = c.opts.go_version or c.release(path.parent)
    for pe in e.errors:
        line = pe.pos.line if pe.pos else 0
        c.add("parse", "error", Path(pe.filename), line, pe.msg,
              quote=go_parse_message(path, str(pe).removeprefix(pe.filename), release),
              go=release)


def go_parse_message(path: Path, where_msg: str, release: str) -> str:
    """What ``release`` prints, run in the file's directory, for one parse error
    (``where_msg`` is ``":3: invalid …"``).  Observed with go1.19.8 … go1.25.5."""
    if path.name == "go.work":
        if at_least(release, "1.23"):
            return f"go: errors parsing go.work:\ngo.work{where_msg}"
        prefix = "go: " if at_least(release, "1.20") else ""  # go1.19 prints no "go: "
        return f"{prefix}reading go.work: {path}{where_msg}"
    name = "go.mod" if at_least(release, "1.21") else str(path)  # go1.19 names the full path
    return f"go: errors parsing go.mod:\n{name}{where_msg}"


def _load(c: Checker, d: Path) -> Module:
    path = d / "go.mod"
    data = _read(c, path)
    mod = None
    if data is not None:
        try:
            mod = parse_mod(str(path), data, go_version=_dialect(c, d))
        except ModFileError as e:
            _parse_errors(c, e, path)
    m = Module(d, mod)
    sum_path = d / "go.sum"
    if sum_path.is_file():
        raw = _read_sum(c, sum_path)
        if raw is not None:
            m.sum, m.sums = index_gosum(raw, str(sum_path))
            for n, nf in m.sum.malformed:
                c.add("gosum", "error", sum_path, n,
                      f"malformed go.sum:\n{c.rel(sum_path)}:{n}: wrong number of fields {nf}",
                      related=(path,))
    elif sum_path.exists() or sum_path.is_symlink():
        c.add("gosum", "error", sum_path, 0, f"{c.rel(sum_path)} is not a regular file",
              "go reads go.sum as a file: replace it with one (go mod tidy writes it)")
    return m


def index_gosum(data: bytes, name: str) -> tuple[GoSum, dict[tuple[str, str], list[str]]]:
    """go.sum as ``parse_gosum(lax=True)`` reads it, indexed by (path, version); the
    lines themselves are not kept (a 50 MB go.sum has 700,000 of them)."""
    sums: dict[tuple[str, str], list[str]] = {}
    malformed = []
    for n, raw in enumerate(data.decode("utf-8", "replace").split("\n"), start=1):
        f = raw.split()
        if len(f) == 3:
            if f[2] != EMPTY_GOMOD_HASH:
                sums.setdefault((f[0], f[1]), []).append(f[2])
        elif f:
            malformed.append((n, len(f)))
    return GoSum(name, [], malformed), sums


def _read_sum(c: Checker, path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as e:
        c.add("gosum", "error", path, 0, f"cannot read {c.rel(path)}: {e.strerror or e}",
              "go fails the same way on every command that needs a checksum")
        return None
