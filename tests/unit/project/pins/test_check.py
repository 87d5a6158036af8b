"""The ``pins`` category of ``gover check``: each rule names both places and the fix, and a
consistent repository gives no errors."""

from __future__ import annotations

from pathlib import Path

from gover.project.modcheck import check
from gover.project.repo import discover
from tests.unit.project.pins.test_readers import make

CONSISTENT = {
    "go.mod": "module example.com/m\n\ngo 1.23.0\n\ntoolchain go1.23.9\n",
    ".go-version": "1.23.9\n",
    "Dockerfile": "ARG GO_VERSION=1.23.9\nFROM golang:${GO_VERSION}-alpine AS build\nFROM scratch\n",
    "deploy/Dockerfile": "FROM --platform=$BUILDPLATFORM golang:1.23-bookworm AS b\n",
    ".github/workflows/ci.yml":
        "jobs:\n  t:\n    strategy:\n      matrix:\n        go: ['1.23', '1.24']\n    steps:\n"
        "      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n"
        "  lint:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n"
        "          go-version-file: go.mod\n",
    ".gitlab-ci.yml": "test:\n  image: golang:1.23.9\n",
    ".golangci.yml": "run:\n  go: '1.23'\n",
    "Makefile": "GO_VERSION ?= 1.23.9\n",
    "mise.toml": "[tools]\ngo = '1.23'\n",
}


def pins_findings(root: Path) -> list[tuple[str, str, int, str, str]]:
    return [(f.severity, f.file, f.line, f.message, f.hint) for f in check(discover(root)).findings
            if f.code == "pins"]


def test_a_consistent_repository_gives_no_findings(tmp_path: Path) -> None:
    assert pins_findings(make(tmp_path / "r", CONSISTENT)) == []


def test_images_and_ci_older_than_the_go_line_are_errors(tmp_path: Path) -> None:
    files = dict(CONSISTENT)
    files["Dockerfile"] = "ARG GO_VERSION=1.22.10\nFROM golang:${GO_VERSION}-alpine AS build\n"
    files[".gitlab-ci.yml"] = "test:\n  image: golang:1.22\n"
    files["mise.toml"] = "[tools]\ngo = '1.22'\n"  # 1.23.2 would be fine: above go 1.23.0
    got = pins_findings(make(tmp_path / "r", files))
    errors = {(f, line): msg for sev, f, line, msg, _ in got if sev == "error"}
    assert errors[("Dockerfile", 1)] == ("ARG GO_VERSION 1.22.10 means Go 1.22.10, older than go 1.23.0 in "
                                         "go.mod:3: the build fails (GOTOOLCHAIN=local) or downloads another "
                                         "Go (auto)")
    assert ("mise.toml", 2) in errors and (".gitlab-ci.yml", 2) in errors
    hint = next(h for sev, f, _, _, h in got if f == "Dockerfile")
    assert hint == "gover migrate --go 1.23.0 (moves every pin), or raise it to 1.23"


def test_matrix_without_the_minimum_and_floats(tmp_path: Path) -> None:
    files = dict(CONSISTENT)
    files[".github/workflows/ci.yml"] = files[".github/workflows/ci.yml"].replace(
        "['1.23', '1.24']", "[1.24, 1.30]")
    got = pins_findings(make(tmp_path / "r", files))
    assert ("warning", ".github/workflows/ci.yml", 5,
            "strategy.matrix.go (1.24, 1.30) does not test Go 1.23, the oldest the go line in go.mod:3 "
            "allows",
            "add 1.23 to it (gover migrate does)") in got
    assert ("error", ".github/workflows/ci.yml", 5,
            "strategy.matrix.go: unquoted 1.30 is the number 1.3: the tool reads \"1.3\" (Go 1.3); "
            "quote it: '1.30'", "write '1.30'") in got
    assert any(sev == "error" and "1.30 means Go 1.3, older than go 1.23.0" in msg
               for sev, _, _, msg, _ in got)


def test_drift_between_dockerfiles_toolchain_and_linter(tmp_path: Path) -> None:
    files = dict(CONSISTENT)
    files["deploy/Dockerfile"] = "FROM golang:1.24-bookworm AS b\n"
    files[".golangci.yml"] = "run:\n  go: '1.24'\n"
    files["go.mod"] = "module example.com/m\n\ngo 1.23.0\n\ntoolchain go1.23.4\n"
    del files[".github/workflows/ci.yml"]
    got = pins_findings(make(tmp_path / "r", files))
    warn = {(f, line): (msg, hint) for sev, f, line, msg, hint in got if sev == "warning"}
    assert warn[("Dockerfile", 1)][0] == ("ARG GO_VERSION 1.23.9 builds with Go 1.23, but "
                                          "deploy/Dockerfile:1 (golang:1.24-bookworm) with Go 1.24")
    assert warn[(".golangci.yml", 2)][0] == "run.go 1.24 lints as Go 1.24, but go.mod:3 says go 1.23.0"
    msg, hint = warn[("go.mod", 5)]
    assert msg.startswith("toolchain go1.23.4 matches no image or CI pin (golang:1.23.9 (.gitlab-ci.yml:2), "
                          "1.23.9 (Dockerfile:1), golang:1.24-bookworm (deploy/Dockerfile:1))")
    assert hint == "gover migrate --go VERSION --toolchain go1.23.4 moves them together"
    assert not [x for x in got if x[0] == "error"]


def test_missing_version_file_and_unreadable_files(tmp_path: Path) -> None:
    files = {"go.mod": "module m\n\ngo 1.22.0\n",
             ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n"
                                         "        with:\n          go-version-file: api/go.mod\n",
             ".gitlab-ci.yml": "a: 'open\n"}
    got = pins_findings(make(tmp_path / "r", files))
    assert ("error", ".github/workflows/ci.yml", 6,
            "go-version-file: api/go.mod does not exist in the repository",
            "point it at go.mod (setup-go then reads its toolchain, else its go line)") in got
    assert [(sev, f, line) for sev, f, line, _, _ in got if f == ".gitlab-ci.yml"] == [
        ("warning", ".gitlab-ci.yml", 1)]


def test_the_nearest_module_governs_a_dockerfile(tmp_path: Path) -> None:
    root = make(tmp_path / "r", {"go.mod": "module m\n\ngo 1.21\n", "svc/go.mod": "module s\n\ngo 1.23.0\n",
                                 "svc/Dockerfile": "FROM golang:1.22\n", "Dockerfile": "FROM golang:1.22\n"})
    got = pins_findings(root)
    assert [(f, msg.split(",")[0]) for sev, f, _, msg, _ in got if sev == "error"] == [
        ("svc/Dockerfile", "FROM golang:1.22 means Go 1.22")]
    assert check(discover(root), skip={"pins"}).findings == [f for f in check(discover(root)).findings
                                                            if f.code != "pins"]
