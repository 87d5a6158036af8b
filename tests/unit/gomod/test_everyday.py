"""everyday.parse builds exactly the tree the token parser builds, or declines the file.

The oracle is ``parser.parse_syntax``, the token parser modfile falls back to (held to the
exact lexer by test_lexer.py, and to Go by the corpus and parity tests): every corpus
file, mutants of corpus files, and generated files must give the same tree from both,
and the everyday parser must accept most real files.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gover.gomod import everyday, parser, syntax
from tests.conftest import corpus_texts

ODD = ["(", ")", " ( )", "(\n", ")\n", "\n", "\n\n", "// c\n", "\t// c", "\r", "\r\n", " ", "\t", "/*",
       '"', "`", "é", "\v", ",", "[", "a//b", "//", "/", ")x", "x (", "require (", "\n)\n"]


def _token_tree(text: str) -> syntax.FileSyntax | str:
    try:
        return parser.parse_syntax("go.mod", text)
    except syntax.ParseError as e:
        return str(e)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """everyday agrees with the token parser on ``text``; False when it declines."""
    got = everyday.parse("go.mod", text)
    if got is None:
        return False
    want = _token_tree(text)
    assert not isinstance(want, str), (text, want)  # never accepts what the parser refuses
    assert got == want, text
    return True


def test_everyday_reads_nearly_every_corpus_file_as_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = corpus_texts()
    accepted = sum(_same(t, monkeypatch) for t in texts)
    assert accepted >= len(texts) * 3 // 4, (accepted, len(texts))


def test_everyday_agrees_on_mutants_or_declines_them(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(3)
    texts = corpus_texts()
    accepted = declined = 0
    for _ in range(150):
        t = rnd.choice(texts)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randint(0, len(t))
            t = t[:i] + rnd.choice(ODD) + t[i + rnd.choice((0, 0, 1)):]
        if _same(t, monkeypatch):
            accepted += 1
        else:
            declined += 1
    assert accepted > 20 and declined > 20  # both paths were exercised


@pytest.mark.parametrize("text", [
    "", "\n", "module m", "module m\n", "// only\n", "// only", "module m // c\r\n", "x //c\r",
    "a/b/c v1 //x", "  \t\r\n", "module m\t \r", "/x\n", "a//b", "a///b\n", "\t", "module m\n\t",
    "require (\n\tx v1 // indirect\n)\n", "require(\n\tx v1\n)", "require ( // c\n\tx v1\n) // d\n",
    "// a\n// b\n\n// c\nmodule m\n", "require (\n\n\t// c\n\n\tx v1\n\n\t// d\n)\n",
    "module m\n// c\nrequire (\n)\n", "go 1.22 // x\r\ntoolchain go1.22.1\r\n", "a\\b 'c'\n",
])
def test_everyday_agrees_on_small_texts(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _same(text, monkeypatch)


@pytest.mark.parametrize("text", [
    "require (\n\tx v1\n", "a ( ) b\n", "a ()\n", ")\n", "(\n", "x (\n(\n)\n", "require (\n) x\n",
    '"q" v1\n', "a /* b */\n", "a,b\n", "é\n", "a\vb\n", "require (\n\tx (\n)\n",
])
def test_everyday_declines_what_it_does_not_read(text: str) -> None:
    assert everyday.parse("go.mod", text) is None


_line = st.sampled_from(["module example.com/m", "go 1.22.0", "toolchain go1.22.1", "require (", ")",
                         "\tgithub.com/a/b v1.2.3", "\tx v1 // indirect", "// a comment", "", "\t",
                         "replace a => ../b", "require x v1 // c", "retract [v1, v2]", "exclude (",
                         "  // in block", ") // after", "godebug (", "\tpanicnil=1", "x (", "a\r"])


@settings(max_examples=150)
@given(st.lists(_line, max_size=14), st.booleans())
def test_everyday_agrees_on_generated_files(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    got = everyday.parse("go.mod", text)
    if got is None:
        return
    assert got == parser.parse_syntax("go.mod", text), text
