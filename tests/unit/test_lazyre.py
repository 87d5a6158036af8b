"""``lazy`` compiles nothing until a pattern is used, then behaves as ``re.compile``."""

from __future__ import annotations

import re

import pytest

from gover import lazyre


def test_nothing_is_compiled_before_the_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int]] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        calls.append((pattern, flags))
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    p = lazyre.lazy(r"^go1\.(\d+)$", re.A)
    assert calls == []
    assert p.match("go1.22") is not None and p.match("go1.x") is None
    assert p.fullmatch("go1.3") is not None
    assert calls == [(r"^go1\.(\d+)$", re.A)]  # once, with its flags, for every later use


@pytest.mark.parametrize("pattern,flags,text", [
    (r"a(b+)c", 0, "xxabbbc abc ac"),
    (r"(?:^|\n\n)Deprecated: *(.*?)(?:\Z|\n\n)", re.S, "x\n\nDeprecated: old\nline\n\nmore"),
    (r"[A-Z]+", re.I, "abc DEF gh"),
    (r"\d", re.A, "1 ٣ 2"),
])
def test_every_method_answers_as_the_compiled_pattern(pattern: str, flags: int, text: str) -> None:
    want, got = re.compile(pattern, flags), lazyre.lazy(pattern, flags)

    def spans(ms: object) -> list[tuple[int, int]]:
        return [m.span() for m in ms]  # type: ignore[attr-defined]

    assert got.search(text) is not None and got.search(text).group() == want.search(text).group()  # type: ignore[union-attr]
    assert (got.match(text) is None) == (want.match(text) is None)
    assert (got.fullmatch(text) is None) == (want.fullmatch(text) is None)
    assert got.findall(text) == want.findall(text)
    assert spans(got.finditer(text)) == spans(want.finditer(text))
    assert got.sub("-", text) == want.sub("-", text) and got.subn("-", text) == want.subn("-", text)
    assert got.split(text) == want.split(text)
    assert (got.pattern, got.flags, got.groups, got.groupindex) == \
        (want.pattern, want.flags, want.groups, want.groupindex)


def test_a_bad_pattern_fails_where_it_is_used() -> None:
    p = lazyre.lazy("a(")
    with pytest.raises(re.error):
        p.match("a")
