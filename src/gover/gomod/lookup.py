"""Which go.work/go.mod Go consults to choose a toolchain, and its ``go``/``toolchain`` lines.

This mirrors what ``go`` does at start-up, before any full parse
(cmd/go/internal/toolchain ``modGoToolchain``; modload ``FindGoWork``,
``findWorkspaceFile``, ``FindGoMod``; gover ``GoModLookup``):

- ``GOWORK=off``: no workspace; empty or ``auto``: the nearest ``go.work`` upward
  from the working directory; anything else must be an absolute path, used only if
  it exists.
- Otherwise the nearest ``go.mod`` upward, unless it sits directly in the temp dir
  (``$TMPDIR`` or ``/tmp``), which Go ignores.
- In the chosen file, the first line that (after trimming) starts with ``go`` or
  ``toolchain`` followed by a space or tab gives the value, minus any ``//`` comment.

A full go.mod parser lives elsewhere; this is deliberately only what toolchain
selection reads, so a syntax error elsewhere in the file never changes the choice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from gover.errors import ConfigError
from gover.fsutil import same_file
from gover.record import record

# unicode.IsSpace, which bytes.TrimSpace uses (Python's str.strip() differs at \x1c-\x1f).
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


@record(frozen=True)
class Line:
    value: str  # "" when the key is absent
    line: int  # 1-based; 0 when absent

    def __bool__(self) -> bool:
        return self.line > 0


@record(frozen=True)
class ModLines:
    path: str  # the go.work or go.mod that was read
    go: Line
    toolchain: Line

    @property
    def kind(self) -> str:
        return os.path.basename(self.path)


def lookup(data: bytes, key: str) -> Line:
    """``gover.GoModLookup``: the first ``key`` line's value, with its line number."""
    text = data.decode("utf-8", "surrogateescape")
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(GO_SPACE)
        if not line.startswith(key):
            continue
        rest = line[len(key):]
        if not rest or rest[0] not in " \t":
            continue
        return Line(rest.split("//", 1)[0].strip(GO_SPACE), n)
    return Line("", 0)


def read_lines(path: str) -> ModLines:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror or e}") from None
    return ModLines(path, lookup(data, "go"), lookup(data, "toolchain"))


def is_file_like(path: str) -> bool:
    """Go's test for go.mod/go.work: Stat succeeds and it is not a directory."""
    try:
        return not os.path.isdir(path) and os.path.exists(path)
    except OSError:
        return False


def find_upward(start: str, name: str) -> str:
    d = start
    while True:
        p = os.path.join(d, name)
        if is_file_like(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            return ""
        d = parent


def temp_dir(env: Mapping[str, str]) -> str:
    return env.get("TMPDIR") or "/tmp"


@record(frozen=True)
class Choice:
    path: str  # the file Go reads, or "" when it reads none
    why: str  # how it was found, for --explain


def find_go_mod(cwd: str, env: Mapping[str, str]) -> tuple[str, str]:
    """``FindGoMod``: (path or "", why not)."""
    mod = find_upward(cwd, "go.mod")
    if mod and same_file(os.path.dirname(mod), temp_dir(env)):
        return "", f"Go ignores {mod} (it is directly in the temp dir)"
    return mod, "" if mod else "no go.mod above"


def module_file(cwd: str, env: Mapping[str, str], gowork: str, go111module: str = "") -> Choice:
    """The file Go reads for toolchain selection from ``cwd`` (``modGoToolchain``).

    ``gowork`` and ``go111module`` are ``cfg.Getenv`` values (process env, then the
    go env file).  With modules off Go skips toolchain selection altogether.
    """
    if go111module not in ("", "on", "auto"):
        return Choice("", f"GO111MODULE={go111module}: Go does not select a toolchain")
    mod, why_not = find_go_mod(cwd, env)
    if go111module == "auto" and not mod:
        return Choice("", f"GO111MODULE=auto and {why_not}: Go does not select a toolchain")
    work = ""
    if gowork == "off":
        why = "GOWORK=off"
    elif gowork in ("", "auto"):
        work = find_upward(cwd, "go.work")
        why = "the nearest go.work" if work else "no go.work above"
    elif not os.path.isabs(gowork):
        raise ConfigError(f"GOWORK={gowork}: invalid GOWORK: not an absolute path",
                          hint="set GOWORK to an absolute path, off, or leave it empty")
    else:
        work = gowork if os.path.exists(gowork) else ""
        why = f"GOWORK={gowork}" if work else f"GOWORK={gowork} does not exist"
    if work:
        return Choice(work, why)
    if mod:
        return Choice(mod, f"{why}; the nearest go.mod")
    return Choice("", f"{why}; {why_not}")
