"""``gover migrate`` end to end without a toolchain: what stops a migration before anything
is written, the scratch copy, and undo over every kind of pin file.  (Validation with real
toolchains: tests/integration/test_pins_migrate.py.)"""

from __future__ import annotations

import os
from pathlib import Path

from gover.paths import Paths
from gover.project import migrate, migrate_run, migrate_validate
from gover.project.repo import discover
from tests.support.goproxy import add_module
from tests.unit.project.pins.test_readers import FILES, make

NO_VALIDATE = migrate_run.Options("1.22.0", "none", validate=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def hooks(tmp_path: Path, env: dict[str, str] | None = None) -> migrate_run.Hooks:
    return migrate_run.Hooks(Paths(tmp_path / "gh"), env or {"GOENV": "off", "GOPROXY": "off"},
                             lambda: ["go1.22.10", "go1.23.9"], lambda: [], lambda name: tmp_path / name)


def test_every_pin_kind_is_written_and_undone(tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    before = snapshot(root)
    h = hooks(tmp_path)
    m = migrate_run.run(discover(root), NO_VALIDATE, h)
    assert m.ok and m.backup is not None and m.plan.release == "go1.22.10"
    after = snapshot(root)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {c.path.relative_to(root).as_posix() for c in m.changes} == {
        "go.mod", ".go-version", ".tool-versions", "mise.toml", "Dockerfile", "deploy/Dockerfile.prod",
        ".github/workflows/ci.yml", ".gitlab-ci.yml", ".devcontainer/devcontainer.json", ".golangci.yml",
        "Makefile"}
    doc = m.to_json()
    assert doc["written"] is True and doc["release"] == "go1.22.10" and doc["validation"] is None
    assert doc["pins"]["skipped"] == ["Dockerfile:14: golang:1.23@sha256:" + "0123456789abcdef" * 4 +
                                      ": digest-pinned image: not rewritten (--force rewrites the tag and "
                                      "drops the digest)"]
    res = migrate.undo(root, h.paths)
    assert snapshot(root) == before and len(res.restored) == len(changed)


def test_a_file_that_cannot_be_written_stops_everything(tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    (root / "Makefile").chmod(0o444)
    before = snapshot(root)
    m = migrate_run.run(discover(root), NO_VALIDATE, hooks(tmp_path))
    assert not m.ok and m.backup is None and snapshot(root) == before
    assert m.stopped == "pins that must change cannot be written: Makefile: not writable (line 1, 2, 3, 7)"
    assert m.to_json()["pins"]["refused"] == ["Makefile: not writable (line 1, 2, 3, 7)"]


def test_lines_the_target_cannot_parse_stop_before_writing(tmp_path: Path) -> None:
    root = make(tmp_path / "r", {"go.mod": "module m\n\ngo 1.24.0\n\ntool example.com/gen\n",
                                 ".go-version": "1.24.1\n"})
    before = snapshot(root)
    m = migrate_run.run(discover(root), migrate_run.Options("1.23.0", "none", validate=False),
                        hooks(tmp_path))
    assert m.backup is None and snapshot(root) == before
    assert m.stopped.startswith("Go 1.23.0 cannot parse: ") and m.stopped.endswith("unknown directive: tool")


def test_blocking_dependencies_without_validation_stop(tmp_path: Path) -> None:
    proxy = tmp_path / "proxy"
    add_module(proxy, "example.org/dep", "v1.0.0", {"go.mod": "module example.org/dep\n\ngo 1.21\n"})
    add_module(proxy, "example.org/dep", "v1.1.0", {"go.mod": "module example.org/dep\n\ngo 1.23.0\n"})
    root = make(tmp_path / "r", {"go.mod": "module m\n\ngo 1.23.0\n\nrequire example.org/dep v1.1.0\n"})
    before = snapshot(root)
    env = {"GOENV": "off", "GOPROXY": proxy.as_uri(), "GOMODCACHE": str(tmp_path / "mc"),
           "HOME": str(tmp_path)}
    m = migrate_run.run(discover(root), NO_VALIDATE, hooks(tmp_path, env))
    assert m.backup is None and snapshot(root) == before
    assert m.stopped == ("dependencies need a newer Go: example.org/dep@v1.1.0 requires go >= 1.23.0 "
                         "(the target is go 1.22.0); example.org/dep@v1.0.0 accepts it (go 1.21)")
    # A dry run names them too, and writes nothing.
    m = migrate_run.run(discover(root), migrate_run.Options("1.22.0", "none", dry_run=True),
                        hooks(tmp_path, env))
    assert [b.suggestion for b in m.dependencies] == ["v1.0.0"] and m.backup is None and not m.stopped


def test_the_scratch_copy_keeps_replaces_that_leave_the_repository(tmp_path: Path) -> None:
    shared = make(tmp_path / "outer" / "shared", {"lib/go.mod": "module example.com/lib\n\ngo 1.21\n"})
    root = make(tmp_path / "outer" / "group" / "repo", {
        "app/go.mod": "module example.com/app\n\ngo 1.22.0\n\nrequire example.com/lib v0.0.0\n\n"
                      "replace example.com/lib => ../../../shared/lib\n",
        "app/main.go": "package main\n", ".git/HEAD": "ref\n"})
    repo = discover(root)
    new = {root / "app" / "go.mod": b"module example.com/app\n\ngo 1.21.0\n"}
    copy = migrate_validate.scratch_copy(repo, new, tmp_path / "scratch")
    assert copy != root and (copy / "app" / "main.go").read_text() == "package main\n"
    assert (copy / "app" / "go.mod").read_text() == "module example.com/app\n\ngo 1.21.0\n"
    assert not (copy / ".git").exists()
    assert os.path.realpath(copy / "app" / "../../../shared/lib") == str(shared / "lib")
    assert (root / "app" / "go.mod").read_text().startswith("module example.com/app\n\ngo 1.22.0")


def test_a_pin_file_that_does_not_parse_is_left_alone_and_the_others_move(tmp_path: Path) -> None:
    files = dict(FILES)
    files[".gitlab-ci.yml"] = "test:\n  image: 'golang:1.23.9\n"  # an unterminated quote
    root = make(tmp_path / "r", files)
    m = migrate_run.run(discover(root), NO_VALIDATE, hooks(tmp_path))
    assert m.ok and m.backup is not None
    assert (root / ".gitlab-ci.yml").read_text() == files[".gitlab-ci.yml"]
    assert (root / ".go-version").read_text() == "go1.22.10\n"
    assert m.to_json()["pins"]["unreadable"] == [
        ".gitlab-ci.yml:2: cannot parse (unterminated quoted scalar): pins in it are not read, and it is "
        "never rewritten"]
