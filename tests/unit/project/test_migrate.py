"""``gover migrate``: the planned bytes of every module file and pin, the refusals, and a
backup that undo restores byte for byte.  (The real go validates migrations in
tests/integration/test_modguard.py; here only what needs no toolchain.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gover.errors import ConfigError, NotFoundError, UsageError
from gover.paths import Paths
from gover.project import migrate, migrate_validate
from gover.project.repo import discover

APP = ("// The app.\nmodule example.com/app\n\ngo 1.22.0 // keep\n\ntoolchain go1.22.10\n\n"
       "require example.com/lib v0.0.0-00010101000000-000000000000\n\nreplace example.com/lib => ../lib\n")
LIB = "module example.com/lib\n\ngo 1.21\n"
WORK = "go 1.22.0\n\nuse (\n\t./app // the binary\n\t./lib\n)\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    files = {"go.work": WORK, "app/go.mod": APP, "lib/go.mod": LIB, ".go-version": "go1.22.10\n",
             ".tool-versions": "nodejs 20.1.0\ngolang 1.22.10 # pinned\n", "app/go.sum": "x y h1:z\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def changes(plan: migrate.Plan) -> dict[str, tuple[str, str]]:
    return {str(c.path.relative_to(plan.repo.root)): (c.what, c.new.decode()) for c in plan.changes}


def test_plan_down_without_toolchain_lines(root: Path) -> None:
    p = migrate.plan(discover(root), "1.21.0", "none", release="1.21.13")
    assert changes(p) == {
        "app/go.mod": ("go 1.22.0 → 1.21.0; toolchain go1.22.10 removed",
                       APP.replace("go 1.22.0 // keep", "go 1.21.0 // keep")
                       .replace("toolchain go1.22.10\n\n", "")),
        "lib/go.mod": ("go 1.21 → 1.21.0", LIB.replace("go 1.21", "go 1.21.0")),
        "go.work": ("go 1.22.0 → 1.21.0", WORK.replace("go 1.22.0", "go 1.21.0")),
        # Exact pins name the release, never the language version, and keep the go prefix.
        ".go-version": ("version go1.22.10 → go1.21.13", "go1.21.13\n"),
        ".tool-versions": ("golang 1.22.10 → 1.21.13", "nodejs 20.1.0\ngolang 1.21.13 # pinned\n"),
    }
    assert p.blockers == [] and (p.go, p.toolchain, p.release) == ("1.21.0", "none", "go1.21.13")


def test_plan_up_with_a_toolchain(root: Path) -> None:
    asked: list[str | None] = []

    def release(toolchain: str | None) -> str:
        asked.append(toolchain)
        return "1.25.5"

    p = migrate.plan(discover(root), "1.25.0", "go1.25.5", release=release)
    assert asked == ["go1.25.5"]  # the toolchain line in effect after the edit decides
    got = changes(p)
    assert got["app/go.mod"][0] == "go 1.22.0 → 1.25.0; toolchain go1.22.10 → go1.25.5"
    assert got["lib/go.mod"] == ("go 1.21 → 1.25.0; toolchain - → go1.25.5",
                                 "module example.com/lib\n\ngo 1.25.0\n\ntoolchain go1.25.5\n")
    assert got[".go-version"] == ("version go1.22.10 → go1.25.5", "go1.25.5\n")  # pins follow it


def test_a_kept_toolchain_line_decides_the_release(root: Path) -> None:
    """--go 1.23.0 keeping toolchain go1.25.5: exact pins say 1.25.5, not 1.23.0."""
    (root / "go.work").write_text(WORK + "\ntoolchain go1.25.5\n")
    asked: list[str | None] = []
    p = migrate.plan(discover(root), "1.23.0", None, release=lambda t: asked.append(t) or "1.25.5")
    assert asked == ["go1.25.5"]
    assert changes(p)[".go-version"][1] == "go1.25.5\n"
    # Without one, the release chosen for the go line.
    (root / "go.work").write_text(WORK)
    asked.clear()
    migrate.plan(discover(root), "1.23.0", None, release=lambda t: asked.append(t) or "1.23.9")
    assert asked == [None]


def test_only_and_skip_choose_the_kinds(root: Path) -> None:
    assert set(changes(migrate.plan(discover(root), "1.21.0", "none", release="1.21.13",
                                    kinds=migrate.kinds_from("go-version", None)))) == {".go-version"}
    got = changes(migrate.plan(discover(root), "1.21.0", "none", release="1.21.13",
                               kinds=migrate.kinds_from(None, "gomod,tool-versions")))
    assert set(got) == {".go-version"}
    with pytest.raises(UsageError) as e:
        migrate.kinds_from("docker", None)
    assert e.value.message == "--only: unknown pin kind 'docker'" and "dockerfile" in (e.value.hint or "")


def test_plan_drops_toolchain_lines_go_would_drop(root: Path) -> None:
    # Not above the new go line: pointless, and Go itself removes it.
    got = changes(migrate.plan(discover(root), "1.23.0", None, release="1.23.9"))
    assert got["app/go.mod"][0] == "go 1.22.0 → 1.23.0; toolchain go1.22.10 removed (not above go 1.23.0)"
    # Below Go 1.21 there are no toolchain lines at all.
    got = changes(migrate.plan(discover(root), "1.20", None, release="1.20.14"))
    assert got["app/go.mod"][0] == "go 1.22.0 → 1.20; toolchain go1.22.10 removed"
    # Above the go line: kept.
    (root / "app" / "go.mod").write_text(APP.replace("go1.22.10", "go1.25.5"))
    got = changes(migrate.plan(discover(root), "1.23.0", None, release="1.23.9"))
    assert got["app/go.mod"][0] == "go 1.22.0 → 1.23.0" and "toolchain go1.25.5" in got["app/go.mod"][1]


@pytest.mark.parametrize(("go", "toolchain", "message"), [
    ("1.22.x", None, "invalid --go '1.22.x': expected a go line version like 1.22 or 1.22.0"),
    ("go1.22", None, "invalid --go 'go1.22'"),
    ("1.22.0", "1.22.3", "invalid --toolchain '1.22.3': expected goX.Y.Z (like go1.22.10) or none"),
    ("1.20", "go1.22.3", "go 1.20 predates toolchain lines (Go 1.21); use --toolchain none"),
])
def test_bad_targets_are_refused(root: Path, go: str, toolchain: str | None, message: str) -> None:
    with pytest.raises(UsageError) as e:
        migrate.plan(discover(root), go, toolchain, release="1.22.10")
    assert e.value.message.startswith(message)


def test_a_file_go_cannot_parse_stops_the_plan(root: Path) -> None:
    (root / "lib" / "go.mod").write_text("module example.com/lib\nfrobnicate\n")
    with pytest.raises(ConfigError) as e:
        migrate.plan(discover(root), "1.21.0", None, release="1.21.13")
    assert "unknown directive: frobnicate" in e.value.message and "fix it first" in (e.value.hint or "")


def test_blockers_name_lines_the_target_go_cannot_read(root: Path) -> None:
    (root / "lib" / "go.mod").write_text(LIB + "\ntool example.com/lib/cmd/gen\n")
    p = migrate.plan(discover(root), "1.23.0", None, release="1.23.9")
    assert len(p.blockers) == 1
    assert p.blockers[0].endswith("go.mod:5: unknown directive: tool")  # tool lines came in Go 1.24
    assert migrate.plan(discover(root), "1.24.0", None, release="1.24.0").blockers == []


def test_diff_is_a_unified_diff_relative_to_the_root(root: Path) -> None:
    p = migrate.plan(discover(root), "1.21.0", None, release="1.21.13")
    change = next(c for c in p.changes if c.path.name == "go.work")
    assert change.diff(p.repo.root) == ("--- a/go.work\n+++ b/go.work\n@@ -1,4 +1,4 @@\n-go 1.22.0\n"
                                        "+go 1.21.0\n \n use (\n \t./app // the binary\n")


def test_apply_then_undo_restores_every_byte(root: Path, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gh")
    (root / "app" / "go.mod").chmod(0o600)
    before = snapshot(root)
    p = migrate.plan(discover(root), "1.21.0", "none", release="1.21.13")
    backup = migrate.apply(p.repo, p.changes, paths, go=p.go, toolchain=p.toolchain)
    assert backup.parent == tmp_path / "gh" / "migrations"
    after = snapshot(root)
    assert {k for k in before if before[k] != after[k]} == set(changes(p))
    assert all(c.path.read_bytes() == c.new for c in p.changes)
    assert (root / "app" / "go.mod").stat().st_mode & 0o777 == 0o600  # mode kept
    manifest = json.loads((backup / "manifest.json").read_text())
    assert (manifest["schema"], manifest["go"], manifest["toolchain"]) == (1, "1.21.0", "none")
    saved = {e["path"]: e["existed"] for e in manifest["files"]}
    assert saved[str(root / "go.work.sum")] is False and saved[str(root / "app" / "go.sum")] is True
    # A validation build created a go.work.sum; undo removes it.
    (root / "go.work.sum").write_text("created\n")
    dry = migrate.undo(root, paths, dry_run=True)
    assert snapshot(root)["go.work.sum"] == b"created\n" and backup.exists()
    assert sorted(dry.restored) == sorted(c.path for c in p.changes)
    assert dry.removed == [root / "go.work.sum"]
    res = migrate.undo(root, paths)
    assert snapshot(root) == before and not backup.exists()
    assert sorted(res.restored) == sorted(dry.restored) and res.removed == dry.removed
    assert (root / "app" / "go.mod").stat().st_mode & 0o777 == 0o600
    with pytest.raises(NotFoundError) as e:
        migrate.undo(root, paths)
    assert e.value.message == f"no migration of {root} to undo"


def test_undo_goes_back_one_migration_at_a_time(root: Path, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gh")
    original = snapshot(root)
    def apply(go: str, release: str) -> None:
        p = migrate.plan(discover(root), go, "none", release=release)
        migrate.apply(p.repo, p.changes, paths, go=go, toolchain="none")

    apply("1.21.0", "1.21.13")
    middle = snapshot(root)
    apply("1.20", "1.20.14")
    assert snapshot(root)["lib/go.mod"] == b"module example.com/lib\n\ngo 1.20\n"
    migrate.undo(root, paths)
    assert snapshot(root) == middle
    migrate.undo(root, paths)
    assert snapshot(root) == original
    # Backups are per repository.
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(NotFoundError):
        migrate.undo(other, paths)


def test_a_new_backup_sorts_after_one_whose_clock_ran_ahead(root: Path, tmp_path: Path) -> None:
    # A backup named from a clock reading later than now (a clock stepped back, or two
    # readings straddling a second) must not be taken for the newest one.
    paths = Paths(tmp_path / "gh")
    p = migrate.plan(discover(root), "1.21.0", "none", release="1.21.13")
    first = migrate.apply(p.repo, p.changes, paths, go="1.21.0", toolchain="none")
    ahead = first.with_name(first.name[:-24] + "29991231235959-999999999")
    first.rename(ahead)
    p = migrate.plan(discover(root), "1.20", "none", release="1.20.14")
    second = migrate.apply(p.repo, p.changes, paths, go="1.20", toolchain="none")
    assert sorted([ahead.name, second.name])[-1] == second.name
    assert migrate.latest_backup(root, paths) == second


def test_nothing_to_change(root: Path) -> None:
    p = migrate.plan(discover(root), "1.21.0", "none", release="1.21.13")
    for c in p.changes:
        c.path.write_bytes(c.new)
    assert migrate.plan(discover(root), "1.21.0", "none", release="1.21.13").changes == []


# --- validation: only what runs without a toolchain ---------------------------------------

def test_validation_runs_exactly_the_chosen_toolchain() -> None:
    env = migrate_validate.go_env(Path("/opt/go"), {"PATH": "/usr/bin", "GOTOOLCHAIN": "auto", "X": "1"})
    assert env == {"PATH": "/opt/go/bin" + os.pathsep + "/usr/bin", "GOTOOLCHAIN": "local",
                   "GOROOT": "/opt/go", "X": "1"}


def test_validation_result_shape() -> None:
    v = migrate_validate.Validation("go1.99.1", "/opt/go", [
        migrate_validate.StepResult(".", "tidy", True, "", "--- a/go.mod\n"),
        migrate_validate.StepResult(".", "build", False, "main.go:1: boom")])
    assert not v.ok and v.steps[0].to_json() == {"module": ".", "step": "tidy", "ok": True, "output": "",
                                                 "diff": "--- a/go.mod\n", "failed_tests": []}
    v.steps.pop()
    assert v.ok
