"""The one-pass parser for everyday module files: a line at a time, no tokens.

Nearly every go.mod is lines of bare words (``module m``, ``go 1.22``, ``require (``,
``path version // indirect``, ``)``), blank lines and ``//`` comments.  For such a file
:func:`parse` builds the very tree ``parser.parse_syntax`` builds from tokens, splitting
each line with ``str.split`` (a C loop) instead of matching a pattern per token: a
third of the work, and gover check parses every go.mod of a repository on every commit.
It declines (returns None) anything else: a quote or ``[]{},`` outside a comment, a
``(`` or ``)`` that does not open or close a block on its own line, ``/*``, a character
outside printable ASCII before a comment, an unterminated block.  modfile then has the
token parser read the file from the start, and it owns every error.  tests/unit/gomod/test_everyday.py
holds the two to the same trees.
"""

from __future__ import annotations

from gover.gomod.syntax import (
    Comment,
    CommentBlock,
    Comments,
    FileSyntax,
    Line,
    LineBlock,
    Paren,
    Pos,
    assign_suffix_comments,
)

# What may stand outside a comment: identifier characters, blanks and the block parens.
_CODE = frozenset("!#$%&'*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ\\^_abcdefghijklmnopqrstuvwxyz|~"
                  " \t\r()")
_NEW = tuple.__new__  # Pos(…) without namedtuple's Python-level __new__


def parse(name: str, text: str) -> FileSyntax | None:
    f = FileSyntax(name, text)
    stmts = f.stmts
    suffix: list[Comment] = []  # every suffix comment, in order: syntax's assign_comments places them
    cb: CommentBlock | None = None  # comments alone on their lines, before a statement
    block: LineBlock | None = None
    pending: list[Comment] = []  # inside a block: comments and blank-line marks before the next line
    off, n = 0, len(text)
    segments = text.split("\n")
    last = len(segments)
    for ln, raw in enumerate(segments, 1):
        nl = ln < last  # the segment ends with a newline
        eol = off + len(raw) + 1 if nl else n  # the offset just past this line
        ci = raw.find("//")
        code = raw if ci < 0 else raw[:ci]
        if not _CODE.issuperset(code) or "/*" in code:
            return None
        words = code.split()
        comment = None
        if ci >= 0:
            t = raw[ci:]
            if nl and t.endswith("\r"):
                t = t[:-1]
            comment = Comment(_NEW(Pos, (ln, ci + 1, off + ci)), t, bool(words))
        if not words:
            if comment is not None:  # a comment alone on its line
                if block is not None:
                    pending.append(comment)
                else:
                    if cb is None:
                        cb = CommentBlock(comment.start)
                    cb.comments.before.append(comment)
            elif nl:  # a blank line (blanks at the very end, without a newline, are not one)
                if block is not None:
                    if (not pending and block.lines) or (pending and pending[-1].token != ""):
                        pending.append(Comment(Pos(0, 0, 0), ""))
                elif cb is not None:
                    stmts.append(cb)
                    cb = None
            off = eol
            continue
        if comment is not None:
            suffix.append(comment)
        if "(" in code or ")" in code:
            if words == [")"] and block is not None:
                at = off + code.index(")")
                block.rparen = Paren(_NEW(Pos, (ln, at - off + 1, at)), Comments(pending))
                block.end_offset = eol
                stmts.append(block)
                block, pending = None, []
                off = eol
                continue
            stripped = code.rstrip(" \t\r")
            head = stripped[:-1]
            if block is not None or not stripped.endswith("(") or "(" in head or ")" in head \
                    or not head.split():
                return None
            words = head.split()
            at = off + len(head)
            lparen = Paren(_NEW(Pos, (ln, at - off + 1, at)))
            block = LineBlock(_start(code, words[0], ln, off), words, lparen, Paren(lparen.pos))
            if cb is not None:
                block.comments.before = cb.comments.before
                cb = None
            off = eol
            continue
        line = _line(code, words, ln, off, eol, block is not None)
        if block is not None:
            line.comments.before = pending
            pending = []
            block.lines.append(line)
        else:
            stmts.append(line)
            if cb is not None:
                line.comments.before = cb.comments.before
                cb = None
        off = eol
    if block is not None:
        return None  # unterminated: the token parser words the error
    if cb is not None:
        stmts.append(cb)
    assign_suffix_comments(f, suffix)
    return f


def _start(code: str, first: str, ln: int, off: int) -> Pos:
    at = code.index(first)
    return _NEW(Pos, (ln, at + 1, off + at))


def _line(code: str, words: list[str], ln: int, off: int, eol: int, in_block: bool) -> Line:
    spans = []
    k = 0
    for w in words:
        k = code.find(w, k)
        spans.append((off + k, off + k + len(w)))
        k += len(w)
    first, end = spans[0][0], spans[-1][1]
    return Line(_NEW(Pos, (ln, first - off + 1, first)), _NEW(Pos, (ln, end - off + 1, end)), words,
                in_block, Comments(), spans, eol)
