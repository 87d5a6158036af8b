"""Turning a requested version into an installed one.

The same rules are implemented once more, in ``shell/resolve.sh`` (the shims and
the bash, zsh and fish hooks run it); tests run one table of layouts through both.

- A *spec* (``.go-version``, ``.tool-versions``, ``GOVER_VERSION``, the global
  file): ``system``; ``latest``/``stable`` (the newest installed stable release);
  a series ``1.22``/``1.22.x``/``1`` (the newest installed stable patch of it); or an
  exact version ``1.22.10``/``go1.22.10``/``1.23rc1``.
- A ``go`` line is a minimum: the newest installed patch of its minor that
  satisfies it, else the smallest installed version that satisfies it.
- A ``toolchain`` line pins exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gover.errors import UsageError
from gover.golang import versions
from gover.golang.gostrconv import quote

SPEC_FORMS = "1.22.10, go1.22.10, 1.22, latest or system"


class BadValue(ValueError):
    """A value that is not a version; the caller adds the file and line."""


@dataclass(frozen=True)
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


def pick_minimum(go: str, installed: Sequence[str]) -> Pick:
    """The version for a ``go`` line (``go`` is valid, without prefix)."""
    sat = [c for c in installed if versions.compare(c[2:], go) >= 0]
    same = [c for c in sat if versions.minor_of(c) == versions.minor_of(go)]
    lang = versions.lang(go)
    if same:
        return Pick(versions.newest(same) or "", f"the newest installed go{lang}.x satisfying go >= {go}")
    if sat:
        best = min(sat, key=versions.sort_key)
        return Pick(best, f"no go{lang}.x >= {go} is installed; the smallest installed version above it")
    return Pick("", "", f"no installed Go satisfies go {go}", lang)


def pick_exact(version: str, installed: Sequence[str]) -> Pick:
    for c in installed:
        if versions.compare(c[2:], version) == 0:
            return Pick(c, "pinned exactly")
    return Pick("", "", f"go{version} is not installed", version)


def check_toolchain(value: str) -> str:
    """The version in a ``toolchain`` value, as Go validates it; raises BadValue."""
    v = versions.from_toolchain(value)
    if not v or not (value.startswith("go") or "-go" in value):
        raise BadValue(f'invalid toolchain {quote(value)}: must match format go1.23.0 or default')
    if versions.is_lang(v) and versions.compare(v, "1.21") >= 0:
        raise BadValue(f'invalid toolchain {quote(value)}: go{v} is a language version, '
                       f"not a toolchain version (go{v}.x)")
    return v
