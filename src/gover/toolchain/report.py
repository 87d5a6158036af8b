"""The results of ``gover install``/``adopt`` and ``gover uninstall``, as ``--json`` shows them."""

from __future__ import annotations

from pathlib import Path

from gover.record import record
from gover.toolchain.install import InstallResult, uninstall
from gover.toolchain.store import Installed, Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from gover.toolchain.bundle import Entry


@record(frozen=True)
class Installs:
    results: list[InstallResult]

    def to_json(self) -> dict[str, Any]:
        return {"results": [r.to_json() for r in self.results]}


@record(frozen=True)
class Removed:
    dry_run: bool
    removed: list[Installed]

    def to_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run,
                "removed": [{"version": i.name, "path": str(i.path)} for i in self.removed]}


@record(frozen=True)
class BundleContents:
    """``gover bundle list``: what a bundle holds (``verified``: ``gover bundle verify``)."""

    path: Path
    entries: list[Entry]
    created_at: str | None = None
    verified: bool = False

    def to_json(self) -> dict[str, Any]:
        if self.verified:
            return {"bundle": str(self.path.resolve()), "verified": [e.summary() for e in self.entries]}
        return {"bundle": str(self.path.resolve()), "created_at": self.created_at,
                "entries": [e.summary() for e in self.entries]}


def uninstall_all(specs: list[str], store: Store, *, dry_run: bool = False) -> Removed:
    """Each spec names exactly one installed version (see ``install.uninstall``)."""
    return Removed(dry_run, [i for s in specs for i in uninstall(s, store, dry_run=dry_run)])
