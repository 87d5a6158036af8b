"""gomod/lookup.py against the real go: which file Go reads to choose a toolchain.

With GOTOOLCHAIN=path, a real go1.25.5 execs the toolchain named by the go.work or
go.mod it reads (found on PATH).  Each file here names a different fake toolchain
(``go1.9N.1``, printing ``RAN go1.9N.1``), so what runs shows which file Go used;
the Python lookup must predict it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gover.errors import ConfigError
from gover.golang import versions
from gover.gomod import lookup
from gover.resolve.select import BadValue, check_toolchain
from tests.conftest import toolchain_root

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def go() -> Path:
    return toolchain_root("1.25.5") / "bin" / "go"


def fake_toolchains(d: Path) -> Path:
    b = d / "fakebin"
    b.mkdir()
    for n in range(90, 100):
        f = b / f"go1.{n}.1"
        f.write_text(f"#!/bin/sh\necho RAN go1.{n}.1\n")
        f.chmod(0o755)
        g = b / f"go1.{n}.0"
        g.write_text(f"#!/bin/sh\necho RAN go1.{n}.0\n")
        g.chmod(0o755)
    return b


def run_go(go: Path, cwd: Path, env: dict[str, str], fakebin: Path) -> str:
    e = {k: v for k, v in env.items() if not k.startswith("GO")}
    e.update({k: v for k, v in env.items() if k.startswith("GO")})
    e.update(GOTOOLCHAIN="path", GOENV="off", PATH=f"{fakebin}:/usr/bin:/bin", PWD=str(cwd))
    p = subprocess.run([str(go), "version"], cwd=cwd, env=e, capture_output=True, text=True, timeout=60)
    if p.stdout.startswith("RAN "):
        return p.stdout.split()[1]
    if p.returncode == 0 and p.stdout.startswith("go version go1.25.5"):
        return "local"
    return "error: " + p.stderr.strip()


def predict(cwd: Path, env: dict[str, str]) -> str:
    """What gover's lookup says Go will run (``local`` when no file applies)."""
    try:
        choice = lookup.module_file(str(cwd), env, env.get("GOWORK", ""), env.get("GO111MODULE", ""))
    except ConfigError as e:
        return "error: " + e.message
    if not choice.path:
        return "local"
    ml = lookup.read_lines(choice.path)
    tc, go = ml.toolchain.value, ml.go.value
    if tc and tc != "default":
        try:
            check_toolchain(tc)
        except BadValue as e:
            return "error: " + str(e)
        if not go or versions.compare(versions.from_toolchain(tc), go) >= 0:
            return tc
    if go and versions.compare(go, "1.25.5") > 0:
        return "go" + go + (".0" if versions.is_lang(go) else "")
    return "local"


MOD = "module example.com/m\n\ngo 1.21\n\ntoolchain go1.91.1\n"
WORK = "go 1.21\n\ntoolchain go1.90.1\n\nuse ./m\n"

CASES = {
    "gomod": ({"m/go.mod": MOD}, "m/sub", {}),
    "gowork-above": ({"go.work": WORK, "m/go.mod": MOD}, "m/sub", {}),
    "gowork-off": ({"go.work": WORK, "m/go.mod": MOD}, "m", {"GOWORK": "off"}),
    "gowork-auto": ({"go.work": WORK, "m/go.mod": MOD}, "m", {"GOWORK": "auto"}),
    "gowork-abs": ({"x/other.work": "go 1.21\ntoolchain go1.92.1\n", "m/go.mod": MOD}, "m",
                   {"GOWORK": "{root}/x/other.work"}),
    "gowork-abs-missing": ({"m/go.mod": MOD}, "m", {"GOWORK": "{root}/x/none.work"}),
    "gowork-abs-no-module": ({"x/other.work": "go 1.21\ntoolchain go1.92.1\n"}, "m",
                             {"GOWORK": "{root}/x/other.work"}),
    "gowork-relative": ({"m/go.mod": MOD}, "m", {"GOWORK": "other.work"}),
    "gomod-in-tmpdir": ({"m/go.mod": MOD}, "m", {"TMPDIR": "{root}/m"}),
    "gomod-below-tmpdir": ({"m/go.mod": MOD}, "m", {"TMPDIR": "{root}"}),
    "go111module-off": ({"m/go.mod": MOD}, "m", {"GO111MODULE": "off"}),
    "go111module-auto-work-only": ({"go.work": WORK}, "m", {"GO111MODULE": "auto"}),
    "go111module-auto-mod": ({"m/go.mod": MOD}, "m", {"GO111MODULE": "auto"}),
    "gomod-is-directory": ({"m/go.mod/x": "", "go.mod": "module r\ntoolchain go1.93.1\n"}, "m", {}),
    "lookup-comment-and-spaces": ({"m/go.mod": "module m\n\t toolchain\tgo1.94.1 // pinned\r\n"}, "m", {}),
    "lookup-first-line-wins": ({"m/go.mod": "module m\ntoolchain go1.95.1\ntoolchain go1.96.1\n"}, "m", {}),
    "lookup-word-prefix": ({"m/go.mod": "module m\ntoolchains go1.97.1\ntoolchain go1.95.1\n"}, "m", {}),
    "lookup-in-block": ({"m/go.mod": "module m\nrequire (\n\ttoolchain v1.0.0\n)\ntoolchain go1.95.1\n"},
                        "m", {}),
    "lookup-go-line-only": ({"m/go.mod": "module m\ngo 1.97.1\n"}, "m", {}),
    "lookup-go-lang-line": ({"m/go.mod": "module m\ngo 1.98\n"}, "m", {}),
    "lookup-toolchain-default": ({"m/go.mod": "module m\ngo 1.21\ntoolchain default\n"}, "m", {}),
    "lookup-toolchain-older-than-go": ({"m/go.mod": "module m\ngo 1.99.1\ntoolchain go1.94.1\n"}, "m", {}),
    "lookup-toolchain-garbage": ({"m/go.mod": "module m\ntoolchain banana\n"}, "m", {}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_lookup_predicts_the_file_go_reads(name: str, go: Path, tmp_path: Path) -> None:
    files, cwd_rel, env_extra = CASES[name]
    root = tmp_path / "r"
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    cwd = root / cwd_rel
    cwd.mkdir(parents=True, exist_ok=True)
    fakebin = fake_toolchains(tmp_path)
    env = {**os.environ, **{k: v.replace("{root}", str(root)) for k, v in env_extra.items()}}
    env.pop("GOWORK", None) if "GOWORK" not in env_extra else None
    real = run_go(go, cwd, env, fakebin)
    want = predict(cwd, env)
    if real.startswith("error: "):
        # Go's wording differs ("go: invalid GOWORK…", `invalid toolchain "banana" in go.mod`);
        # what must agree is that it is an error, about the same thing.
        assert want.startswith("error: "), (real, want)
        key = "GOWORK" if "GOWORK" in real else "toolchain"
        assert key in real and key in want, (real, want)
    else:
        assert real == want, (real, want)


def test_lookup_matches_gomodlookup_trimming() -> None:
    data = "\ufeffmodule m\n\u00a0go 1.22 //x\n\x0btoolchain  go1.23.1\t// y\n".encode()
    assert lookup.lookup(data, "go") == lookup.Line("1.22", 2)
    assert lookup.lookup(data, "toolchain") == lookup.Line("go1.23.1", 3)
    assert not lookup.lookup(b"go\ngo\t\n", "go")  # "go" alone is not a go line
    assert lookup.lookup(b"go //\n", "go") == lookup.Line("", 1)
