"""What resolution returns (Resolution, its trace of Steps) and the bookkeeping the
walk shares between its parts (Tracer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from gover.errors import ConfigError, GoverError, NotInstalledError
from gover.paths import Paths
from gover.record import record
from gover.resolve.select import BadValue, Pick, pick_spec
from gover.toolchain.store import Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


@record(frozen=True)
class Step:
    """One source consulted: what it said and why it did or did not apply."""

    source: str  # GOTOOLCHAIN, GOVER_VERSION, .go-version, .tool-versions, directory, global,
    #              system, go.work, go.mod, GOWORK, GO111MODULE, command line
    path: str = ""  # the file or directory ("" for variables)
    line: int = 0
    value: str = ""
    applied: bool = False
    reason: str = ""

    @property
    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or self.source

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "path": self.path or None, "line": self.line or None,
                "value": self.value or None, "applied": self.applied, "reason": self.reason}


@record(frozen=True)
class Resolution:
    """The Go that runs in a directory, and why.

    ``version``  the toolchain that runs: "go1.22.10", "system", or "" when ``error`` is set.
    ``origin``   the step that decided (or failed).
    ``goroot``   what the shims set GOROOT to (None for system).
    ``trace``    every step consulted, in order (``gover current --explain``).
    ``error``    why nothing can run (a pin that is not installed, a go line nothing
                 installed satisfies, an invalid GOTOOLCHAIN …).
    ``install``  when ``error`` is a missing version: the argument ``gover install`` takes.
    ``default``  the directory's default before GOTOOLCHAIN and go.mod/go.work apply
                 (GOVER_VERSION, a .go-version/.tool-versions pin, ``gover global``, else
                 "system"); "" when it was not needed (GOTOOLCHAIN=goX.Y.Z) or failed.
    ``gotoolchain`` the GOTOOLCHAIN value applied ("auto" when no layer sets it).
    ``note``     set when the release that runs is not the one asked for: a toolchain
                 line (or GOTOOLCHAIN=goX.Y.Z) naming a release that is not installed
                 (another installed release runs instead), or GOTOOLCHAIN=local with a
                 default older than go.mod (go will refuse the module).
    ``preferred`` with a substitution note: the release asked for, as ``gover install``
                 takes it ("1.25.11"); GOVER_AUTO_INSTALL=1 installs it.
    """

    version: str
    origin: Step | None
    goroot: Path | None
    trace: tuple[Step, ...] = ()
    error: GoverError | None = None
    install: str = ""
    default: str = ""
    gotoolchain: str = ""
    note: str = ""
    preferred: str = ""

    def to_json(self) -> dict[str, Any]:
        err = None if self.error is None else {"message": self.error.message, "hint": self.error.hint}
        return {"version": self.version or None,
                "origin": self.origin.to_json() if self.origin else None,
                "goroot": str(self.goroot) if self.goroot else None,
                "default": self.default or None, "gotoolchain": self.gotoolchain or None,
                "note": self.note or None, "preferred": self.preferred or None,
                "error": err, "trace": [s.to_json() for s in self.trace]}


class Failed(Exception):
    def __init__(self, step: Step, error: GoverError, install: str = "") -> None:
        super().__init__(error.message)
        self.step, self.error, self.install = step, error, install


def read_once(reads: dict[object, object], key: tuple[str, str], fn: Callable[[str], T]) -> T:
    """``fn(key[1])``, once per ``reads``; an exception is raised again each time."""
    if key not in reads:
        reads[key] = fn(key[1])
    return reads[key]  # type: ignore[return-value]


class Tracer:
    """The trace being built, the installed set, and the ways a step ends."""

    def __init__(self, cwd: str, env: Mapping[str, str], paths: Paths,
                 reads: dict[object, object] | None = None) -> None:
        self.cwd, self.env, self.paths = cwd, env, paths
        self.trace: list[Step] = []
        # What this walk read, shared by the walks of one run that asks for many directories
        # (gover check: every module); a caller passes it only while nothing installs.
        self.reads: dict[object, object] = {} if reads is None else reads
        self._installed: list[str] | None = None

    def read(self, key: tuple[str, str], fn: Callable[[str], T]) -> T:
        return read_once(self.reads, key, fn)

    @property
    def installed(self) -> list[str]:
        if self._installed is None:
            self._installed = self.read(("installed", str(self.paths.versions)),
                                        lambda _: Store(self.paths).names())
        return self._installed

    def note(self, step: Step) -> None:
        self.trace.append(step)

    def applied(self, step: Step, why: str) -> Step:
        s = Step(step.source, step.path, step.line, step.value, True, why)
        self.trace.append(s)
        return s

    def fail(self, step: Step, error: GoverError, install: str = "") -> Failed:
        step = Step(step.source, step.path, step.line, step.value, False, error.message)
        self.trace.append(step)
        return Failed(step, error, install)

    def bad(self, step: Step, message: str) -> Failed:
        return self.fail(step, ConfigError(f"{step.where}: {message}"))

    def missing(self, step: Step, pick: Pick) -> Failed:
        return self.fail(step, NotInstalledError(f"{pick.missing} (set by {step.where})",
                                                 hint=f"run: gover install {pick.install}"), pick.install)

    def spec(self, step: Step, value: str) -> Pick:
        """A spec's pick; raises Failed when it is invalid or matches nothing installed."""
        try:
            pick = pick_spec(value, self.installed)
        except BadValue as e:
            raise self.bad(step, str(e)) from None
        if not pick.name:
            raise self.missing(step, pick)
        return pick
