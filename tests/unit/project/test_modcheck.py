"""``gover mod check``: every finding code on one small repository, with exact file, line,
message and severity; and the repository discovery it runs on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gover.errors import ConfigError
from gover.project.checks.golines import read_pin
from gover.project.modcheck import ALL_CODES, Finding, Options, check
from gover.project.repo import discover

PSEUDO = "v0.0.0-20240102030405-abcdefabcdef"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def messy(tmp_path: Path) -> Path:
    """Two modules in a workspace that disagree about everything check looks at."""
    write(tmp_path / "outside", {"go.mod": "module example.com/outside\n"})
    return write(tmp_path / "repo", {
        "go.work": "go 1.21\n\nuse (\n\t./a\n\t./b\n)\n",
        ".go-version": "go1.21.13\n",
        ".tool-versions": "nodejs 20\ngolang 1.22 # newest 1.22.x\n",
        "a/go.mod": ("module example.com/a\n\ngo 1.22.0\n\ntoolchain go1.22.3\n\nrequire (\n"
                     "\texample.com/dep v1.1.0\n"
                     f"\texample.com/pse {PSEUDO}\n"
                     "\texample.com/b v0.0.0-00010101000000-000000000000\n)\n\n"
                     "replace example.com/b => ../b\n"),
        "a/go.sum": ("example.com/dep v1.1.0/go.mod h1:AAA=\n"
                     f"example.com/pse {PSEUDO}/go.mod h1:BBB=\n"
                     "example.com/pse v1.2.0 h1:CCC=\nexample.com/pse v1.2.0/go.mod h1:CCC=\n"
                     "example.com/pse v1.3.0-rc.1/go.mod h1:DDD=\n"),
        "b/go.mod": ("module example.com/b\n\ngo 1.21\n\ntoolchain go1.23.0\n\n"
                     "require example.com/dep v1.0.0\n\n"
                     "replace example.com/x => ../../outside\n"
                     "replace example.com/y => ./missing\n"),
        "b/go.sum": "example.com/dep v1.0.0 h1:EEE=\nbroken line\n",
        "testdata/go.mod": "module ignored\n\ngo 1.99\n",  # skipped, as ./... skips it
        "_old/go.mod": "module ignored\n",
    })


def test_every_check_on_a_messy_workspace(tmp_path: Path) -> None:
    repo = discover(messy(tmp_path))
    report = check(repo)
    got = {(f.code, f.severity, f.file, f.line, f.message, f.hint) for f in report.findings}
    outside = tmp_path / "outside"
    missing = tmp_path / "repo" / "b" / "missing"
    assert got == {
        ("gosum", "error", "b/go.sum", 2, "malformed go.sum:\nb/go.sum:2: wrong number of fields 2", ""),
        ("go-drift", "warning", "b/go.mod", 3, "go 1.21 differs from go 1.22.0 in a/go.mod",
         "move every module together: gover migrate --go VERSION"),
        ("toolchain-drift", "warning", "a/go.mod", 5,
         "toolchain go1.22.3 differs across modules (go1.22.3, go1.23.0)", ""),
        ("toolchain-drift", "warning", "b/go.mod", 5,
         "toolchain go1.23.0 differs across modules (go1.22.3, go1.23.0)", ""),
        ("work-go", "error", "go.work", 1,
         "module a listed in go.work file requires go >= 1.22.0, but go.work lists go 1.21",
         "gover migrate --go 1.22.0 (or raise the go line of go.work)"),
        ("pin", "error", ".go-version", 1, "pins go 1.21.13, but a/go.mod requires go >= 1.22.0",
         "gover migrate --go 1.22.0"),
        ("pseudo", "warning", "a/go.mod", 9,
         f"example.com/pse {PSEUDO} is a pseudo-version (commit abcdefabcdef of 2024-01-02T03:04:05Z); "
         "tagged release v1.2.0 is in go.sum", "cd a && go get example.com/pse@v1.2.0"),
        # a and b share a go.work: Go builds b with dep v1.1.0, so b's v1.0.0 is never tested.
        ("dep-drift", "error", "b/go.mod", 7, "requires example.com/dep v1.0.0, but a/go.mod requires "
         "v1.1.0, and b builds with it (Go selects v1.1.0)",
         "cd b && go get example.com/dep@v1.1.0"),
        ("local-replace", "warning", "a/go.mod", 13, "replace example.com/b => ../b is local: ignored "
         "when others depend on this module", ""),
        ("local-replace", "error", "b/go.mod", 9,
         "replace example.com/x => ../../outside points outside the repository",
         "drop it before release (go mod edit -dropreplace), or use a go.work"),
        ("local-replace", "error", "b/go.mod", 10,
         f"replace example.com/y => ./missing: {missing} has no go.mod", ""),
    }
    assert outside.is_dir()  # the replace target exists: it is refused for leaving the repo
    assert report.modules == ["a", "b"]
    assert [f.code for f in report.errors].count("local-replace") == 2
    doc = report.to_json()
    assert (doc["errors"], doc["warnings"]) == (len(report.errors), len(got) - len(report.errors))
    assert doc["root"] == str(tmp_path / "repo") and doc["modules"] == ["a", "b"]
    assert {tuple(f.values())[:6] for f in doc["findings"]} == got  # type: ignore[union-attr]


def test_the_registry_names_each_category_with_its_own_codes() -> None:
    import importlib

    from gover.project.modcheck import CATEGORIES

    for cat in CATEGORIES:  # the registry is read without importing the categories
        mod = importlib.import_module(cat.module)
        assert (tuple(mod.CODES), getattr(mod, "RUNS_GO", False)) == (cat.codes, cat.runs_go), cat.module
    assert len(set(ALL_CODES)) == len(ALL_CODES)


def test_skip_drops_only_the_named_checks(tmp_path: Path) -> None:
    repo = discover(messy(tmp_path))
    left = check(repo, skip=set(ALL_CODES) - {"pin"}).findings
    assert [(f.code, f.file) for f in left] == [("pin", ".go-version")]
    assert check(repo, skip=set(ALL_CODES)).findings == []


def test_a_lang_pin_means_its_newest_patch(tmp_path: Path) -> None:
    root = write(tmp_path, {"go.mod": "module m\n\ngo 1.22.5\n", ".go-version": "1.22\n",
                            ".tool-versions": "golang banana\n"})
    (f,) = check(discover(root)).findings
    assert f == Finding("pin", "error", ".tool-versions", 1, '.tool-versions:1: invalid version "banana": '
                        "expected 1.22.10, go1.22.10, 1.22, latest or system")


def test_every_spec_gover_current_accepts_check_accepts(tmp_path: Path) -> None:
    root = write(tmp_path, {"go.mod": "module m\n\ngo 1.22.5\n"})
    for ok in ("1.22.x", "go1.22", "latest", "Stable", "1", "go1.23.9", "\ufeff1.22.x\r\n"):
        (root / ".go-version").write_text(ok + "\n")
        assert check(discover(root)).findings == [], ok
    (root / ".go-version").write_text("1.21.x\n")
    (f,) = check(discover(root)).findings
    assert f.message == "pins go 1.21, but go.mod requires go >= 1.22.5"


def test_parse_errors_use_gos_messages_for_the_oldest_go_that_must_read(tmp_path: Path) -> None:
    root = write(tmp_path, {"go.mod": "module m\n\ngo 1.22.0\n\ntoolchain go1.22.3\n",
                            "bad/go.mod": "module bad\nfrobnicate x\n"})
    found = check(discover(root)).findings
    assert [(f.code, f.file, f.line, f.message) for f in found] == [
        ("parse", "bad/go.mod", 2, "unknown directive: frobnicate")]
    # Go 1.19 rejects a three-part go version and does not know toolchain lines
    # (observed with go1.19.8, docs/GO-INTERNALS §2).
    old = [(f.file, f.line, f.message) for f in check(discover(root), go_version="1.19").findings
           if f.code == "parse" and f.file == "go.mod"]
    assert old == [("go.mod", 3, "invalid go version '1.22.0': must match format 1.23"),
                   ("go.mod", 5, "unknown directive: toolchain")]


def test_a_go_mod_without_go_line_counts_as_go_1_16(tmp_path: Path) -> None:
    root = write(tmp_path, {"a/go.mod": "module a\n", "b/go.mod": "module b\n\ngo 1.21\n",
                            "go.work": "go 1.18\n\nuse ./a\nuse ./b\n"})
    found = {(f.code, f.file, f.line, f.message) for f in check(discover(root)).findings}
    assert found == {("work-go", "go.work", 1, "module b listed in go.work file requires go >= 1.21, "
                                                "but go.work lists go 1.18")}


def test_vendor_consistency_is_checked(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "go.mod": "module m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n",
        "go.sum": "example.com/dep v1.0.0/go.mod h1:AAA=\n",
        "vendor/modules.txt": "# example.com/dep v1.0.0\nexample.com/dep\n"})
    (f,) = check(discover(root)).findings
    assert (f.code, f.severity, f.file, f.hint) == ("vendor", "error", "vendor/modules.txt",
                                                    "cd . && go mod vendor")
    assert f.message == ("inconsistent vendoring: example.com/dep@v1.0.0: is explicitly required in "
                         "go.mod, but not marked as explicit in vendor/modules.txt")


def test_a_clean_repository_has_no_findings(tmp_path: Path) -> None:
    root = write(tmp_path, {"go.mod": "module m\n\ngo 1.22.0\n\nrequire example.com/dep v1.0.0\n",
                            "go.sum": "example.com/dep v1.0.0 h1:A=\nexample.com/dep v1.0.0/go.mod h1:B=\n",
                            ".go-version": "1.22.10\n"})
    report = check(discover(root))
    assert report.findings == [] and report.modules == ["."]


# --- discovery ---------------------------------------------------------------------------

def test_discover_follows_go_work_outside_the_tree(tmp_path: Path) -> None:
    write(tmp_path / "shared", {"go.mod": "module shared\n"})
    root = write(tmp_path / "repo", {
        "go.work": "go 1.22\nuse (\n\t.\n\t../shared\n\t./gone\n)\n", "go.mod": "module r\n",
        "sub/.go-version": "1.22\n", "node_modules/x/go.mod": "module x\n", ".git/go.mod": "module g\n",
        "vendor/go.mod": "module v\n", "go.sum": "", "sub/notes.txt": ""})
    repo = discover(root)
    assert repo.root == root.resolve() and repo.work == root / "go.work"
    assert repo.modules == [root.resolve(), (tmp_path / "shared").resolve()]
    assert repo.pins == [root / "sub" / ".go-version"]
    r, shared = root.resolve(), (tmp_path / "shared").resolve()
    assert repo.all_files() == [r / "go.mod", r / "go.sum", shared / "go.mod", root / "go.work",
                                root / "sub" / ".go-version"]
    with pytest.raises(ConfigError, match="not a directory$"):
        discover(root / "go.mod")


def test_read_pin_reads_as_gover_current_does(tmp_path: Path) -> None:
    gv = tmp_path / ".go-version"
    gv.write_bytes(b"\xef\xbb\xbf\n# comment\r\ngo1.22.3\r\n")  # a BOM and CR line ends
    assert read_pin(gv) == ("go1.22.3", 3)
    tv = tmp_path / ".tool-versions"
    tv.write_text("nodejs 20\ngo 1.21.0 1.20.14 # fallback\n")
    assert read_pin(tv) == ("1.21.0", 2)
    tv.write_text("nodejs 20\n")
    with pytest.raises(LookupError):
        read_pin(tv)
    tv.write_text("nodejs 20\ngolang\n")
    with pytest.raises(ConfigError, match='no version after "golang"'):
        read_pin(tv)
    with pytest.raises(ConfigError, match="cannot read"):
        read_pin(tmp_path / "missing" / ".go-version")


def test_a_pin_with_a_bom_is_accepted_by_check_as_by_current(tmp_path: Path) -> None:
    root = write(tmp_path / "r", {"go.mod": "module m\n\ngo 1.22.0\n"})
    (root / ".go-version").write_bytes(b"\xef\xbb\xbf1.22.10\n")
    from gover.paths import Paths
    from gover.resolve import resolve

    res = resolve(str(root), os.environ, Paths(tmp_path / "gh"))  # what gover current answers
    assert res.install == "1.22.10" and res.origin is not None and res.origin.source == ".go-version"
    assert check(discover(root)).findings == []
    (root / ".go-version").write_bytes(b"\xef\xbb\xbf1.21.13\n")
    (f,) = check(discover(root)).findings
    assert (f.code, f.file, f.line, f.related) == ("pin", ".go-version", 1, ("go.mod",))
    (root / ".go-version").write_text("1.22.10\n1.23.9\n")
    (f,) = check(discover(root)).findings
    assert f.message == '.go-version:2: unexpected second version "1.23.9" (the file holds one version)'


def test_a_go_work_go_cannot_stat_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    root = write(tmp_path / "r", {"go.mod": "module m\n\ngo 1.22.0\n"})
    (root / "go.work").symlink_to("go.work")  # go stats it, fails, and ignores it
    repo = discover(root)
    assert repo.work is None and repo.unusable_work == root / "go.work"
    (f,) = [f for f in check(repo).findings if f.code == "workspace"]
    assert (f.severity, f.file) == ("warning", "go.work") and "go ignores it" in f.message
    (root / "go.work").unlink()
    (root / "go.work").symlink_to("gone")
    (f,) = [f for f in check(discover(root)).findings if f.code == "workspace"]
    assert f.message.startswith("go.work cannot be read: No such file or directory")


def test_a_gowork_go_refuses_is_one_error(tmp_path: Path) -> None:
    root = write(tmp_path / "r", {"go.mod": "module m\n\ngo 1.22.0\n"})
    (tmp_path / "fifo.work").parent.mkdir(exist_ok=True)
    os.mkfifo(tmp_path / "fifo.work")  # never opened: it would block
    for gowork, says in (("rel.work", "is not an absolute path"), (str(tmp_path / "nope.work"),
                         "cannot be read: No such file or directory"), (str(tmp_path), "is a directory"),
                         (str(tmp_path / "fifo.work"), "is not a regular file")):
        (f,) = check(discover(root), options=Options(env={"GOWORK": gowork})).findings
        assert (f.code, f.severity) == ("workspace", "error") and f.message.startswith(
            f"GOWORK={gowork} {says}"), f
    assert check(discover(root), options=Options(env={"GOWORK": "auto"})).findings == []
