"""What each Go release's module-file parser accepts, and how it words its errors.

Measured against real go1.19.8, go1.21.13, go1.22.10, go1.23.9 and go1.25.5
(``go mod edit -json`` / ``go work edit -json``); the release that introduced a
directive is from the Go release notes (toolchain 1.21, godebug 1.23, tool 1.24,
ignore 1.25).  Releases in between behave like the nearest older one measured.
"""

from __future__ import annotations

from functools import lru_cache

from gover.golang import versions
from gover.record import record

NEWEST = (1, 25)
_SINCE = {"toolchain": 21, "godebug": 23, "tool": 24, "ignore": 25}  # the release a directive came in


def go_line_ok(v: str, patch_and_pre: bool) -> bool:
    """x/mod's GoVersionRE, ``^([1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$``
    (with ``patch_and_pre``; before Go 1.21 only ``N.M``), without compiling it at start-up."""
    cut = versions.cut_int(v)
    if cut is None or v[0] == "0" or not cut[1].startswith("."):
        return False
    cut = versions.cut_int(cut[1][1:])
    if cut is None:
        return False
    rest = cut[1]
    if not patch_and_pre:
        return rest == ""
    if rest.startswith("."):
        cut = versions.cut_int(rest[1:])
        if cut is None:
            return False
        rest = cut[1]
    letters = rest.rstrip("0123456789")
    return rest == "" or (letters != rest and letters.isascii() and letters.isalpha()
                          and letters.islower())


@record(frozen=True)
class Dialect:
    minor: int  # Go 1.N
    work: bool = False  # go.work: Go 1.22 words its go/toolchain errors as 1.21 did

    def knows(self, verb: str) -> bool:
        since = _SINCE.get(verb)
        return since is None or self.minor >= since

    def go_version_ok(self, v: str) -> bool:
        return go_line_ok(v, self.minor >= 21)

    @property
    def _new_formats(self) -> bool:
        # x/mod changed the go.mod texts in Go 1.22 and the go.work ones only in 1.23.
        return self.minor >= (23 if self.work else 22)

    @property
    def go_format(self) -> str:
        return "1.23.0" if self._new_formats else "1.23"

    @property
    def toolchain_format(self) -> str:
        if self.minor >= 23:
            return "go1.23.0 or default"
        return "go1.23.0 or local" if self._new_formats else "go1.23 or local"

    def for_work(self) -> Dialect:
        return Dialect(self.minor, work=True)

    @property
    def dir_hint(self) -> str:
        return ". or .." if self.minor >= 22 else "./ or ../"

    @property
    def dot_dirs(self) -> bool:
        """Whether ``.`` and ``..`` alone count as directory paths in replace."""
        return self.minor >= 22

    @property
    def at_hint(self) -> bool:
        """Whether ``path@version`` on the right of replace gets its own message."""
        return self.minor >= 21

    @property
    def json_bf_short(self) -> bool:
        return self.minor >= 22

    def mod_json_fields(self) -> list[str]:
        fields = ["Module", "Go"]
        if self.minor >= 21:
            fields.append("Toolchain")
        fields += ["Require", "Exclude", "Replace", "Retract"]
        if self.minor >= 24:
            fields.append("Tool")
        if self.minor >= 25:
            fields.append("Ignore")
        return fields


@lru_cache(maxsize=32)
def dialect_for(version: str | None) -> Dialect:
    """The parser of Go ``version`` (``1.22``, ``go1.22.10``); None means the newest known."""
    if not version:
        return Dialect(NEWEST[1])
    v = versions.strip_go(version)
    p = versions.parse(v)
    if not p.major or p.major != "1":
        from gover.errors import UsageError

        raise UsageError(f"invalid Go version {version!r}: expected a Go 1.x version like 1.22 or go1.22.10")
    return Dialect(int(p.minor or 0))
