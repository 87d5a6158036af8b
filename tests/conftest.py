"""Shared fixtures: an isolated environment for every test, real toolchains, gover runners.

Every test runs with HOME, GOVER_HOME, XDG dirs and the go env file pointing into
its tmp dir, with Go and proxy variables cleared, GOTOOLCHAIN=local and
GOPROXY=off, and download sources pointed at a closed loopback port: nothing
reaches the internet or the caller's real configuration.  A guard fails any test
that touches the real ~/.gover or ~/.config/go/env.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REAL_HOME = Path(os.path.expanduser("~"))
TEST_CACHE = Path(os.environ.get("GOVER_TEST_CACHE") or REAL_HOME / ".cache" / "gover-test")
REQUIRE_TOOLCHAINS = bool(os.environ.get("GOVER_TEST_REQUIRE_TOOLCHAINS") or os.environ.get("CI"))
ROOT = Path(__file__).resolve().parent.parent
DEBIAN_GO119 = Path("/usr/lib/go-1.19")

# With PYTHONDONTWRITEBYTECODE (set on this machine to keep checkouts clean) pytest
# rewrites and compiles every test module's asserts again on each run: 5-6 s of the
# unit suite's ~30.  Keeping bytecode under the test cache instead leaves the tree
# as clean and makes a re-run compile only what changed.  This process only: the
# gover processes tests start inherit the caller's environment unchanged.
if sys.dont_write_bytecode and not sys.pycache_prefix:
    sys.pycache_prefix = str(TEST_CACHE / "pycache")
    sys.dont_write_bytecode = False


def shared_corpus() -> Path:
    """``shared/corpus/gomod`` beside the checkout (or beside the main checkout, for a git
    worktree in a subdirectory); may not exist — tests using it skip then."""
    for base in (ROOT.parent, *ROOT.parents[1:3]):
        d = base / "shared" / "corpus" / "gomod"
        if d.is_dir():
            return d
    return ROOT.parent / "shared" / "corpus" / "gomod"


def corpus_texts() -> list[str]:
    """Every go.mod and go.work of the shared corpus, decoded as gover decodes them; the
    calling test skips when the corpus is absent."""
    corpus = shared_corpus()
    if not corpus.is_dir():
        pytest.skip("shared corpus absent")
    return [p.read_bytes().decode("utf-8", "surrogateescape") for p in sorted(corpus.iterdir())
            if p.name.endswith(("go.mod", "go.work"))]

_CLEARED_PREFIXES = ("GO", "CGO_", "GOVER_")
_CLEARED = {"CC", "CXX", "SSL_CERT_FILE", "PIP_INDEX_URL", "VIRTUAL_ENV"}


def _watched() -> list[Path]:
    return [REAL_HOME / ".gover", REAL_HOME / ".config" / "go" / "env"]


def _stamp(p: Path) -> float | None:
    try:
        return p.stat().st_mtime
    except OSError:
        return None


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    before = {p: _stamp(p) for p in _watched()}
    home = tmp_path / "home"
    home.mkdir()
    for key in list(os.environ):
        if key.startswith(_CLEARED_PREFIXES) or key in _CLEARED or "proxy" in key.lower():
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("GOVER_HOME", str(tmp_path / "gover"))
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    monkeypatch.setenv("GOPROXY", "off")
    monkeypatch.setenv("GOVER_SOURCES", "official")
    monkeypatch.setenv("GOVER_DL_URL", "http://127.0.0.1:9/dl/")  # closed port: fails fast
    monkeypatch.setenv("GOVER_CROSS_VERIFY", "off")  # else official installs ask sum.golang.org
    monkeypatch.setenv("GOVER_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("GOVER_HTTP_TIMEOUT", "10")
    yield tmp_path
    after = {p: _stamp(p) for p in _watched()}
    assert after == before, f"a test touched the real home: {before} -> {after}"


# --- running gover -------------------------------------------------------------------

@dataclass
class Run:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def gover() -> object:
    """Run gover in-process: ``gover("list", "--json")`` → Run(code, out, err)."""
    from gover.cli.main import main

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), env=dict(os.environ) if env is None else env, stdout=out, stderr=err)
        return Run(code, out.getvalue(), err.getvalue())

    return run


GOVER_CMD = [sys.executable, "-m", "gover"]


@pytest.fixture
def gover_proc() -> object:
    """Run gover as a real process: ``gover_proc("install", "1.22")`` → CompletedProcess."""

    def run(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess:
        return subprocess.run(GOVER_CMD + list(args), capture_output=True, text=True,
                              env=dict(os.environ) if env is None else env, **kw)  # type: ignore[call-overload]

    return run


# --- real toolchains --------------------------------------------------------------------

def _missing(what: str) -> None:
    msg = f"{what} is not provisioned; run scripts/test (it fetches the test toolchains)"
    if REQUIRE_TOOLCHAINS:
        pytest.fail(msg)
    pytest.skip(msg)


def toolchain_root(version: str) -> Path:
    """The GOROOT of a real Go release from the test cache (1.21.13, 1.22.10, 1.23.9, 1.25.5)."""
    root = TEST_CACHE / "toolchains" / f"go{version}"
    if not (root / "bin" / "go").exists():
        _missing(f"go{version}")
    return root


def toolchain_archive(version: str) -> Path:
    """An official-layout ``go<version>.linux-amd64.tar.gz`` built from the real release."""
    path = TEST_CACHE / "archives" / f"go{version}.linux-amd64.tar.gz"
    if not path.exists():
        _missing(path.name)
    return path


def debian_go119() -> Path:
    if not (DEBIAN_GO119 / "bin" / "go").exists():
        _missing("Debian's golang-1.19-go")
    return DEBIAN_GO119


@pytest.fixture(scope="session")
def shared_go_caches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """GOCACHE and GOMODCACHE shared by a session, so real builds compile the runtime once."""
    base = tmp_path_factory.mktemp("gocaches")
    return {"GOCACHE": str(base / "build"), "GOMODCACHE": str(base / "mod"),
            "GOFLAGS": "-modcacherw"}


@pytest.fixture
def go_env(shared_go_caches: dict[str, str]) -> dict[str, str]:
    """The isolated environment plus shared Go caches: for running real ``go`` commands."""
    return {**os.environ, **shared_go_caches}


# --- the README's verdict table (tests/support/verdict_table.py) ----------------------

@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The table test runs last, after every scenario test that feeds it."""
    from tests.support.verdict_table import TABLE_TEST

    items.sort(key=lambda i: i.path.name == TABLE_TEST)  # stable: the rest keep their order


def pytest_deselected(items: list[pytest.Item]) -> None:
    from tests.support.verdict_table import RUN

    RUN.on_deselected(items)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    from tests.support.verdict_table import RUN

    RUN.on_report(report)
