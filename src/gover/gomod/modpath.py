"""Module paths as Go handles them (golang.org/x/mod/module): validity (``CheckPath``),
case-escaping, and GOPRIVATE-style prefix patterns (``MatchPrefixPatterns``)."""

from __future__ import annotations

import re
from functools import lru_cache

from gover.golang.gostrconv import quote, quote_rune

_LOWER, _DIGITS = "abcdefghijklmnopqrstuvwxyz", "0123456789"  # string's, without importing it
_MOD_PATH_CHARS = frozenset(_LOWER + _LOWER.upper() + _DIGITS + "-._~")
_FIRST_ELEM_CHARS = frozenset(_LOWER + _DIGITS + "-.")
_WINDOWS_NAMES = frozenset(["CON", "PRN", "AUX", "NUL",
                            *(f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10))])


def check_path(path: str) -> str | None:
    """Why ``path`` is not a valid module path, in Go's words (``module.CheckPath``:
    ``malformed module path "Bad Path": invalid char ' '``); None when it is valid.

    ``path`` is a str from argv or a file, where bytes that are not UTF-8 arrive as
    surrogate escapes."""
    why = _why_not_module_path(path)
    return None if why is None else f"malformed module path {quote(path)}: {why}"


def _why_not_module_path(path: str) -> str | None:
    if any("\udc80" <= c <= "\udcff" for c in path):
        return "invalid UTF-8"
    if path == "":
        return "empty string"
    if path[0] == "-":
        return "leading dash"
    if "//" in path:
        return "double slash"
    if path[-1] == "/":
        return "trailing slash"
    for elem in path.split("/"):
        why = _why_not_element(elem)
        if why is not None:
            return why
    first = path.split("/", 1)[0]
    if first == "":
        return "leading slash"
    if "." not in first:
        return "missing dot in first path element"
    if path[0] == "-":
        return "leading dash in first path element"
    for r in first:
        if r not in _FIRST_ELEM_CHARS:
            return f"invalid char {quote_rune(ord(r))} in first path element"
    if not _major_suffix_ok(path):
        return "invalid version"
    return None


def _why_not_element(elem: str) -> str | None:
    if elem == "":
        return "empty path element"
    if elem.count(".") == len(elem):
        return f"invalid path element {quote(elem)}"
    if elem[0] == ".":
        return "leading dot in path element"
    if elem[-1] == ".":
        return "trailing dot in path element"
    for r in elem:
        if r not in _MOD_PATH_CHARS:
            return f"invalid char {quote_rune(ord(r))}"
    short = elem.split(".", 1)[0]
    if short.upper() in _WINDOWS_NAMES:
        return f"{quote(short)} disallowed as path element component on Windows"
    tilde = short.rfind("~")
    if 0 <= tilde < len(short) - 1 and short[tilde + 1:].isdigit():  # Windows short names: PROGRA~1
        return "trailing tilde and digits in path element"
    return None


def _major_suffix_ok(path: str) -> bool:
    """Go's ``SplitPathVersion`` ok: a final ``/vN`` has N >= 2, no leading zero, no dot;
    a gopkg.in path ends in ``.vN`` (``.v0`` allowed), optionally ``-unstable``."""
    i = len(path)
    if path.startswith("gopkg.in/"):
        i -= len("-unstable") if path.endswith("-unstable") else 0
        while i > 0 and "0" <= path[i - 1] <= "9":
            i -= 1
        if i <= 1 or path[i - 1] != "v" or path[i - 2] != ".":
            return False
        major = path[i - 2:]
        return not (len(major) <= 2 or (major[2] == "0" and major != ".v0"))
    while i > 0 and ("0" <= path[i - 1] <= "9" or path[i - 1] == "."):
        i -= 1
    if i <= 1 or i == len(path) or path[i - 1] != "v" or path[i - 2] != "/":
        return True  # no /vN suffix
    major = path[i - 2:]
    return not ("." in major or major[2] == "0" or major == "/v1")


_ESCAPES = {c: "!" + chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}


def escape(path_or_version: str) -> str:
    """``github.com/Azure/x`` → ``github.com/!azure/x`` (the module cache and proxy form)."""
    return path_or_version.translate(_ESCAPES)


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
