"""Pure pieces of gover.cache: Go's action-entry grammar, units, prune planning, safe deletes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gover.cache import buildcache, buildprune, locate, modcache, procs, safedelete, units
from gover.cache.buildcache import ActionEntry, EntryError
from gover.errors import ConfigError, UsageError

AID, OID = "ab" * 32, "cd" * 32


def _entry(**kw: object) -> bytes:
    e = ActionEntry(**{"action_id": AID, "output_id": OID, "size": 1234, "time_ns": 1700000000 * 10**9,
                       **kw})  # type: ignore[arg-type]
    return buildcache.format_action(e)


@given(st.integers(0, 2**63 - 1), st.integers(0, 2**63 - 1))
def test_action_entries_round_trip(size: int, tm: int) -> None:
    data = _entry(size=size, time_ns=tm)
    assert len(data) == buildcache.ENTRY_SIZE
    assert buildcache.parse_action(data, AID) == ActionEntry(AID, OID, size, tm)


@pytest.mark.parametrize("mutate, reason", [
    (lambda d: d + b"x", "too long"),
    (lambda d: b"", "file is empty"),
    (lambda d: d[:100], "entry file incomplete"),
    (lambda d: b"v2" + d[2:], "invalid header"),
    (lambda d: d[:-1] + b" ", "invalid header"),
    (lambda d: d[:3] + b"g" + d[4:], "decoding ID"),
    (lambda d: d[:3] + b"0" + d[4:], "mismatched ID"),
    (lambda d: d[:68] + b"z" + d[69:], "decoding output ID"),
    (lambda d: d[:133] + b"%20s" % b"-5" + d[153:], "negative size"),
    (lambda d: d[:133] + b"%20s" % b"1_000" + d[153:], "parsing size"),
    (lambda d: d[:133] + b"%20s" % b"99999999999999999999" + d[153:], "parsing size: value out of range"),
    (lambda d: d[:154] + b"%20s" % b"-1" + d[174:], "negative timestamp"),
    (lambda d: d[:154] + b"%20s" % b"12 4" + d[174:], "parsing timestamp"),
])
def test_action_entries_rejected_as_go_rejects_them(mutate, reason: str) -> None:
    with pytest.raises(EntryError) as e:
        buildcache.parse_action(mutate(_entry()), AID)
    assert str(e.value).startswith(reason)


def test_upper_case_hex_is_accepted_like_go() -> None:
    data = _entry()
    assert buildcache.parse_action(data[:3] + AID.upper().encode() + data[67:], AID).action_id == AID


@pytest.mark.parametrize("text, seconds", [("30m", 1800), ("12h", 43200), ("7d", 604800),
                                           ("2w", 1209600), ("1d12h", 129600), ("1.5h", 5400)])
def test_durations(text: str, seconds: float) -> None:
    assert units.parse_duration(text) == seconds


@pytest.mark.parametrize("text, n", [("0", 0), ("1024", 1024), ("500M", 500 << 20), ("2G", 2 << 30),
                                     ("1.5GiB", 3 << 29), ("10kb", 10240), ("3 T", 3 << 40)])
def test_sizes(text: str, n: int) -> None:
    assert units.parse_size(text) == n


@pytest.mark.parametrize("text", ["", "7", "d", "7x", "-1d", "1d 2h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UsageError, match="invalid duration"):
        units.parse_duration(text)


@pytest.mark.parametrize("text", ["", "G", "1Q", "-5M", "1e9"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(UsageError, match="invalid size"):
        units.parse_size(text)


def _fake_entries(tmp_path: Path, n: int) -> list[tuple[buildcache.Entry, int]]:
    out = []
    for i in range(n):
        name = f"{i:02x}" + "0" * 62 + ("-a" if i % 2 else "-d")
        p = tmp_path / name
        p.write_bytes(b"x")
        t = 1000 + i
        os.utime(p, (t, t))
        out.append((buildcache.Entry(name[:2], name, str(p), os.lstat(p)), 100))
    return out


def test_plan_older_than_then_budget(tmp_path: Path) -> None:
    entries = _fake_entries(tmp_path, 10)  # mtimes 1000..1009, 100 bytes each
    now = 1010.0
    chosen = buildprune.plan(entries, 1000, older_than=5.5, max_size=None, now=now)
    assert [e.st.st_mtime for e, _ in chosen] == [1000, 1001, 1002, 1003, 1004]
    chosen = buildprune.plan(entries, 1000, older_than=None, max_size=650, now=now)
    assert len(chosen) == 4  # 1000 -> 600
    chosen = buildprune.plan(entries, 1000, older_than=8.5, max_size=650, now=now)
    assert len(chosen) == 4  # the budget asks for more than the age does
    assert buildprune.plan(entries, 1000, older_than=None, max_size=5000, now=now) == []


def test_safe_delete_refuses_outside_and_through_links(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f").write_text("keep")
    os.symlink(outside, root / "link")
    for bad in (tmp_path / "outside" / "f", root, root / ".." / "outside" / "f", root / "link" / "f"):
        with pytest.raises(safedelete.OutsideRoot):
            safedelete.remove(str(root), str(bad))
    assert (outside / "f").read_text() == "keep"
    safedelete.remove(str(root), str(root / "link"))  # the link itself may go
    assert not (root / "link").exists() and (outside / "f").exists()
    ro = root / "sub" / "ro"
    (ro / "d").mkdir(parents=True)
    (ro / "d" / "f").write_text("x")
    for p in (ro / "d", ro):
        os.chmod(p, 0o555)
    safedelete.remove(str(root), str(ro))
    assert not ro.exists()


def test_semver_order_matches_go() -> None:
    vs = ["v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v1.2.0-beta.2", "v1.2.0-beta.11", "v1.2.0-alpha",
          "v0.0.0-20240101000000-abcdefabcdef", "v2.0.0+incompatible"]
    assert sorted(vs, key=modcache.semver_key) == [
        "v0.0.0-20240101000000-abcdefabcdef", "v1.2.0-alpha", "v1.2.0-beta.2", "v1.2.0-beta.11",
        "v1.2.0-rc.1", "v1.2.0", "v1.10.0", "v2.0.0+incompatible"]


def test_locate_errors_and_defaults(tmp_path: Path) -> None:
    home = str(tmp_path)
    assert locate.gocache_dir({"HOME": home}, goos="linux").path == f"{home}/.cache/go-build"
    assert locate.gocache_dir({"HOME": home}, goos="darwin").path == f"{home}/Library/Caches/go-build"
    assert locate.gocache_dir({"HOME": home, "XDG_CACHE_HOME": "/x"}, goos="linux").path == "/x/go-build"
    with pytest.raises(ConfigError, match="GOCACHE is not defined and path in .XDG_CACHE_HOME is relative"):
        locate.gocache_dir({"HOME": home, "XDG_CACHE_HOME": "rel"}, goos="linux")
    assert locate.gomodcache_dir({"HOME": home}, goos="linux").path == f"{home}/go/pkg/mod"
    assert locate.gomodcache_dir({"GOPATH": "/a:/b"}, goos="linux").path == "/a/pkg/mod"
    with pytest.raises(ConfigError, match="neither GOMODCACHE nor GOPATH is set"):
        locate.gomodcache_dir({}, goos="linux")


def test_go_processes_are_recognised_by_executable() -> None:
    assert procs._is_go_exe("/usr/local/go/bin/go")
    assert procs._is_go_exe("/usr/local/go/pkg/tool/linux_amd64/compile")
    assert not procs._is_go_exe("/usr/bin/bash")
    assert not procs._is_go_exe("/usr/bin/gopls")
    # No process of this test run is a go binary using a cache that does not exist.
    assert procs.users_of(f"/nonexistent/{time.time()}", lambda env, root: "/elsewhere") == []


@pytest.mark.parametrize("cmd", [["cache", c] for c in ("scan", "verify", "prune")]
                         + [["modcache", c] for c in ("scan", "verify", "prune")])
def test_every_cache_command_has_help_with_examples(gover, capsys, cmd: list[str]) -> None:
    assert gover(*cmd, "--help").code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"gover {cmd[0]} {cmd[1]}" in out


def test_prune_needs_a_criterion_and_valid_values(gover, tmp_path: Path) -> None:
    env = {**os.environ, "GOCACHE": str(tmp_path)}
    r = gover("cache", "prune", env=env)
    assert r.code == 2 and "--older-than DURATION and/or --max-size SIZE" in r.err
    r = gover("cache", "prune", "--max-size", "lots", env=env)
    assert r.code == 2 and "invalid size 'lots'" in r.err
    r = gover("cache", "prune", "--older-than", "1d", env={**env, "GOCACHE": str(tmp_path / "none")})
    assert r.code == 1 and "does not exist" in r.err


def test_module_removal_never_touches_sumdb_vcs_or_lock(tmp_path: Path) -> None:
    from gover.cache import modremove

    vcs = tmp_path / "cache" / "vcs" / "abc"
    vcs.mkdir(parents=True)
    v = modcache.ModVersion("example.com/x", "v1.0.0", "example.com/x", "v1.0.0", dir=str(vcs))
    with pytest.raises(OSError, match="refusing to delete"):
        modremove.remove_tree(str(tmp_path), v)
    assert vcs.is_dir()
