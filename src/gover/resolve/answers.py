"""The documents ``gover which``, ``global``, ``local`` and ``prefix`` print with --json
(docs/json.md): small answers, so each is one object rather than a dict built in cli/."""

from __future__ import annotations

from pathlib import Path

from gover.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


SHOWN = "shown"  # no change asked for: the pin as it is (value None: there is none)


@record(frozen=True)
class PinAnswer:
    scope: str  # "global" or "local"
    file: Path
    value: str | None  # the pin after the command (or as it is); None when there is none
    action: str  # SHOWN, or a pin.PinChange action: written, removed, up-to-date, absent
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "file": str(self.file), "value": self.value,
                "action": self.action, "dry_run": self.dry_run}


@record(frozen=True)
class WhichAnswer:
    program: str
    path: str
    version: str  # a toolchain name or "system"
    goroot: str | None  # None for system

    def to_json(self) -> dict[str, Any]:
        return {"program": self.program, "path": self.path, "version": self.version,
                "goroot": self.goroot}


@record(frozen=True)
class PrefixAnswer:
    version: str
    path: Path
    source: str  # "unknown" when the install's metadata is unreadable

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "path": str(self.path), "source": self.source}
