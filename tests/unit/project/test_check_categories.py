"""The categories of ``gover check`` on small layouts: which modules build together, the
fix dep-drift and pseudo share, go.sum needs, workspace lines, import positions.  (Go's
own wording is asserted against real go in tests/integration/test_check_verdicts.py.)"""

from __future__ import annotations

from pathlib import Path

from gover.project.checks.tidy import _why, tidy_env
from gover.project.goimports import file_imports, module_imports
from gover.project.modcheck import check, index_gosum
from gover.project.repo import discover

PSEUDO = "v1.2.1-0.20240102030405-abcdefabcdef"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def found(root: Path, code: str) -> list[tuple[str, str, str]]:
    return [(f.severity, f.file, f.hint) for f in check(discover(root)).findings if f.code == code]


def test_a_replace_to_a_directory_ties_only_the_replacing_module(tmp_path: Path) -> None:
    files = {"app/go.mod": "module a\n\ngo 1.21\n\nrequire (\n\tlib v0.0.0\n\tdep v1.0.0\n)\n\n"
                           "replace lib => ../lib\n",
             "lib/go.mod": "module lib\n\ngo 1.21\n\nrequire dep v1.1.0\n"}
    root = write(tmp_path / "r1", files)
    # app builds with lib's requirements: its dep v1.0.0 is never what it builds with.
    assert found(root, "dep-drift") == [("error", "app/go.mod", "cd app && go get dep@v1.1.0")]
    root = write(tmp_path / "r2", {**files, "lib/go.mod": "module lib\n\ngo 1.21\n\nrequire dep v0.9.0\n"})
    # lib never sees app: differing is fine.
    assert [s for s, _, _ in found(root, "dep-drift")] == ["info"]


def test_dep_drift_and_pseudo_name_the_same_target(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "go.work": "go 1.21\n\nuse ./a\nuse ./b\n",
        "a/go.mod": f"module a\n\ngo 1.21\n\nrequire dep {PSEUDO}\n",
        "a/go.sum": f"dep {PSEUDO}/go.mod h1:A=\ndep v1.3.0/go.mod h1:B=\n",
        "b/go.mod": "module b\n\ngo 1.21\n\nrequire dep v1.2.0\n",
        "c/go.mod": f"module c\n\ngo 1.21\n\nrequire dep {PSEUDO}\n",
        "c/go.sum": f"dep {PSEUDO}/go.mod h1:A=\ndep v1.2.5/go.mod h1:B=\n"})
    report = check(discover(root))
    fixes = {(f.code, f.file): f.hint for f in report.findings if f.code in ("dep-drift", "pseudo")
             and f.severity != "info"}
    # a and b build together: b is behind a's pseudo-version, and a tag newer than it exists,
    # so both are sent to the tag; c is on its own, with its own newer tag.
    assert fixes == {("dep-drift", "b/go.mod"): "cd b && go get dep@v1.3.0",
                     ("pseudo", "a/go.mod"): "cd a && go get dep@v1.3.0",
                     ("pseudo", "c/go.mod"): "cd c && go get dep@v1.2.5"}


