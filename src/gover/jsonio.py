"""``json.loads`` and ``json.dumps(…, indent=N)`` for the start-up path, without ``import json``.

``json`` compiles five regular expressions as it loads (about 5 M instructions, 3 % of
a ``doctor`` run), only to reach the C accelerator ``_json`` that does the real work.
This module calls ``_json`` itself: its scanner for reading, its string quoting for
writing.  The output and the values are ``json``'s own — tests/unit/test_jsonio.py
holds both to it on generated data — and every error is too: anything the scanner
does not take whole is handed to ``json`` to parse again and raise its own message.
On a Python without ``_json`` both functions are ``json``'s.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_accel: Any
try:
    import _json as _accel
except ImportError:  # not CPython: json is all there is
    _accel = None

_SPACE = " \t\n\r"  # json's whitespace, and nothing else (not \f or \v)
_INF = float("inf")
_CONSTANTS = {"NaN": float("nan"), "Infinity": _INF, "-Infinity": -_INF}


class _Options:
    """The attributes ``_json``'s scanner reads off a ``json.JSONDecoder``: its defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


_quote: Callable[[str], str] | None = None if _accel is None else _accel.encode_basestring_ascii
_scan: Callable[[str, int], tuple[Any, int]] | None = (
    None if _accel is None else _accel.make_scanner(_Options()))


def loads(text: str) -> Any:
    """``json.loads(text)``: the same value, or the same ``json.JSONDecodeError``."""
    if _scan is not None and not text.startswith("\ufeff"):
        start = _skip_space(text, 0)
        try:
            value, end = _scan(text, start)
        except StopIteration:
            pass  # no value at start: json words the error
        else:
            if _skip_space(text, end) == len(text):
                return value
    import json

    return json.loads(text)


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    return i


def dumps(data: Any, indent: int = 2) -> str:
    """``json.dumps(data, indent=indent)``: ASCII, keys in their order, NaN as ``NaN``.

    Unlike json, a value that contains itself recurses until Python stops it: nothing
    gover writes refers back to itself.
    """
    if _quote is None:
        import json

        return json.dumps(data, indent=indent)
    out: list[str] = []
    _write(data, "\n", " " * indent, _quote, out)
    return "".join(out)


def _write(value: Any, newline: str, step: str, quote: Callable[[str], str], out: list[str]) -> None:
    # The order of json.encoder's tests: True before int, str subclasses as str.
    if isinstance(value, str):
        out.append(quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        out.append("[")
        for i, item in enumerate(value):
            out.append(inner if i == 0 else "," + inner)
            _write(item, inner, step, quote, out)
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(inner if i == 0 else "," + inner)
            out.append(quote(_key(key)) + ": ")
            _write(item, inner, step, quote, out)
        out.append(newline + "}")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INF, -_INF):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json writes it: a string, or the JSON text of a number, bool or null."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
