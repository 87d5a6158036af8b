"""gover buildinfo against the real ``go version -m``: byte for byte, on real and crafted binaries."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import debian_go119, toolchain_root
from tests.support import craft_elf, gobins

pytestmark = pytest.mark.integration

ORACLE = "1.25.5"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Path]:
    roots = {v: toolchain_root(v) for v in ("1.21.13", "1.22.10", "1.23.9", "1.25.5")}
    roots["debian-1.19"] = debian_go119()
    return gobins.session_binaries(tmp_path_factory.mktemp("gobins"), shared_go_caches, roots)


def go_version_m(*args: str, cwd: Path | None = None, toolchain: str = ORACLE,
                 flags: tuple[str, ...] = ("-m",)) -> subprocess.CompletedProcess[bytes]:
    go = toolchain_root(toolchain) / "bin" / "go"
    return subprocess.run([str(go), "version", *flags, *args], cwd=cwd, capture_output=True,
                          env={**os.environ, "GOENV": "off"})


def gover_m(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "gover", "buildinfo", *args], cwd=cwd,
                          capture_output=True)


def same(go: subprocess.CompletedProcess[bytes], ours: subprocess.CompletedProcess[bytes]) -> None:
    assert ours.stdout == go.stdout
    assert ours.stderr == go.stderr
    assert ours.returncode == go.returncode


@pytest.mark.parametrize("name", list(gobins.BUILDS))
def test_text_is_go_version_m(built: dict[str, Path], name: str, gover: Any) -> None:
    path = str(built[name])
    go = go_version_m(path)
    assert go.returncode == 0, go.stderr
    r = gover("buildinfo", path)
    assert (r.code, r.err) == (0, "")
    assert r.out == go.stdout.decode()


def test_build_matrix_covers_the_brief(built: dict[str, Path]) -> None:
    """The oracle comparisons above see every layout the brief lists."""
    text = go_version_m(*(str(p) for p in built.values())).stdout.decode()
    for needle in ("-trimpath=true", 'ldflags="-s -w"', "-buildmode=pie", "CGO_ENABLED=1",
                   "CGO_ENABLED=0", "GOARCH=386", "GOARCH=arm64", "GOARCH=s390x", "GOOS=darwin",
                   "GOOS=windows", "=>\texample.com/new\tv1.1.0\th1:", "=>\t./loc\t(devel)\t",
                   "vcs.revision=", ": go1.19.8", ": go1.21.13", ": go1.22.10", ": go1.23.9"):
        assert needle in text, needle


def test_older_go_prints_the_same(built: dict[str, Path], tmp_path: Path) -> None:
    d = gobins.copy_binaries(built, list(built), tmp_path / "bins")
    go = go_version_m(str(d), toolchain="1.21.13")
    same(go, gover_m(str(d)))


def _walk_tree(built: dict[str, Path], root: Path) -> Path:
    d = root / "walk"
    gobins.copy_binaries(built, ["go1.25.5", "windows-386", "darwin-arm64"], d)
    gobins.copy_binaries(built, ["go1.21.13"], d / "sub" / "deeper")
    (d / "notes.txt").write_text("not a binary\n")
    script = d / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    (d / "libfoo.so").write_text("looks like a library\n")
    (d / "libbar.so.1").write_bytes(b"\x7fELF garbage")
    (d / "empty").write_bytes(b"")
    (d / "empty").chmod(0o755)
    (d / "link-to-bin").symlink_to(built["go1.23.9"])
    (d / "link-to-dir").symlink_to(d / "sub")
    (d / "dangling").symlink_to(d / "missing")
    (d / "Zz.exe").write_bytes(b"MZ" + b"\0" * 200)
    return d


@pytest.mark.parametrize("flags", [(), ("-v",)])
def test_directory_walk_is_go_version_m(built: dict[str, Path], tmp_path: Path,
                                        flags: tuple[str, ...]) -> None:
    d = _walk_tree(built, tmp_path)
    go = go_version_m(*flags, str(d), flags=("-m",))
    assert b"sub/deeper/go1.21.13: go1.21.13" in go.stdout
    same(go, gover_m(*flags, str(d)))
    # A relative root with ./ and a trailing slash: go cleans the joined paths.
    same(go_version_m(*flags, "./walk/", cwd=tmp_path), gover_m(*flags, "./walk/", cwd=tmp_path))


def test_symlinked_directory_argument_is_not_walked(built: dict[str, Path], tmp_path: Path) -> None:
    d = _walk_tree(built, tmp_path)
    go = go_version_m(str(d / "link-to-dir"))
    assert go.stdout == b"" and go.returncode == 0
    same(go, gover_m(str(d / "link-to-dir")))


def test_named_files_that_are_not_go_binaries(built: dict[str, Path], tmp_path: Path) -> None:
    script = tmp_path / "tool"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    missing = tmp_path / "missing"
    go = go_version_m(str(script), str(missing), str(built["go1.22.10"]))
    ours = gover_m(str(script), str(missing), str(built["go1.22.10"]))
    same(go, ours)
    assert ours.returncode == 1
    assert f"{script}: could not read Go build info from {script}: unrecognized file format".encode() \
        in ours.stderr
    assert f"stat {missing}: no such file or directory".encode() in ours.stderr

    # A non-executable file: go prints nothing but exits 1; gover names the file.
    text = tmp_path / "README"
    text.write_text("hello\n")
    go = go_version_m(str(text))
    ours = gover_m(str(text))
    assert (go.returncode, go.stdout, go.stderr) == (1, b"", b"")
    assert (ours.returncode, ours.stdout) == (1, b"")
    want = f"{text}: could not read Go build info from {text}: unrecognized file format\n"
    assert ours.stderr == want.encode()


def _go_json_to_ours(doc: dict[str, Any]) -> dict[str, Any]:
    def mod(m: dict[str, Any] | None) -> dict[str, Any] | None:
        if not m:
            return None
        return {"path": m.get("Path", ""), "version": m.get("Version", ""), "sum": m.get("Sum", ""),
                "replace": mod(m.get("Replace"))}

    return {"go_version": doc["GoVersion"], "path": doc.get("Path", ""), "main": mod(doc.get("Main")),
            "deps": [mod(d) for d in doc.get("Deps", [])],
            "settings": [{"key": s["Key"], "value": s.get("Value", "")} for s in doc.get("Settings", [])]}


@pytest.mark.parametrize("name", ["go1.25.5", "go1.25.5-cgo", "windows-386", "go1.19.8-debian"])
def test_json_agrees_with_go_version_m_json(built: dict[str, Path], name: str, gover: Any) -> None:
    path = str(built[name])
    go = go_version_m(path, flags=("-m", "-json"))
    assert go.returncode == 0, go.stderr
    r = gover("buildinfo", "--json", path)
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["errors"] == []
    (binary,) = doc["binaries"]
    assert binary.pop("file") == path
    assert binary == _go_json_to_ours(json.loads(go.stdout))


def test_json_lists_errors_and_replacements(built: dict[str, Path], tmp_path: Path, gover: Any) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(b"\x7fELF" + b"\0" * 60)
    r = gover("buildinfo", "--json", str(built["go1.25.5"]), str(junk))
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc["errors"] == [{"file": str(junk), "error": f"{junk}: could not read Go build info "
                              f"from {junk}: unrecognized file format"}]
    deps = {d["path"]: d for d in doc["binaries"][0]["deps"]}
    assert deps["example.com/old"]["replace"]["path"] == "example.com/new"
    assert deps["example.com/old"]["replace"]["sum"].startswith("h1:")
    assert deps["example.com/loc"]["replace"] == {"path": "./loc", "version": "(devel)", "sum": "",
                                                  "replace": None}
    assert {"key": "GOOS", "value": "linux"} in doc["binaries"][0]["settings"]


# --- crafted files: layouts and texts no toolchain here writes ------------------------

MODINFO = (b"path\texample.com/legacy/cmd/tool\n"
           b"mod\texample.com/legacy\tv1.4.0\th1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
           b"dep\tgolang.org/x/sys\tv0.0.0-20210124154548-22da62e12c0c\th1:VwygUrnw9jn88c4u8GD3rZQbqrP/tgas88tPUbBxQrk=\n"
           b"dep\texample.com/old\tv1.0.0\n=>\texample.com/new\tv1.1.0\th1:x=\n")


def _write_exec(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize("is64", [True, False], ids=["64", "32"])
@pytest.mark.parametrize("big", [False, True], ids=["le", "be"])
@pytest.mark.parametrize("with_section", [True, False], ids=["section", "segment"])
def test_pre_go118_pointer_layout(tmp_path: Path, is64: bool, big: bool, with_section: bool) -> None:
    f = _write_exec(tmp_path / "legacy", craft_elf.pointer_elf(b"go1.16.15", MODINFO, is64=is64, big=big,
                                                                with_section=with_section))
    go = go_version_m(f)
    assert go.returncode == 0 and go.stdout.startswith(f"{f}: go1.16.15\n".encode()), go.stderr
    same(go, gover_m(f))


def test_pointer_layout_without_module_info(tmp_path: Path) -> None:
    f = _write_exec(tmp_path / "gopath-era", craft_elf.pointer_elf(b"go1.10.8", b""))
    go = go_version_m(f)
    assert go.stdout == f"{f}: go1.10.8\n".encode()
    same(go, gover_m(f))


SETTINGS = [
    b"build\t-ldflags=\"-X main.v=1 -s\"\n",
    b"build\t-tags=a,b\n",
    b"build\t\"key with space\"=v\n",
    b"build\t\"k=eq\"=\"tab\\there\"\n",
    b"build\t`raw key`=`raw \"value\"`\n",
    b"build\tquote=\"back`tick\"\n",
    b"build\tunicode=h\xc3\xa9llo\xe2\x80\x8bzero-width\n",
    b"build\tnbsp=\"a\xc2\xa0b\"\n",
    b"build\tbad-utf8=\"\\xff\\xfe \xed\xa0\x80\"\n",
    b"build\tcontrols=\"\\a\\b\\f\\v\\x00\\x7f\\u0085 \\U0001F600\"\n",
    b"build\tescapes=\"\\101\\x41\\u00e9\\\\\"\n",
    b"build\tempty=\n",
    b"build\t\"\"=no-key\n",
    b"unknown\tlines are ignored\n",
]


def test_build_settings_are_quoted_like_go(tmp_path: Path) -> None:
    f = _write_exec(tmp_path / "q", craft_elf.inline_elf(b"go1.22.1", MODINFO + b"".join(SETTINGS)))
    go = go_version_m(f)
    assert go.returncode == 0, go.stderr
    same(go, gover_m(f))


MALFORMED = [
    b"dep\tonly-one-column\n",
    b"dep\ta\tb\tc\td\n",
    b"=>\tx\tv1\th1:\n",
    b"dep\ta\tv1\n=>\tx\tv1\n",
    b"build\t\n",
    b"build\t=v\n",
    b"build\tnoequals\n",
    b"build\t\"unterminated=v\n",
    b"build\t\"k\"\n",
    b"build\t\"k\"x=v\n",
    b"build\t\"k\"\xc3\xa9=v\n",
    b"build\tk y=v\n",
    b"build\tk=a b\n",
    b"build\tk=\"bad \\q escape\"\n",
    b"build\tk=\"a\"trailing\n",
]


@pytest.mark.parametrize("text", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_module_text_fails_like_go(tmp_path: Path, text: bytes) -> None:
    f = _write_exec(tmp_path / "bad", craft_elf.inline_elf(b"go1.22.1", b"path\tx\n" + text))
    go = go_version_m(f)
    assert go.returncode == 1 and b"could not parse Go build info: line" in go.stderr
    same(go, gover_m(f))


def _fat(image: bytes, subcpus: list[int]) -> bytes:
    """A universal Mach-O whose arches all point at ``image`` (cpu arm64, given subtypes)."""
    align = 1 << 14
    head = struct.pack(">II", 0xCAFEBABE, len(subcpus))
    for sub in subcpus:
        head += struct.pack(">IIIII", 0x0100000C, sub, align, len(image), 14)
    return head + b"\0" * (align - len(head)) + image


def test_fat_mach_o(built: dict[str, Path], tmp_path: Path) -> None:
    image = built["darwin-arm64"].read_bytes()
    ok = _write_exec(tmp_path / "universal", _fat(image, [0, 1]))
    go = go_version_m(ok)
    assert go.returncode == 0 and b"GOOS=darwin" in go.stdout
    same(go, gover_m(ok))
    dup = _write_exec(tmp_path / "duplicate-arch", _fat(image, [0, 0]))
    go = go_version_m(dup)
    assert b"unrecognized file format" in go.stderr
    same(go, gover_m(dup))
