"""``gover upgrade``: the newest patch of every installed minor (or the given series),
and with ``--pins`` this directory's exact pins moved to it.

Old patches stay installed (``gover prune --superseded`` removes them), so a pin
that is not updated keeps working.  Pins are rewritten through resolve/pin.py
``write_pin``, the one writer of .go-version and .tool-versions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gover.golang import versions

if TYPE_CHECKING:
    from gover.toolchain.install import InstallResult
    from gover.toolchain.sources.base import SourceContext


@dataclass(frozen=True)
class PinUpdate:
    file: Path
    old: str
    new: str

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.file), "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Upgrade:
    results: list[InstallResult] = field(default_factory=list)
    pins: list[PinUpdate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"results": [r.to_json() for r in self.results],
                "pins": [p.to_json() for p in self.pins]}


def installed_series(names: list[str]) -> list[str]:
    """``1.22``-style series of the installed stable releases, oldest first."""
    seen: dict[tuple[int, int], str] = {}
    for n in names:
        if versions.is_stable(n[2:]):
            seen.setdefault(versions.minor_of(n[2:]), versions.lang(n[2:]))
    return [seen[k] for k in sorted(seen)]


# A hook for project/migrate (issue 16 moves every pin a repository has: go.mod
# toolchain lines, CI files …): when it offers a function with this shape, upgrade
# --pins should call it instead of PIN_UPDATERS' simple version-file rewrite.
PinUpdater = Callable[[Path, dict[str, str]], list[PinUpdate]]


def update_version_files(directory: Path, newest: dict[str, str]) -> list[PinUpdate]:
    """Rewrite exact pins in ``directory``'s .go-version / .tool-versions whose series
    got a newer patch (``newest``: series → new version); series pins already follow."""
    from gover.resolve import pin
    from gover.resolve.files import read_tool_versions, read_version_file

    out = []
    gv, tv = directory / ".go-version", directory / ".tool-versions"
    if gv.is_file():
        old = read_version_file(str(gv)).value
        new = _bumped(old, newest)
        if new != old:
            pin.write_pin(gv, new)
            out.append(PinUpdate(gv, old, new))
    line = read_tool_versions(str(tv)) if tv.is_file() else None
    if line is not None:
        old_words = list(line.versions)
        new_words = [_bumped(w, newest) for w in old_words]
        if new_words != old_words:
            pin.write_pin(tv, " ".join(new_words), tool_versions=True)
            out.append(PinUpdate(tv, " ".join(old_words), " ".join(new_words)))
    return out


PIN_UPDATERS: list[PinUpdater] = [update_version_files]


def _bumped(value: str, newest: dict[str, str]) -> str:
    v = versions.strip_go(value.strip())
    if not versions.is_valid(v) or v.count(".") < 2 or not versions.is_stable(v):
        return value
    target = newest.get(versions.lang(v))
    if target and versions.compare(target, v) > 0:
        return value.strip()[: len(value.strip()) - len(v)] + target  # keeps a go prefix
    return value


def upgrade(series: list[str], ctx: SourceContext, *, pins_in: Path | None = None,
            only: str | None = None) -> Upgrade:
    from gover.toolchain import install
    from gover.toolchain.store import Store

    wanted = series or installed_series(Store(ctx.paths).names())
    # upgrade exists to ask the sources for a newer patch, so an installed one is no answer.
    results = [install.install(s, ctx, only=only, refresh=True) for s in wanted]
    newest = {versions.lang(versions.strip_go(r.name)): versions.strip_go(r.name) for r in results}
    pins: list[PinUpdate] = []
    if pins_in is not None:
        for updater in PIN_UPDATERS:
            pins.extend(updater(pins_in, newest))
    return Upgrade(results, pins)
