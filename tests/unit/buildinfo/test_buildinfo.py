"""Build-info pieces that need no toolchain: quoting, module text, verdicts, paths, garbage input.

(Byte-for-byte agreement with the real ``go version -m`` is in tests/integration.)
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gover.buildinfo import NotGoBinary, read_bytes, read_file, version_m_text
from gover.buildinfo.goio import BytesReader, SectionReader
from gover.buildinfo.modinfo import Module, ParseError, parse_build_info
from gover.buildinfo.outdated import assess, known_releases, release_of, supported_minors
from gover.buildinfo.raw import _uvarint
from gover.buildinfo.scan import _go_ext, go_join, is_candidate
from gover.golang.gostrconv import QuoteSyntaxError, from_bytes, quote, to_bytes, unquote
from tests.support import craft_elf


@pytest.mark.parametrize(("raw", "quoted"), [
    ("plain", '"plain"'),
    ('say "hi"\\', '"say \\"hi\\"\\\\"'),
    ("tab\tnl\ncr\rbell\a\x00\x7f", '"tab\\tnl\\ncr\\rbell\\a\\x00\\x7f"'),
    ("é\u00a0\u0085\U0001F600\u200b", '"é\\u00a0\\u0085\U0001F600\\u200b"'),
    (from_bytes(b"\xff\xed\xa0\x80ok"), '"\\xff\\xed\\xa0\\x80ok"'),
    ("\ufffd", '"\ufffd"'),
])
def test_quote_is_strconv_quote(raw: str, quoted: str) -> None:
    assert quote(raw) == quoted


@given(st.binary(max_size=40))
def test_quote_round_trips_through_unquote(data: bytes) -> None:
    s = from_bytes(data)
    back = unquote(to_bytes(quote(s)))
    # Invalid UTF-8 comes back byte for byte: \xNN escapes are single bytes.
    assert back == data


@pytest.mark.parametrize("bad", [b'"', b'"abc', b'"a\nb"', b'"\\q"', b'"\\x4"', b'"\\ud800"', b"'ab'",
                                 b"`a` ", b"abc"])
def test_unquote_rejects(bad: bytes) -> None:
    with pytest.raises(QuoteSyntaxError):
        unquote(bad)


def test_unquote_raw_strings_drop_carriage_returns() -> None:
    assert unquote(b"`a\r\nb`") == b"a\nb"


TEXT = ("path\texample.com/cmd\n"
        "mod\texample.com\tv1.0.0\th1:m=\n"
        "dep\texample.com/a\tv1.2.0\th1:a=\n"
        "dep\texample.com/b\tv0.1.0\n=>\t../b\t\t\n"
        'build\t-ldflags="-s -w"\n'
        "build\tCGO_ENABLED=0\n")


def test_module_text_round_trips() -> None:
    bi = parse_build_info(TEXT)
    assert bi.path == "example.com/cmd"
    assert bi.main == Module("example.com", "v1.0.0", "h1:m=")
    assert bi.deps[1].replace == Module("../b", "", "")
    assert bi.settings == [("-ldflags", "-s -w"), ("CGO_ENABLED", "0")]
    assert bi.setting("-ldflags") == "-s -w"
    # String() puts a blank line after a replacement, as runtime/debug does.
    assert bi.string() == TEXT.replace("=>\t../b\t\t\n", "=>\t../b\t\t\n\n")


def test_module_text_without_final_newline_drops_the_last_line() -> None:
    assert parse_build_info("path\tx\nbuild\tA=1").settings == []


@pytest.mark.parametrize(("text", "error"), [
    ("dep\tx\n", "line 1: expected 2 or 3 columns; got 1"),
    ("path\tp\n=>\ta\tb\tc\n", "line 2: replacement with no module on previous line"),
    ("build\t\"k\"x=1\n", "line 1: unexpected character after quoted key: 'x'"),
    ("build\tk v=1\n", 'line 1: unquoted key "k v" must be quoted'),
])
def test_module_text_errors_name_the_line(text: str, error: str) -> None:
    with pytest.raises(ParseError, match="^could not parse Go build info: " + error + "$"):
        parse_build_info(text)


def test_version_m_text_indents_the_module_lines() -> None:
    bi = parse_build_info(TEXT)
    bi.go_version = "go1.22.3"
    out = version_m_text("bin/tool", bi)
    assert out.startswith("bin/tool: go1.22.3\n\tpath\texample.com/cmd\n\tmod\texample.com\t")
    assert out.endswith("\tbuild\tCGO_ENABLED=0\n")
    bare = parse_build_info("")
    bare.go_version = "go1.10"
    assert version_m_text("old", bare) == "old: go1.10\n"


def test_read_bytes_on_a_crafted_binary() -> None:
    bi = read_bytes(craft_elf.inline_elf(b"go1.22.1", TEXT.encode()))
    assert (bi.go_version, bi.path, len(bi.deps)) == ("go1.22.1", "example.com/cmd", 2)
    legacy = read_bytes(craft_elf.pointer_elf(b"go1.17.13", TEXT.encode(), is64=False, big=True))
    assert legacy.go_version == "go1.17.13" and legacy.deps == bi.deps


@pytest.mark.parametrize(("data", "why"), [
    (b"", "unrecognized file format"),
    (b"#!/bin/sh\necho hello world\n", "unrecognized file format"),
    (b"\x7fELF" + b"\0" * 100, "unrecognized file format"),
    (b"MZ" + b"\0" * 200, "unrecognized file format"),
    (b"\xca\xfe\xba\xbe\0\0\0\0" + b"\0" * 20, "unrecognized file format"),
    (craft_elf.elf(b"\0" * 64), "not a Go executable"),
    (craft_elf.elf(craft_elf.MAGIC + b"\x08\x02" + b"\0" * 26), "not a Go executable"),
    # A header that ends its section: the version's address is unmapped, which go
    # reports as a format error (checked against go version -m).
    (craft_elf.elf(craft_elf.MAGIC + b"\x08\x02" + b"\0" * 16), "unrecognized file format"),
])
def test_not_go_binaries(data: bytes, why: str) -> None:
    with pytest.raises(NotGoBinary) as e:
        read_bytes(data, "f")
    assert e.value.message == f"could not read Go build info from f: {why}"


def test_random_bytes_never_raise_anything_else() -> None:
    rng = random.Random(1)
    heads = [b"\x7fELF\x02\x01\x01", b"\x7fELF\x01\x02\x01", b"MZ", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe",
             b"\xca\xfe\xba\xbe"]
    base = craft_elf.inline_elf(b"go1.22.1", TEXT.encode())
    for i in range(600):
        if i % 2:
            data = rng.choice(heads) + rng.randbytes(rng.randrange(4000))
        else:
            b = bytearray(base)
            for _ in range(rng.randint(1, 6)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            data = bytes(b[:rng.randrange(len(b) + 1)])
        try:
            read_bytes(data)
        except NotGoBinary:
            pass


def test_open_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(NotGoBinary) as e:
        read_file(str(tmp_path / "nope"))
    assert e.value.open_failed
    assert e.value.message == f"could not read Go build info: open {tmp_path}/nope: no such file or directory"


def test_section_reader_wraps_like_go() -> None:
    r = BytesReader(b"0123456789")
    assert SectionReader(r, 2, 5).read_at(10, 1) == (b"3456", True)
    assert SectionReader(r, 2, 5).read_at(2, 5) == (b"", True)
    # A negative length (a uint64 >= 2**63 converted) reads to the end, as Go's does.
    assert SectionReader(r, 3, -5).read_at(4, 0) == (b"3456", False)


@pytest.mark.parametrize(("buf", "want"), [
    (b"\x05", (5, 1)), (b"\x80\x01", (128, 2)), (b"\x80", (0, 0)),
    (b"\xff" * 9 + b"\x01", ((1 << 64) - 1, 10)), (b"\xff" * 9 + b"\x02", (0, -10)),
    (b"\xff" * 11, (0, -11)),
])
def test_uvarint(buf: bytes, want: tuple[int, int]) -> None:
    assert _uvarint(buf) == want


@pytest.mark.parametrize(("a", "b", "joined"), [
    ("./bin/", "x", "bin/x"), ("bin", "x", "bin/x"), ("//srv/bin", "x", "/srv/bin/x"),
    ("a/../..", "x", "../x"), ("/", "x", "/x"), (".", "x", "x"),
])
def test_go_join_cleans_like_filepath_join(a: str, b: str, joined: str) -> None:
    assert go_join(a, b) == joined


def test_candidates(tmp_path: Path) -> None:
    f = tmp_path / "plain"
    f.write_text("x")
    st_ = f.stat()
    assert not is_candidate(str(f), st_)
    assert is_candidate("dir/LIB.SO", st_) and is_candidate("x/libc.so.6", st_)
    assert is_candidate("tool.exe", st_) and is_candidate("a.dll", st_) and is_candidate(".so", st_)
    assert not is_candidate("x.so/readme", st_)
    f.chmod(0o700)
    assert is_candidate(str(f), f.stat())
    assert _go_ext("a.b/c") == "" and _go_ext("a/.so") == ".so"


def test_release_of() -> None:
    assert release_of("go1.22.10") == "go1.22.10"
    assert release_of("go1.25.5 X:nocoverageredesign") == "go1.25.5"
    assert release_of("go1.21rc2") == "go1.21rc2"
    assert release_of("devel go1.26-abc Tue Jan 1") == ""
    assert release_of("go1.21") == ""  # a language version, not a release


def _verdict(version: str, known: list[str]) -> Any:
    k = known_releases(known, [], [version])
    return assess("f", version, k, supported_minors(k))


def test_verdicts() -> None:
    known = ["go1.25.6", "go1.25.5", "go1.24.2", "go1.24.1", "go1.23.12", "go1.26rc1", "go1.20"]
    assert supported_minors(known_releases(known, [], [])) == ["1.25", "1.24"]
    assert _verdict("go1.25.5", known).status == "patch-available"
    assert _verdict("go1.25.6", known).status == "current"
    v = _verdict("go1.24.1", known)
    assert (v.status, v.newest_patch, v.supported) == ("patch-available", "go1.24.2", True)
    assert _verdict("go1.23.12", known).status == "unsupported"
    assert _verdict("go1.20", known).status == "unsupported"  # go1.20 is go1.20.0
    assert _verdict("go1.26rc1", known).status == "prerelease"
    # A binary newer than anything the index knows is supported (and shapes the window).
    assert _verdict("go1.27.0", known).status == "current"
    assert _verdict("devel go1.26-abc", known).status == "unknown"
