"""The pure parts of release repro."""

from __future__ import annotations

from pathlib import Path

from gover.buildinfo.exe import FileSection
from gover.release.repro import evaluate_ldflags, source_root
from gover.release.reprocause import section_at, x_values


def test_ldflags_x_values_and_evaluation() -> None:
    assert x_values("-s -w -X main.date=1 -X 'main.name=a b' -X=main.v=2") == \
        {"main.date": "1", "main.name": "a b", "main.v": "2"}
    assert evaluate_ldflags("-X main.v=$(echo 1)$X", {"PATH": "/usr/bin:/bin", "X": "2"}) == "-X main.v=12"
    assert evaluate_ldflags("-s -w", {}) == "-s -w"
    assert section_at([FileSection(".text", 100, 50), FileSection(".bss", 0, 0)], 120) == ".text"
    assert section_at([FileSection(".text", 100, 50)], 10) == "outside any section"


def test_source_root_is_the_checkout(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    mod = tmp_path / "svc"
    mod.mkdir()
    assert source_root(mod, "") == tmp_path
    bare = tmp_path / "x"
    (bare / "m").mkdir(parents=True)
    assert source_root(bare / "m", str(bare / "go.work")) == tmp_path  # the checkout holds the workspace
