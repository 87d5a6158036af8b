"""GOTOOLCHAIN as cmd/go/internal/toolchain ``Select`` parses it.

``auto`` is ``local+auto`` and ``path`` is ``local+path``; otherwise the value is
split at ``+`` into a minimum (``local`` or a toolchain name such as ``go1.22.3``)
and a suffix (``auto``, ``path`` or none).  A toolchain name with no suffix means
"run exactly that toolchain; do not read go.mod".  Errors carry Go's own text
(without its ``go: `` prefix).
"""

from __future__ import annotations

from gover.golang import versions
from gover.record import record


@record(frozen=True)
class GoToolchain:
    value: str  # as set
    minimum: str  # "local" or a toolchain name ("go1.22.3", "go1.22.3-custom")
    version: str  # the minimum's version ("1.22.3"), "" for local
    mode: str  # "auto", "path" or "" (no suffix)

    @property
    def exact(self) -> bool:
        """``goX.Y.Z``: that toolchain runs, go.mod and go.work are not read."""
        return self.minimum != "local" and not self.mode

    @property
    def local(self) -> bool:
        """``local`` (or ``local+``-less): the default toolchain runs, never switched."""
        return self.minimum == "local" and not self.mode


class InvalidGoToolchain(ValueError):
    """Go refuses the value; ``str()`` is Go's message."""


def parse(value: str) -> GoToolchain:
    if value == "auto":
        return GoToolchain(value, "local", "", "auto")
    if value == "path":
        return GoToolchain(value, "local", "", "path")
    minimum, plus, suffix = value.partition("+")
    version = ""
    # Same order of checks as Select: the minimum first, then the suffix.
    if minimum != "local":
        version = versions.from_toolchain(minimum)
        if not version:
            if plus:
                raise InvalidGoToolchain(f'invalid GOTOOLCHAIN "{value}": invalid minimum toolchain '
                                         f'"{minimum}"')
            raise InvalidGoToolchain(f'invalid GOTOOLCHAIN "{value}"')
    if plus and suffix not in ("auto", "path"):
        raise InvalidGoToolchain(f'invalid GOTOOLCHAIN "{value}": only version suffixes are +auto and +path')
    return GoToolchain(value, minimum, version, suffix if plus else "")
