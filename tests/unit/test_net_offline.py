"""Offline, a host name that does not resolve fails before urllib is loaded.

urllib.request, http.client, email and ssl are most of what an offline
``ci matrix`` or ``list-remote`` used to spend; the Client now asks the resolver
first, until its first connection, and fails exactly as the request would have.
The DNS answers come from glibc refusing a malformed name locally: no query
leaves the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gover import net, netfail
from gover.net import Client, Unreachable
from gover.record import replace
from tests.support.httpserver import HTTPServer, Route

BAD_HOST = "no-such-host!.invalid"  # glibc rejects "!" before sending any query
HEAVY = ("http.client", "urllib.request", "ssl", "email", "tarfile", "zipfile", "gover.transport",
         "gover.sumdb", "gover.toolchain.archive")


def _src() -> str:
    import gover

    return str(Path(gover.__file__).resolve().parents[1])  # this tree, not an installed gover


def _loaded_after(code: str, tmp_path: Path,
                  env: dict[str, str] | None = None) -> tuple[list[str], str, str]:
    """Run ``code`` in a fresh interpreter: the modules it loaded, its stdout before that
    list, and its stderr."""
    script = f"import sys\nbefore = set(sys.modules)\n{code}\nprint(sorted(set(sys.modules) - before))"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, **(env or {}), "PYTHONPATH": _src(), "PWD": str(tmp_path)})
    lines = p.stdout.strip().splitlines()
    assert lines, p.stderr
    return eval(lines[-1]), "\n".join(lines[:-1]), p.stderr


def _heavy(loaded: list[str]) -> list[str]:
    return [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_an_unresolvable_name_fails_as_the_request_would_without_loading_urllib(tmp_path: Path) -> None:
    code = ("from gover.net import Client, Unreachable\n"
            "c = Client({}, retries=3, backoff=0)\n"
            "for path in ('a', 'b'):\n"
            "    try:\n"
            f"        c.get_bytes('http://{BAD_HOST}/' + path)\n"
            "    except Unreachable as e:\n"
            "        print(e.message)\n")
    loaded, out, _ = _loaded_after(code, tmp_path)
    assert out.splitlines() == [
        f"http://{BAD_HOST}/a: cannot resolve host (Name or service not known)",
        f"http://{BAD_HOST}/b: cannot resolve host (Name or service not known) "
        "(earlier in this command; not tried again)"]
    assert _heavy(loaded) == []


def test_the_early_answer_is_the_one_urllib_gives() -> None:
    early = netfail.unresolvable(f"http://{BAD_HOST}:8080/x", {})
    assert early is not None
    c = Client({}, retries=0)
    c.down.resolved.add(BAD_HOST)  # as if it had: the request itself looks it up
    with pytest.raises(Unreachable) as late:
        c.get_bytes(f"http://{BAD_HOST}:8080/x")
    assert late.value.message == early.message


@pytest.mark.parametrize("env", [{"HTTP_PROXY": "http://127.0.0.1:9"}, {"all_proxy": "http://p:1"}])
def test_with_a_proxy_the_name_is_left_to_the_proxy(env: dict[str, str]) -> None:
    assert netfail.unresolvable(f"http://{BAD_HOST}/x", env) is None


def test_urls_reaching_no_host_are_left_to_the_request() -> None:
    assert netfail.unresolvable("file:///tmp/x", {}) is None
    assert netfail.unresolvable("http://h:99999/x", {}) is None  # urllib says what is wrong


def test_names_are_looked_up_once_and_not_after_the_first_connection(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = net.unresolvable

    def counting(url: str, env: object) -> Unreachable | None:
        asked.append(url)
        return real(url, env)  # type: ignore[arg-type]

    monkeypatch.setattr(net, "unresolvable", counting)
    with HTTPServer() as srv:
        srv.routes["/i"] = Route(b"index")
        c = Client({}, retries=0)
        assert c.get_bytes(srv.url + "/i") == b"index"  # one lookup, not one per layer
        assert c.get_bytes(srv.url + "/i") == b"index"
        with pytest.raises(Unreachable):  # urllib's own lookup says it now
            c.get_bytes(f"http://{BAD_HOST}/x")
        copy = replace(c, retries=1)  # as sources make them: the command's memo is shared
        with pytest.raises(Unreachable, match="not tried again"):
            copy.get_bytes(f"http://{BAD_HOST}/y")
        assert copy.get_bytes(srv.url + "/i") == b"index"
    assert asked == [srv.url + "/i"]


def test_offline_commands_load_neither_http_nor_archives(tmp_path: Path) -> None:
    from tests.support.layouts import fake_toolchain

    fake_toolchain(Path(os.environ["GOVER_HOME"]), "go1.22.10")
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    env = {"GOVER_SOURCES": "official,proxy", "GOVER_DL_URL": f"http://{BAD_HOST}/",
           "GOPROXY": f"http://{BAD_HOST}"}
    for argv, code in ((["ci", "matrix", "--refresh"], 0), (["list-remote", "--refresh", "1.22"], 1)):
        loaded, out, err = _loaded_after(f"from gover.cli.main import main\nprint(main({argv!r}))",
                                         tmp_path, env)
        assert out.splitlines()[-1] == str(code), out + err
        assert "cannot resolve host" in err and "not tried again" in err, err
        assert "Traceback" not in err
        assert _heavy(loaded) == [], f"gover {' '.join(argv)} offline imports {_heavy(loaded)}"


def test_with_pypi_too_pip_is_not_started_for_the_name_that_failed(tmp_path: Path) -> None:
    from gover.toolchain.sources.pipindex import sole_index
    from tests.support.layouts import fake_toolchain

    env = {"GOVER_DL_URL": f"http://{BAD_HOST}/", "GOPROXY": f"http://{BAD_HOST}",
           "GOVER_SOURCES": "official,proxy,pypi", "PIP_INDEX_URL": f"https://{BAD_HOST}/simple",
           "PIP_FIND_LINKS": "",
           "PIP_EXTRA_INDEX_URL": "", "PIP_NO_INDEX": "", "PIP_PROXY": "", "PIP_CONFIG_FILE": ""}
    if sole_index({**os.environ, **env}) is None:
        pytest.skip("this machine's pip configuration may send pip elsewhere too")
    fake_toolchain(Path(os.environ["GOVER_HOME"]), "go1.22.10")
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    loaded, out, err = _loaded_after("from gover.cli.main import main\n"
                                     "print(main(['ci', 'matrix', '--refresh']))", tmp_path, env)
    assert out.splitlines()[-1] == "0", out + err
    assert (f"pypi: https://{BAD_HOST}/simple: cannot resolve host (Name or service not known) "
            "(pip's index; found earlier in this command, so pip was not started)") in err, err
    assert _heavy(loaded) == [] and "subprocess" not in loaded, loaded
