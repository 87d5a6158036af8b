"""The command line of the features whose domain code tests/unit covers: what each prints,
to which stream, and the exit status (0 ok, 1 a finding or failure, 2 bad usage)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gover.toolchain import bundle
from tests.support import craft_elf
from tests.support.fakehttp import MODULE, TINY_GOROOT, module_version, world, write_module_zip
from tests.support.layouts import fake_goroot

APP = "module example.com/app\n\ngo 1.22.0\n\ntoolchain go1.22.10\n"
LIB = "module example.com/lib\n\ngo 1.21\n"


def workspace(root: Path) -> Path:
    for rel, text in {"go.work": "go 1.22.0\n\nuse (\n\t./app\n\t./lib\n)\n", "app/go.mod": APP,
                      "lib/go.mod": LIB, ".go-version": "1.22.10\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_migrate_dry_run_apply_and_undo(gover: Any, tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo")
    r = gover("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--dry-run")
    assert r.code == 1 and "gover: no Go release satisfies go 1.21.0 in go1.21.x" in r.err  # none to name
    assert gover("adopt", str(fake_goroot(tmp_path / "sdk", "1.21.13"))).code == 0
    r = gover("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--dry-run")
    assert r.code == 0, r
    assert "--- a/app/go.mod\n+++ b/app/go.mod\n" in r.out and "-toolchain go1.22.10\n" in r.out
    assert "-1.22.10\n+1.21.13\n" in r.out  # .go-version names the release, not "1.21.0"
    assert r.err == ("Exact pins name go1.21.13 (the newest installed go1.21.x satisfying go >= 1.21.0)\n"
                     "4 files would change (dry run: nothing written)\n")
    assert (repo / "app" / "go.mod").read_text() == APP
    doc = json.loads(gover("migrate", str(repo), "--go", "1.21.0", "--dry-run", "--json").out)
    assert doc["dry_run"] is True and doc["backup"] is None and doc["validation"] is None
    assert sorted(Path(c["file"]).name for c in doc["changes"]) == [".go-version", "go.mod", "go.mod",
                                                                   "go.work"]
    r = gover("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--no-validate")
    assert r.code == 0, r
    assert f"Changed 4 files; undo with: gover migrate --undo {repo}" in r.err
    assert (repo / "lib" / "go.mod").read_text() == LIB.replace("go 1.21", "go 1.21.0")
    r = gover("migrate", str(repo), "--undo", "--dry-run")
    assert r.code == 0 and r.err.count("Would restore ") == 4
    r = gover("migrate", str(repo), "--undo")
    assert r.code == 0 and r.err.count("Restored ") == 4 and (repo / "app" / "go.mod").read_text() == APP
    r = gover("migrate", str(repo), "--undo")
    assert r.code == 1 and f"no migration of {repo} to undo" in r.err


def test_migrate_usage_errors(gover: Any, tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo")
    r = gover("migrate", str(repo))
    assert r.code == 2 and "give the target with --go VERSION (or --undo)" in r.err
    r = gover("migrate", str(repo), "--undo", "--go", "1.21")
    assert r.code == 2 and "--undo takes no --go/--toolchain" in r.err
    (tmp_path / "empty").mkdir()
    r = gover("migrate", str(tmp_path / "empty"), "--go", "1.21")
    assert r.code == 2 and f"no go.mod or go.work under {(tmp_path / 'empty').resolve()}" in r.err
    r = gover("migrate", str(repo), "--go", "1.22.x")
    assert r.code == 2 and "invalid --go '1.22.x'" in r.err and "Traceback" not in r.err


def test_check_formats_and_exit_status(gover: Any, tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo")
    r = gover("check", "--no-go", str(repo))
    assert r.code == 0, r  # warnings only
    assert r.out == ("lib/go.mod:3: warning: go 1.21 differs from go 1.22.0 in app/go.mod [go-drift]\n"
                     "    fix: move every module together: gover migrate --go VERSION\n")
    assert r.err == "0 errors, 1 warning in 2 modules\n"
    (repo / ".go-version").write_text("1.21.13\n")
    r = gover("check", "--no-go", str(repo), "--format", "github")
    assert r.code == 1
    assert ("::error file=.go-version,line=1,title=gover pin::pins go 1.21.13, but app/go.mod requires "
            "go >= 1.22.0 (fix: gover migrate --go 1.22.0)\n") in r.out
    r = gover("check", "--no-go", str(repo), "--format", "json", "--files", str(repo / "lib" / "go.mod"))
    doc = json.loads(r.out)
    assert r.code == 0 and [f["code"] for f in doc["findings"]] == ["go-drift"]  # only that file
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "go.mod").write_text("module m\n\ngo 1.22.0\n")
    r = gover("check", "--no-go", str(clean))
    assert (r.code, r.out, r.err) == (0, "", "No problems found in 1 module\n")


def test_bundle_list_and_verify_offline(gover: Any, tmp_path: Path) -> None:
    w = world(tmp_path)
    w.publish("1.99.1")
    mv = module_version("1.99.1")
    z = tmp_path / "m.zip"
    write_module_zip(z, TINY_GOROOT, mv)
    w.client.routes[f"http://proxy.test/{MODULE}/@v/list"] = f"{mv}\n".encode()
    w.client.routes[f"http://proxy.test/{MODULE}/@v/{mv}.zip"] = z.read_bytes()
    out = tmp_path / "go.bundle"
    bundle.create(["1.99.1"], w.ctx(GOPROXY="http://proxy.test", GOVER_SOURCES="proxy"), out)  # type: ignore[arg-type]
    env = {**os.environ, "GOSUMDB": w.gosumdb, "GOVER_OS": "linux", "GOVER_ARCH": "amd64"}
    r = gover("bundle", "list", str(out), env=env)
    assert r.code == 0, r
    header, row = r.out.splitlines()
    assert header.split() == ["VERSION", "PLATFORM", "SOURCE", "CHECKSUM", "DB", "SIZE"]
    assert row.split()[:4] == ["go1.99.1", "linux/amd64", "proxy", "sum.gover.test"]
    r = gover("bundle", "verify", str(out), env=env)
    assert r.code == 0, r
    assert f"OK go1.99.1 (linux/amd64) artifacts/golang.org-toolchain-{mv}.zip" in r.err
    assert r.err.endswith(f"{out}: 1 artifact verified\n")
    doc = json.loads(gover("bundle", "verify", str(out), "--json", env=env).out)
    assert doc["bundle"] == str(out.resolve()) and doc["verified"][0]["checksum_db"] == "sum.gover.test"
    r = gover("bundle", "verify", str(out), env={**env, "GOSUMDB": "off"})
    assert r.code == 1 and "checksum database disabled by GOSUMDB=off" in r.err


def test_buildinfo_prints_go_version_m(gover: Any, tmp_path: Path) -> None:
    text = "path\texample.com/cmd\nmod\texample.com/cmd\t(devel)\t\nbuild\tCGO_ENABLED=0\n"
    exe = tmp_path / "cmd"
    exe.write_bytes(craft_elf.inline_elf(b"go1.22.1", text.encode()))
    r = gover("buildinfo", str(exe))
    assert (r.code, r.err) == (0, "")
    assert r.out == (f"{exe}: go1.22.1\n\tpath\texample.com/cmd\n\tmod\texample.com/cmd\t(devel)\t\n"
                     "\tbuild\tCGO_ENABLED=0\n")
    doc = json.loads(gover("buildinfo", str(exe), "--json").out)
    assert doc == {"binaries": [{
        "file": str(exe), "go_version": "go1.22.1", "path": "example.com/cmd",
        "main": {"path": "example.com/cmd", "version": "(devel)", "sum": "", "replace": None},
        "deps": [], "settings": [{"key": "CGO_ENABLED", "value": "0"}]}], "errors": []}
    r = gover("buildinfo", str(tmp_path / "missing"))
    assert r.code == 1 and f"stat {tmp_path / 'missing'}: no such file or directory" in r.err


def test_cache_verify_reports_and_deletes(gover: Any, tmp_path: Path) -> None:
    import hashlib

    cache = tmp_path / "gocache"
    oid = hashlib.sha256(b"output").hexdigest()
    (cache / oid[:2]).mkdir(parents=True)
    (cache / oid[:2] / f"{oid}-d").write_bytes(b"OUTPUT")  # same size, other bytes
    env = {**os.environ, "GOCACHE": str(cache)}
    bad = cache / oid[:2] / f"{oid}-d"
    line = f"{bad}: output: content hashes to {hashlib.sha256(b'OUTPUT').hexdigest()[:16]}..., not its " \
           "name (6 bytes)\n"
    r = gover("cache", "verify", env=env)
    assert (r.code, r.out) == (1, line)
    assert r.err == "Checked 1 entries: 1 damaged\nRemove them with --delete-bad\n"
    r = gover("cache", "verify", "--delete-bad", "--dry-run", env=env)
    assert r.code == 1 and "Would delete the damaged entries above (dry run)" in r.err and bad.exists()
    r = gover("cache", "verify", "--delete-bad", env=env)
    assert (r.code, r.out) == (0, line) and not bad.exists()
    assert r.err.endswith("Deleted 1; Go rebuilds or re-fetches them when needed\n")
    r = gover("cache", "verify", env=env)
    assert (r.code, r.out, r.err) == (0, "", "Checked 0 entries: no damage found\n")


def test_matrix_runs_the_command_under_each_version(gover: Any, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from gover.paths import Paths
    from gover.toolchain.store import Meta, Store

    store = Store(Paths.from_env(os.environ))
    for v in ("1.98.0", "1.99.1"):  # installed GOROOTs; the command never runs their go
        t = store.tmp_dir_for(f"go{v}")
        (t / "bin").mkdir(parents=True)
        store.commit(f"go{v}", t, Meta(f"go{v}", "archive"))
    script = 'echo "$GOVER_MATRIX_VERSION $GOROOT $GOTOOLCHAIN"; [ "$GOVER_VERSION" != 1.98.0 ]'
    cmd = ["--", "sh", "-c", script]
    r = gover("matrix", "--versions", "1.98,1.99", "--dry-run", *cmd)
    assert (r.code, r.out.split()) == (0, ["go1.98.0", "(1.98)", "go1.99.1", "(1.99)"])
    junit = tmp_path / "m.xml"
    r = gover("matrix", "--versions", "1.98,1.99", "--json", "--junit", str(junit), *cmd)
    assert r.code == 1
    res = json.loads(r.out)["results"]
    versions_dir = store.paths.versions
    assert [(x["version"], x["status"], x["exit_code"], x["output"]) for x in res] == [
        ("go1.98.0", "failed", 1, f"go1.98.0 {versions_dir / 'go1.98.0'} local\n"),
        ("go1.99.1", "passed", 0, f"go1.99.1 {versions_dir / 'go1.99.1'} local\n")]
    assert Path(res[0]["log"]).read_text().count(f"go1.98.0 {versions_dir / 'go1.98.0'} local\n") == 1
    assert "under go1.98.0, go1.99.1 (2 at a time)" in r.err
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    r = gover("matrix", "--versions", "1.99", *cmd)
    assert r.code == 0 and r.out.splitlines()[0].split() == ["VERSION", "RESULT", "EXIT", "DURATION", "LOG"]
    assert r.out.splitlines()[1].split()[:3] == ["go1.99.1", "passed", "0"]
    r = gover("matrix", "--versions", "1.97", *cmd)
    assert (r.code, r.err) == (1, "gover: not installed: 1.97 (installed: go1.98.0, go1.99.1)\n"
                                  "  run: gover install 1.97, or add --install\n")
