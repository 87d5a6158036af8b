"""Module paths as Go handles them: case-escaping (golang.org/x/mod/module) and
GOPRIVATE-style prefix patterns (``module.MatchPrefixPatterns``)."""

from __future__ import annotations

import re
from functools import lru_cache


def escape(path_or_version: str) -> str:
    """``github.com/Azure/x`` → ``github.com/!azure/x`` (the module cache and proxy form)."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path_or_version)


def unescape(escaped: str) -> str | None:
    """The inverse of :func:`escape`; None for text that is not validly escaped."""
    if re.search(r"[A-Z]|![^a-z]|!$", escaped):
        return None
    return re.sub(r"!([a-z])", lambda m: m.group(1).upper(), escaped)


def match_prefix_patterns(globs: str, target: str) -> str | None:
    """The first glob in the comma-separated ``globs`` matching a prefix of ``target``.

    A glob with N slashes is matched (with Go's ``path.Match``) against the first
    N+1 path elements of ``target``; a trailing slash is ignored; case matters.
    Returns the matching glob (as written, minus a trailing slash) or None.
    """
    for glob in globs.split(","):
        glob = glob.removesuffix("/")
        if not glob:
            continue
        n = glob.count("/")
        parts = target.split("/")
        if len(parts) <= n:
            continue  # not enough path elements
        if path_match(glob, "/".join(parts[: n + 1])):
            return glob
    return None


def path_match(pattern: str, name: str) -> bool:
    """Go's ``path.Match``: ``*`` and ``?`` never match ``/`` (classes may); ``[^…]``
    negates; a malformed pattern matches nothing."""
    rx = _compile(pattern)
    return rx is not None and rx.fullmatch(name) is not None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str] | None:
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\":
            if i + 1 >= len(pattern):
                return None
            i += 1
            out.append(re.escape(pattern[i]))
        elif c == "[":
            j = i + 1
            negate = j < len(pattern) and pattern[j] == "^"
            if negate:
                j += 1
            items: list[str] = []
            while True:
                if j >= len(pattern):
                    return None  # unterminated class
                if pattern[j] == "]" and items:
                    break
                lo, j = _class_char(pattern, j)
                if lo is None:
                    return None
                hi: str | None = lo
                if j < len(pattern) and pattern[j] == "-":
                    hi, j = _class_char(pattern, j + 1)
                    if hi is None or hi < lo:
                        return None
                assert hi is not None
                items.append(re.escape(lo) if lo == hi else f"{re.escape(lo)}-{re.escape(hi)}")
            body = "".join(items)
            out.append(f"[^{body}]" if negate else f"[{body}]")  # classes may match "/"
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.S)


def _class_char(pattern: str, j: int) -> tuple[str | None, int]:
    if j >= len(pattern) or pattern[j] in "-]":
        return None, j
    if pattern[j] == "\\":
        j += 1
        if j >= len(pattern):
            return None, j
    return pattern[j], j + 1
