"""go.sum, read exactly as cmd/go reads it (modfetch/fetch.go ``readGoSum``).

Each non-blank line is ``<path> <version>[/go.mod] <hash>`` (fields split on
white space).  Any other field count is fatal for every command but
``go mod tidy``, with Go's message::

    malformed go.sum:
    <file>:<line>: wrong number of fields <n>

The hash of an empty go.mod recorded by an old Go bug is dropped, as Go does.
"""

from __future__ import annotations

from pathlib import Path

from gover.errors import ConfigError
from gover.record import record

EMPTY_GOMOD_HASH = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="


@record(frozen=True)
class SumLine:
    path: str
    version: str  # "v1.2.3" or "v1.2.3/go.mod"
    hash: str
    line: int

    @property
    def module_version(self) -> str:
        return self.version.removesuffix("/go.mod")


@record
class GoSum:
    file: str
    lines: list[SumLine]
    malformed: list[tuple[int, int]]  # (line, field count), kept when lax

    def hashes(self, path: str, version: str) -> list[str]:
        """The hashes recorded for ``path version`` (use ``v1.2.3/go.mod`` for go.mod hashes)."""
        return [s.hash for s in self.lines if s.path == path and s.version == version]

    def modules(self) -> set[tuple[str, str]]:
        """Every ``(path, version)`` mentioned, go.mod-only entries included."""
        return {(s.path, s.module_version) for s in self.lines}

    def to_json(self) -> dict[str, object]:
        """``gover mod parse go.sum --json``."""
        return {"lines": [{"path": x.path, "version": x.version, "hash": x.hash, "line": x.line}
                          for x in self.lines]}


def parse_gosum(data: bytes | str, file: str = "go.sum", *, lax: bool = False) -> GoSum:
    """Parse go.sum content; a malformed line raises ConfigError with Go's message
    (unless ``lax``, which records it, as ``go mod tidy`` skips it)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines: list[SumLine] = []
    malformed: list[tuple[int, int]] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        f = raw.split()
        if not f:
            continue
        if len(f) != 3:
            if not lax:
                raise ConfigError(f"malformed go.sum:\n{file}:{n}: wrong number of fields {len(f)}")
            malformed.append((n, len(f)))
            continue
        if f[2] == EMPTY_GOMOD_HASH:
            continue
        lines.append(SumLine(f[0], f[1], f[2], n))
    return GoSum(file, lines, malformed)


def read_gosum(path: Path, *, lax: bool = False) -> GoSum:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return GoSum(str(path), [], [])
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    return parse_gosum(data, str(path), lax=lax)
