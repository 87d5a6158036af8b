"""Go's strconv.Quote, QuoteRune, QuotedPrefix and Unquote, on bytes.

Build settings are quoted by runtime/debug with strconv.Quote, so printing them
byte for byte like ``go version -m`` needs Go's exact escaping: invalid UTF-8
bytes as ``\\xNN``, non-printable runes as ``\\uNNNN``/``\\UNNNNNNNN``, everything
printable (in Go's sense, which is Python's ``str.isprintable``) left as is.
Strings travel as ``str`` decoded with ``surrogateescape`` so raw bytes survive.
"""

from __future__ import annotations

from collections.abc import Iterator

_SIMPLE = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
_UNESCAPE = {ord("a"): 7, ord("b"): 8, ord("f"): 12, ord("n"): 10, ord("r"): 13,
             ord("t"): 9, ord("v"): 11, ord("\\"): 92}
RUNE_ERROR = 0xFFFD


class QuoteSyntaxError(ValueError):
    """strconv.ErrSyntax."""


def to_bytes(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def from_bytes(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def _rune_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def decode_rune(b: bytes, i: int = 0) -> tuple[int, int]:
    """utf8.DecodeRune: (rune, width); (RuneError, 1) for an invalid sequence."""
    c = b[i]
    if c < 0x80:
        return c, 1
    n = _rune_len(c)
    if n:
        try:
            return ord(b[i:i + n].decode("utf-8")), n
        except UnicodeDecodeError:
            pass
    return RUNE_ERROR, 1


def runes(b: bytes) -> Iterator[tuple[int, int, int]]:
    """(rune, width, first byte) for each rune of ``b``, Go style."""
    i = 0
    while i < len(b):
        r, w = decode_rune(b, i)
        yield r, w, b[i]
        i += w


def is_print(r: int) -> bool:
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space."""
    if r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        return False
    return chr(r).isprintable()


def _escape_rune(r: int, quote: int) -> str:
    if r in (quote, 0x5C):
        return "\\" + chr(r)
    if is_print(r):
        return chr(r)
    if r in _SIMPLE:
        return _SIMPLE[r]
    if r < 0x20 or r == 0x7F:
        return f"\\x{r:02x}"
    if r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        r = RUNE_ERROR
    return f"\\u{r:04x}" if r < 0x10000 else f"\\U{r:08x}"


def quote(s: str) -> str:
    """strconv.Quote."""
    out = ['"']
    for r, w, first in runes(to_bytes(s)):
        if w == 1 and r == RUNE_ERROR:
            out.append(f"\\x{first:02x}")
        else:
            out.append(_escape_rune(r, 0x22))
    out.append('"')
    return "".join(out)


def quote_rune(r: int) -> str:
    """strconv.QuoteRune (what fmt's %q prints for a byte or rune)."""
    if r > 0x10FFFF:
        r = RUNE_ERROR
    return "'" + _escape_rune(r, 0x27) + "'"


def _unquote_char(s: bytes, quote: int) -> tuple[int, bool, bytes]:
    """strconv.UnquoteChar: (value, multibyte, tail)."""
    if not s:
        raise QuoteSyntaxError()
    c = s[0]
    if c == quote and quote in (0x27, 0x22):
        raise QuoteSyntaxError()
    if c >= 0x80:
        r, w = decode_rune(s)
        return r, True, s[w:]
    if c != 0x5C:
        return c, False, s[1:]
    if len(s) <= 1:
        raise QuoteSyntaxError()
    c, s = s[1], s[2:]
    if c in _UNESCAPE:
        return _UNESCAPE[c], False, s
    if c in b"xuU":
        n = {0x78: 2, 0x75: 4, 0x55: 8}[c]
        digits = s[:n]
        if len(digits) < n or not all(d in b"0123456789abcdefABCDEF" for d in digits):
            raise QuoteSyntaxError()
        v = int(digits, 16)
        if c == 0x78:
            return v, False, s[n:]
        if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
            raise QuoteSyntaxError()
        return v, True, s[n:]
    if 0x30 <= c <= 0x37:
        digits = s[:2]
        if len(digits) < 2 or not all(0x30 <= d <= 0x37 for d in digits):
            raise QuoteSyntaxError()
        v = (c - 0x30) << 6 | (digits[0] - 0x30) << 3 | (digits[1] - 0x30)
        if v > 255:
            raise QuoteSyntaxError()
        return v, False, s[2:]
    if c in (0x27, 0x22) and c == quote:
        return c, False, s
    raise QuoteSyntaxError()


def _valid_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def unquote_prefix(s: bytes, unescape: bool) -> tuple[bytes, bytes]:
    """strconv's unquote: (the quoted prefix or its value, the rest)."""
    if len(s) < 2:
        raise QuoteSyntaxError()
    q = s[0]
    end = s.find(bytes([q]), 1)
    if end < 0:
        raise QuoteSyntaxError()
    end += 1  # just past the (first) closing quote
    if q == 0x60:
        if not unescape:
            return s[:end], s[end:]
        return s[1:end - 1].replace(b"\r", b""), s[end:]
    if q not in (0x22, 0x27):
        raise QuoteSyntaxError()
    body = s[1:end - 1]
    if b"\\" not in s[:end] and b"\n" not in s[:end]:
        if q == 0x22:
            valid = _valid_utf8(body)
        else:
            r, n = decode_rune(body) if body else (RUNE_ERROR, 0)
            valid = 2 + n == end and (r != RUNE_ERROR or n != 1)
        if valid:
            return (body if unescape else s[:end]), s[end:]
    rest = s[1:]
    buf = bytearray()
    while rest and rest[0] != q:
        if rest[0] == 0x0A:
            raise QuoteSyntaxError()
        r, multibyte, rest = _unquote_char(rest, q)
        if r < 0x80 or not multibyte:
            buf.append(r & 0xFF)
        else:
            buf += chr(r).encode("utf-8", "surrogatepass")
        if q == 0x27:
            break
    if not (rest and rest[0] == q):
        raise QuoteSyntaxError()
    rest = rest[1:]
    if unescape:
        return bytes(buf), rest
    return s[:len(s) - len(rest)], rest


def unquote(s: bytes) -> bytes:
    """strconv.Unquote."""
    out, rest = unquote_prefix(s, True)
    if rest:
        raise QuoteSyntaxError()
    return out
