"""The release policy file: switches per target, origins, and one-line errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.errors import ConfigError, UsageError
from gover.release import policy
from gover.release.distlist import TARGETS
from gover.release.policy import Rule

GOOD = """\
# shipped targets
static = true
trimpath = true
min-go = "go1.22"
vulns = "optional"

[target."linux/amd64"]
clean_vcs = true

[target."darwin/arm64"]
static = false
"""


def _load(tmp_path: Path, text: str) -> policy.Policy:
    p = tmp_path / ".gover" / "release.toml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(text)
    return policy.load(p)


def test_layers_and_origins(tmp_path: Path) -> None:
    pol = _load(tmp_path, GOOD)
    path = str(tmp_path / ".gover" / "release.toml")
    linux = pol.for_target("linux/amd64", {})
    assert (linux["static"], linux["trimpath"], linux["clean_vcs"], linux["min_go"], linux["vulns"]) == \
        (True, True, True, "1.22", "optional")
    assert linux.origin("static") == f"{path}:2" and linux.origin("clean_vcs") == f"{path}:8"
    assert linux["targets"] == ("linux/amd64", "darwin/arm64")  # the tables name the targets
    mac = pol.for_target("darwin/arm64", {"trimpath": Rule(False, "--x")})
    assert (mac["static"], mac.origin("static"), mac["clean_vcs"]) == (False, f"{path}:11", False)
    assert mac.origin("trimpath") == "--x"  # flags win
    assert pol.for_target("windows/amd64", {})["no_replace"] is False


def test_found_from_a_subdirectory(tmp_path: Path) -> None:
    _load(tmp_path, GOOD)
    sub = tmp_path / "cmd" / "server"
    sub.mkdir(parents=True)
    assert policy.find(sub) == tmp_path / ".gover" / "release.toml"
    assert policy.find(tmp_path.parent) is None or policy.find(tmp_path.parent) != policy.find(sub)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("static = true\ntrimpath = \n", 2, "invalid TOML"),
    ("static = true\nstatik = true\n", 2, "key 'statik': unknown key; expected one of targets, static"),
    ("\nstatic = \"yes\"\n", 2, "key 'static': expected true or false, got \"yes\""),
    ("min_go = \"1.x\"\n", 1, "key 'min_go': expected a Go version"),
    ("vulns = \"sometimes\"\n", 1, "key 'vulns': expected true, false or \"optional\""),
    ("targets = [\"linux/amd65\"]\n", 1, "unknown target 'linux/amd65'; valid (go tool dist list, go1.25.5)"),
    ("static = true\n\n[target.\"linux/amd65\"]\nstatic = false\n", 3,
     "key 'target.linux/amd65': unknown target 'linux/amd65' (did you mean linux/amd64?)"),
    ("[target.\"linux/amd64\"]\n\ntargets = [\"linux/amd64\"]\n", 3,
     "key 'target.linux/amd64.targets': unknown key"),
    ("target = 3\n", 1, "expected tables like [target.\"linux/amd64\"]"),
])
def test_malformed_policy_names_file_line_and_key(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as e:
        _load(tmp_path, text)
    msg = e.value.message
    assert msg.startswith(f"{tmp_path / '.gover' / 'release.toml'}:{line}: "), msg
    assert words in msg and "\n" not in msg


def test_unreadable_policy(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy file .*missing.toml"):
        policy.load(tmp_path / "missing.toml")


def test_targets_and_min_go_flags() -> None:
    assert policy.check_target(" linux/arm64 ") == "linux/arm64"
    with pytest.raises(UsageError) as e:
        policy.check_target("linux/amd65")
    assert e.value.message == "unknown --target 'linux/amd65': not a GOOS/GOARCH pair Go builds for"
    assert e.value.hint is not None and "did you mean linux/amd64" in e.value.hint
    assert all(t in e.value.hint for t in TARGETS)
    assert policy.check_min_go("go1.22.3") == "1.22.3"
    with pytest.raises(UsageError, match="invalid --min-go 'one': expected a Go version"):
        policy.check_min_go("one")
