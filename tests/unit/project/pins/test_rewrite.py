"""Moving pins in place: each keeps its granularity and spelling, only version text
changes, matrix lists track the go line, and down-then-up gives back every byte."""

from __future__ import annotations

import re
from pathlib import Path

from gover.project.pins.rewrite import Outcome, Target, plan
from gover.project.pins.scan import KINDS, scan
from tests.unit.project.pins.test_readers import FILES, make

DOWN = Target("1.22.0", "1.22.10")
UP = Target("1.23.0", "1.23.9")


def moved(root: Path, t: Target, *, force: bool = False, kinds: set[str] | None = None) -> Outcome:
    out = plan(scan(root), t, kinds=set(KINDS) if kinds is None else kinds, force=force)
    for e in out.edits.values():
        (root / e.rel).write_bytes(e.new.encode("utf-8", "surrogateescape"))
    return out


def only_versions_differ(old: str, new: str) -> bool:
    v = re.compile(r"\d+\.\d+(?:\.\d+)?")
    return [v.sub("V", x) for x in old.splitlines()] == [v.sub("V", x) for x in new.splitlines()]


def test_every_kind_moves_at_its_granularity(tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    out = moved(root, DOWN)
    text = {rel: (root / rel).read_text() for rel in FILES}
    assert text[".go-version"] == "go1.22.10\n"  # exact: the release, the go prefix kept
    assert text[".tool-versions"] == "nodejs 20.1.0\ngolang 1.22.10 1.22.10 # both\n"
    assert "go = \"1.22\"  # the series" in text["mise.toml"]
    assert text["Dockerfile"].splitlines()[1] == "ARG GO_VERSION=1.22.10"
    assert "COPY --from=golang:1.22.10 /usr/local/go/bin/gofmt" in text["Dockerfile"]
    assert "FROM golang:1.23@sha256:" in text["Dockerfile"]  # digest-pinned: left alone
    assert "FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.22-bookworm" in \
        text["deploy/Dockerfile.prod"]
    assert "ENV GOLANG_VERSION 1.22.10" in text["deploy/Dockerfile.prod"]
    assert '  GO_VERSION: "1.22"' in text[".gitlab-ci.yml"]
    assert "image: golang:1.22-alpine" in text[".gitlab-ci.yml"]
    assert 'name: "golang:1.22.10"' in text[".gitlab-ci.yml"]
    assert '"image": "mcr.microsoft.com/devcontainers/go:1-1.22-bookworm"' in \
        text[".devcontainer/devcontainer.json"]
    assert '"version": "1.22.10", // pinned with CI' in text[".devcontainer/devcontainer.json"]
    assert "  go: '1.22'\n" in text[".golangci.yml"]
    assert text["Makefile"].startswith(
        "GO_VERSION ?= 1.22.10\nexport GOLANG_VERSION := 1.22\nIMAGE = golang:1.22-alpine\n")
    wf = text[".github/workflows/ci.yml"]
    assert "default: '1.22'" in wf and "  GO_VERSION: '1.22'   # used by lint" in wf
    assert "image: golang:1.22.10-bookworm" in wf and "uses: docker://golang:1.22-alpine" in wf
    assert "go-version: '>=1.22.0'" in wf  # a minimum follows the go line
    assert "go: [ '1.22', '1.23' ]" in wf  # the matrix already tests 1.22
    # 1.19, 1.20 (= 1.2) and 1.21.x are below go 1.22.0: the newest becomes 1.22.x, the rest go.
    assert '        go-version:\n          - "1.22.x"\n    runs-on' in wf
    assert text["go.mod"] == FILES["go.mod"]  # go.mod is migrate's (the go.mod writer), not this
    for rel in out.edits:
        if rel != ".github/workflows/ci.yml":
            assert only_versions_differ(FILES[rel], text[rel]), rel
    assert [why for _, why in out.skipped] == [
        "digest-pinned image: not rewritten (--force rewrites the tag and drops the digest)"]


def test_down_and_back_up_restores_every_byte(tmp_path: Path) -> None:
    files = {"ci.yml": "", ".github/workflows/ci.yml":
             "jobs:\n  t:\n    strategy:\n      matrix:\n        go: ['1.23', \"1.24\"]  # two\n"
             "        v:\n          - '1.23'\n          - 1.24\n    steps:\n"
             "      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n"
             "      - uses: actions/setup-go@v5\n        with: {go-version: '${{ matrix.v }}'}\n",
             ".go-version": "1.23.9\n",
             "Dockerfile": "FROM golang:1.23.9-alpine3.20 AS b\nFROM golang:1.23\n",
             ".gitlab-ci.yml": "t:\n  parallel:\n    matrix:\n      - GO_VERSION: ['1.23', '1.24']\n"
                               "  image: golang:$GO_VERSION\n"}
    root = make(tmp_path / "r", files)
    moved(root, DOWN)
    wf = (root / ".github/workflows/ci.yml").read_text()
    assert "go: ['1.22', '1.23', \"1.24\"]  # two" in wf  # the new minimum added before the lowest
    assert "        v:\n          - '1.22'\n          - '1.23'\n          - 1.24\n" in wf
    assert (root / ".gitlab-ci.yml").read_text().count("['1.22', '1.23', '1.24']") == 1
    assert (root / "Dockerfile").read_text() == "FROM golang:1.22.10-alpine3.20 AS b\nFROM golang:1.22\n"
    moved(root, UP)
    assert {rel: (root / rel).read_text() for rel in files} == files


def test_unquoted_numbers_are_written_quoted_when_yaml_would_change_them(tmp_path: Path) -> None:
    wf = ("jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n"
          "          go-version: 1.23\n")
    root = make(tmp_path / "r", {".github/workflows/ci.yml": wf, "mise.toml": "[tools]\ngo = 1.23\n"})
    moved(root, Target("1.20", "1.20.14"))
    assert (root / ".github/workflows/ci.yml").read_text().endswith("go-version: '1.20'\n")
    assert (root / "mise.toml").read_text() == "[tools]\ngo = '1.20'\n"
    moved(root, Target("1.21.0", "1.21.13"))  # 1.21 is 1.21 as a number too: quotes kept as written
    assert (root / "mise.toml").read_text() == "[tools]\ngo = '1.21'\n"


def test_digests_need_force_and_lose_the_digest(tmp_path: Path) -> None:
    root = make(tmp_path / "r", {"Dockerfile": "FROM golang:1.23.9@sha256:" + "ab" * 32 + " AS b\n"})
    assert moved(root, DOWN).edits == {}
    out = moved(root, DOWN, force=True)
    assert (root / "Dockerfile").read_text() == "FROM golang:1.22.10 AS b\n"
    assert out.edits["Dockerfile"].what == ["FROM (stage b) 1.23.9 → 1.22.10 (digest dropped)"]


def test_links_and_read_only_files_are_never_written(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"Dockerfile": "FROM golang:1.23\n"})
    root = make(tmp_path / "r", {"Makefile": "GO_VERSION ?= 1.23.9\n", ".go-version": "1.23.9\n"})
    (root / "Dockerfile").symlink_to(outside / "Dockerfile")
    (root / "Makefile").chmod(0o444)
    out = plan(scan(root), DOWN, kinds=set(KINDS))
    assert set(out.edits) == {".go-version"}
    assert [(p.rel, why) for p, why in out.refused] == [("Makefile", "not writable")]
    assert [p.rel for p, _ in out.skipped] == ["Dockerfile"]
    assert (outside / "Dockerfile").read_text() == "FROM golang:1.23\n"


def test_kinds_limit_what_moves(tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    out = plan(scan(root), DOWN, kinds={"dockerfile", "makefile"})
    assert set(out.edits) == {"Dockerfile", "deploy/Dockerfile.prod", "Makefile"}
