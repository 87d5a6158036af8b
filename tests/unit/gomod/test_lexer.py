"""lexer.scan reads exactly the tokens the exact lexer reads, or declines the file.

The oracle is ``parser._Input.read_token`` itself (held to Go by the corpus and parity
tests): every corpus file, and mutants of it with the characters that make the exact
lexer take its odd paths spliced in, must give the same tokens and suffix comments from
both, and every file scan declines must be one with such a character.
"""

from __future__ import annotations

import random

import pytest

from gover.gomod import lexer, parser, syntax
from tests.conftest import corpus_texts

ODD = ["/*", "\\", '"', "`", "\r", "\r\n", "\v", "\f", "é", "\u00a0", "\x00", "\x7f", "//", "/", "'",
       "(", ")", "\t", " ", "\n", "\n\n", "a/", "//x\r", '"a\\"', "`a\nb`", '"é"', "\ufeff", "[", ","]


def _exact(text: str) -> tuple[list[lexer.Tok], list[tuple[syntax.Pos, str]]] | str:
    """Every token the exact lexer reads (EOF last), and its suffix comments; or its error."""
    inp = parser._Input("go.mod", text)
    toks: list[lexer.Tok] = []
    try:
        while True:
            inp.read_token()
            toks.append(inp.tok)
            if inp.tok.kind == lexer.EOF:
                break
    except syntax.ParseError as e:
        return str(e)
    return toks, [(c.start, c.token) for c in inp.suffix_comments]


def _same(text: str) -> bool:
    """scan agrees with the exact lexer on ``text``; False when scan declines it."""
    got = lexer.scan(text)
    if got is None:
        return False
    want = _exact(text)
    assert not isinstance(want, str), (text, want)  # scan never accepts what the lexer refuses
    toks, suffix = got
    assert toks == want[0], text
    assert [(t.pos, t.text) for t in suffix] == want[1], text
    return True


def test_scan_reads_every_corpus_file_as_the_exact_lexer() -> None:
    texts = corpus_texts()
    assert all(_same(t) for t in texts if t.isascii() and "/*" not in t and "\\" not in t)


def mutants_agree(seed: int, count: int) -> None:
    """``count`` corpus files with odd characters spliced in: scanned alike, or declined."""
    rnd = random.Random(seed)
    texts = corpus_texts()
    accepted = declined = 0
    for _ in range(count):
        t = rnd.choice(texts)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randint(0, len(t))
            t = t[:i] + rnd.choice(ODD) + t[i + rnd.choice((0, 0, 1)):]
        if _same(t):
            accepted += 1
        else:
            declined += 1
    assert accepted > count // 6 and declined > count // 6  # both paths were exercised


def test_scan_agrees_on_mutants_or_declines_them() -> None:
    mutants_agree(0, 100)  # 1,200 more: tests/integration/test_lexer_volume.py


@pytest.mark.parametrize("text", [
    "", "\n", "module m", "module m\n", "// only\n", "// only", "module m // c\r\n", "x //c\r",
    "a(b)c,d[e]{f}\n", '"q" `r` s"t"\n', "a/b/c v1 //x", "go 1.21\n\n\n)\n", "  \t\r\n",
    "module m\t \r", "/x\n", "a//b", "require (\n\tx v1 // indirect\n)\n",
])
def test_scan_agrees_on_small_texts(text: str) -> None:
    assert _same(text)


@pytest.mark.parametrize("text", ["/* c */", 'a "b\\"c"', '"x\n"', "é", "a\vb", "a\x00", "`x\ny`", '"open'])
def test_scan_declines_what_only_the_exact_lexer_reads(text: str) -> None:
    assert lexer.scan(text) is None


def _tree(text: str) -> syntax.FileSyntax | str:
    try:
        return parser.parse_syntax("go.mod", text)
    except syntax.ParseError as e:
        return str(e)


def trees_agree(seed: int, count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser's own errors stand where the exact lexer stands (after the lookahead)."""
    rnd = random.Random(seed)
    texts = corpus_texts()
    cases = ["module m\nrequire (\n", "require (\nx v1\n", "a (\n) x\n", "a ( ) b\n", "(\n", ")\n",
             "require ( // c\n\tx v1\n) // d\n", "x (\n)"]
    for _ in range(count):
        t = rnd.choice(texts)
        i = rnd.randint(0, len(t))
        cases.append(t[:i] + rnd.choice(["(", ")", "\n", "(\n", ")\n", " ( )", "// c\n"]) + t[i:])
    scanned = [_tree(t) for t in cases]
    with monkeypatch.context() as m:
        m.setattr(lexer, "scan", lambda text: None)
        assert scanned == [_tree(t) for t in cases]
    assert any(isinstance(x, str) for x in scanned) and any(not isinstance(x, str) for x in scanned)


def test_parser_errors_and_trees_are_the_same_from_scanned_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    trees_agree(7, 60, monkeypatch)  # 400 more: tests/integration/test_lexer_volume.py