def test_go_sum_needs_follow_imports_vendoring_and_workspaces(tmp_path: Path) -> None:
    mod = "module m\n\ngo 1.21\n\nrequire (\n\tex.com/dep v1.0.0\n\tex.com/unused v1.0.0\n)\n"
    src = 'package m\n\nimport (\n\t"fmt"\n\td "ex.com/dep/sub"\n)\n'
    root = write(tmp_path / "m", {"go.mod": mod, "m.go": src, "x_test.go": 'package m\nimport "ex.com/t"\n'})
    (f,) = [x for x in check(discover(root)).findings if x.code == "gosum"]
    assert (f.file, f.line, f.related) == ("m.go", 5, ("go.sum", "go.mod"))
    assert f.quote.startswith("m.go:5:4: missing go.sum entry for module providing package ex.com/dep/sub "
                              "(imported by m); to add:\n\tgo get m")
    write(root, {"go.sum": "ex.com/dep v1.0.0 h1:A=\nex.com/dep v1.0.0/go.mod h1:B=\n"})
    assert found(root, "gosum") == []  # ex.com/unused provides nothing: no sums needed (pruned)
    write(root, {"go.mod": mod.replace("go 1.21", "go 1.16")})
    assert [h for _, _, h in found(root, "gosum")] == ["cd . && go mod download ex.com/unused"]
    write(root, {"vendor/modules.txt": "# ex.com/dep v1.0.0\n## explicit\nex.com/dep/sub\n"
                                       "# ex.com/unused v1.0.0\n## explicit\n", "go.sum": ""})
    assert found(root, "gosum") == []  # vendored: go.sum is not read
    ws = write(tmp_path / "ws", {"go.work": "go 1.21\n\nuse ./a\n", "a/go.mod": mod, "a/m.go": src})
    assert found(ws, "gosum") == []  # go writes missing sums to go.work.sum by itself
    assert found(ws / "a", "gosum") == []  # also when checked from inside: the go.work above applies
    from gover.project.modcheck import Options

    off = check(discover(ws / "a"), options=Options(env={"GOWORK": "off"})).findings
    assert [(f.code, f.file) for f in off] == [("gosum", "m.go")]  # module mode: go.sum is needed


def test_workspace_lines(tmp_path: Path) -> None:
    root = write(tmp_path / "ws", {"go.work": "go 1.21\n\nuse ./a\nuse ./gone\nuse ./a\nuse ./empty\n",
                                   "a/go.mod": "module a\n", "out/go.mod": "module out\n"})
    (root / "empty").mkdir()
    got = {(f.severity, f.file, f.line, f.message) for f in check(discover(root)).findings
           if f.code == "workspace"}
    assert got == {
        ("error", "go.work", 4, f"use ./gone: {root}/gone does not exist"),
        ("error", "go.work", 5, "use ./a: listed twice (first on line 3)"),
        ("error", "go.work", 6, f"use ./empty: {root}/empty holds no go.mod"),
        ("warning", "out/go.mod", 0, "module out is inside the workspace of go.work but not listed in it: "
                                     "go commands run there fail")}
    # Checked from inside the unlisted module, the go.work above applies: an error there.
    (f,) = [f for f in check(discover(root / "out")).findings if f.file == "go.mod"]
    assert (f.code, f.severity, f.related) == ("workspace", "error", (str(root / "go.work"),))
    assert f.message == f"module out is inside the workspace of {root}/go.work but not listed in it: " \
        "go commands run there fail"


def test_import_positions_and_skipped_files(tmp_path: Path) -> None:
    p = write(tmp_path, {"a.go": "\ufeff// c\n/* x\n*/ package a; import (\n\t. \"x.y/z\" ; _ `r.s/t`\n)\n"
                                 "import \"late.io/q\"\nfunc f() {}\nimport \"never.io/x\"\n",
                         "ign.go": "//go:build ignore\n\npackage a\nimport \"ign.io/x\"\n",
                         "sub/b.go": "package b\nimport \"b.io/x\"\n",
                         "testdata/c.go": "package c\nimport \"t.io\"\n",
                         "nested/go.mod": "module n\n", "nested/n.go": "package n\nimport \"n.io\"\n"})
    got = [(i.path, i.line, i.col) for i in file_imports(p / "a.go", "m")]
    assert got == [("x.y/z", 4, 4), ("r.s/t", 4, 16), ("late.io/q", 6, 8)]
    assert [(i.path, i.importer) for i in module_imports(p, "m")] == \
        [("x.y/z", "m"), ("r.s/t", "m"), ("late.io/q", "m"), ("b.io/x", "m/sub")]


def test_tidy_runs_the_selected_go_as_it_is() -> None:
    env = tidy_env({"GOFLAGS": "-mod=vendor -trimpath", "GOPROXY": "https://p"}, offline=True)
    assert (env["GOFLAGS"], env["GOWORK"], env["GOTOOLCHAIN"], env["GOPROXY"]) == \
        ("-trimpath -mod=mod", "off", "local", "off")
    assert tidy_env({}, offline=False).get("GOPROXY") is None
    stderr = ("go: example.com/m imports\n\texample.com/dep: module lookup disabled by GOPROXY=off\n"
              "go: example.com/x@v1.2.0: reading file:///p/example.com/x/@v/v1.2.0.mod: no such file\n")
    assert _why(stderr) == "go mod tidy could not fetch example.com/dep, example.com/x@v1.2.0"
    assert _why("go: something else\n") == "go mod tidy failed: go: something else"


