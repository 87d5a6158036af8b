"""gover's go.mod/go.work parser against the real ``go mod edit -json`` / ``go work edit -json``.

Every hand-written case (tests/support/modcases.py: every directive, every error)
is run through five real Go releases, and every real-world file of the shared
corpus through two; stdout must match byte for byte, and for rejected files
gover's error lines must equal Go's.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gover.gomod.editjson import edit_json
from gover.gomod.modfile import ModFileError
from tests.conftest import debian_go119, shared_corpus, toolchain_root
from tests.support.modcases import CASES

pytestmark = pytest.mark.integration

CORPUS = shared_corpus()
RELEASES = ["1.25.5", "1.23.9", "1.22.10", "1.21.13", "1.19"]


def _go(version: str) -> Path:
    return (debian_go119() if version == "1.19" else toolchain_root(version)) / "bin" / "go"


def _is_work(path: Path) -> bool:
    return path.name.endswith(".work") or path.parent.name == "work"


def _go_says(go: Path, path: Path) -> tuple[bool, str]:
    """(accepted, stdout or the error lines) from the real go."""
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""}
    r = subprocess.run([str(go), "work" if _is_work(path) else "mod", "edit", "-json", path.name],
                       cwd=path.parent, env=env, capture_output=True)
    if r.returncode == 0:
        return True, r.stdout.decode("utf-8", "surrogateescape")
    lines = r.stderr.decode("utf-8", "surrogateescape").splitlines()
    assert lines[0] == f"go: errors parsing {path.name}:", lines
    # go1.23+ repeats a header for go.work files inside the message.
    return False, "\n".join(x for x in lines[1:] if x != "errors parsing go.work:")


def _gover_says(path: Path, version: str) -> tuple[bool, str]:
    try:
        return True, edit_json(path.name, path.read_bytes(), work=_is_work(path), go_version=version)
    except ModFileError as e:
        return False, "\n".join(str(x) for x in e.errors)


def _compare(path: Path, versions: list[str]) -> list[str]:
    bad = []
    for v in versions:
        want = _go_says(_go(v), path)
        got = _gover_says(path, v)
        if got != want:
            bad.append(f"{path.name} with go{v}:\n go:    {want}\n gover: {got}")
    return bad


def test_every_directive_and_error_matches_five_go_releases(tmp_path: Path) -> None:
    bad = []
    for name, data in CASES.items():
        path = tmp_path / name
        path.write_bytes(data)
        bad += _compare(path, RELEASES)
    assert not bad, "\n".join(bad[:5])


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    files = [p for p in CORPUS.iterdir() if p.name.endswith((".mod", ".work"))]
    files += [p for p in (CORPUS / "modfile-testdata").rglob("*") if p.is_file()]
    return sorted(files)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_real_world_corpus_matches_go_byte_for_byte() -> None:
    files = _corpus_files()
    assert len(files) >= 90
    bad = []
    for path in files:
        bad += _compare(path, ["1.25.5", "1.21.13"])
    assert not bad, "\n".join(bad[:5])


def test_cli_prints_what_go_prints(tmp_path: Path, gover: object) -> None:
    path = tmp_path / "go.mod"
    path.write_bytes(CASES["everything.mod"])
    ok, want = _go_says(_go("1.25.5"), path)
    assert ok
    r = gover("mod", "parse", str(path), "--json")  # type: ignore[operator]
    assert r.code == 0 and r.out == want
    r = gover("mod", "parse", str(path), "--json", "--go", "1.22")  # type: ignore[operator]
    assert r.code == 1
    assert r.err.splitlines()[1:] == [f"{path}:8: unknown block type: godebug",
                                      f"{path}:26: unknown directive: tool",
                                      f"{path}:28: unknown directive: ignore"]
    assert r.err.startswith(f"gover: errors parsing {path}:")
