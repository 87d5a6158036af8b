"""Go's string conventions, for reproducing its output byte for byte.

Module files are read as bytes; gover decodes them with ``surrogateescape`` so an
invalid UTF-8 byte becomes one lone surrogate (U+DC80–U+DCFF) and re-encodes
losslessly.  Go sees such a byte as U+FFFD (``utf8.RuneError``), which is printable.
"""

from __future__ import annotations

from gover.golang import gostrconv as strconv

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

# The surrogateescape round trip described above: strconv's, under the names gomod uses.
decode = strconv.from_bytes
encode = strconv.to_bytes


def is_raw_byte(c: str) -> bool:
    return "\udc80" <= c <= "\udcff"


def is_print(c: str) -> bool:
    """unicode.IsPrint (L, M, N, P, S and ASCII space); a raw invalid byte reads as U+FFFD."""
    return c.isprintable() or is_raw_byte(c)


def quote(s: str) -> str:
    """strconv.Quote (Go's ``%q`` of a string)."""
    return strconv.quote(s)


def quote_rune(c: str) -> str:
    """strconv.QuoteRune (Go's ``%q`` of a rune); a raw invalid byte reads as U+FFFD."""
    return strconv.quote_rune(strconv.RUNE_ERROR if is_raw_byte(c) else ord(c))


_SIMPLE = {"\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
           "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def unquote(s: str) -> str | None:
    """strconv.Unquote for a double-quoted Go string; None on invalid syntax."""
    if not s.startswith('"'):
        return None
    try:
        return decode(strconv.unquote(encode(s)))
    except strconv.QuoteSyntaxError:
        return None


def json_string(s: str, short_bf: bool = True) -> str:
    """encoding/json's string encoding (HTML-safe; invalid UTF-8 → \\ufffd).

    ``short_bf``: Go 1.22+ writes \\b and \\f; older releases \\u0008 and \\u000c.
    """
    parts = ['"']
    for c in s:
        if c in _SIMPLE:
            parts.append(_SIMPLE[c])
        elif short_bf and c in "\b\f":
            parts.append("\\b" if c == "\b" else "\\f")
        elif c < " ":
            parts.append(f"\\u{ord(c):04x}")
        elif is_raw_byte(c) or "\ud800" <= c <= "\udfff":
            parts.append("\\ufffd")
        else:
            parts.append(c)
    parts.append('"')
    return "".join(parts)


def marshal_indent(value: Any, short_bf: bool = True, indent: str = "\t", level: int = 0) -> str:
    """json.MarshalIndent(v, "", "\\t") for dicts (kept in order), lists, None, bools and strings."""
    pad, inner = indent * level, indent * (level + 1)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json_string(value, short_bf)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [inner + marshal_indent(v, short_bf, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json_string(k)}: {marshal_indent(v, short_bf, indent, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    raise TypeError(f"cannot marshal {type(value).__name__}")
