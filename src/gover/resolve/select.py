"""Turning a requested version into an installed one.

The same rules are implemented once more, in ``shell/pick.sh`` (the shims and
the bash, zsh and fish hooks run it); tests run one table of layouts through both.

- A *spec* (``.go-version``, ``.tool-versions``, ``GOVER_VERSION``, the global
  file): ``system``; ``latest``/``stable`` (the newest installed stable release);
  a series ``1.22``/``1.22.x``/``1`` (the newest installed stable patch of it); or an
  exact version ``1.22.10``/``go1.22.10``/``1.23rc1``.
- A *toolchain request* (a ``toolchain`` line, ``GOTOOLCHAIN=go1.22.3``, what Go's
  own switch asks for): that release if installed, else the newest installed patch
  of its minor that is at least as new — exactly what Go finds on PATH through the
  ``shims/go1.X.Y`` entries rehash writes.
- A ``go`` line is a minimum: the newest installed patch of its minor that
  satisfies it, else the newest patch of the next newer installed minor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gover.errors import UsageError
from gover.golang import versions
from gover.golang.gostrconv import quote
from gover.record import record

SPEC_FORMS = "1.22.10, go1.22.10, 1.22, latest or system"


class BadValue(ValueError):
    """A value that is not a version; the caller adds the file and line."""


@record(frozen=True)
class Pick:
    name: str  # "go1.22.10", "system", or "" when nothing installed fits
    why: str  # how it was chosen, for --explain
    missing: str = ""  # when name == "": the message subject ("go1.22.10 is not installed")
    install: str = ""  # when name == "": the argument for `gover install`


def pick_spec(value: str, installed: Sequence[str]) -> Pick:
    """``installed`` are toolchain names (``go1.22.10``); raises BadValue."""
    if value == "system":
        return Pick("system", "system: the first go on PATH outside gover")
    try:
        spec = versions.parse_spec(value)
    except UsageError:
        raise BadValue(f'invalid version {quote(value)}: expected {SPEC_FORMS}') from None
    chosen = spec.select(installed)
    if spec.kind == "exact":
        name = versions.toolchain_name(spec.version)
        if chosen:
            return Pick(chosen, f"{value} is installed")
        return Pick("", "", f"{name} is not installed", spec.version)
    if spec.kind == "stable":
        if chosen:
            return Pick(chosen, "the newest installed stable release")
        return Pick("", "", "no Go is installed", "latest")
    series = f"go{spec.version}.x"
    if chosen:
        return Pick(chosen, f"the newest installed {series}")
    return Pick("", "", f"no {series} is installed", spec.version)


def _same_minor_at_least(version: str, installed: Iterable[str]) -> str | None:
    minor = versions.minor_of(version)
    return versions.newest(c for c in installed
                           if versions.minor_of(c) == minor and versions.compare(c[2:], version) >= 0)


def pick_exact(version: str, installed: Sequence[str]) -> Pick:
    for c in installed:
        if versions.compare(c[2:], version) == 0:
            return Pick(c, "pinned exactly")
    return Pick("", "", f"go{version} is not installed", version)


def serve_toolchain(version: str, installed: Sequence[str]) -> str:
    """The installed toolchain that serves a request for ``go<version>``, or ""."""
    exact = pick_exact(version, installed).name
    return exact or _same_minor_at_least(version, installed) or ""


def pick_go_line(go: str, installed: Sequence[str]) -> Pick:
    """The version for a ``go`` line that the default does not satisfy (``go`` is valid)."""
    lang = versions.lang(go)
    same = _same_minor_at_least(go, installed)
    if same:
        return Pick(same, f"the newest installed go{lang}.x satisfying go >= {go}")
    minor = versions.minor_of(go)
    newer = [c for c in installed if versions.minor_of(c) > minor and versions.compare(c[2:], go) >= 0]
    if newer:
        nearest_minor = min(versions.minor_of(c) for c in newer)
        best = versions.newest(c for c in newer if versions.minor_of(c) == nearest_minor) or ""
        return Pick(best, f"no go{lang}.x >= {go} is installed; the newest patch of the next newer "
                    "installed minor")
    return Pick("", "", f"no installed Go satisfies go {go}", lang)


# Kept for callers that want the go-line rule on its own (matrix, migrate).
pick_minimum = pick_go_line


def check_toolchain(value: str) -> str:
    """The version in a ``toolchain`` value, as Go validates it; raises BadValue."""
    v = versions.from_toolchain(value)
    if not v or not (value.startswith("go") or "-go" in value):
        raise BadValue(f'invalid toolchain {quote(value)}: must match format go1.23.0 or default')
    if versions.is_lang(v) and versions.compare(v, "1.21") >= 0:
        raise BadValue(f'invalid toolchain {quote(value)}: go{v} is a language version, '
                       f"not a toolchain version (go{v}.x)")
    return v


def switch_name(go: str) -> str:
    """The toolchain Go switches to for a ``go`` line: ``1.22`` → ``go1.22.0`` (from 1.21 on)."""
    if versions.is_lang(go) and versions.compare(go, "1.21") >= 0:
        return f"go{go}.0"
    return f"go{go}"
