"""Which files ``go version -m FILE|DIR`` reads and which errors it prints: named files
always, walked directories in byte order without following symlinked directories,
non-Go files skipped unless ``-v`` and they look executable."""

from __future__ import annotations

import os
from pathlib import Path

from gover.buildinfo.scan import scan
from tests.support import craft_elf

TEXT = "path\texample.com/cmd\nmod\texample.com/cmd\t(devel)\t\n"


def go_binary(path: Path, version: bytes = b"go1.22.1", mode: int = 0o755) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(craft_elf.inline_elf(version, TEXT.encode()))
    path.chmod(mode)
    return path


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "bin"
    go_binary(root / "b-tool")
    go_binary(root / "B-upper", b"go1.21.0")  # "B" sorts before "b" bytewise
    go_binary(root / "sub" / "inner", mode=0o644)  # not executable, still a Go binary: reported
    (root / "script.sh").write_text("#!/bin/sh\n")
    (root / "script.sh").chmod(0o755)
    (root / "notes.txt").write_text("hello")
    (root / "lib.so").write_text("not elf")
    (root / "lib.so.1").write_text("not elf")
    os.symlink(root / "b-tool", root / "link-to-tool")
    os.symlink(tmp_path / "missing", root / "dangling")
    other = go_binary(tmp_path / "elsewhere" / "hidden")
    os.symlink(other.parent, root / "linked-dir")  # never entered
    return root


def test_a_walk_reports_go_binaries_in_byte_order(tmp_path: Path) -> None:
    root = tree(tmp_path)
    found = list(scan([str(root)]))
    assert [(os.path.relpath(e.file, root), e.info.go_version if e.info else None) for e in found] == [
        ("B-upper", "go1.21.0"), ("b-tool", "go1.22.1"), ("link-to-tool", "go1.22.1"),
        ("sub/inner", "go1.22.1")]
    assert all(e.ok and not e.named and e.error == "" for e in found)


def test_verbose_adds_the_errors_of_executable_looking_files(tmp_path: Path) -> None:
    root = tree(tmp_path)
    errors = [(os.path.relpath(e.file, root), e.error) for e in scan([str(root)], verbose=True)
              if not e.ok]
    why = "could not read Go build info from {}: unrecognized file format"
    assert errors == [
        ("dangling", f"{root}/dangling: symlink"),
        ("lib.so", f"{root}/lib.so: " + why.format(f"{root}/lib.so")),
        ("lib.so.1", f"{root}/lib.so.1: " + why.format(f"{root}/lib.so.1")),
        ("linked-dir", f"{root}/linked-dir: symlink"),  # listed, never entered
        ("script.sh", f"{root}/script.sh: " + why.format(f"{root}/script.sh")),
    ]  # notes.txt is neither executable nor a library name: skipped even with -v


def test_named_files_are_always_reported(tmp_path: Path) -> None:
    root = tree(tmp_path)
    got = list(scan([str(root / "notes.txt"), str(root / "nope"), str(root / "B-upper")]))
    assert [(e.named, e.ok, e.report) for e in got] == [(True, False, True), (True, False, True),
                                                        (True, True, False)]
    assert got[0].error.endswith("notes.txt: could not read Go build info from "
                                 f"{root}/notes.txt: unrecognized file format")
    assert got[1].error == f"stat {root}/nope: no such file or directory"
    assert got[2].info is not None and got[2].info.path == "example.com/cmd"


def test_a_symlinked_directory_is_not_walked_even_when_named(tmp_path: Path) -> None:
    # go stats the argument (a directory), then filepath.WalkDir lstats the root: a
    # symlink, handed to scanFile, which only says "symlink" under -v.
    root = tree(tmp_path)
    assert list(scan([str(root / "linked-dir")])) == []
    (e,) = scan([str(root / "linked-dir")], verbose=True)
    assert (e.error, e.report, e.ok) == (f"{root}/linked-dir: symlink", True, False)
