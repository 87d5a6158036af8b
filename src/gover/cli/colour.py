"""When to colour, and the few styles gover uses (severities, ✓/✗, versions, dim notes).

Imported only by commands that print styled text: ``gover current`` and ``--version``
never load it.  The rules are the common ones: ``--color always|never`` wins, then
``NO_COLOR`` (any non-empty value) turns colour off, ``FORCE_COLOR`` (non-empty) on;
otherwise colour only on a terminal whose TERM is not ``dumb``.  ``--json`` output is
never styled: the callers do not pass it through here.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms) for one annotation
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

MODES = ("auto", "always", "never")

_CODES = {
    "dim": "2", "bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36",
}
SEVERITY = {"error": "red", "warning": "yellow", "info": "cyan", "ok": "green"}


def enabled(mode: str, env: Mapping[str, str], stream: TextIO) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and env.get("TERM", "") != "dumb"


class Style:
    """Wraps text in SGR codes when on, returns it untouched when off."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, style: str, text: str) -> str:
        if not self.on or not text:
            return text
        return f"\x1b[{_CODES[style]}m{text}\x1b[0m"

    def severity(self, level: str, text: str) -> str:
        return self(SEVERITY.get(level, "bold"), text)

    def mark(self, ok: bool) -> str:
        return self("green", "✓") if ok else self("red", "✗")

    def version(self, text: str) -> str:
        return self("cyan", text)
