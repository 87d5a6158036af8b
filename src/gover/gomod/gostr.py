"""Go's string conventions, for reproducing its output byte for byte.

Module files are read as bytes; gover decodes them with ``surrogateescape`` so an
invalid UTF-8 byte becomes one lone surrogate (U+DC80–U+DCFF) and re-encodes
losslessly.  Go sees such a byte as U+FFFD (``utf8.RuneError``), which is printable.
"""

from __future__ import annotations

from typing import Any

_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def is_raw_byte(c: str) -> bool:
    return "\udc80" <= c <= "\udcff"


def is_print(c: str) -> bool:
    """unicode.IsPrint (L, M, N, P, S and ASCII space); a raw invalid byte reads as U+FFFD."""
    return c.isprintable() or is_raw_byte(c)


def _quote_rune(c: str, quote: str) -> str:
    if c == quote or c == "\\":
        return "\\" + c
    if is_raw_byte(c):
        return f"\\x{ord(c) - 0xDC00:02x}"
    if c.isprintable():
        return c
    if c in _ESC:
        return _ESC[c]
    o = ord(c)
    if o < 0x80:
        return f"\\x{o:02x}"
    if o < 0x10000:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


def quote(s: str) -> str:
    """strconv.Quote (Go's ``%q`` of a string)."""
    return '"' + "".join(_quote_rune(c, '"') for c in s) + '"'


def quote_rune(c: str) -> str:
    """strconv.QuoteRune (Go's ``%q`` / ``%#q`` of a rune)."""
    if is_raw_byte(c):
        c = "\ufffd"
    return "'" + _quote_rune(c, "'") + "'"


_SIMPLE = {"\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
           "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def unquote(s: str) -> str | None:
    """strconv.Unquote for a double-quoted Go string; None on invalid syntax."""
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        return None
    body, out, raw = s[1:-1], [], bytearray()
    i = 0

    def flush() -> None:
        if raw:
            out.append(decode(bytes(raw)))
            raw.clear()

    while i < len(body):
        c = body[i]
        if c == '"' or c == "\n":
            return None
        if c != "\\":
            flush()
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            return None
        e = body[i + 1]
        i += 2
        simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                  "\\": "\\", '"': '"'}
        if e in simple:
            flush()
            out.append(simple[e])
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i:i + n]
            if len(digits) != n or not all(d in "0123456789abcdefABCDEF" for d in digits):
                return None
            i += n
            v = int(digits, 16)
            if e == "x":
                raw.append(v)  # a byte, which may start or continue a UTF-8 sequence
                continue
            if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
                return None
            flush()
            out.append(chr(v))
        elif "0" <= e <= "7":
            digits = body[i - 1:i + 2]
            if len(digits) != 3 or not all("0" <= d <= "7" for d in digits):
                return None
            v = int(digits, 8)
            if v > 255:
                return None
            i += 2
            raw.append(v)
        else:
            return None
    flush()
    return "".join(out)


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
