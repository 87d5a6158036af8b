"""The small ports of Go's rules doctor's checks use (exec.LookPath, os.MkdirAll, errno
text); the real go confirms the messages in tests/integration/doctor/test_go_verdicts.py."""

from __future__ import annotations

import io
from pathlib import Path

from gover.cli.context import Ctx
from gover.cli.doctor import _render
from gover.doctor.checks.caches import go_errno, go_mkdir_all
from gover.doctor.checks.cgo import look_path
from gover.doctor.checks.envfile import _owned_elsewhere
from gover.doctor.model import Finding


def test_errno_text_is_go_spelling() -> None:
    assert go_errno(2) == "no such file or directory"
    assert go_errno(13) == "permission denied"
    assert go_errno(20) == "not a directory"


def test_look_path_stats_a_path_and_searches_a_name(tmp_path: Path) -> None:
    assert look_path("/nonexistent/gcc", "/usr/bin", str(tmp_path)) == (
        "", 'exec: "/nonexistent/gcc": stat /nonexistent/gcc: no such file or directory')
    assert look_path("nogcc", str(tmp_path), str(tmp_path)) == (
        "", 'exec: "nogcc": executable file not found in $PATH')
    plain = tmp_path / "cc"
    plain.write_text("")
    assert look_path(str(plain), "", str(tmp_path))[1] == f'exec: "{plain}": permission denied'
    assert look_path(str(tmp_path), "", str(tmp_path))[1] == f'exec: "{tmp_path}": is a directory'
    plain.chmod(0o755)
    assert look_path("cc", f"/nonexistent:{tmp_path}", "/") == (str(plain), "")
    assert look_path("./cc", "", str(tmp_path)) == ("./cc", "")


def test_mkdir_all_reports_the_first_failing_mkdir_and_lists_what_it_made(tmp_path: Path) -> None:
    made: list[str] = []
    assert go_mkdir_all(f"{tmp_path}/a/b/", made) == ""
    assert made == [f"{tmp_path}/a", f"{tmp_path}/a/b/"]
    (tmp_path / "f").write_text("")
    made = []
    assert go_mkdir_all(f"{tmp_path}/f/x/y", made) == f"mkdir {tmp_path}/f: not a directory"
    assert made == []
    assert go_mkdir_all(f"{tmp_path}/f", made) == f"mkdir {tmp_path}/f: not a directory"


def test_settings_another_check_owns() -> None:
    assert _owned_elsewhere("GOSUMDB", "off") and _owned_elsewhere("GOPROXY", "off")
    assert _owned_elsewhere("GOPROXY", "off,direct")
    assert not _owned_elsewhere("GOPROXY", "https://proxy.golang.org,direct")
    assert not _owned_elsewhere("GOSUMDB", "sum.golang.org")
    # what the gotoolchain and goflags checks report, with this file in their evidence
    assert _owned_elsewhere("GOTOOLCHAIN", "go1.22.10") and _owned_elsewhere("GOTOOLCHAIN", "bash")
    assert not _owned_elsewhere("GOTOOLCHAIN", "go1.22.10+auto")
    assert not _owned_elsewhere("GOTOOLCHAIN", "local") and not _owned_elsewhere("GOTOOLCHAIN", "auto")
    assert _owned_elsewhere("GOFLAGS", "off") and _owned_elsewhere("GOFLAGS", "-mod=bogus")
    assert _owned_elsewhere("GOFLAGS", "-race=maybe")
    assert not _owned_elsewhere("GOFLAGS", "-mod=mod -trimpath")
    # a flag newer than the running go: the goflags check reports it for that release
    assert _owned_elsewhere("GOFLAGS", "-toolchain=x", "1.20")
    assert not _owned_elsewhere("GOFLAGS", "-toolchain=x")


def _text(findings: list[Finding], verbose: bool) -> str:
    out = io.StringIO()
    ctx = Ctx(env={"NO_COLOR": "1"}, stdout=out, stderr=io.StringIO())
    _render(ctx, findings, [], verbose=verbose)
    return out.getvalue()


def test_quiet_findings_are_one_line_and_only_with_verbose() -> None:
    quiet = Finding("gover-third-party", "info", "from a third-party repackaging: go1.23.9", ["e"],
                    "why", "fix", quiet=True)
    loud = Finding("gosumdb-off", "warning", "checksum verification is off", ["e"], "why", "fix")
    assert _text([quiet], False) == "No problems found (1 info: --verbose lists it)\n"
    one = "1. [info] from a third-party repackaging: go1.23.9  (gover-third-party)"
    assert _text([quiet], True) == f"No problems found\n{one}\n"
    text = _text([loud, quiet], False)
    assert "third-party" not in text and "evidence: e" in text
    assert [ln for ln in _text([loud, quiet], True).splitlines() if "third-party" in ln] == [
        "2. [info] from a third-party repackaging: go1.23.9  (gover-third-party)"]
