"""The rehash stamp may only save doctor work: whenever it says "current", building the
shims again would change nothing (shell/stamp.py)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from gover.doctor.checks.path import _stale
from gover.doctor.context import DoctorContext
from gover.paths import Paths
from gover.shell import stamp
from gover.shell.shims import rehash
from tests.support.layouts import fake_toolchain


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = Paths(tmp_path / "gover")
    for name in ("go1.22.10", "go1.23.9"):
        fake_toolchain(p.home, name)
    rehash(p)
    return p


def _pending(p: Paths) -> list[str]:
    r = rehash(p, dry_run=True, front=False)
    return r.written + r.removed


def _bump(path: Path) -> None:
    st = path.lstat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000), follow_symlinks=False)


def _add_version(p: Paths) -> None:
    fake_toolchain(p.home, "go1.21.13")


def _add_program(p: Paths) -> None:
    fake_toolchain(p.home, "go1.22.10", ("go", "gofmt", "dlv"))


def _go_env(p: Paths) -> None:
    (p.version_dir("go1.23.9") / "go.env").write_text("GOTOOLCHAIN=local\n")


def _edit_shim(p: Paths) -> None:
    shim = p.shims / "go"
    shim.write_text(shim.read_text() + "# edited\n")


def _same_text_newer(p: Paths) -> None:
    _bump(p.shims / "gofmt")  # not stale, but not provably current either: the full check


def _remove_link(p: Paths) -> None:
    (p.shims / "go1.23.9").unlink(missing_ok=True)


def _stray(p: Paths) -> None:
    (p.shims / "go1.20.1").write_text("#!/bin/sh\n")


def _remove_version(p: Paths) -> None:
    import shutil

    shutil.rmtree(p.version_dir("go1.22.10"), ignore_errors=True)


def _corrupt_stamp(p: Paths) -> None:
    (p.home / stamp.STAMP).write_bytes(b"\xff\xfe")


def _no_stamp(p: Paths) -> None:
    (p.home / stamp.STAMP).unlink(missing_ok=True)


def _code_newer(p: Paths) -> None:
    if not (p.home / stamp.STAMP).is_file():
        return
    stamped = (p.home / stamp.STAMP).read_text(errors="replace")
    # as after an upgrade of gover: a file that generates the text is not the one stamped
    (p.home / stamp.STAMP).write_text(stamped.replace("\ncode ", "\ncode x", 1))


MUTATIONS: dict[str, Callable[[Paths], None]] = {
    "add a version": _add_version, "add a program": _add_program, "go.env GOTOOLCHAIN": _go_env,
    "edit a shim": _edit_shim, "same text, newer mtime": _same_text_newer,
    "remove a link": _remove_link, "a stray entry": _stray, "remove a version": _remove_version,
    "corrupt stamp": _corrupt_stamp, "no stamp": _no_stamp, "other code": _code_newer}
STALE = {"add a version", "add a program", "go.env GOTOOLCHAIN", "edit a shim", "remove a link",
         "a stray entry", "remove a version"}


def test_a_rehash_leaves_a_stamp_that_matches(paths: Paths) -> None:
    assert stamp.current(paths)
    assert _pending(paths) == []
    before = (paths.home / stamp.STAMP).stat().st_mtime_ns
    rehash(paths)  # nothing changed: nothing written, the stamp included
    assert (paths.home / stamp.STAMP).stat().st_mtime_ns == before and stamp.current(paths)


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_any_change_sends_doctor_to_the_full_comparison(paths: Paths, name: str) -> None:
    MUTATIONS[name](paths)
    assert not stamp.current(paths)
    assert bool(_pending(paths)) == (name in STALE)
    ctx = DoctorContext(paths.home, {"PATH": "/usr/bin:/bin"}, paths, False)
    assert [f.id for f in _stale(ctx)] == (["gover-shims-stale"] if name in STALE else [])
    rehash(paths)  # and a rehash makes it current again
    assert stamp.current(paths) and _pending(paths) == []


def test_another_python_is_not_current(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.executable", "/opt/other/python3")  # the shims exec gover's Python
    assert not stamp.current(paths)
    assert _pending(paths) != []


@pytest.mark.parametrize("seed", range(6))
def test_current_never_hides_a_change(paths: Paths, seed: int) -> None:
    """Random sequences of changes, some followed by a rehash: whenever the stamp says
    current, the full comparison finds nothing to write."""
    rng = random.Random(seed)
    names = list(MUTATIONS)
    for _ in range(8):
        MUTATIONS[rng.choice(names)](paths) if rng.random() < 0.7 else rehash(paths)
        if stamp.current(paths):
            assert _pending(paths) == []
