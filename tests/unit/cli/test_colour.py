"""When gover colours: a real pseudo-terminal against a pipe, NO_COLOR, FORCE_COLOR,
TERM=dumb and --color; and the dim line for a source skipped on the way to the next."""

from __future__ import annotations

import io
import os
import pty
from collections.abc import Iterator
from typing import TextIO

import pytest

from gover.cli.colour import Style, enabled
from gover.cli.context import Ctx

TERM = {"TERM": "xterm-256color"}


@pytest.fixture
def tty() -> Iterator[TextIO]:
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        yield stream
    os.close(master)


@pytest.fixture
def pipe() -> Iterator[TextIO]:
    r, w = os.pipe()
    with os.fdopen(w, "w") as stream:
        yield stream
    os.close(r)


def test_a_terminal_gets_colour_and_a_pipe_does_not(tty: TextIO, pipe: TextIO) -> None:
    assert tty.isatty() and not pipe.isatty()
    assert enabled("auto", TERM, tty)
    assert not enabled("auto", TERM, pipe)
    assert not enabled("auto", TERM, io.StringIO())


def test_the_environment_rules(tty: TextIO, pipe: TextIO) -> None:
    assert not enabled("auto", {**TERM, "NO_COLOR": "1"}, tty)
    assert enabled("auto", {**TERM, "NO_COLOR": ""}, tty)  # only a non-empty value counts
    assert not enabled("auto", {"TERM": "dumb"}, tty)
    assert enabled("auto", {**TERM, "FORCE_COLOR": "1"}, pipe)
    assert not enabled("auto", {**TERM, "NO_COLOR": "1", "FORCE_COLOR": "1"}, tty)


def test_the_flag_wins(tty: TextIO, pipe: TextIO) -> None:
    assert not enabled("never", {**TERM, "FORCE_COLOR": "1"}, tty)
    assert enabled("always", {**TERM, "NO_COLOR": "1"}, pipe)


def test_styles_are_plain_when_off() -> None:
    on, off = Style(True), Style(False)
    assert on.mark(True) == "\x1b[32m✓\x1b[0m" and on.mark(False) == "\x1b[31m✗\x1b[0m"
    assert off.mark(True) == "✓" and off.version("go1.23.9") == "go1.23.9"
    assert on.severity("error", "error") == "\x1b[31merror\x1b[0m"


def test_a_skipped_source_is_one_dim_line_on_a_terminal(tty: TextIO) -> None:
    master_reads = io.StringIO()
    piped = Ctx(env=TERM, stderr=master_reads)
    piped.note("official: cannot resolve host; trying the next source")
    assert master_reads.getvalue() == "official: cannot resolve host; trying the next source\n"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return tty.isatty()  # the real pty's answer

    t = Tty()
    Ctx(env=TERM, stderr=t).note("proxy: connection refused; trying the next source")
    assert t.getvalue() == "\x1b[2mproxy: connection refused; trying the next source\x1b[0m\n"
    n = Tty()
    Ctx(env={**TERM, "NO_COLOR": "1"}, stderr=n).note("x")
    assert n.getvalue() == "x\n"
    q = Tty()
    Ctx(env=TERM, stderr=q, quiet=True).note("x")
    assert q.getvalue() == ""
