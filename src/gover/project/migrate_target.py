"""Which release a migration names and validates with — one that exists.

Exact pins (``.go-version 1.22.10``, ``golang:1.22.10-alpine``) must name a release, not a
language version: ``go 1.22.0`` is a minimum, and a ``.go-version`` saying 1.22.0 on a
machine that has go1.22.10 makes every ``go`` fail.  The release is the toolchain line in
effect after the migration (Go switches to it), else the release of the go line's minor
the resolver picks for that go line among the installed ones (``resolve.select``), else
the one it would pick among the releases a source offers (installed by the caller
before anything is written).  ``--matrix`` specs are picked the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gover.errors import GoverError, NetworkError, NotFoundError, UsageError
from gover.golang import versions
from gover.resolve import select


@dataclass(frozen=True)
class Release:
    name: str  # "go1.22.10"
    installed: bool
    why: str

    @property
    def version(self) -> str:
        return versions.strip_go(self.name)


class _Remote:
    """The releases a source offers, asked once and only when needed."""

    def __init__(self, lister: Callable[[], Sequence[str]]) -> None:
        self.lister = lister
        self.names: list[str] | None = None
        self.error = ""

    def get(self) -> list[str]:
        if self.names is None:
            try:
                self.names = list(self.lister())
            except NetworkError as e:
                self.names, self.error = [], e.message
        return list(self.names)

    def unavailable(self) -> str:
        return f" (the release list could not be fetched: {self.error})" if self.error else ""


def choose_release(go: str, toolchain: str | None, installed: Sequence[str],
                   remote: Callable[[], Sequence[str]]) -> Release:
    """The release for go line ``go`` with toolchain line ``toolchain`` (None or "default": none)."""
    rem = _Remote(remote)
    if toolchain and toolchain != "default":
        v = versions.from_toolchain(toolchain)
        pick = select.pick_exact(v, installed)
        if pick.name:
            return Release(pick.name, True, f"the toolchain line {toolchain} (installed)")
        if select.pick_exact(v, rem.get()).name:
            return Release(versions.toolchain_name(v), False, f"the toolchain line {toolchain} (to install)")
        raise NotFoundError(f"toolchain {toolchain} is neither installed nor offered by any source"
                            + rem.unavailable(), f"pick another with --toolchain, or: gover install {v}")
    pick = select.pick_minimum(go, installed)
    if pick.name and versions.minor_of(pick.name) == versions.minor_of(go):
        return Release(pick.name, True, pick.why)
    offered = [n for n in rem.get() if versions.is_stable(n)]
    pick = select.pick_minimum(go, offered)
    if pick.name and versions.minor_of(pick.name) == versions.minor_of(go):
        return Release(pick.name, False, pick.why.replace("installed", "available") + " (to install)")
    lang = versions.lang(go)
    raise NotFoundError(f"no Go release satisfies go {go} in go{lang}.x: none is installed and no source "
                        f"offers one{rem.unavailable()}", f"install one first: gover install {lang}")


def choose_spec(spec: str, installed: Sequence[str], remote: Callable[[], Sequence[str]]) -> Release:
    """A ``--matrix`` entry: the newest installed match of the spec, else the newest offered."""
    try:
        pick = select.pick_spec(spec, installed)
    except select.BadValue as e:
        raise UsageError(f"--matrix: {e}") from None
    if pick.name == "system":
        raise UsageError(f"--matrix: {spec!r} is not a release", "give versions like 1.22 or 1.23.9")
    if pick.name:
        return Release(pick.name, True, pick.why)
    rem = _Remote(remote)
    chosen = versions.parse_spec(spec).select(rem.get())
    if chosen:
        return Release(versions.toolchain_name(chosen), False, f"the newest offered match of {spec}")
    raise NotFoundError(f"--matrix {spec}: {pick.missing} and no source offers it{rem.unavailable()}")


def releases(go: str, toolchain: str | None, matrix: Sequence[str], installed: Sequence[str],
             remote: Callable[[], Sequence[str]]) -> list[Release]:
    """The release pins name (first), then the other ``--matrix`` releases, without repeats."""
    for spec in matrix:  # bad input first, before anything is looked up
        try:
            select.pick_spec(spec, [])
        except select.BadValue as e:
            raise UsageError(f"--matrix: {e}") from None
    lister = _cached(remote)
    out = [choose_release(go, toolchain, installed, lister)]
    for spec in matrix:
        r = choose_spec(spec, installed, lister)
        if r.name not in {x.name for x in out}:
            out.append(r)
    return out


def _cached(f: Callable[[], Sequence[str]]) -> Callable[[], Sequence[str]]:
    box: list[Sequence[str]] = []
    err: list[GoverError] = []

    def get() -> Sequence[str]:
        if err:
            raise err[0]
        if not box:
            try:
                box.append(f())
            except NetworkError as e:
                err.append(e)
                raise
        return box[0]

    return get
