"""Version selection for gover matrix, the go line lookup, and CI matrices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gover.errors import ConfigError, NotFoundError, NotInstalledError, UsageError
from gover.matrix import ci, module, pick
from gover.matrix.module import GoLine
from gover.toolchain.releaseindex import INSTALLED as FROM_INSTALLED
from gover.toolchain.releaseindex import ReleaseIndex

INSTALLED = ["go1.21.13", "go1.22.3", "go1.22.10", "go1.23rc1", "go1.23.9"]
RELEASED = ["go1.25rc2", "go1.24.3", "go1.24.2", "go1.23.9", "go1.23.10", "go1.22.10", "go1.21.13", "go1.20"]


def gl(version: str, name: str = "go.mod") -> GoLine:
    return GoLine(Path("/m") / name, version, True)


def unreachable() -> ReleaseIndex:
    return ReleaseIndex([], FROM_INSTALLED, 0.0, unreachable="no release index answered "
                        "(official: cannot connect to 127.0.0.1:9)")


def index(releases: list[str], **kw: object) -> ReleaseIndex:
    return ReleaseIndex(releases, "official", 0.0, **kw)  # type: ignore[arg-type]


def plan(**kw: object) -> pick.Plan:
    args: dict[str, object] = dict(installed=INSTALLED, specs=[], want_supported=False, from_go_mod=False,
                                   go_line=None, install=False, remote=unreachable)
    args.update(kw)
    return pick.plan(**args)  # type: ignore[arg-type]


def test_release_filters() -> None:
    assert pick.is_release("go1.22.10") and pick.is_release("go1.20")
    assert not pick.is_release("go1.21") and not pick.is_release("go1.23rc1")
    assert pick.supported(RELEASED) == ["go1.23.10", "go1.24.3"]
    assert pick.supported(INSTALLED) == ["go1.22.10", "go1.23.9"]
    assert pick.supported([]) == []


def test_at_least_skips_patches_older_than_the_go_line() -> None:
    assert pick.at_least("1.21", INSTALLED) == ["go1.21.13", "go1.22.10", "go1.23.9"]
    assert pick.at_least("1.22.5", ["go1.22.3", "go1.23.9"]) == ["go1.23.9"]
    assert pick.at_least("1.22.0", INSTALLED) == ["go1.22.10", "go1.23.9"]
    assert pick.at_least("1.24", INSTALLED) == []


def test_specs() -> None:
    p = plan(specs=["1.22", "1.21.13", "go1.23.9", "latest"])
    assert p.names() == ["go1.21.13", "go1.22.10", "go1.23.9"]
    assert p.run["go1.23.9"] == ["go1.23.9", "latest"]
    assert pick.split_specs(["1.21, 1.22", "1.23"]) == ["1.21", "1.22", "1.23"]
    with pytest.raises(UsageError, match='invalid version "1.2.3.4": expected 1.22.10'):
        pick.split_specs(["1.22,1.2.3.4"])


def test_every_missing_version_is_named_at_once() -> None:
    with pytest.raises(NotInstalledError) as e:
        plan(specs=["1.20", "1.22", "1.24.1"])
    assert e.value.message.startswith("not installed: 1.20, 1.24.1 (installed: go1.21.13,")
    assert e.value.hint == "run: gover install 1.20 1.24.1, or add --install"
    p = plan(specs=["1.20", "1.22"], install=True)
    assert p.install == {"1.20": ["1.20"]} and p.names() == ["go1.22.10"]


def test_supported_from_the_index() -> None:
    # go1.23.10 is the newest 1.23 but only go1.23.9 is installed; no 1.24 at all.
    with pytest.raises(NotInstalledError, match=r"not installed: 1.24.3 \(--supported\)"):
        plan(want_supported=True, remote=lambda: index(RELEASED))
    p = plan(want_supported=True, remote=lambda: index(RELEASED), installed=INSTALLED + ["go1.24.3"])
    assert p.names() == ["go1.23.9", "go1.24.3"]
    assert p.notes == ["go1.23.10 is the newest go1.23; testing the installed go1.23.9 "
                       "(add --install to test go1.23.10)"]
    p = plan(want_supported=True, remote=lambda: index(RELEASED), install=True)
    assert p.install == {"1.23.10": ["supported"], "1.24.3": ["supported"]} and p.names() == []


def test_a_stale_index_is_used_and_said_to_be_stale() -> None:
    p = plan(want_supported=True, installed=INSTALLED + ["go1.24.3"],
             remote=lambda: index(RELEASED, cached=True, stale_reason="no release index answered (x)"))
    assert p.names() == ["go1.23.9", "go1.24.3"]
    assert p.notes[0] == ("no release index answered (x); using the releases cached from the official "
                          "index 0 s ago")


def test_an_index_without_stable_releases_selects_nothing() -> None:
    with pytest.raises(NotFoundError, match="no Go version to run: the release index lists no stable"):
        plan(want_supported=True, remote=lambda: index(["go1.26rc1"]))


def test_supported_falls_back_to_installed_when_the_index_is_unreachable() -> None:
    p = plan(want_supported=True)
    assert p.names() == ["go1.22.10", "go1.23.9"]
    assert p.notes == ["no release index answered (official: cannot connect to 127.0.0.1:9); "
                       "--supported picks from the installed versions instead"]
    with pytest.raises(NotInstalledError, match="latest"):
        plan(want_supported=True, installed=[])


def test_from_go_mod_and_default() -> None:
    p = plan(from_go_mod=True, go_line=gl("1.22.0"))
    assert p.names() == ["go1.22.10", "go1.23.9"] and p.run["go1.22.10"] == ["go.mod: go 1.22.0"]
    p = plan(go_line=gl("1.22.0", "go.work"))  # nothing chosen: the go line decides
    assert p.names() == ["go1.22.10", "go1.23.9"] and "go 1.22.0 in /m/go.work" in p.notes[0]
    with pytest.raises(UsageError, match="choose versions with"):
        plan()
    with pytest.raises(UsageError, match="--from-go-mod: no go.mod"):
        plan(from_go_mod=True, specs=["1.22"])
    with pytest.raises(NotInstalledError, match=r"not installed: 1.24 \(go.mod: go 1.24.1\)"):
        plan(from_go_mod=True, go_line=gl("1.24.1"))


def test_versions_below_the_go_line_are_flagged() -> None:
    p = plan(specs=["1.21", "1.23"], go_line=gl("1.22.0"))
    assert p.names() == ["go1.21.13", "go1.23.9"]
    assert len(p.notes) == 1 and p.notes[0].startswith("go1.21.13 is older than go 1.22.0 in /m/go.mod")


# --- the go line --------------------------------------------------------------------

def test_find_go_line(tmp_path: Path) -> None:
    (tmp_path / "go.work").write_text("use ./a\n")
    a = tmp_path / "a"
    (a / "sub").mkdir(parents=True)
    (a / "go.mod").write_text("module a\n\ngo 1.22.1 // min\n")
    g = module.find_go_line(a / "sub", {})
    assert g == GoLine(tmp_path / "go.work", "1.18", False)  # go.work without a go line
    assert g.describe() == f"no go line (Go assumes 1.18) in {tmp_path / 'go.work'}"
    assert module.find_go_line(a / "sub", {"GOWORK": "off"}) == GoLine(a / "go.mod", "1.22.1", True)
    assert module.find_go_line(a, {"GOWORK": str(tmp_path / "go.work")}).file == tmp_path / "go.work"
    with pytest.raises(ConfigError, match="invalid GOWORK: not an absolute path: go.work"):
        module.find_go_line(a, {"GOWORK": "go.work"})
    (tmp_path / "go.work").write_text("go 1.21\nuse ./a\n")
    assert module.find_go_line(a, {}).version == "1.21"
    (a / "go.mod").write_text("module a\ngo 1.22.x\n")
    with pytest.raises(ConfigError, match="go.mod:2: invalid go version '1.22.x': must match format 1.23"):
        module.find_go_line(a, {"GOWORK": "off"})
    (a / "go.mod").write_text("module a\n")
    assert module.find_go_line(a, {"GOWORK": "off"}) == GoLine(a / "go.mod", "1.16", False)


def test_lowest_go_line_below_a_monorepo_root(tmp_path: Path) -> None:
    for name, go in (("svc", "1.23.0"), ("lib", "1.21"), ("testdata/x", "1.10")):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "go.mod").write_text(f"module {name}\n\ngo {go}\n")
    # testdata/ is skipped as ./... skips it, so go 1.10 does not count.
    assert module.lowest_below(tmp_path) == GoLine(tmp_path / "lib" / "go.mod", "1.21", True)
    (tmp_path / "empty").mkdir()
    assert module.lowest_below(tmp_path / "empty") is None


# --- CI matrices --------------------------------------------------------------------

def test_ci_versions() -> None:
    vs = ci.ci_versions(gl("1.21"), RELEASED)
    assert [(v.minor, v.newest, v.reasons) for v in vs] == [
        ("1.21", "go1.21.13", ["minimum"]), ("1.23", "go1.23.10", ["supported"]),
        ("1.24", "go1.24.3", ["supported"])]
    vs = ci.ci_versions(gl("1.24.0"), RELEASED)
    assert [(v.minor, v.reasons) for v in vs] == [("1.24", ["minimum", "supported"])]
    vs = ci.ci_versions(gl("1.19"), RELEASED)  # no 1.19 release known: still the minimum
    assert [(v.minor, v.newest) for v in vs][0] == ("1.19", "")
    with pytest.raises(NotFoundError, match=r"go 1.25.0 in /m/go.mod is newer than every known release "
                                            r"\(newest: go1.24.3\)"):
        ci.ci_versions(gl("1.25.0"), RELEASED)
    with pytest.raises(NotFoundError, match="^no Go releases known: the release index lists no stable "
                                            "release$"):
        ci.ci_versions(gl("1.21"), ["go1.26rc1"])
    with pytest.raises(NotFoundError, match="^no Go releases known: offline; and no Go release is "
                                            "installed$"):
        ci.ci_versions(gl("1.21"), [], unknown="offline; and no Go release is installed")


def test_ci_formats_parse() -> None:
    vs = ci.ci_versions(gl("1.20"), RELEASED)
    gh = ci.render("github", vs, gl("1.20"), "official")
    assert "\n" not in gh  # one line, for $GITHUB_OUTPUT
    assert json.loads(gh) == yaml.safe_load(gh) == {"go": ["1.20.x", "1.23.x", "1.24.x"]}
    workflow = yaml.safe_load(f"jobs:\n  test:\n    strategy:\n      matrix: {gh}\n")
    assert workflow["jobs"]["test"]["strategy"]["matrix"]["go"][0] == "1.20.x"

    gitlab = ci.render("gitlab", vs, gl("1.20"), "official")
    doc = yaml.safe_load(gitlab)
    assert doc == {"parallel": {"matrix": [{"GO_VERSION": ["1.20", "1.23", "1.24"]}]}}  # "1.20", not 1.2
    job = yaml.safe_load("test:\n  image: golang:${GO_VERSION}\n" + "\n".join(
        "  " + line for line in gitlab.splitlines()))
    assert job["test"]["parallel"]["matrix"][0]["GO_VERSION"][0] == "1.20"

    doc = json.loads(ci.render("json", vs, gl("1.20"), "installed"))
    assert json.loads(ci.render("json", vs, gl("1.20"), "official", cached_age=59.9))["cached"] == {
        "age_seconds": 59}
    assert doc == {"file": "/m/go.mod", "go": "1.20", "source": "installed", "cached": None, "versions": [
        {"minor": "1.20", "newest": "go1.20", "reasons": ["minimum"]},
        {"minor": "1.23", "newest": "go1.23.10", "reasons": ["supported"]},
        {"minor": "1.24", "newest": "go1.24.3", "reasons": ["supported"]}]}
