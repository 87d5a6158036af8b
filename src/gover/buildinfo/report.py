"""What ``gover buildinfo`` reports: the binaries read, and with ``--outdated`` the verdict
on each one's Go, each owning its ``--json`` form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gover.buildinfo import outdated
from gover.buildinfo.scan import Entry, scan

if TYPE_CHECKING:
    from gover.toolchain.releaseindex import ReleaseIndex


def _errors_json(errors: list[Entry]) -> list[dict[str, str]]:
    return [{"file": e.file, "error": e.error} for e in errors]


@dataclass(frozen=True)
class ScanReport:
    entries: list[Entry]

    @property
    def failed(self) -> bool:
        """A file named on the command line is missing or not a Go binary (exit status 1)."""
        return any(e.named and not e.ok for e in self.entries)

    @property
    def errors(self) -> list[Entry]:
        """The errors go version -m would print."""
        return [e for e in self.entries if not e.ok and e.report]

    def to_json(self) -> dict[str, Any]:
        return {"binaries": [{"file": e.file, **e.info.to_json()} for e in self.entries if e.info],
                "errors": _errors_json(self.errors)}


def read_binaries(files: list[str], *, verbose: bool = False) -> ScanReport:
    return ScanReport(list(scan(files, verbose=verbose)))


@dataclass(frozen=True)
class OutdatedReport:
    source: str | None  # the release index used, None when it was not
    why_not: str  # why the index was not used ("--offline", the network error)
    installed: list[str]
    supported: list[str]  # minors, newest first ("1.25")
    verdicts: list[outdated.Verdict]
    errors: list[Entry]
    cached_age: float | None = None  # seconds, when the release list came from the cache

    @property
    def needs_action(self) -> bool:
        return any(v.needs_action for v in self.verdicts)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "offline": self.source is None, "remote_error": self.why_not or None,
                "cached": None if self.cached_age is None else {"age_seconds": int(self.cached_age)},
                "installed": self.installed, "supported": ["go" + m for m in self.supported],
                "binaries": [v.to_json() for v in self.verdicts], "errors": _errors_json(self.errors)}


Remote = Callable[[], "ReleaseIndex"]  # gover.toolchain.releaseindex.known_releases


def assess_outdated(report: ScanReport, installed: list[str], remote: Remote | None) -> OutdatedReport:
    """Judge every binary against the releases known from ``remote`` (None: offline; when
    no index answers, the reason is reported), the installed ones and the binaries'."""
    from gover.errors import NetworkError

    source: str | None = None
    names: list[str] = []
    why_not = "--offline"
    age: float | None = None
    if remote is not None:
        try:
            index = remote()
        except NetworkError as e:
            why_not = e.message
        else:
            if index.from_installed:
                why_not = index.unreachable
            else:
                source, names, why_not = index.source, index.releases, ""
                age = index.age if index.cached else None
    bins = [e.info for e in report.entries if e.info is not None]
    known = outdated.known_releases(names, installed, [b.go_version for b in bins])
    supported = outdated.supported_minors(known)
    verdicts = [outdated.assess(e.file, e.info.go_version, known, supported)
                for e in report.entries if e.info is not None]
    return OutdatedReport(source, why_not, installed, supported, verdicts, report.errors, age)
