"""Small pure pieces of the download sources: mirror presets, toolchain module naming."""

from __future__ import annotations

import pytest

from gover.errors import UsageError
from gover.toolchain.platforms import Platform
from gover.toolchain.sources import mirrors
from gover.toolchain.sources import toolchainmod as tm


def test_mirror_flag_overrides_and_variable_fills_in(tmp_path) -> None:  # type: ignore[no-untyped-def]
    china = mirrors.get("china")
    env = {"GOPROXY": "https://corp.example", "HOME": str(tmp_path)}
    assert mirrors.apply(env, "china") == {**env, **china.settings()}
    filled = mirrors.apply({**env, "GOVER_MIRROR": "china"}, None)
    assert filled["GOPROXY"] == "https://corp.example"  # set by the user: kept
    assert filled["GOSUMDB"] == "sum.golang.google.cn" and filled["GOVER_DL_URL"] == china.dl
    # A value from `go env -w` counts as set, too.
    (tmp_path / "goenv").write_text("GOSUMDB=sum.golang.org\n")
    filled = mirrors.apply({**env, "GOVER_MIRROR": "china", "GOENV": str(tmp_path / "goenv")}, None)
    assert "GOSUMDB" not in filled
    with pytest.raises(UsageError, match="unknown mirror 'moon': expected one of default, google-cn, china"):
        mirrors.apply({}, "moon")
    assert mirrors.apply(env, None) == env


def test_presets_keep_trust_where_it_was() -> None:
    from gover.sumdb import parse_gosumdb

    for m in mirrors.PRESETS.values():
        db = parse_gosumdb(m.gosumdb)
        assert db is not None and db.verifier.id == "sum.golang.org+033de0ae", m.name
        assert all(b.startswith("https://") for b in m.dl.split(","))


def test_toolchain_module_names() -> None:
    linux_arm = Platform("linux", "arm")
    assert tm.module_version("go1.22.10", linux_arm) == "v0.0.1-go1.22.10.linux-arm"  # not armv6l
    assert tm.toolchain_of("v0.0.1-go1.23rc1.linux-arm", linux_arm) == "go1.23rc1"
    assert tm.toolchain_of("v0.0.1-go1.22.10.linux-arm64", linux_arm) is None
    mv = "v0.0.1-go1.22.10.linux-amd64"
    assert tm.module_file_name("src/go.mod", mv) == f"golang.org/toolchain@{mv}/src/_go.mod"
    assert tm.module_file_name("go.mod", mv) == f"golang.org/toolchain@{mv}/_go.mod"
    assert tm.module_file_name("src/cmd/go.mod.txt", mv) == f"golang.org/toolchain@{mv}/src/cmd/go.mod.txt"
    for omitted in ("api/go1.txt", "doc/go_spec.html", "misc/wasm/x", "test/run.go", ".github/x"):
        assert tm.module_file_name(omitted, mv) is None
    assert tm.module_file_name("testdata/x", mv) is not None


def test_exec_bits_as_go_sets_them() -> None:
    assert tm.force_exec("bin/go") and tm.force_exec("pkg/tool/linux_amd64/compile")
    assert tm.force_exec("lib/wasm/go_js_wasm_exec") and tm.force_exec("lib/wasm/go_wasip1_wasm_exec")
    assert not tm.force_exec("lib/time/zoneinfo.zip") and not tm.force_exec("src/make.bash")


def test_restore_go_mod(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "src" / "cmd").mkdir(parents=True)
    (tmp_path / "src" / "_go.mod").write_text("module std\n")
    (tmp_path / "src" / "cmd" / "_go.mod").write_text("module cmd\n")
    tm.restore_go_mod(tmp_path)
    assert (tmp_path / "src" / "go.mod").read_text() == "module std\n"
    assert (tmp_path / "src" / "cmd" / "go.mod").read_text() == "module cmd\n"
    assert (tmp_path / "src" / "_go.mod").exists()  # kept, as go keeps it
