"""Dockerfiles (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, ``Containerfile``):
``FROM [--platform=…] golang:TAG [AS stage]`` in every stage, ``COPY --from=golang:…``,
and ``ARG``/``ENV`` values that name a Go version — one a Go image tag uses
(``FROM golang:${GO_VERSION}-alpine``) or one called GO_VERSION/GOLANG_VERSION.

Instructions are read as BuildKit reads them: continuation lines (``\\``, or the
``# escape=`` directive's character), comment lines inside them, case-insensitive
keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gover.project.pins.images import image_pin, is_golang
from gover.project.pins.model import Pin, Source

VERSION_VAR = re.compile(r"^(?:GO|GOLANG)_?(?:VERSION|VER)$", re.IGNORECASE)
_VAR_REF = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_WHOLE_VAR = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")


@dataclass
class _Word:
    text: str
    start: int  # file offsets of the word's first and last character (+1)
    end: int


_KEYWORDS = ("FROM", "ARG", "ENV", "COPY", "RUN")  # the instructions that can name Go
_WORD = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s"'])+""")


def _instructions(text: str) -> list[list[_Word]]:
    """The instructions that can name Go, as words with file offsets, continuations joined."""
    escape = "\\"
    m = re.match(r"(?:#\s*\w+\s*=.*\n)*?#\s*escape\s*=\s*(\S)", text)
    if m:
        escape = m.group(1)
    out: list[list[_Word]] = []
    pieces: list[tuple[int, str]] = []  # (file offset, text) of each physical line's part
    off = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if body.lstrip().startswith("#"):  # a comment, also between continuation lines
            off += len(raw)
            continue
        trimmed = body.rstrip()
        cont = trimmed.endswith(escape)
        pieces.append((off, trimmed[:-1] if cont else body))
        if not cont:
            _words(out, pieces)
            pieces = []
        off += len(raw)
    if pieces:
        _words(out, pieces)
    return out


def _words(out: list[list[_Word]], pieces: list[tuple[int, str]]) -> None:
    first = pieces[0][1].lstrip()
    if not first[:4].upper().startswith(_KEYWORDS):
        return
    if first[:3].upper() == "RUN" and "from=" not in "".join(t for _, t in pieces):
        return
    # A line break separates words, as whitespace does; quotes never span lines here.
    words = [_Word(m.group(), off + m.start(), off + m.end()) for off, t in pieces for m in _WORD.finditer(t)]
    if words:
        out.append(words)


def _unquote(w: _Word, start: int) -> tuple[int, int]:
    """The span of a value starting at file offset ``start`` inside word ``w``, quotes removed."""
    end = w.end
    if start < end and w.text[start - w.start] in "\"'" and end - start >= 2:
        return start + 1, end - 1
    return start, end


def read(src: Source) -> list[Pin]:
    insts = _instructions(src.text)
    out: list[Pin] = []
    used_in_from: dict[str, str] = {}  # variable → the FROM image text that uses it
    for words in insts:
        op = words[0].text.upper()
        if op == "FROM":
            rest = [w for w in words[1:] if not w.text.startswith("--")]
            if not rest:
                continue
            image = rest[0]
            stage = rest[2].text if len(rest) >= 3 and rest[1].text.upper() == "AS" else ""
            where = f"FROM (stage {stage})" if stage else "FROM"
            pin = image_pin(src, image.start, image.end, tool="docker build", where=where)
            if pin is not None:
                out.append(pin)
            name, _, tag = image.text.partition(":")
            whole = _WHOLE_VAR.match(image.text)
            if whole:  # FROM ${BASE}: the variable holds the whole image reference
                used_in_from.setdefault(whole.group(1), image.text)
            elif is_golang(name.split("@", 1)[0]):
                m = _VAR_REF.match(tag)  # only the variable in the version's place pins Go
                if m:
                    used_in_from.setdefault(m.group(1), image.text)
        elif op in ("COPY", "RUN"):
            for w in words[1:]:
                m = re.match(r"--(?:from|mount=.*\bfrom)=", w.text)
                if m:
                    pin = image_pin(src, w.start + m.end(), w.end, tool="docker build",
                                    where=f"{op} --from")
                    if pin is not None:
                        out.append(pin)
    for words in insts:
        op = words[0].text.upper()
        if op not in ("ARG", "ENV"):
            continue
        pairs: list[tuple[str, _Word, int]] = []
        if op == "ENV" and len(words) >= 3 and "=" not in words[1].text:
            pairs.append((words[1].text, words[2], words[2].start))  # ENV KEY value
        else:
            for w in words[1:]:
                if "=" in w.text:
                    k = w.text.split("=", 1)[0]
                    pairs.append((k, w, w.start + len(k) + 1))
        for key, w, vstart in pairs:
            s, e = _unquote(w, vstart)
            value = src.text[s:e]
            if key in used_in_from or VERSION_VAR.match(key):
                if key in used_in_from and ":" in value:
                    pin = image_pin(src, s, e, tool="docker build", where=f"{op} {key}")
                    if pin is not None:
                        out.append(pin)
                    continue
                tool = (f"docker build (FROM {used_in_from[key]}; --build-arg {key}=… overrides it)"
                        if key in used_in_from and op == "ARG" else
                        f"docker build (FROM {used_in_from[key]})" if key in used_in_from else
                        "docker build (the Dockerfile's own steps)")
                out.append(src.pin(s, e, tool=tool, where=f"{op} {key}"))
    out.sort(key=lambda p: (p.line, p.column))
    return out
