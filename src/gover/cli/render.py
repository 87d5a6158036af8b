"""Text rendering shared by the command modules: tables, byte sizes, argparse count types.

Kept apart from ``context`` so that ``progress`` (which ``Ctx`` builds lazily) can use
``human_bytes`` without the two importing each other.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from gover.toolchain.installed import InstalledList


def table(rows: list[list[str]], headers: list[str] | None = None) -> str:
    """Left-aligned columns separated by two spaces."""
    allrows = ([headers] if headers else []) + rows
    if not allrows:
        return ""
    widths = [max(len(r[i]) for r in allrows) for i in range(len(allrows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in allrows]
    return "\n".join(lines)


def installed_table(listed: InstalledList) -> str:
    """``gover list``'s table (shell/front.py bakes the same text into the front)."""
    body = [[v.inst.name, v.inst.source + (" (third-party)" if v.third_party else ""), v.verified,
             human_bytes(v.size) if v.size else "-", str(v.inst.path)] for v in listed.versions]
    return table(body, ["VERSION", "SOURCE", "VERIFIED", "SIZE", "PATH"])


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def count_type(what: str = "count") -> Callable[[str], int]:
    """An argparse type for counts such as --jobs: a whole number >= 1."""

    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            n = 0
        if n < 1:
            import argparse

            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}: expected a whole number >= 1")
        return n

    return parse


positive_int = count_type()
