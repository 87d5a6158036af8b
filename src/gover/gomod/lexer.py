"""go.mod/go.work tokens, and the one-pass scanner for files made of everyday tokens only.

The exact lexer (``parser._Input.read_token``, after x/mod's read.go) walks the text a
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

from gover.gomod.syntax import COMMENT, EOF, EOLCOMMENT, IDENT, STRING, Pos
from gover.lazyre import lazy

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class Tok(NamedTuple):
        kind: str
        pos: Pos
        end: Pos
        text: str
else:
    from collections import namedtuple

    Tok = namedtuple("Tok", "kind pos end text")

__all__ = ["COMMENT", "EOF", "EOLCOMMENT", "IDENT", "STRING", "Pos", "Tok", "scan"]

# punctuation is its own token kind ("\n", "(", ")", …)
PUNCT = "\n()[]{},"
NOT_IDENT = " ()[]{},"

BLANKS = lazy(r"[ \t\r]+")  # these two: the exact lexer's, for the files scan declines
# printable ASCII but not ()[]{}, nor space, nor the / of // or /*
_IDENT_CHAR = r"(?:[!-'*-+\--.0-Z\\^-z|~]|/(?![/*]))"
ASCII_IDENT = lazy(_IDENT_CHAR + "+")
# One token and the blanks before it: group 1 an identifier (which cannot start with a
# quote: that is a string, and one the exact lexer must read when it holds a backslash;
# written as runs of _IDENT_CHAR, which the regex engine loops over faster), 2 punctuation,
# 3 a comment, 4 a string.  The first characters of the four are disjoint.
# Compiled on first use: gomod.everyday reads nearly every file without it.
_SCAN = lazy(
    r"[ \t\r]*(?:((?![\"`])(?:[!-'*-+\--.0-Z\\^-z|~]+|/(?![/*]))+)"
    r"|([\n()\[\]{},])"
    r"|(//[^\n]*\n?)"  # with its newline, which the comment token takes
    r"|(\"[^\"\\\n]*\"|`[^`\n]*`))")


def scan(text: str) -> tuple[list[Tok], list[Tok]] | None:
    """(every token, EOF last; the suffix comments among them), or None: not an everyday file."""
    toks: list[Tok] = []
    suffix: list[Tok] = []
    line, ls = 1, 0  # the line number and the offset its first character has
    seen = False  # a token before this point of the line: a comment here is a suffix comment
    i, n = 0, len(text)
    append = toks.append
    new = tuple.__new__  # Pos(…) and Tok(…) without namedtuple's Python-level __new__
    for m in _SCAN.finditer(text):
        if m.start() != i:  # a character no token starts with
            return None
        kind = m.lastindex or 0  # never None: every alternative is a group
        s, j = m.start(kind), m.end()
        start = new(Pos, (line, s - ls + 1, s))
        if kind == 1:
            append(new(Tok, (IDENT, start, new(Pos, (line, j - ls + 1, j)), m.group(1))))
            seen = True
        elif kind == 2:
            t = text[s]
            if t == "\n":
                line, ls, seen = line + 1, j, False
                append(new(Tok, (t, start, new(Pos, (line, 1, j)), t)))
            else:
                append(new(Tok, (t, start, new(Pos, (line, j - ls + 1, j)), t)))
                seen = True
        elif kind == 3:
            t = m.group(3)
            if t.endswith("\n"):  # the token's text is without it, and without a CR before it
                t = t[:-2] if t.endswith("\r\n") else t[:-1]
                line, ls = line + 1, j
                end = new(Pos, (line, 1, j))
            else:
                end = new(Pos, (line, j - ls + 1, j))
            tok = new(Tok, (EOLCOMMENT if seen else COMMENT, start, end, t))
            append(tok)
            if seen:
                suffix.append(tok)
            seen = False
        else:
            append(new(Tok, (STRING, start, new(Pos, (line, j - ls + 1, j)), m.group(4))))
            seen = True
        i = j
    if i != n and text[i:].strip(" \t\r"):
        return None
    eof = Pos(line, n - ls + 1, n)
    append(Tok(EOF, eof, eof, ""))
    return toks, suffix
