"""A regular expression compiled the first time it is used.

Compiling costs 0.1-1 ms a pattern, at import, in every process: a pattern only some
runs need (an old Go's version format, a lax-mode fallback, the tidy check's diff) is
declared with :func:`lazy` and compiled by the run that uses it.  After that first use
its methods are plain attributes of the holder, so a lookup costs what it costs on the
compiled pattern.  Type checkers see ``re.Pattern[str]``.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import AnyStr

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
            "pattern", "flags", "groups", "groupindex")


class _Lazy:
    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._lazy_args = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # only while nothing is compiled yet
        pattern, flags = self._lazy_args
        compiled: re.Pattern[str] | re.Pattern[bytes] = re.compile(pattern, flags)  # type: ignore[arg-type]
        for attr in _METHODS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._lazy_args[0]!r})"


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done on first use."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]
