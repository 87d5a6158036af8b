"""Writing the pins resolution reads: ``.go-version``, the golang line of
``.tool-versions`` and the global default (``gover local``, ``gover global``), and
checking first that a spec names a release that exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gover.fsutil import write_atomic
from gover.record import record
from gover.resolve.files import tool_versions_text

WRITTEN, REMOVED, UP_TO_DATE, ABSENT = "written", "removed", "up-to-date", "absent"


@record(frozen=True)
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
        if new is not None and _reads(path) == new.encode():
            return PinChange(path, UP_TO_DATE, dry_run)
    if not new:
        if not path.exists():
            return PinChange(path, ABSENT, dry_run)
        if not dry_run:
            path.unlink()
        return PinChange(path, REMOVED, dry_run)
    if not dry_run:
        write_atomic(path, new)
    return PinChange(path, WRITTEN, dry_run)


def _reads(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


# --- is a spec worth pinning? (gover local / global / shell / use) --------------------------

@record(frozen=True)
class SpecCheck:
    """A spec that names something: installed here (``installed``) or, if not, known to
    the release sources (``known``, from ``source``); "system" names the system go."""

    value: str
    installed: str = ""
    known: str = ""
    source: str = ""


def check_pin(value: str, installed: list[str],
              releases: Callable[[bool], tuple[str, list[str]]]) -> SpecCheck:
    """``value`` if it names an installed or installable release.

    ``releases(unstable)`` lists the releases the sources know (with prereleases when
    ``unstable``) and may raise NetworkError.  Raises UsageError for what is not a spec,
    NotFoundError naming the nearest releases when nothing matches, NetworkError when it
    cannot be told."""
    from gover.errors import NetworkError, NotFoundError, UsageError
    from gover.golang import versions
    from gover.resolve.select import BadValue, pick_spec

    try:
        pick = pick_spec(value, installed)
    except BadValue as e:
        raise UsageError(str(e)) from None
    if pick.name:
        return SpecCheck(value, installed=pick.name)
    spec = versions.parse_spec(value)
    unstable = spec.kind == "exact" and not versions.is_stable(spec.version)
    try:
        source, known = releases(unstable)
    except NetworkError as e:
        raise NetworkError(f'"{value}" matches no installed Go, and the release sources cannot say '
                           f"whether it is a Go release: {e.message}",
                           hint="pin it anyway with --force, or install it first with --install") from None
    match = spec.select(known)
    if match:
        return SpecCheck(value, known=match, source=source)
    near = versions.nearest(spec.version or "latest", [*known, *installed])
    listed = f" (nearest: {', '.join(near)})" if near else ""
    raise NotFoundError(f'no Go release matches "{value}"{listed}',
                        hint="pick one of those, or pin it anyway with --force")
