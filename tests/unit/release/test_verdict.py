"""Header facts and verdicts on small crafted ELF files (real toolchain builds: tests/integration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.release.facts import DIRECTORY, MISSING, NOT_GO, UNREADABLE, inspect
from gover.release.policy import Policy, Rule
from gover.release.verdict import Releases, judge, linkage_word
from tests.support import craft_elf

MOD = (b"path\texample.com/app\nmod\texample.com/app\tv1.2.3\t\n"
       b"dep\texample.com/dep\tv1.0.0\th1:abc=\n"
       b"dep\texample.com/loc\tv0.0.0\n=>\t./loc\t(devel)\t\n"
       b"dep\texample.com/old\tv1.0.0\n=>\texample.com/new\tv1.1.0\th1:def=\n")


def _settings(**kw: str) -> bytes:
    base = {"GOOS": "linux", "GOARCH": "amd64", "CGO_ENABLED": "0"}
    base.update(kw)
    return b"".join(f"build\t{k}={v}\n".encode() for k, v in base.items())


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _verdict(path: str, **flags: object):  # type: ignore[no-untyped-def]
    rules = {k: Rule(v, "--" + k.replace("_", "-")) for k, v in flags.items()}
    f = inspect(path)
    return judge(f, Policy().for_target(f.target(), rules))


@pytest.mark.parametrize(("machine", "osabi", "big", "interp", "notes", "goos", "goarch"), [
    (62, 0, False, b"", (), ("linux", "dragonfly"), "amd64"),
    (62, 0, False, b"/lib64/ld-linux-x86-64.so.2", (), ("linux",), "amd64"),
    (183, 0, False, b"/system/bin/linker64", (), ("android",), "arm64"),
    (62, 9, False, b"", (), ("freebsd",), "amd64"),
    (62, 2, False, b"", (".note.netbsd.ident",), ("netbsd",), "amd64"),
    (62, 12, False, b"/usr/libexec/ld.so", (".note.openbsd.ident",), ("openbsd",), "amd64"),
    (62, 0, False, b"/lib/amd64/ld.so.1", (), ("illumos", "solaris"), "amd64"),
    (21, 0, False, b"", (), ("linux", "dragonfly"), "ppc64le"),
    (21, 0, True, b"", (), ("linux", "dragonfly"), "ppc64"),
    (8, 0, True, b"", (), ("linux", "dragonfly"), "mips64"),
    (22, 0, True, b"", (), ("linux", "dragonfly"), "s390x"),
    (99, 0, False, b"", (), ("linux", "dragonfly"), ""),
])
def test_elf_platform(tmp_path: Path, machine: int, osabi: int, big: bool, interp: bytes,
                      notes: tuple[str, ...], goos: tuple[str, ...], goarch: str) -> None:
    data = craft_elf.linked_elf(b"go1.25.5", MOD, machine=machine, osabi=osabi, big=big, interp=interp,
                                extra_sections=notes)
    p = inspect(_write(tmp_path, "bin", data)).platform
    assert p is not None and (p.goos, p.goarch) == (goos, goarch)


def test_linkage_from_interp_and_needed(tmp_path: Path) -> None:
    settings = _settings(CGO_ENABLED="1", **{"-ldflags": "-linkmode=external"})
    data = craft_elf.linked_elf(b"go1.25.5", MOD + settings,
                                interp=b"/lib64/ld-linux-x86-64.so.2", needed=(b"libc.so.6", b"libm.so.6"))
    path = _write(tmp_path, "bin", data)
    f = inspect(path)
    assert f.linkage is not None and f.linkage.interpreter == "/lib64/ld-linux-x86-64.so.2"
    assert f.linkage.libraries == ["libc.so.6", "libm.so.6"] and linkage_word(f) == "dynamic"
    (v,) = [x for x in _verdict(path, static=True).violations if x.check == "static"]
    assert "/lib64/ld-linux-x86-64.so.2" in v.message and "libc.so.6, libm.so.6" in v.message
    assert "CGO_ENABLED=1" in v.message and "-linkmode=external" in v.message
    assert v.source == "ELF PT_INTERP/DT_NEEDED" and v.rule == "--static"


def test_system_libraries_are_static_enough_where_go_always_links_them(tmp_path: Path) -> None:
    data = craft_elf.linked_elf(b"go1.25.5", MOD + _settings(GOOS="openbsd"), osabi=12,
                                interp=b"/usr/libexec/ld.so", needed=(b"libc.so.97.1", b"libpthread.so.27.0"))
    path = _write(tmp_path, "bin", data)
    assert linkage_word(inspect(path)) == "system libraries only"
    assert not [x for x in _verdict(path, static=True).violations if x.check == "static"]


def test_every_build_info_check_names_fact_source_and_rule(tmp_path: Path) -> None:
    settings = _settings(**{"-race": "true", "vcs": "git", "vcs.revision": "abc123", "vcs.modified": "true"})
    path = _write(tmp_path, "bin", craft_elf.linked_elf(b"go1.21.13", MOD + settings))
    v = _verdict(path, trimpath=True, clean_vcs=True, no_replace=True, min_go="1.22",
                 targets=("linux/arm64",))
    got = {(x.check, x.rule) for x in v.violations}
    assert got == {("trimpath", "--trimpath"), ("vcs-modified", "--clean-vcs"), ("replace", "--no-replace"),
                   ("min-go", "--min-go"), ("target", "--targets"), ("instrumented", "always")}
    replaces = sorted(x.message for x in v.violations if x.check == "replace")
    assert replaces == ["example.com/loc v0.0.0 is replaced by the local directory ./loc",
                        "example.com/old v1.0.0 is replaced by example.com/new v1.1.0"]
    assert "abc123" in next(x.message for x in v.violations if x.check == "vcs-modified")
    assert "go1.21.13, older than the minimum go1.22" in next(x.message for x in v.violations
                                                             if x.check == "min-go")
    assert not v.ok and v.to_json()["build"]["instrumented"] == ["-race"]


def test_a_clean_binary_passes_every_switch(tmp_path: Path) -> None:
    settings = _settings(**{"-trimpath": "true", "vcs": "git", "vcs.revision": "abc",
                            "vcs.modified": "false"})
    mod = b"path\texample.com/app\nmod\texample.com/app\tv1.2.3\t\n"
    path = _write(tmp_path, "bin", craft_elf.linked_elf(b"go1.25.5", mod + settings))
    v = _verdict(path, trimpath=True, clean_vcs=True, no_replace=True, static=True, min_go="1.25",
                 targets=("linux/amd64",))
    assert v.ok, v.violations


def test_header_contradicting_the_build_info_is_always_a_violation(tmp_path: Path) -> None:
    path = _write(tmp_path, "bin", craft_elf.linked_elf(b"go1.25.5", MOD + _settings(), machine=183))
    (x,) = [x for x in _verdict(path).violations if x.check == "platform"]
    assert "EM_AARCH64" in x.source and "linux/amd64" in x.message and x.rule == "always"


@pytest.mark.parametrize(("go", "status"), [("go1.25.5", None), ("go1.25.1", None),
                                            ("go1.23.9", "no longer supported"),
                                            ("go1.26rc1", "a prerelease"),
                                            ("devel go1.26-abc", "not a Go release")])
def test_supported_go(tmp_path: Path, go: str, status: str | None) -> None:
    path = _write(tmp_path, "bin", craft_elf.linked_elf(go.encode(), MOD + _settings()))
    f = inspect(path)
    rel = Releases(["go1.25.5", "go1.24.11", "go1.23.12"], ["1.25", "1.24"], "the test index")
    v = judge(f, Policy().for_target(f.target(), {"supported_go": Rule(True, "--supported-go")}), rel)
    msgs = [x.message for x in v.violations if x.check == "supported-go"]
    if status is None:
        assert msgs == []
    else:
        assert len(msgs) == 1 and status in msgs[0]
    if go == "go1.25.1":
        assert v.notes == ["a newer patch release of go1.25 exists: go1.25.5"]


def test_unreadable_inputs_each_get_a_verdict(tmp_path: Path) -> None:
    real = craft_elf.linked_elf(b"go1.25.5", MOD + _settings())
    cases = {
        "text": (_write(tmp_path, "text", b"#!/bin/sh\necho hi\n"), NOT_GO, "unrecognized file format"),
        "cut": (_write(tmp_path, "cut", real[:300]), NOT_GO,
                "starts like an ELF executable but is truncated"),
        "nobi": (_write(tmp_path, "nobi", real.replace(craft_elf.MAGIC, b"\0" * 14)), NOT_GO,
                 "not a Go executable: an ELF file not built by Go, or with its build info stripped"),
        "dir": (str(tmp_path), DIRECTORY, "is a directory: name the binaries in it"),
        "gone": (str(tmp_path / "gone"), MISSING, "no such file or directory"),
        "mem": ("/proc/self/mem", UNREADABLE, "cannot read /proc/self/mem: input/output error"),
    }
    for name, (path, kind, text) in cases.items():
        f = inspect(path)
        v = judge(f, Policy().for_target(f.target(), {}))
        assert f.error_kind == kind, name
        assert not v.ok and text in v.violations[0].message, (name, v.violations)


def test_a_damaged_dynamic_section_fails_static_closed(tmp_path: Path) -> None:
    import struct

    data = bytearray(craft_elf.linked_elf(b"go1.25.5", MOD + _settings(), needed=(b"libc.so.6",)))
    at = data.find(struct.pack("<qQ", 5, craft_elf.RODATA_VADDR))  # DT_STRTAB
    data[at + 8:at + 16] = struct.pack("<Q", 0x7777777)  # now points at no segment
    path = _write(tmp_path, "bin", bytes(data))
    f = inspect(path)
    assert f.linkage is not None and f.linkage.unreadable and f.linkage.dynamic
    (v,) = [x for x in _verdict(path, static=True).violations if x.check == "static"]
    assert "libraries gover could not read" in v.message
