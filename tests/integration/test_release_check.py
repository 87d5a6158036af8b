"""gover release check on real binaries built by go1.25.5: every violation, clean passes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gover.release.distlist import TARGETS
from tests.conftest import toolchain_root
from tests.support import releasebins

pytestmark = pytest.mark.integration

GO = ["1.25.5"]


@pytest.fixture(scope="module")
def bins(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Path]:
    return releasebins.session_binaries(lambda: tmp_path_factory.mktemp("relbins"), shared_go_caches,
                                        toolchain_root(GO[0]))


def _go(*args: str) -> str:
    env = {**os.environ, "GOENV": "off", "GOTOOLCHAIN": "local"}
    return subprocess.run([str(toolchain_root(GO[0]) / "bin" / "go"), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def _check(gover: Any, *args: str) -> tuple[int, dict[str, Any], str]:
    r = gover("release", "check", "--json", *args)
    return r.code, json.loads(r.out) if r.out else {}, r.err


def _violations(doc: dict[str, Any], file: Path) -> dict[str, list[dict[str, str]]]:
    b = next(b for b in doc["binaries"] if b["file"] == str(file))
    out: dict[str, list[dict[str, str]]] = {}
    for v in b["violations"]:
        out.setdefault(v["check"], []).append(v)
    return out


def _settings(file: Path) -> dict[str, str]:
    """Build settings as the real go reports them."""
    out = {}
    for line in _go("version", "-m", str(file)).splitlines():
        parts = line.strip().split("\t")
        if parts[0] == "build":
            k, _, v = parts[1].partition("=")
            out[k] = v
    return out


def test_header_platform_agrees_with_what_go_built(bins: dict[str, Path], gover: Any) -> None:
    names = ["linux-amd64", "linux-arm64", "darwin-arm64", "windows-amd64", "cgo"]
    code, doc, _ = _check(gover, *(str(bins[n]) for n in names))
    assert code == 0, doc
    for n in names:
        b = next(b for b in doc["binaries"] if b["file"] == str(bins[n]))
        s = _settings(bins[n])  # the real go says what it built for
        assert b["target"] == f"{s['GOOS']}/{s['GOARCH']}"
        assert s["GOARCH"] == b["platform"]["goarch"] and s["GOOS"] in b["platform"]["goos"]
    fmt = {b["file"]: b["format"] for b in doc["binaries"]}
    assert [fmt[str(bins[n])] for n in names] == ["elf", "elf", "macho", "pe", "elf"]


def test_clean_binaries_pass_every_switch(bins: dict[str, Path], gover: Any) -> None:
    for name, target in (("linux-amd64", "linux/amd64"), ("linux-arm64", "linux/arm64"),
                         ("windows-amd64", "windows/amd64")):
        s = _settings(bins[name])
        assert (s["-trimpath"], s["vcs.modified"], s["CGO_ENABLED"]) == ("true", "false", "0")
        r = gover("release", "check", "--target", target, "--static", "--trimpath", "--clean-vcs",
                  "--no-replace", "--min-go", "1.25", str(bins[name]))
        assert r.code == 0, r.out
        assert r.out.splitlines()[0].startswith(f"{bins[name]}: ok (go1.25.5, {target}, ")
        assert "1 binary: 1 passed, 0 failed" in r.out


def test_dynamic_cgo_binary_against_readelf(bins: dict[str, Path], gover: Any) -> None:
    code, doc, _ = _check(gover, "--static", str(bins["cgo"]), str(bins["linux-amd64"]))
    assert code == 1
    assert _violations(doc, bins["linux-amd64"]) == {}
    (v,) = _violations(doc, bins["cgo"])["static"]
    b = next(b for b in doc["binaries"] if b["file"] == str(bins["cgo"]))
    dyn = subprocess.run(["readelf", "-d", "-l", str(bins["cgo"])], capture_output=True, text=True).stdout
    needed = [line.split("[", 1)[1].rstrip("]") for line in dyn.splitlines() if "(NEEDED)" in line]
    interp = dyn.split("[Requesting program interpreter: ", 1)[1].split("]", 1)[0]
    assert b["linkage"]["libraries"] == needed and b["linkage"]["interpreter"] == interp
    assert interp in v["message"] and "CGO_ENABLED=1" in v["message"] and v["rule"] == "--static"
    assert b["build"]["cgo_enabled"] is True and _settings(bins["cgo"])["CGO_ENABLED"] == "1"


@pytest.mark.parametrize(("name", "flags", "check", "words"), [
    ("linux-arm64", ["--target", "linux/amd64,windows/amd64"], "target",
     "built for linux/arm64, not one of linux/amd64, windows/amd64"),
    ("darwin-arm64", ["--target", "darwin/amd64"], "target", "built for darwin/arm64"),
    ("darwin-arm64", ["--trimpath"], "trimpath", "built without -trimpath"),
    ("dirty", ["--clean-vcs"], "vcs-modified", "built from a modified working tree"),
    ("novcs", ["--clean-vcs"], "vcs-revision", "no vcs.revision"),
    ("replaced", ["--no-replace"], "replace", "example.com/dep v1.0.0 is replaced by the local directory "
     "./localdep"),
    ("race", [], "instrumented", "a -race build"),
    ("stripped", [], "build-info", "not a Go executable"),
    ("linux-amd64", ["--min-go", "1.26"], "min-go", "built with go1.25.5, older than the minimum go1.26"),
])
def test_each_violation_is_detected(bins: dict[str, Path], gover: Any, name: str, flags: list[str],
                                    check: str, words: str) -> None:
    code, doc, _ = _check(gover, *flags, str(bins[name]))
    assert code == 1
    found = _violations(doc, bins[name])
    assert check in found, found
    assert words in found[check][0]["message"]
    assert found[check][0]["rule"] == (flags[0] if flags else "always")
    if name in ("dirty", "race", "replaced", "novcs"):  # the facts the real go reports
        s = _settings(bins[name])
        assert {"dirty": s.get("vcs.modified") == "true", "race": s.get("-race") == "true",
                "novcs": "vcs.revision" not in s,
                "replaced": "=>\t./localdep" in _go("version", "-m", str(bins[name]))}[name]


def test_github_annotations(bins: dict[str, Path], gover: Any) -> None:
    r = gover("release", "check", "--format", "github", "--trimpath", str(bins["darwin-arm64"]),
              str(bins["race"]))
    assert r.code == 1
    lines = [line for line in r.out.splitlines() if line.startswith("::error ")]
    assert lines[0].startswith(f"::error file={bins['darwin-arm64']},title=gover release check%3A trimpath::"
                               "built without -trimpath")
    assert any("title=gover release check%3A instrumented::a -race build" in line for line in lines)
    assert "2 binaries: 0 passed, 2 failed" in r.out


def test_policy_file_lets_ci_run_with_no_flags(bins: dict[str, Path], gover: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".gover").mkdir(parents=True)
    (repo / ".gover" / "release.toml").write_text(
        "static = true\ntrimpath = true\nclean_vcs = true\nno_replace = true\n\n"
        '[target."linux/amd64"]\n\n[target."windows/amd64"]\n\n'
        '[target."darwin/arm64"]\ntrimpath = false\n')
    dist = releasebins.copy(bins, ["linux-amd64", "windows-amd64", "darwin-arm64"], repo / "dist")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    env = {**os.environ, "PWD": str(repo / "sub")}
    r = gover("release", "check", *dist, env=env)
    assert r.code == 0, r.out
    assert f"policy {repo / '.gover' / 'release.toml'}" in r.out
    bad = releasebins.copy(bins, ["linux-arm64", "cgo"], repo / "bad")
    r = gover("release", "check", "--json", *bad, env=env)
    doc = json.loads(r.out)
    assert r.code == 1
    arm = _violations(doc, Path(bad[0]))["target"][0]
    assert arm["rule"] == f"the [target.*] tables of {repo / '.gover' / 'release.toml'}"
    assert "not one of linux/amd64, windows/amd64, darwin/arm64" in arm["message"]
    assert _violations(doc, Path(bad[1]))["static"][0]["rule"] == f"{repo / '.gover' / 'release.toml'}:1"
    assert gover("release", "check", "--no-policy", *bad, env=env).code == 0


def test_bad_input(bins: dict[str, Path], gover: Any, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a binary\n")
    cut = tmp_path / "cut"
    cut.write_bytes(bins["linux-amd64"].read_bytes()[:4096])
    r = gover("release", "check", str(text), str(cut), str(tmp_path), "/proc/self/mem",
              str(bins["linux-amd64"]))
    assert r.code == 1
    out = r.out
    assert f"{text}: FAIL\n  x build-info: no Go build info: unrecognized file format\n" in out
    assert "starts like an ELF executable but is truncated or damaged" in out
    assert f"x file: {tmp_path} is a directory: name the binaries in it" in out
    assert "x file: cannot read /proc/self/mem: input/output error" in out
    assert f"{bins['linux-amd64']}: ok" in out and "Traceback" not in out + r.err
    # go version -m agrees that these are not Go binaries (it reports executable files only).
    text.chmod(0o755)
    cut.chmod(0o755)
    p = subprocess.run([str(toolchain_root(GO[0]) / "bin" / "go"), "version", "-m", str(text), str(cut)],
                       capture_output=True, text=True)
    assert "unrecognized file format" in p.stderr and p.returncode == 1


def test_unknown_target_lists_dist_list(gover: Any, bins: dict[str, Path]) -> None:
    listed = _go("tool", "dist", "list").split()
    assert list(TARGETS) == listed  # the shipped data is go1.25.5's own list
    r = gover("release", "check", "--target", "linux/amd64,linux/x86", str(bins["linux-amd64"]))
    assert r.code == 2
    first, hint = r.err.splitlines()[:2]
    assert first == "gover: unknown --target 'linux/x86': not a GOOS/GOARCH pair Go builds for"
    assert all(t in hint for t in listed)


def test_malformed_policy(gover: Any, bins: dict[str, Path], tmp_path: Path) -> None:
    pol = tmp_path / "release.toml"
    pol.write_text('static = true\n[target."linux/amd64"]\ntrimpath = "yes"\n')
    r = gover("release", "check", "--policy", str(pol), str(bins["linux-amd64"]))
    assert r.code == 1
    assert r.err.splitlines()[0] == (f"gover: {pol}:3: key 'target.linux/amd64.trimpath': "
                                     'expected true or false, got "yes"')
    pol.write_text("static = [true,\n")
    r = gover("release", "check", "--policy", str(pol), str(bins["linux-amd64"]))
    assert r.code == 1 and r.err.startswith(f"gover: {pol}:") and "invalid TOML" in r.err
    assert gover("release", "check").code == 2


def _fat(thin: bytes) -> bytes:
    """A universal file: the real darwin/arm64 binary, and a copy relabelled x86_64 (no lipo here)."""
    import struct

    other = bytearray(thin)
    struct.pack_into("<II", other, 4, 0x01000007, 3)  # CPU_TYPE_X86_64, CPU_SUBTYPE_X86_64_ALL
    align = 14
    off1 = 1 << align
    off2 = (off1 + len(thin) + off1 - 1) & ~(off1 - 1)
    hdr = struct.pack(">II", 0xCAFEBABE, 2) + struct.pack(">5I", 0x0100000C, 0, off1, len(thin), align) \
        + struct.pack(">5I", 0x01000007, 3, off2, len(other), align)
    return hdr.ljust(off1, b"\0") + thin.ljust(off2 - off1, b"\0") + bytes(other)


def test_fat_macho_checks_every_slice(bins: dict[str, Path], gover: Any, tmp_path: Path) -> None:
    fat = tmp_path / "app-universal"
    fat.write_bytes(_fat(bins["darwin-arm64"].read_bytes()))
    assert _go("version", str(fat)) == f"{fat}: go1.25.5\n"  # go reads it as a fat file
    code, doc, _ = _check(gover, "--target", "darwin/arm64", str(fat))
    assert code == 1
    b = doc["binaries"][0]
    assert b["platform"]["slices"] == ["arm64", "amd64"]
    (v,) = _violations(doc, fat)["target"]
    assert v["message"] == "built for darwin/amd64, not one of darwin/arm64"
    assert gover("release", "check", "--target", "darwin/arm64,darwin/amd64", str(fat)).code == 0
