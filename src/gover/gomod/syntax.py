"""The go.mod/go.work syntax tree (golang.org/x/mod/modfile read.go).

gomod/everyday.py builds it for nearly every real file, gomod/parser.py for any file.

The grammar: a file is statements; a statement is a line of tokens, or a block
``verb (`` … ``)`` of lines.  Only ``//`` comments exist: one alone on its line is
a *before* comment of the next statement (unless a blank line intervenes, which
makes it a free comment block); one after tokens is a *suffix* comment, attached
to the last element that ends before it on its line.  Syntax errors are
gomod/parser.py's.

Positions are (line, rune-in-line, offset); the offset indexes the decoded text
(see ``gostr``), which orders the same way as Go's byte offsets.
"""

from __future__ import annotations

from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class Pos(NamedTuple):
        line: int
        rune: int
        offset: int
else:
    from collections import namedtuple

    Pos = namedtuple("Pos", "line rune offset")

# token kinds (punctuation is its own kind: "\n", "(", ")", …); gomod/lexer.py and
# gomod/parser.py make the tokens
EOF, EOLCOMMENT, IDENT, STRING, COMMENT = "EOF", "EOLCOMMENT", "IDENT", "STRING", "COMMENT"

__all__ = ["COMMENT", "EOF", "EOLCOMMENT", "IDENT", "STRING", "Comment", "CommentBlock", "Comments",
           "FileSyntax", "Line", "LineBlock", "ParseError", "Paren", "Pos", "Stmt"]


@record
class Comment:
    start: Pos
    token: str  # "" marks a blank line inside a block
    suffix: bool = False


@record
class Comments:
    before: list[Comment] = field(default_factory=list)
    suffix: list[Comment] = field(default_factory=list)
    after: list[Comment] = field(default_factory=list)


@record
class Line:
    start: Pos
    end: Pos
    tokens: list[str]
    in_block: bool = False
    comments: Comments = field(default_factory=Comments)
    token_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets, for the writer
    end_offset: int = 0  # offset just past the line's newline (or EOF)

    def span(self) -> tuple[Pos, Pos]:
        return self.start, self.end


@record
class Paren:
    pos: Pos
    comments: Comments = field(default_factory=Comments)

    def span(self) -> tuple[Pos, Pos]:
        return self.pos, Pos(self.pos.line, self.pos.rune + 1, self.pos.offset + 1)


@record
class LineBlock:
    start: Pos
    tokens: list[str]
    lparen: Paren
    rparen: Paren
    lines: list[Line] = field(default_factory=list)
    comments: Comments = field(default_factory=Comments)
    end_offset: int = 0

    def span(self) -> tuple[Pos, Pos]:
        return self.start, self.rparen.span()[1]


@record
class CommentBlock:
    start: Pos
    comments: Comments = field(default_factory=Comments)

    def span(self) -> tuple[Pos, Pos]:
        return self.start, self.start


Stmt = Line | LineBlock | CommentBlock


@record
class FileSyntax:
    name: str
    text: str
    stmts: list[Stmt] = field(default_factory=list)
    comments: Comments = field(default_factory=Comments)


class ParseError(Exception):
    """One positioned error, formatted as Go's modfile.Error."""

    def __init__(self, filename: str, pos: Pos | None, msg: str) -> None:
        super().__init__(msg)
        self.filename, self.pos, self.msg = filename, pos, msg

    def __str__(self) -> str:
        if self.pos is not None and self.pos.rune > 1:
            return f"{self.filename}:{self.pos.line}:{self.pos.rune}: {self.msg}"
        if self.pos is not None and self.pos.line > 0:
            return f"{self.filename}:{self.pos.line}: {self.msg}"
        if self.filename:
            return f"{self.filename}: {self.msg}"
        return self.msg


def assign_suffix_comments(file: FileSyntax, suffix: list[Comment]) -> None:
    """Attach each suffix comment (in text order; the list is consumed) to the last element
    that ends before it on its line, as x/mod's assignComments; the rest are the file's."""
    post: list[Line | LineBlock | CommentBlock | Paren] = []
    for s in file.stmts:
        if isinstance(s, LineBlock):
            post.append(s.lparen)
            post.extend(s.lines)
            post.append(s.rparen)
        post.append(s)
    for x in reversed(post):
        start, end = x.span()
        if start.line != end.line:
            continue
        got: list[Comment] = []
        while suffix and end.offset <= suffix[-1].start.offset:
            got.append(suffix.pop())
        if got:
            got.reverse()
            x.comments.suffix.extend(got)
    file.comments.before.extend(suffix)
