"""Shell code that sets variables: ``gover env`` and ``gover shell`` print it.

Apart from activate.py so that ``gover env`` does not import the shim and hook
machinery (docs/DESIGN.md, "Start-up").
"""

from __future__ import annotations

import shlex


def fish_quote(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def set_var(shell: str, name: str, value: str | None) -> str:
    if shell == "fish":
        return f"set -e {name}" if value is None else f"set -gx {name} {fish_quote(value)}"
    return f"unset {name}" if value is None else f"export {name}={shlex.quote(value)}"


def prepend_path(shell: str, entry: str) -> str:
    if shell == "fish":
        return f"set -gx PATH {fish_quote(entry)} $PATH"
    return f'export PATH={shlex.quote(entry)}:"$PATH"'


def env_lines(shell: str, goroot: str | None, bindir: str | None) -> list[str]:
    """Shell code selecting a version; nothing for the system go (the user's GOROOT stays)."""
    if goroot is None or bindir is None:
        return []
    return [set_var(shell, "GOROOT", goroot), prepend_path(shell, bindir)]
