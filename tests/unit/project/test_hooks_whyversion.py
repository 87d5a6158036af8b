"""The git pre-commit hook (installed into a real git repository and run by the real sh)
and the minimal-version-selection explanation of ``go mod graph`` output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gover.errors import ConfigError, NotFoundError
from gover.project import hooks
from gover.project.whyversion import explain, explain_graph

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q")
    return r


def recorder(tmp_path: Path) -> list[str]:
    """A command standing in for gover in the hook: it records the arguments it gets."""
    return ["sh", "-c", f'printf "%s\\n" "$@" > {tmp_path}/args', "gover"]


@needs_git
def test_install_states(repo: Path, tmp_path: Path) -> None:
    r = hooks.install_git_hook(repo, ["/opt/gover bin/gover"])
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert (r.path, r.action, r.backup, r.chained) == (hook, "installed", None, None)
    assert os.access(hook, os.X_OK) and hook.read_text().startswith("#!/bin/sh\n" + hooks.MARKER)
    assert "exec '/opt/gover bin/gover' check --offline --files $files\n" in hook.read_text()  # quoted
    assert hooks.install_git_hook(repo, ["/opt/gover bin/gover"]).action == "unchanged"
    assert hooks.install_git_hook(repo, ["gover"]).action == "updated"
    hook.write_text("#!/bin/sh\nexec lint\n")
    dry = hooks.install_git_hook(repo, ["gover"], force=True, dry_run=True)
    assert dry.action == "would-install" and hook.read_text() == "#!/bin/sh\nexec lint\n"
    assert not (hook.parent / hooks.BACKUP).exists()
    forced = hooks.install_git_hook(repo, ["gover"], force=True)
    assert forced.action == "updated" and forced.backup == hook.parent / hooks.BACKUP
    assert forced.backup.read_text() == "#!/bin/sh\nexec lint\n" and forced.chained is None
    assert forced.to_json() == {"path": str(hook), "action": "updated", "backup": str(forced.backup),
                                "chained": None}


@needs_git
def test_an_existing_hook_is_chained_and_uninstall_restores_it(repo: Path, tmp_path: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert hooks.uninstall_git_hook(repo).action == "absent"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(f"#!/bin/sh\necho ran >> {tmp_path}/log\nexit ${{MINE:-0}}\n")
    hook.chmod(0o755)
    with pytest.raises(ConfigError, match="was not written by gover; leaving it alone$"):
        hooks.uninstall_git_hook(repo)
    r = hooks.install_git_hook(repo, recorder(tmp_path))
    chained = hook.parent / hooks.CHAINED
    assert (r.action, r.chained) == ("installed", chained)
    assert chained.read_text().startswith("#!/bin/sh\necho ran")
    (repo / "go.mod").write_text("module m\n")
    git(repo, "add", "go.mod")
    p = subprocess.run([str(hook)], cwd=repo, capture_output=True, text=True)
    assert p.returncode == 0 and (tmp_path / "log").read_text() == "ran\n"
    assert (tmp_path / "args").read_text().split("\n")[:-1] == ["check", "--offline", "--files", "go.mod"]
    (tmp_path / "args").unlink()
    p = subprocess.run([str(hook)], cwd=repo, env={**os.environ, "MINE": "3"}, capture_output=True)
    assert p.returncode == 3 and not (tmp_path / "args").exists()  # its failure stops the commit
    again = hooks.install_git_hook(repo, ["gover"])
    assert (again.action, again.chained) == ("updated", chained)  # still chained, not chained twice
    assert hooks.uninstall_git_hook(repo, dry_run=True).action == "would-uninstall"
    u = hooks.uninstall_git_hook(repo)
    assert (u.action, u.chained) == ("uninstalled", chained)
    assert hook.read_text().startswith("#!/bin/sh\necho ran") and not chained.exists()
    hooks.install_git_hook(repo, ["gover"])
    hook.write_text("#!/bin/sh\nexit 0\n")  # replaced by hand while one is chained
    with pytest.raises(ConfigError, match="is already kept$"):
        hooks.install_git_hook(repo, ["gover"])


def test_the_hook_text_names_only_commands_that_exist() -> None:
    from gover.cli.parser import build_parser

    text = hooks.hook_text(["gover"])
    named = {tuple(m.split()) for m in re.findall(r"\bgover ((?:[a-z]+ )?[a-z]+)\b", text)}
    assert named >= {("hook", "install"), ("hook", "uninstall")}, named
    parser = build_parser()
    for words in named:  # argparse exits on an unknown command: each must parse
        assert parser.parse_args(list(words)).func is not None
    assert parser.parse_args(["check", "--offline", "--files", "go.mod"]).offline
    assert "git commit --no-verify" in text


@needs_git
def test_hooks_path_setting_is_honoured(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", "tools/hooks")
    assert hooks.install_git_hook(repo, ["gover"]).path == repo / "tools" / "hooks" / "pre-commit"


@needs_git
def test_outside_git(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(ConfigError, match="plain is not inside a git repository$"):
        hooks.install_git_hook(tmp_path / "plain", ["gover"])


@needs_git
def test_the_hook_runs_only_for_module_files(repo: Path, tmp_path: Path) -> None:
    hooks.install_git_hook(repo, recorder(tmp_path))
    hook = repo / ".git" / "hooks" / "pre-commit"
    (repo / "main.go").write_text("package main\n")
    git(repo, "add", "main.go")
    subprocess.run([str(hook)], cwd=repo, check=True)
    assert not (tmp_path / "args").exists()  # nothing to check: gover is not even started
    (repo / "sub").mkdir()
    for f in ("go.mod", "sub/go.sum", ".go-version", "sub/notgo.mod.txt"):
        (repo / f).write_text("x\n")
    git(repo, "add", "-A")
    subprocess.run([str(hook)], cwd=repo / "sub", check=True)
    assert (tmp_path / "args").read_text().split("\n")[:-1] == [
        "check", "--offline", "--files", ".go-version", "go.mod", "sub/go.sum"]  # from the top, staged only


def test_pre_commit_framework_config(tmp_path: Path) -> None:
    r = hooks.install_pre_commit_config(tmp_path, "1.2.3")
    cfg = tmp_path / ".pre-commit-config.yaml"
    assert r.action == "installed" and cfg.read_text() == (
        "repos:\n  - repo: https://github.com/gover-dev/gover\n    rev: v1.2.3\n    hooks:\n"
        "      - id: gover-check\n")
    assert hooks.install_pre_commit_config(tmp_path, "1.2.3").action == "unchanged"
    cfg.write_text("repos:\n  - repo: local\n    hooks: []")
    assert hooks.install_pre_commit_config(tmp_path, "2.0.0", dry_run=True).action == "would-install"
    assert cfg.read_text() == "repos:\n  - repo: local\n    hooks: []"
    assert hooks.install_pre_commit_config(tmp_path, "2.0.0").action == "updated"
    assert cfg.read_text() == ("repos:\n  - repo: local\n    hooks: []\n  - repo: https://github.com/"
                               "gover-dev/gover\n    rev: v2.0.0\n    hooks:\n      - id: gover-check\n")
    cfg.write_text("default_stages: [commit]\n")
    with pytest.raises(ConfigError) as e:
        hooks.install_pre_commit_config(tmp_path, "1.0.0")
    assert e.value.message == f"{cfg} has no 'repos:' list" and "id: gover-check" in (e.value.hint or "")


# --- why-version -------------------------------------------------------------------------------

GRAPH = """example.com/app example.com/a@v1.0.0
example.com/app example.com/b@v1.0.0
example.com/app go@1.22.0
example.com/a@v1.0.0 example.com/c@v1.1.0
example.com/b@v1.0.0 example.com/d@v1.0.0
example.com/d@v1.0.0 example.com/c@v1.3.0
example.com/c@v1.1.0 example.com/e@v0.1.0
example.com/c@v1.3.0 example.com/e@v0.1.0
example.com/unreached@v1.0.0 example.com/c@v2.0.0
"""


def test_mvs_picks_the_highest_reachable_requirement() -> None:
    why = explain_graph("example.com/c", GRAPH, go="/opt/go/bin/go")
    assert why.selected == "v1.3.0"  # v2.0.0 is asked for only by a module nobody requires
    assert why.path == ["example.com/app", "example.com/b@v1.0.0", "example.com/d@v1.0.0",
                        "example.com/c@v1.3.0"]
    assert why.others == [("example.com/a@v1.0.0", "v1.1.0")]
    assert why.lines() == ["example.com/c v1.3.0 is selected (the highest version required):",
                           "  example.com/app -> example.com/b@v1.0.0 -> example.com/d@v1.0.0 -> "
                           "example.com/c@v1.3.0",
                           "  example.com/a@v1.0.0 requires only v1.1.0"]
    assert why.to_json()["lower"] == [{"required_by": "example.com/a@v1.0.0", "version": "v1.1.0"}]
    assert why.to_json()["go"] == "/opt/go/bin/go"


def test_shortest_path_and_semver_order() -> None:
    g = ("m x@v1.9.0\nm y@v1.0.0\ny@v1.0.0 x@v1.10.0\nm z@v1.0.0\nz@v1.0.0 w@v1.0.0\n"
         "w@v1.0.0 x@v1.10.0\n")
    why = explain_graph("x", g)
    assert why.selected == "v1.10.0"  # semantic, not string, order
    assert why.path == ["m", "y@v1.0.0", "x@v1.10.0"]


def test_why_version_refusals(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="^example.com/zzz is not in the module graph of "
                                            "example.com/app$"):
        explain_graph("example.com/zzz", GRAPH)
    with pytest.raises(NotFoundError, match="^go mod graph printed no requirements$"):
        explain_graph("x", "\n")
    with pytest.raises(ConfigError, match=f"^{tmp_path} has no go.mod$"):
        explain("x", tmp_path, {})
