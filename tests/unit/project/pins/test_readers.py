"""``gover pins`` readers on the shapes real repositories use: every pin exactly once,
with its line, field, text, the version the tool reads and what it means."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.project.pins.scan import kind_of, scan
from tests.unit.project.pins import shapes

FILES = {".github/workflows/ci.yml": shapes.WORKFLOW, "Dockerfile": shapes.DOCKERFILE,
         "deploy/Dockerfile.prod": shapes.DOCKERFILE_2, ".gitlab-ci.yml": shapes.GITLAB,
         ".devcontainer/devcontainer.json": shapes.DEVCONTAINER, "mise.toml": shapes.MISE,
         ".golangci.yml": shapes.GOLANGCI, "Makefile": shapes.MAKEFILE,
         "go.mod": "module example.com/m\n\ngo 1.23.0 // the minimum\n\ntoolchain go1.23.9\n\n"
                   "exclude (\n\texample.com/go v1.2.0 // go 1.99: not a go line\n)\n",
         ".go-version": "go1.23.9\n", ".tool-versions": "nodejs 20.1.0\ngolang 1.23.9 1.22.10 # both\n"}


def make(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def rows(root: Path, kind: str | None = None) -> list[tuple[object, ...]]:
    return [(p.rel, p.line, p.where, p.text, p.value, p.meaning)
            for p in scan(root).pins if kind is None or p.kind == kind]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make(tmp_path / "repo", FILES)


def test_workflow(repo: Path) -> None:
    wf = ".github/workflows/ci.yml"
    assert rows(repo, "github") == [
        (wf, 10, "on.workflow_call.inputs.go-version.default", "1.23", "1.23", "series"),
        (wf, 13, "env.GO_VERSION", "1.23", "1.23", "series"),
        (wf, 22, "strategy.matrix.go", "1.22", "1.22", "series"),
        (wf, 22, "strategy.matrix.go", "1.23", "1.23", "series"),
        (wf, 25, "strategy.matrix.include[0].go", "1.23", "1.23", "series"),
        (wf, 32, "go-version", "${{ matrix.go }}", "matrix.go", "variable"),
        (wf, 41, "strategy.matrix.go-version", "1.19", "1.19", "series"),
        (wf, 42, "strategy.matrix.go-version", "1.20", "1.2", "series"),  # YAML's number 1.2
        (wf, 43, "strategy.matrix.go-version", "1.21.x", "1.21", "series"),
        (wf, 47, "go-version", "${{ matrix.go-version }}", "matrix.go-version", "variable"),
        (wf, 51, "jobs.lint.container.image", "golang:1.23.9-bookworm", "1.23.9", "exact"),
        (wf, 56, "go-version", "${{ env.GO_VERSION }}", "env.GO_VERSION", "variable"),
        (wf, 59, "go-version", "stable", "stable", "alias"),
        (wf, 62, "go-version-file", "go.mod", "go.mod", "file"),
        (wf, 63, "jobs.lint.steps[4].uses", "docker://golang:1.23-alpine", "1.23", "series"),
        (wf, 69, "go-version", "${{ inputs.go-version }}", "inputs.go-version", "variable"),
        (wf, 72, "go-version", ">=1.22.0", "1.22.0", "minimum"),
    ]
    pins = {(p.line, p.text): p for p in scan(repo).of_kind("github")}
    assert pins[(22, "1.22")].tool == "actions/setup-go (via ${{ matrix.go }})"
    assert pins[(13, "1.23")].tool == "actions/setup-go (via ${{ env.GO_VERSION }})"
    assert "quote it: '1.20'" in pins[(42, "1.20")].notes[0]
    assert pins[(22, "1.22")].item and pins[(22, "1.22")].item.flow  # type: ignore[union-attr]
    assert pins[(41, "1.19")].item and not pins[(41, "1.19")].item.flow  # type: ignore[union-attr]


def test_dockerfiles(repo: Path) -> None:
    assert rows(repo, "dockerfile") == [
        ("Dockerfile", 2, "ARG GO_VERSION", "1.23.9", "1.23.9", "exact"),  # not ALPINE_VERSION
        ("Dockerfile", 5, "FROM (stage build)", "golang:${GO_VERSION}-alpine${ALPINE_VERSION}",
         "${GO_VERSION}-alpine${ALPINE_VERSION}", "variable"),
        ("Dockerfile", 14, "FROM (stage tools)", "golang:1.23@sha256:" + "0123456789abcdef" * 4, "1.23",
         "series"),
        ("Dockerfile", 15, "COPY --from", "golang:1.23.9", "1.23.9", "exact"),
        ("deploy/Dockerfile.prod", 1, "FROM (stage builder)", "docker.io/library/golang:1.22-bookworm",
         "1.22", "series"),
        ("deploy/Dockerfile.prod", 2, "ENV GOLANG_VERSION", "1.22.5", "1.22.5", "exact"),
    ]
    arg = scan(repo).of_kind("dockerfile")[0]
    assert arg.tool.startswith("docker build (FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION}; --build-arg")
    digest = scan(repo).of_kind("dockerfile")[2]
    assert digest.digest is not None and "digest-pinned" in digest.notes[0]


def test_gitlab_devcontainer_mise_golangci_makefile(repo: Path) -> None:
    assert rows(repo, "gitlab") == [
        (".gitlab-ci.yml", 2, "variables.GO_VERSION", "1.23", "1.23", "series"),
        (".gitlab-ci.yml", 8, "default.image", "golang:${GO_VERSION}", "${GO_VERSION}", "variable"),
        (".gitlab-ci.yml", 12, "lint.image", "golang:1.23-alpine", "1.23", "series"),
        (".gitlab-ci.yml", 19, "test.image.name", "golang:1.23.9", "1.23.9", "exact"),
        (".gitlab-ci.yml", 25, "test.parallel.matrix[0].GO_VERSION", "1.22", "1.22", "series"),
        (".gitlab-ci.yml", 25, "test.parallel.matrix[0].GO_VERSION", "1.23", "1.23", "series"),
    ]
    dc = ".devcontainer/devcontainer.json"
    assert rows(repo, "devcontainer") == [
        (dc, 4, "image", "mcr.microsoft.com/devcontainers/go:1-1.23-bookworm", "1.23", "series"),
        (dc, 7, "features.ghcr.io/devcontainers/features/go:1.version", "1.23.9", "1.23.9", "exact")]
    assert rows(repo, "mise") == [("mise.toml", 3, "[tools] go", "1.23", "1.23", "series")]
    assert rows(repo, "golangci") == [(".golangci.yml", 3, "run.go", "1.23", "1.23", "language")]
    assert rows(repo, "makefile") == [
        ("Makefile", 1, "GO_VERSION ?=", "1.23.9", "1.23.9", "exact"),
        ("Makefile", 2, "GOLANG_VERSION :=", "1.23", "1.23", "series"),
        ("Makefile", 3, "image", "golang:1.23-alpine", "1.23", "series"),
        ("Makefile", 7, "image", "golang:1.23.9", "1.23.9", "exact")]


def test_module_files_and_version_files(repo: Path) -> None:
    assert rows(repo, "gomod") == [("go.mod", 3, "go", "1.23.0", "1.23.0", "minimum"),
                                   ("go.mod", 5, "toolchain", "go1.23.9", "1.23.9", "exact")]
    assert rows(repo, "go-version") == [(".go-version", 1, "version", "go1.23.9", "1.23.9", "exact")]
    assert rows(repo, "tool-versions") == [(".tool-versions", 2, "golang", "1.23.9", "1.23.9", "exact")]
    tv = scan(repo).of_kind("tool-versions")[0]
    assert tv.notes == ["also lists 1.22.10: only the first is used"] and tv.tool == "asdf, mise"


def test_the_walk_skips_what_go_skips_but_reads_ci_directories(tmp_path: Path) -> None:
    root = make(tmp_path / "r", {"go.mod": "module m\n\ngo 1.22\n",
                                 "vendor/x/go.mod": "module x\n\ngo 1.1\n",
                                 "testdata/Dockerfile": "FROM golang:1.1\n",
                                 "node_modules/p/Makefile": "GO_VERSION = 1.1\n",
                                 ".git/Dockerfile": "FROM golang:1.1\n",
                                 ".cache/Dockerfile": "FROM golang:1.1\n",
                                 "_build/Dockerfile": "FROM golang:1.1\n",
                                 ".gitlab/ci/test.yml": "t:\n  image: golang:1.22\n",
                                 ".github/actions/setup/action.yml":
                                     "runs:\n  steps:\n    - uses: actions/setup-go@v5\n"
                                     "      with:\n        go-version: '1.22'\n",
                                 "svc/build.Dockerfile": "FROM golang:1.22\n",
                                 "svc/Containerfile": "FROM golang:1.22\n",
                                 "mk/go.mk": "GO_VER := 1.22\n", ".mise.toml": "[tools]\ngo = '1.22'\n",
                                 "mise.ci.toml": "[tools]\ngolang = ['1.22', '1.21']\n",
                                 ".devcontainer.json": '{"image": "golang:1.22"}'})
    got = sorted((p.rel, p.text) for p in scan(root).pins)
    assert got == sorted([("go.mod", "1.22"), (".gitlab/ci/test.yml", "golang:1.22"),
                          (".github/actions/setup/action.yml", "1.22"),
                          ("svc/build.Dockerfile", "golang:1.22"),
                          ("svc/Containerfile", "golang:1.22"), ("mk/go.mk", "1.22"), (".mise.toml", "1.22"),
                          ("mise.ci.toml", "1.22"), ("mise.ci.toml", "1.21"),
                          (".devcontainer.json", "golang:1.22")])
    second = [p for p in scan(root).pins if p.text == "1.21"][0]
    assert "the first is used" in second.notes[0]
    assert kind_of((".github", "workflows"), "ci.yaml") == "github" and kind_of(("docs",), "ci.yml") is None


def test_unparseable_files_are_reported_and_the_others_read(tmp_path: Path) -> None:
    root = make(tmp_path / "r", {".github/workflows/bad.yml": "jobs:\n  t:\n\tsteps: []\n",
                                 ".golangci.yml": "run:\n  go: '1.22\n", "mise.toml": "[tools\ngo = '1.22'\n",
                                 ".devcontainer/devcontainer.json": '{"image": "golang:1.22",, }',
                                 "Dockerfile": "FROM golang:1.22\n"})
    s = scan(root)
    assert [(p.rel, p.text) for p in s.pins] == [("Dockerfile", "golang:1.22")]
    assert sorted((p.rel, p.line) for p in s.problems) == [
        (".devcontainer/devcontainer.json", 1), (".github/workflows/bad.yml", 3), (".golangci.yml", 2),
        ("mise.toml", 1)]
    assert all("never rewritten" in p.message for p in s.problems)


def test_symlinks_and_unwritable_files_are_marked(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"Dockerfile": "FROM golang:1.22\n"})
    root = make(tmp_path / "r", {"Makefile": "GO_VERSION ?= 1.22\n", "real/Dockerfile": "FROM golang:1.22\n"})
    (root / "Dockerfile").symlink_to(outside / "Dockerfile")
    (root / "deploy").mkdir()
    (root / "deploy" / "Dockerfile").symlink_to(root / "real" / "Dockerfile")
    (root / "Makefile").chmod(0o444)
    got = {p.rel: p.blocked for p in scan(root).pins}
    assert got["Dockerfile"].startswith(f"symlink to {outside / 'Dockerfile'}, outside the repository")
    assert got["deploy/Dockerfile"] == "symlink to real/Dockerfile: that file is the one migrated"
    assert got["real/Dockerfile"] == ""
    assert got["Makefile"] == "not writable"  # by its mode, even for root
