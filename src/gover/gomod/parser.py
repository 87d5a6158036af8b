"""The exact go.mod/go.work lexer and parser (golang.org/x/mod/modfile read.go).

It reads any file and owns every syntax error: it stops at the first one, at the lexer's
position, with Go's message.  gomod/everyday.py builds the same tree for nearly every real
file without it, and lexer.scan hands it the tokens of a file of everyday tokens; only a
file neither takes (or an error) is lexed here a character at a time.
"""

from __future__ import annotations

from gover.gomod import lexer
from gover.gomod.gostr import is_print, quote_rune
from gover.gomod.lexer import ASCII_IDENT, BLANKS, NOT_IDENT, PUNCT
from gover.gomod.lexer import Tok as _Tok
from gover.gomod.syntax import (
    COMMENT,
    EOF,
    EOLCOMMENT,
    IDENT,
    STRING,
    Comment,
    CommentBlock,
    Comments,
    FileSyntax,
    Line,
    LineBlock,
    Paren,
    ParseError,
    Pos,
    assign_suffix_comments,
)


def _is_ident(c: str) -> bool:
    return c not in NOT_IDENT and not c.isspace() and is_print(c)


class _Input:
    def __init__(self, filename: str, text: str) -> None:
        self.filename, self.text = filename, text
        self.i, self.line, self.rune = 0, 1, 1
        self.tok: _Tok = _Tok(EOF, Pos(1, 1, 0), Pos(1, 1, 0), "")
        self.suffix_comments: list[Comment] = []
        self.file = FileSyntax(filename, text)
        self._toks: list[_Tok] | None = None  # from lexer.scan: the tokens, read in order
        self._k = 0

    def use_tokens(self, toks: list[_Tok], suffix: list[_Tok]) -> None:
        """Read ``toks`` (lexer.scan's, ending in EOF) instead of lexing the text."""
        self._toks, self._k = toks, 0
        self.suffix_comments = [Comment(t.pos, t.text, True) for t in suffix]

    # --- lexer ---
    def pos(self) -> Pos:
        if self._toks is not None:  # where the exact lexer would stand: after the lookahead
            return self.tok.end
        return Pos(self.line, self.rune, self.i)

    def error(self, msg: str, pos: Pos | None = None) -> ParseError:
        return ParseError(self.filename, pos or self.pos(), msg)

    def read_rune(self) -> str:
        c = self.text[self.i]
        self.i += 1
        if c == "\n":
            self.line, self.rune = self.line + 1, 1
        else:
            self.rune += 1
        return c

    def read_token(self) -> None:
        toks = self._toks
        if toks is not None:
            k = self._k
            self.tok = toks[k]
            if k + 1 < len(toks):  # past the end, EOF again, as the lexer
                self._k = k + 1
            return
        text, n = self.text, len(self.text)
        while self.i < n:
            m = BLANKS.match(text, self.i)
            if m:
                self.rune += m.end() - self.i
                self.i = m.end()
                continue
            if text.startswith("//", self.i):
                start = self.pos()
                nl = text.rfind("\n", 0, self.i)
                suffix = text[nl + 1:self.i].strip(" \t\r\v\f\x85\xa0") != ""
                j = text.find("\n", self.i)
                if j < 0:
                    self.rune += n - self.i
                    self.i = n
                else:
                    self.i, self.line, self.rune = j + 1, self.line + 1, 1
                tok = text[start.offset:self.i]
                tok = tok[:-2] if tok.endswith("\r\n") else tok.removesuffix("\n")
                self.tok = _Tok(EOLCOMMENT if suffix else COMMENT, start, self.pos(), tok)
                if suffix:
                    self.suffix_comments.append(Comment(start, tok, True))
                return
            if text.startswith("/*", self.i):
                raise self.error("mod files must use // comments (not /* */ comments)")
            break
        start = self.pos()
        if self.i >= n:
            self.tok = _Tok(EOF, start, start, "")
            return
        c = text[self.i]
        if c in PUNCT:
            self.read_rune()
            self.tok = _Tok(c, start, self.pos(), c)
            return
        if c in "\"`":
            self.read_rune()
            while True:
                if self.i >= n:
                    raise self.error("unexpected EOF in string", start)
                if text[self.i] == "\n":
                    raise self.error("unexpected newline in string")
                d = self.read_rune()
                if d == c:
                    break
                if d == "\\" and c != "`":
                    if self.i >= n:
                        raise self.error("unexpected EOF in string", start)
                    self.read_rune()
            self.tok = _Tok(STRING, start, self.pos(), text[start.offset:self.i])
            return
        if not _is_ident(c):
            raise self.error(f"unexpected input character {quote_rune(c)}")
        while self.i < n:
            # Fast path: a run of printable ASCII identifier characters.
            m = ASCII_IDENT.match(text, self.i)
            if m:
                self.rune += m.end() - self.i
                self.i = m.end()
                continue
            if text.startswith("//", self.i):
                break
            if text.startswith("/*", self.i):
                raise self.error("mod files must use // comments (not /* */ comments)")
            if not _is_ident(text[self.i]):
                break
            self.read_rune()
        self.tok = _Tok(IDENT, start, self.pos(), text[start.offset:self.i])

    def peek(self) -> str:
        return self.tok.kind

    def lex(self) -> _Tok:
        tok = self.tok
        self.read_token()
        return tok

    # --- parser ---
    def parse_file(self) -> None:
        cb: CommentBlock | None = None
        stmts = self.file.stmts
        while True:
            k = self.peek()
            if k == "\n":
                self.lex()
                if cb is not None:
                    stmts.append(cb)
                    cb = None
            elif k == COMMENT:
                tok = self.lex()
                if cb is None:
                    cb = CommentBlock(tok.pos)
                cb.comments.before.append(Comment(tok.pos, tok.text))
            elif k == EOF:
                if cb is not None:
                    stmts.append(cb)
                return
            else:
                self.parse_stmt()
                if cb is not None:
                    stmts[-1].comments.before = cb.comments.before
                    cb = None

    def parse_stmt(self) -> None:
        tok = self.lex()
        start, end = tok.pos, tok.end
        tokens, spans = [tok.text], [(tok.pos.offset, tok.end.offset)]
        while True:
            tok = self.lex()
            if tok.kind in (EOF, EOLCOMMENT, "\n"):
                self.file.stmts.append(Line(start, end, tokens, False, Comments(), spans,
                                            self.eol_offset(tok)))
                return
            if tok.kind == "(":
                nxt = self.peek()
                if nxt in (EOF, EOLCOMMENT, "\n"):
                    self.file.stmts.append(self.parse_block(start, tokens, tok))
                    return
                if nxt == ")":
                    rparen = self.lex()
                    if self.peek() in (EOF, EOLCOMMENT, "\n"):
                        eol = self.lex()
                        self.file.stmts.append(LineBlock(start, tokens, Paren(tok.pos), Paren(rparen.pos),
                                                         [], Comments(), self.eol_offset(eol)))
                        return
                    tokens += [tok.text, rparen.text]
                    spans += [(tok.pos.offset, tok.end.offset), (rparen.pos.offset, rparen.end.offset)]
                else:
                    tokens.append(tok.text)
                    spans.append((tok.pos.offset, tok.end.offset))
            else:
                tokens.append(tok.text)
                spans.append((tok.pos.offset, tok.end.offset))
                end = tok.end

    def eol_offset(self, tok: _Tok) -> int:
        return tok.end.offset if tok.kind != EOF else len(self.text)

    def parse_block(self, start: Pos, tokens: list[str], lparen: _Tok) -> LineBlock:
        x = LineBlock(start, tokens, Paren(lparen.pos), Paren(lparen.pos))
        comments: list[Comment] = []
        while True:
            k = self.peek()
            if k == EOLCOMMENT:
                self.lex()
            elif k == "\n":
                self.lex()
                if (not comments and x.lines) or (comments and comments[-1].token != ""):
                    comments.append(Comment(Pos(0, 0, 0), ""))
            elif k == COMMENT:
                tok = self.lex()
                comments.append(Comment(tok.pos, tok.text))
            elif k == EOF:
                raise self.error(f"syntax error (unterminated block started at "
                                 f"{self.filename}:{x.start.line}:{x.start.rune})")
            elif k == ")":
                rparen = self.lex()
                x.rparen = Paren(rparen.pos, Comments(comments))
                if self.peek() not in (EOF, EOLCOMMENT, "\n"):
                    raise self.error("syntax error (expected newline after closing paren)")
                x.end_offset = self.eol_offset(self.lex())
                return x
            else:
                line = self.parse_line()
                line.comments.before = comments
                x.lines.append(line)
                comments = []

    def parse_line(self) -> Line:
        if self._toks is not None:
            return self._parse_scanned_line(self._toks)
        tok = self.lex()
        start, end = tok.pos, tok.end
        tokens, spans = [tok.text], [(tok.pos.offset, tok.end.offset)]
        while True:
            tok = self.lex()
            if tok.kind in (EOF, EOLCOMMENT, "\n"):
                return Line(start, end, tokens, True, Comments(), spans, self.eol_offset(tok))
            tokens.append(tok.text)
            spans.append((tok.pos.offset, tok.end.offset))
            end = tok.end

    def _parse_scanned_line(self, toks: list[_Tok]) -> Line:
        """parse_line over scanned tokens, indexing them instead of calling lex() for each
        (a block line is most of a go.mod); it leaves the lookahead where lex() would."""
        first, k, n = self.tok, self._k, len(toks)  # the token after self.tok is toks[k]
        start, end = first.pos, first.end
        tokens, spans = [first.text], [(start.offset, end.offset)]
        while True:
            t = toks[k]
            if t.kind in (EOF, EOLCOMMENT, "\n"):
                break
            tokens.append(t.text)
            spans.append((t.pos.offset, t.end.offset))
            end = t.end
            k += 1
        nxt = k + 1 if k + 1 < n else k  # past the end, EOF again
        self.tok, self._k = toks[nxt], (nxt + 1 if nxt + 1 < n else nxt)
        return Line(start, end, tokens, True, Comments(), spans, self.eol_offset(t))

    def assign_comments(self) -> None:
        assign_suffix_comments(self.file, self.suffix_comments)


def parse_syntax(filename: str, text: str) -> FileSyntax:
    """Parse module-file text into a syntax tree; raises ParseError at the first syntax error."""
    inp = _Input(filename, text)
    scanned = lexer.scan(text)
    if scanned is not None:
        inp.use_tokens(*scanned)
    inp.read_token()
    inp.parse_file()
    inp.assign_comments()
    return inp.file
