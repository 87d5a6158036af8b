"""What every ``gover check`` category shares: the finding, the loaded modules, and the
checker that holds the options (which Go runs, may it run, offline) and collects findings.

A finding names the file and line it is anchored in, and ``related``: the other files
whose content makes it true (the go.mod a ``.go-version`` is too old for, the go.sum an
import needs).  The git hook reports a finding when any of them is staged.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gover.golang import versions
from gover.gomod.gosum import GoSum
from gover.gomod.modfile import ModFile
from gover.gomod.workfile import WorkFile
from gover.project.repo import Repo
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from gover.paths import Paths
    from gover.resolve.which import SelectedGo

SEVERITIES = ("error", "warning", "info")


@record(frozen=True)
class Finding:
    code: str
    severity: str  # "error", "warning" or "info"
    file: str  # relative to the repository root
    line: int  # 0 when not tied to a line
    message: str
    hint: str = ""
    related: tuple[str, ...] = ()  # other files (repository-relative) the finding depends on
    quote: str = ""  # what Go prints for this problem, as the release in ``go`` prints it
    go: str = ""  # that release ("1.22.10"), or "" when no Go was found to ask

    def involves(self, files: set[str]) -> bool:
        return self.file in files or any(f in files for f in self.related)

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
                "message": self.message, "hint": self.hint, "related": list(self.related),
                "quote": self.quote, "go": self.go}


@record
class Module:
    dir: Path
    mod: ModFile | None
    sum: GoSum | None = None
    # (path, version) -> hashes, built once: a 50 MB go.sum must not be scanned per lookup
    sums: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _by_path: dict[str, set[str]] | None = None

    def versions_of(self, path: str) -> set[str]:
        """The versions of ``path`` go.sum mentions (``/go.mod`` entries included)."""
        if self._by_path is None:
            self._by_path = {}
            for q, v in self.sums:
                self._by_path.setdefault(q, set()).add(v.removesuffix("/go.mod"))
        return self._by_path.get(path, set())


@record
class Options:
    go_version: str | None = None  # --go: the oldest Go that must parse the files
    skip: set[str] = field(default_factory=set)
    env: Mapping[str, str] = field(default_factory=dict)
    paths: Paths | None = None  # None: no gover store, the first go on PATH runs
    run_go: bool = False  # checks that run go (tidy) are off unless asked for
    offline: bool = False  # run go with GOPROXY=off: only the module cache is used
    # What the run's resolutions read (resolve's ``reads``): doctor passes its own.
    reads: dict[object, object] = field(default_factory=dict)


class Checker:
    def __init__(self, repo: Repo, opts: Options) -> None:
        self.repo, self.opts = repo, opts
        self.skip = opts.skip
        self.findings: list[Finding] = []
        self.modules: list[Module] = []
        self.work: WorkFile | None = None
        self.work_path: Path | None = None  # the go.work that applies: in the repository, $GOWORK or above
        self._selected: dict[Path, SelectedGo | None] = {}
        self._real: dict[Path, Path] = {}
        self.memo: dict[object, object] = {}  # a category's per-run answers, by its own keys

    def real(self, p: Path) -> Path:
        """``p.resolve()``, once a run for each path: the checks ask for the same directories
        over and over (realpath stats every component)."""
        r = self._real.get(p)
        if r is None:
            r = self._real[p] = p.resolve()
        return r

    @property
    def good(self) -> list[Module]:
        return [m for m in self.modules if m.mod is not None]

    def rel(self, p: Path) -> str:
        try:
            return str(p.relative_to(self.repo.root))
        except ValueError:
            return str(p)

    def rel_dir(self, p: Path) -> str:
        return self.rel(p) or "."

    def add(self, code: str, sev: str, file: Path, line: int, msg: str, hint: str = "", *,
            related: tuple[Path, ...] = (), quote: str = "", go: str = "") -> None:
        if code in self.skip:
            return
        rel = tuple(dict.fromkeys(r for r in (self.rel(p) for p in related) if r != self.rel(file)))
        self.findings.append(Finding(code, sev, self.rel(file), line, msg, hint, rel, quote, go))

    def selected(self, directory: Path) -> SelectedGo | None:
        """The Go that runs in ``directory`` (gover's choice, else PATH's go), or None."""
        if directory not in self._selected:
            from gover.resolve.which import which_go

            sel = None
            if self.opts.paths is not None:
                try:
                    # One read of each file for every module: nothing installs during a check.
                    sel = which_go(directory, self.opts.env, self.opts.paths, self.opts.reads)
                except Exception:  # noqa: BLE001 - a broken setup must not stop the file checks
                    sel = None
            self._selected[directory] = sel if sel is not None and sel.gobin else None
        return self._selected[directory]

    def release(self, directory: Path) -> str:
        """The release whose messages to quote ("" when unknown: the newest wording)."""
        sel = self.selected(directory)
        return sel.version if sel is not None else ""


def at_least(release: str, v: str) -> bool:
    """Whether ``release`` is ``v`` or newer; an unknown release counts as the newest."""
    return not release or versions.compare(release, v) >= 0


def go_of(m: Module) -> str:
    assert m.mod is not None
    return m.mod.go or "1.16"  # Go assumes 1.16 for a go.mod without a go line


def uses_vendor(m: Module, env: Mapping[str, str], in_workspace: bool) -> bool:
    """Whether go builds this module from vendor/ (then go.sum is not consulted)."""
    if m.mod is None or in_workspace or not (m.dir / "vendor" / "modules.txt").is_file():
        return False
    flags = env.get("GOFLAGS", "").split()
    if any(f in ("-mod=mod", "-mod=readonly") for f in flags):
        return False
    return "-mod=vendor" in flags or versions.compare(go_of(m), "1.14") >= 0
