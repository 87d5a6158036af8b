"""Writing the pins resolution reads: ``.go-version``, the golang line of
``.tool-versions`` and the global default (``gover local``, ``gover global``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gover.fsutil import write_atomic
from gover.resolve.files import tool_versions_text

WRITTEN, REMOVED, UP_TO_DATE, ABSENT = "written", "removed", "up-to-date", "absent"


@dataclass(frozen=True)
class PinChange:
    path: Path
    action: str  # WRITTEN, REMOVED, UP_TO_DATE (the file already says so) or ABSENT (nothing to remove)
    dry_run: bool = False  # then nothing was written: this is what would change


def write_pin(path: Path, value: str | None, *, tool_versions: bool = False,
              dry_run: bool = False) -> PinChange:
    """Pin ``value`` in ``path`` (None: remove the pin), keeping a .tool-versions file's
    other lines; a file left empty is removed.  Returns what changed (or would)."""
    if tool_versions:
        new = tool_versions_text(str(path), value)
        if new is None:
            return PinChange(path, UP_TO_DATE, dry_run)
    else:
        new = None if value is None else value + "\n"
    if not new:
        if not path.exists():
            return PinChange(path, ABSENT, dry_run)
        if not dry_run:
            path.unlink()
        return PinChange(path, REMOVED, dry_run)
    if not dry_run:
        write_atomic(path, new)
    return PinChange(path, WRITTEN, dry_run)
