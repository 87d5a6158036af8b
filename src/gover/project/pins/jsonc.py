"""A JSON-with-comments reader (devcontainer.json, .golangci.json) that keeps positions:
every string and number with its path and span.  Comments (``//``, ``/* */``) and
trailing commas are accepted, as the Dev Containers spec allows."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from gover.project.pins.model import ReadError

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


@dataclass
class Value:
    path: tuple[str | int, ...]
    value: str
    start: int  # the token as written (quotes included)
    end: int
    is_string: bool


class _Parser:
    def __init__(self, text: str) -> None:
        self.t, self.out = text, []  # type: ignore[var-annotated]

    def fail(self, i: int, msg: str) -> ReadError:
        return ReadError(self.t.count("\n", 0, i) + 1, msg)

    def ws(self, i: int) -> int:
        t = self.t
        while i < len(t):
            if t[i] in " \t\r\n\ufeff":
                i += 1
            elif t.startswith("//", i):
                j = t.find("\n", i)
                i = len(t) if j < 0 else j
            elif t.startswith("/*", i):
                j = t.find("*/", i + 2)
                if j < 0:
                    raise self.fail(i, "unterminated /* comment")
                i = j + 2
            else:
                break
        return i

    def string(self, i: int) -> tuple[str, int]:
        t, j = self.t, i + 1
        while j < len(t) and t[j] != '"':
            if t[j] == "\n":
                break
            j += 2 if t[j] == "\\" else 1
        if j >= len(t) or t[j] != '"':
            raise self.fail(i, "unterminated string")
        try:
            return json.loads(t[i:j + 1]), j + 1
        except ValueError:
            raise self.fail(i, "invalid escape in string") from None

    def value(self, i: int, path: tuple[str | int, ...]) -> int:
        t = self.t
        i = self.ws(i)
        if i >= len(t):
            raise self.fail(i, "unexpected end of file")
        ch = t[i]
        if ch == "{":
            return self.container(i, path, "}")
        if ch == "[":
            return self.container(i, path, "]")
        if ch == '"':
            s, j = self.string(i)
            self.out.append(Value(path, s, i, j, True))
            return j
        m = _NUMBER.match(t, i)
        if m:
            self.out.append(Value(path, m.group(), i, m.end(), False))
            return m.end()
        for word in ("true", "false", "null"):
            if t.startswith(word, i):
                return i + len(word)
        raise self.fail(i, f"unexpected character {ch!r}")

    def container(self, i: int, path: tuple[str | int, ...], closer: str) -> int:
        t, i, idx = self.t, i + 1, 0
        while True:
            i = self.ws(i)
            if i < len(t) and t[i] == closer:
                return i + 1
            if closer == "}":
                if i >= len(t) or t[i] != '"':
                    raise self.fail(i, "expected a quoted key")
                key, i = self.string(i)
                i = self.ws(i)
                if i >= len(t) or t[i] != ":":
                    raise self.fail(i, "expected ':' after a key")
                i = self.value(i + 1, path + (key,))
            else:
                i = self.value(i, path + (idx,))
            i = self.ws(i)
            if i < len(t) and t[i] == ",":
                i, idx = i + 1, idx + 1
            elif i >= len(t) or t[i] != closer:
                raise self.fail(i, f"expected ',' or '{closer}'")


def scan(text: str) -> list[Value]:
    p = _Parser(text)
    end = p.ws(p.value(0, ()))
    if end != len(text):
        raise p.fail(end, "unexpected text after the top-level value")
    return p.out
