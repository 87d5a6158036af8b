"""go.mod/go.work tokens, and the one-pass scanner for files made of everyday tokens only.

The exact lexer (``syntax._Input.read_token``, after x/mod's read.go) walks the text a
token at a time and owns every error and odd case.  Nearly every real file holds only
ASCII words, plain ``"…"``/`` `…` `` strings, punctuation, blanks and ``//`` comments;
:func:`scan` reads such a file with one compiled pattern and returns the very tokens the
exact lexer would produce, or None as soon as it meets anything else (``/*``, a
backslash or newline in a string, a non-ASCII or control character outside a string or
comment), and then the exact lexer reads the file from the start.  It never raises, so
every lexical error keeps the exact lexer's message and position.
tests/unit/gomod/test_lexer.py holds the two to the same tokens.
"""

from __future__ import annotations

import re

from gover.lazyre import lazy

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class Pos(NamedTuple):
        line: int
        rune: int
        offset: int

    class Tok(NamedTuple):
        kind: str
        pos: Pos
        end: Pos
        text: str
else:
    from collections import namedtuple

    Pos = namedtuple("Pos", "line rune offset")
    Tok = namedtuple("Tok", "kind pos end text")

# token kinds (punctuation is its own kind: "\n", "(", ")", …)
EOF, EOLCOMMENT, IDENT, STRING, COMMENT = "EOF", "EOLCOMMENT", "IDENT", "STRING", "COMMENT"
PUNCT = "\n()[]{},"
NOT_IDENT = " ()[]{},"

BLANKS = lazy(r"[ \t\r]+")  # these two: the exact lexer's, for the files scan declines
# printable ASCII but not ()[]{}, nor space, nor the / of // or /*
_IDENT_CHAR = r"(?:[!-'*-+\--.0-Z\\^-z|~]|/(?![/*]))"
ASCII_IDENT = lazy(_IDENT_CHAR + "+")
# One token (or run of blanks) at a time; an identifier cannot start with a quote (that
# is a string, and one the exact lexer must read when it holds a backslash).
_SCAN = re.compile(
    r"(?P<b>[ \t\r]+)"
    r"|(?P<c>//[^\n]*)"
    r"|(?P<p>[\n()\[\]{},])"
    r"|(?P<s>\"[^\"\\\n]*\"|`[^`\n]*`)"
    r"|(?P<i>(?![\"`])" + _IDENT_CHAR + "+)")


def scan(text: str) -> tuple[list[Tok], list[Tok]] | None:
    """(every token, EOF last; the suffix comments among them), or None: not an everyday file."""
    toks: list[Tok] = []
    suffix: list[Tok] = []
    line, ls = 1, 0  # the line number and the offset its first character has
    seen = False  # a token before this point of the line: a comment here is a suffix comment
    i, n = 0, len(text)
    match = _SCAN.match
    append = toks.append
    while i < n:
        m = match(text, i)
        if m is None:
            return None
        kind, j = m.lastgroup, m.end()
        if kind == "b":
            i = j
            continue
        start = Pos(line, i - ls + 1, i)
        if kind == "p":
            t = text[i]
            if t == "\n":
                line, ls, seen = line + 1, j, False
                append(Tok(t, start, Pos(line, 1, j), t))
            else:
                append(Tok(t, start, Pos(line, j - ls + 1, j), t))
                seen = True
        elif kind == "c":
            t = m.group()
            if j < n:  # the comment takes its newline (and a CR before it) with it
                t = t[:-1] if t.endswith("\r") else t
                j += 1
                line, ls = line + 1, j
                end = Pos(line, 1, j)
            else:
                end = Pos(line, j - ls + 1, j)
            tok = Tok(EOLCOMMENT if seen else COMMENT, start, end, t)
            append(tok)
            if seen:
                suffix.append(tok)
            seen = False
        else:
            append(Tok(STRING if kind == "s" else IDENT, start, Pos(line, j - ls + 1, j), m.group()))
            seen = True
        i = j
    eof = Pos(line, n - ls + 1, n)
    append(Tok(EOF, eof, eof, ""))
    return toks, suffix