def test_go_sum_index_matches_the_lax_reader() -> None:
    from gover.gomod.gosum import parse_gosum

    data = (b"a v1 h1:x\na v1/go.mod h1:y\n\nbad line\n  b  v2   h1:z  \r\n"
            b"c v1/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n")
    gs, index = index_gosum(data, "go.sum")
    ref = parse_gosum(data, "go.sum", lax=True)
    assert gs.malformed == ref.malformed == [(4, 2)]
    assert index == {(s.path, s.version): [s.hash] for s in ref.lines}


def test_the_verdict_table_counts_catches_misses_and_false_alarms() -> None:
    from tests.support.verdicts import Verdict, table

    rows = [Verdict("a", "check", "tidy", True, go="1.22.10"),
            Verdict("b", "check", "gosum", False, ("pin",)),
            Verdict("c", "check", None, True, go="1.9.2"), Verdict("e", "check", "tidy", True, go="1.22.1"),
            Verdict("d", "doctor", None, False, ("goroot-mismatch",), go="1.25.5")]
    assert table(rows).splitlines()[2:] == [
        "| check | go1.9 | 1 | 0 | 0 | 1/1 | 0 | 1.00 | 1.00 |",
        "| check | go1.22 | 2 | 2 | 0 | 0/0 | 0 | 1.00 | 1.00 |",
        "| check | no go run | 1 | 0 | 1 | 0/0 | 1 | 0.00 | 0.00 |",
        "| **check** | all | 4 | 2 | 1 | 1/1 | 1 | 0.67 | 0.67 |",
        "| doctor | go1.25 | 1 | 0 | 0 | 0/1 | 1 | 0.00 | 1.00 |"]


def test_the_readme_table_sits_between_its_markers() -> None:
    from tests.support.verdict_table import BEGIN, END, readme_table, scenario_files, with_table

    text = f"# doc\n\n{BEGIN}\n| old |\n{END}\nafter\n"
    assert readme_table(text) == "| old |\n"
    assert with_table(text, "| new |\n") == f"# doc\n\n{BEGIN}\n| new |\n{END}\nafter\n"
    assert readme_table("no markers") is None
    names = {p.name for p in scenario_files()}
    assert {"test_check_verdicts.py", "test_check_layouts.py", "test_module_files.py"} <= names
    assert "test_verdict_table.py" not in names


def test_the_table_is_compared_only_after_a_full_run_of_every_scenario_file() -> None:
    from types import SimpleNamespace as NS

    from tests.support.verdict_table import RunState, scenario_files

    files = scenario_files()
    items = [NS(path=f, nodeid=f"{f.name}::t{i}") for i, f in enumerate(files)]
    st = RunState()
    assert st.incomplete(items[:-1]).startswith("scenario files not in this run: ")
    assert st.incomplete(items).startswith(f"{len(items)} scenario tests did not pass or did not run")
    for i in items:
        st.on_report(NS(when="setup", outcome="passed", nodeid=i.nodeid))
        st.on_report(NS(when="call", outcome="passed", nodeid=i.nodeid))
    assert st.incomplete(items) == ""
    st.on_report(NS(when="setup", outcome="skipped", nodeid=items[0].nodeid))  # a toolchain missing
    assert st.incomplete(items) == f"1 scenario test did not pass or did not run (first: {items[0].nodeid})"
    st.on_report(NS(when="call", outcome="passed", nodeid=items[0].nodeid))
    st.on_deselected([NS(path=files[0], nodeid="x::deselected"), NS(path=files[0].parent / "other.py",
                                                                     nodeid="other")])
    assert st.incomplete(items) == "1 scenario test deselected (first: x::deselected)"
